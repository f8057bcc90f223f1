// The e-mail channel of notifications: the French message of each notice
// (confirmation, reminder, change, cancellation) with its .ics, sent over
// SMTP. Thread-safe.
#pragma once

#include <string>

#include "app/notifications.h"
#include "notify/email.h"
#include "notify/smtp.h"

namespace relais::notify {

struct EmailSettings {
  std::string from;        // "PIMMS d'Antony <accueil@exemple.fr>"; the site's name when bare
  std::string public_url;  // "https://rdv.exemple.fr", for the manage link
};

// "<public_url>/rendez-vous/gerer/<id>?jeton=<token>" (the booking pages'), or empty without a
// token.
std::string ManageUrl(const std::string& public_url, const std::string& id,
                      const std::string& token);

// "<public_url>/questionnaire/<token>" (the satisfaction survey's form), or
// empty without a token.
std::string SurveyUrl(const std::string& public_url, const std::string& token);

// The e-mail of a notice, its .ics attached (METHOD:CANCEL for a
// cancellation, METHOD:REQUEST otherwise). Pure but for the tz database.
Result<Email> RenderEmail(const app::Notice& notice, const EmailSettings& settings);

// "Tue, 31 Mar 2026 08:00:00 +0000".
std::string MailDate(UtcTime time);

// "PIMMS <a@b.fr>" from a bare "a@b.fr" and the site's name; `from` as it
// is when it already names its sender.
std::string FromMailbox(const std::string& from, const std::string& site_name);

class EmailMessenger final : public app::Messenger {
 public:
  EmailMessenger(SmtpSender sender, EmailSettings settings)
      : sender_(std::move(sender)), settings_(std::move(settings)) {}
  // Message-ID <message id@relais>, stable across attempts.
  Status Send(const app::Notice& notice) override;

 private:
  SmtpSender sender_;
  EmailSettings settings_;
};

}  // namespace relais::notify
