// An e-mail message and its RFC 5322 / MIME text (UTF-8, quoted-printable
// body, optional attachments such as an .ics). Pure: no I/O.
#pragma once

#include <string>
#include <vector>

namespace relais::notify {

struct Attachment {
  std::string filename;      // "rendez-vous.ics"
  std::string content_type;  // "text/calendar; method=REQUEST"
  std::string content;       // raw bytes
};

struct Email {
  std::string from;      // "PIMMS <accueil@exemple.fr>"
  std::string to;        // "usager@exemple.fr"
  std::string subject;   // UTF-8
  std::string text;      // UTF-8 plain-text body
  std::vector<Attachment> attachments;
};

// The whole message ready for SMTP DATA, lines ending in CRLF.
// `date` is an RFC 5322 date, `message_id` without angle brackets.
std::string FormatEmail(const Email& email, const std::string& date, const std::string& message_id);

// "=?UTF-8?B?...?=" when `text` is not plain ASCII, else `text`.
std::string EncodeHeaderWord(const std::string& text);

// Quoted-printable body text with CRLF line ends and soft breaks at 76.
std::string QuotedPrintable(const std::string& text);

}  // namespace relais::notify
