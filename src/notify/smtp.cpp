#include "notify/smtp.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace relais::notify {
namespace {

struct Payload {
  const std::string* text;
  std::size_t offset = 0;
};

std::size_t ReadPayload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* payload = static_cast<Payload*>(user);
  const std::size_t room = size * count;
  const std::size_t left = payload->text->size() - payload->offset;
  const std::size_t n = std::min(room, left);
  std::memcpy(buffer, payload->text->data() + payload->offset, n);
  payload->offset += n;
  return n;
}

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

std::string MailboxAddress(const std::string& mailbox) {
  const auto open = mailbox.rfind('<');
  const auto close = mailbox.rfind('>');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    return mailbox.substr(open + 1, close - open - 1);
  }
  return mailbox;
}

Status SmtpSender::Send(const Email& email, const std::string& date, const std::string& message_id) const {
  InitCurlOnce();
  const std::string message = FormatEmail(email, date, message_id);
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return Fail(ErrorKind::kUnavailable, "smtp_failed", "Envoi impossible : libcurl indisponible.");
  const std::string from = "<" + MailboxAddress(email.from) + ">";
  const std::string to = "<" + MailboxAddress(email.to) + ">";
  curl_slist* recipients = curl_slist_append(nullptr, to.c_str());
  Payload payload{&message};
  curl_easy_setopt(curl, CURLOPT_URL, settings_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadPayload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &payload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, settings_.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_USE_SSL, settings_.require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY);
  if (!settings_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  const CURLcode code = curl_easy_perform(curl);
  long response = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
  curl_slist_free_all(recipients);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) {
    return Fail(ErrorKind::kUnavailable, "smtp_failed",
                std::string("Envoi du courriel impossible : ") + curl_easy_strerror(code) +
                    (response != 0 ? " (code SMTP " + std::to_string(response) + ")" : ""));
  }
  return {};
}

}  // namespace relais::notify
