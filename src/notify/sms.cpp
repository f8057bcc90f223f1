#include "notify/sms.h"

#include <curl/curl.h>

#include <cstdio>
#include <mutex>

#include "app/zoned_time.h"
#include "notify/email_messenger.h"
#include "notify/french_text.h"
#include "notify/workshop_messages.h"

namespace relais::notify {
namespace {

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::size_t Discard(char*, std::size_t size, std::size_t count, void*) {
  return size * count;
}

std::size_t CodePoints(const std::string& text) {
  std::size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

}  // namespace

std::string MaskedNumber(const std::string& national) {
  if (national.size() < 4) return "••";
  std::string masked = national.substr(0, 2);
  for (std::size_t i = 2; i + 2 < national.size(); ++i) masked += "•";
  return masked + national.substr(national.size() - 2);
}

std::string InternationalNumber(const std::string& national) {
  if (national.size() == 10 && national[0] == '0') return "+33" + national.substr(1);
  return national;
}

std::string SmsJson(const std::string& to, const std::string& text) {
  const auto quote = [](const std::string& value) {
    std::string out = "\"";
    for (char c : value) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (c == '\n') {
        out += "\\n";
      } else if (u < 0x20) {
        char escape[8];
        std::snprintf(escape, sizeof escape, "\\u%04x", u);
        out += escape;
      } else {
        out += c;
      }
    }
    return out + "\"";
  };
  return "{\"to\":" + quote(to) + ",\"text\":" + quote(text) + "}";
}

Status HttpSmsProvider::Send(const Sms& sms) {
  InitCurlOnce();
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    return Fail(ErrorKind::kUnavailable, "sms_failed",
                "Envoi du SMS impossible : libcurl indisponible.");
  }
  const std::string body = SmsJson(InternationalNumber(sms.to), sms.text);
  const std::string authorization = "Authorization: Bearer " + token_;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  if (!token_.empty()) headers = curl_slist_append(headers, authorization.c_str());
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Discard);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout_seconds_);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  const CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) {
    return Fail(ErrorKind::kUnavailable, "sms_failed",
                std::string("Envoi du SMS impossible : ") + curl_easy_strerror(code));
  }
  if (status >= 200 && status < 300) return {};
  const std::string why = "Le fournisseur de SMS a répondu " + std::to_string(status) + ".";
  if (status == 408 || status == 429 || status >= 500) {
    return Fail(ErrorKind::kUnavailable, "sms_failed", why);
  }
  return Fail(ErrorKind::kInvalid, "sms_refused", why);
}

Status LogSmsProvider::Send(const Sms& sms) {
  if (log_) {
    log_("SMS (démonstration, non envoyé) : " + sms.kind + ", " +
         std::to_string(CodePoints(sms.text)) + " caractères, vers " + MaskedNumber(sms.to));
  }
  return {};
}

Result<std::string> RenderSms(const app::Notice& notice, const std::string& public_url) {
  auto zone = app::TimeZone::Find(notice.site.timezone);
  if (!zone) return tl::unexpected(zone.error());
  const date::local_seconds start = zone->ToLocal(notice.appointment.start);
  const std::string when =
      FrenchShortDate(date::floor<date::days>(start)) + " à " + FrenchTime(start);
  std::string text = notice.site.name + " : ";
  switch (notice.message.kind) {
    case app::NoticeKind::kConfirmation:
      text += "RDV confirmé le " + when + ".";
      break;
    case app::NoticeKind::kReminder:
      text += "rappel de votre RDV le " + when + ".";
      break;
    case app::NoticeKind::kChange:
      text += "votre RDV est déplacé au " + when + ".";
      break;
    case app::NoticeKind::kCancellation:
      text += "votre RDV du " + when + " est annulé.";
      break;
    case app::NoticeKind::kSurvey:
      text += "merci de votre venue. Votre avis (2 min, anonyme) : " +
              SurveyUrl(public_url, notice.survey_token);
      return text;
    case app::NoticeKind::kPromotion:  // a workshop registration's (notify/workshop_messages.h)
      break;
  }
  if (notice.message.kind != app::NoticeKind::kCancellation) {
    const std::string manage = ManageUrl(public_url, notice.appointment.id, notice.manage_token);
    if (!manage.empty()) text += " Gérer : " + manage;
  }
  return text;
}

Status SmsMessenger::Send(const app::Notice& notice) {
  if (notice.registration) {
    const std::string& phone = notice.registration->registration.person.phone;
    if (phone.empty()) {
      return Fail(ErrorKind::kInvalid, "no_phone",
                  "Aucun numéro de téléphone pour cette inscription.");
    }
    auto text = RenderRegistrationSms(notice, public_url_);
    if (!text) return tl::unexpected(text.error());
    return provider_.Send(
        {phone, std::move(*text), std::string(app::KindName(notice.message.kind))});
  }
  if (notice.appointment.person.phone.empty()) {
    return Fail(ErrorKind::kInvalid, "no_phone", "Aucun numéro de téléphone pour ce rendez-vous.");
  }
  auto text = RenderSms(notice, public_url_);
  if (!text) return tl::unexpected(text.error());
  return provider_.Send({notice.appointment.person.phone, std::move(*text),
                         std::string(app::KindName(notice.message.kind))});
}

}  // namespace relais::notify
