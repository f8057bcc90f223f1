#include "web/public_limits.h"

#include <chrono>

namespace relais::web {

PublicLimits::PublicLimits(std::size_t per_hour, const app::Clock& clock)
    : per_hour_(per_hour),
      clock_(clock),
      bookings_(per_hour, std::chrono::hours{1}),
      registrations_(per_hour, std::chrono::hours{1}),
      answers_(per_hour, std::chrono::hours{1}) {}

Status PublicLimits::Admit(PublicWrite kind, const std::string& address) {
  if (per_hour_ == 0 || IsLoopback(address)) return {};
  const auto now = clock_.Now();
  std::lock_guard lock(mutex_);
  RateLimiter& limiter = kind == PublicWrite::kBooking        ? bookings_
                         : kind == PublicWrite::kRegistration ? registrations_
                                                              : answers_;
  if (limiter.Exceeded(address, now)) {
    return Fail(ErrorKind::kRateLimited, "too_many_requests",
                "Trop de demandes envoyées depuis cette adresse : réessayez dans une heure, "
                "ou adressez-vous à l'accueil.");
  }
  limiter.Record(address, now);
  return {};
}

Status AdmitPublic(PublicLimits* limits, PublicWrite kind, const Request& request) {
  if (limits == nullptr) return {};
  return limits->Admit(kind, request.remote_address);
}

Status CheckHoneypot(const Fields& fields) {
  auto it = fields.find(kHoneypotField);
  if (it == fields.end() || it->second.empty()) return {};
  return Fail(ErrorKind::kInvalid, "honeypot_filled",
              "Le champ « Ne pas remplir » doit rester vide : videz-le, puis envoyez à nouveau.",
              kHoneypotField);
}

}  // namespace relais::web
