// Sends e-mail over SMTP with libcurl (STARTTLS when the server offers it,
// or required). Thread-safe: each Send uses its own connection.
#pragma once

#include <string>

#include "domain/error.h"
#include "notify/email.h"

namespace relais::notify {

struct SmtpSettings {
  std::string url = "smtp://127.0.0.1:25";  // smtp:// or smtps://
  std::string username;                      // empty: no authentication
  std::string password;
  bool require_tls = false;                  // refuse to send in clear
  long timeout_seconds = 30;
};

class SmtpSender {
 public:
  explicit SmtpSender(SmtpSettings settings) : settings_(std::move(settings)) {}

  // Sends `email`; kUnavailable with the server's reason on failure (the
  // caller retries later). `date` and `message_id` go into the headers.
  Status Send(const Email& email, const std::string& date, const std::string& message_id) const;

 private:
  SmtpSettings settings_;
};

// The address inside "Name <address>", or the text itself.
std::string MailboxAddress(const std::string& mailbox);

}  // namespace relais::notify
