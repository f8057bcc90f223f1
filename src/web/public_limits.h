// Against spam on the public's writes (bookings, workshop registrations,
// survey answers): a honeypot field on their forms, and a limit per client
// address: at most `per_hour` of each kind in any hour.
// Loopback addresses are never limited: behind a reverse proxy not declared
// with trust_proxy, the whole town would share one. Thread-safe.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>

#include "app/ports.h"
#include "domain/error.h"
#include "domain/rate_limiter.h"
#include "web/http.h"

namespace relais::web {

enum class PublicWrite { kBooking, kRegistration, kSurveyAnswer };

class PublicLimits {
 public:
  // `per_hour` 0: no limit.
  PublicLimits(std::size_t per_hour, const app::Clock& clock);

  // Counts one write of `kind` from `address`; kRateLimited (French
  // message) when the address already made `per_hour` of them this hour.
  Status Admit(PublicWrite kind, const std::string& address);

 private:
  std::size_t per_hour_;
  const app::Clock& clock_;
  std::mutex mutex_;
  RateLimiter bookings_;       // GUARDED_BY(mutex_)
  RateLimiter registrations_;  // GUARDED_BY(mutex_)
  RateLimiter answers_;        // GUARDED_BY(mutex_)
};

// Counts one public write of `request`'s address; admitted when `limits`
// is null (no limit configured).
Status AdmitPublic(PublicLimits* limits, PublicWrite kind, const Request& request);

// The public forms' honeypot: a field hidden from people (web/static CSS
// class "pot") that only robots fill in.
inline constexpr const char* kHoneypotField = "site_web";

// kInvalid (French message) when the honeypot of `fields` is filled in.
Status CheckHoneypot(const Fields& fields);

}  // namespace relais::web
