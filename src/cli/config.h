// Configuration: defaults, then a TOML file, then environment variables
// (RELAIS_*), then command-line flags. A bad value fails at start-up with
// a clear French message.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/retention.h"
#include "domain/error.h"
#include "domain/site.h"

namespace relais::cli {

// Notifications: e-mail over SMTP, SMS through a provider, reminders.
struct SmtpConfig {
  std::string url;  // smtp:// or smtps://; empty: no e-mail is sent
  std::string username;
  std::string password;
  std::string from = "relais <ne-pas-repondre@localhost>";
  bool require_tls = false;
};

struct SmsConfig {
  std::string provider = "none";  // "none", "log" (the demo's) or "http"
  std::string url;                // for "http"
  std::string token;              // its bearer token
};

struct Config {
  std::string db = "relais.sqlite";
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::size_t io_threads = 2;
  std::size_t workers = 16;
  std::size_t max_body_kib = 1024;
  bool trust_proxy = false;
  // The public's bookings, registrations and survey answers allowed per
  // hour and address, for each kind (0: no limit).
  std::size_t public_limit = 30;
  SmtpConfig smtp;
  SmsConfig sms;
  std::vector<int> reminder_hours{24};  // [notifications] reminder_hours
  std::string public_url;               // for links in messages; empty: http://HOST:PORT
  app::RetentionPolicy retention;       // [retention], in months
  // The served site; created with these values when the database lacks it.
  Site site{"principal", "Lieu de médiation", "", "Europe/Paris",
            "Mo-Fr 09:00-12:00,14:00-17:00; PH off"};
};

using Environment = std::function<std::optional<std::string>(const std::string&)>;

// The process's environment.
Environment ProcessEnvironment();

// Reads `file` (when not empty) over the defaults, then `env` over that.
Result<Config> LoadConfig(const std::string& file, const Environment& env);

// The address of links in messages: public_url, or http://HOST:PORT.
std::string PublicUrl(const Config& config);

// Sets host and port from "HOST:PORT" or "[IPv6]:PORT".
Status SetListen(Config& config, const std::string& listen);

}  // namespace relais::cli
