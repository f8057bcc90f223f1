// The SMS channel of notifications: a short French text per notice, sent
// through an SmsProvider: an HTTP provider (JSON POST with a bearer token)
// or, for the demo, one that only logs. Thread-safe.
#pragma once

#include <functional>
#include <string>

#include "app/notifications.h"
#include "domain/error.h"

namespace relais::notify {

struct Sms {
  std::string to;    // national form, "0612345678"
  std::string text;  // UTF-8
  std::string kind;  // "confirmation", "reminder"... (for logs)
};

class SmsProvider {
 public:
  virtual ~SmsProvider() = default;
  // kUnavailable: try again later; kInvalid: refused for good.
  virtual Status Send(const Sms& sms) = 0;
};

// POSTs {"to":"+33612345678","text":"…"} to `url` with "Authorization:
// Bearer <token>"; any 2xx is success, 408, 429 and 5xx are worth a retry,
// other statuses are refusals.
class HttpSmsProvider final : public SmsProvider {
 public:
  HttpSmsProvider(std::string url, std::string token, long timeout_seconds = 15)
      : url_(std::move(url)), token_(std::move(token)), timeout_seconds_(timeout_seconds) {}
  Status Send(const Sms& sms) override;

 private:
  std::string url_;
  std::string token_;
  long timeout_seconds_;
};

// Sends nothing: logs the kind, the length and a masked number only.
class LogSmsProvider final : public SmsProvider {
 public:
  explicit LogSmsProvider(std::function<void(const std::string&)> log) : log_(std::move(log)) {}
  Status Send(const Sms& sms) override;

 private:
  std::function<void(const std::string&)> log_;
};

// "06••••••78": the first two and last two digits.
std::string MaskedNumber(const std::string& national);
// "+33612345678" from "0612345678".
std::string InternationalNumber(const std::string& national);
// {"to":…,"text":…} with JSON string escapes.
std::string SmsJson(const std::string& to, const std::string& text);

// The SMS text of a notice, with the manage link when known.
Result<std::string> RenderSms(const app::Notice& notice, const std::string& public_url);

class SmsMessenger final : public app::Messenger {
 public:
  SmsMessenger(SmsProvider& provider, std::string public_url)
      : provider_(provider), public_url_(std::move(public_url)) {}
  Status Send(const app::Notice& notice) override;

 private:
  SmsProvider& provider_;
  std::string public_url_;
};

}  // namespace relais::notify
