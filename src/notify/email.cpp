#include "notify/email.h"

#include <array>
#include <cstdio>
#include <string_view>

namespace relais::notify {
namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(const std::string& bytes) {
  std::string out;
  std::size_t i = 0;
  while (i + 2 < bytes.size()) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += {kBase64[(n >> 18) & 63], kBase64[(n >> 12) & 63], kBase64[(n >> 6) & 63], kBase64[n & 63]};
    i += 3;
  }
  if (i + 1 == bytes.size()) {
    const unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    out += {kBase64[(n >> 18) & 63], kBase64[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == bytes.size()) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += {kBase64[(n >> 18) & 63], kBase64[(n >> 12) & 63], kBase64[(n >> 6) & 63], '='};
  }
  return out;
}

std::string Base64Lines(const std::string& bytes) {
  const std::string encoded = Base64(bytes);
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
  return out;
}

bool IsPlainAscii(const std::string& text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// Header values never carry a line break (header injection).
std::string OneLine(const std::string& text) {
  std::string out;
  for (char c : text) out.push_back(c == '\r' || c == '\n' ? ' ' : c);
  return out;
}

}  // namespace

std::string EncodeHeaderWord(const std::string& text) {
  const std::string line = OneLine(text);
  if (IsPlainAscii(line)) return line;
  return "=?UTF-8?B?" + Base64(line) + "?=";
}

std::string QuotedPrintable(const std::string& text) {
  std::string out;
  std::size_t column = 0;
  const auto put = [&](const std::string& piece) {
    if (column + piece.size() > 75) {
      out += "=\r\n";
      column = 0;
    }
    out += piece;
    column += piece.size();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      // A space or tab before a line end must be encoded.
      if (!out.empty() && (out.back() == ' ' || out.back() == '\t')) {
        const char last = out.back();
        out.pop_back();
        out += last == ' ' ? "=20" : "=09";
      }
      out += "\r\n";
      column = 0;
    } else if (c == '\r') {
      continue;
    } else if ((c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t') {
      put(std::string(1, static_cast<char>(c)));
    } else {
      std::array<char, 4> hex{};
      std::snprintf(hex.data(), hex.size(), "=%02X", c);
      put(hex.data());
    }
  }
  return out;
}

std::string FormatEmail(const Email& email, const std::string& date, const std::string& message_id) {
  std::string message;
  message += "From: " + OneLine(email.from) + "\r\n";
  message += "To: " + OneLine(email.to) + "\r\n";
  message += "Subject: " + EncodeHeaderWord(email.subject) + "\r\n";
  message += "Date: " + OneLine(date) + "\r\n";
  message += "Message-ID: <" + OneLine(message_id) + ">\r\n";
  message += "MIME-Version: 1.0\r\n";
  const std::string body_part =
      "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
      QuotedPrintable(email.text) + "\r\n";
  if (email.attachments.empty()) return message + body_part;
  // Only the characters RFC 2046 allows in a boundary ('@' is not one).
  std::string boundary = "relais-" + message_id;
  for (char& c : boundary) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("'()+_,-./:=?").find(c) != std::string_view::npos;
    if (!ok) c = '.';
  }
  message += "Content-Type: multipart/mixed; boundary=\"" + OneLine(boundary) + "\"\r\n\r\n";
  message += "--" + boundary + "\r\n" + body_part;
  for (const Attachment& attachment : email.attachments) {
    message += "--" + boundary + "\r\n";
    message += "Content-Type: " + OneLine(attachment.content_type) + "; charset=utf-8\r\n";
    message += "Content-Transfer-Encoding: base64\r\n";
    message += "Content-Disposition: attachment; filename=\"" + OneLine(attachment.filename) + "\"\r\n\r\n";
    message += Base64Lines(attachment.content);
  }
  message += "--" + boundary + "--\r\n";
  return message;
}

}  // namespace relais::notify
