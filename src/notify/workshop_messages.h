// The messages of a workshop registration (atelier numérique): its
// confirmation (a seat, or a place on the waiting list), the reminder, the
// promotion when a seat frees up ("une place s'est libérée") and the
// cancellation, as an e-mail and as an SMS, in plain French with the manage
// link. Pure but for the tz database.
#pragma once

#include <string>

#include "app/notifications.h"
#include "domain/error.h"
#include "notify/email.h"
#include "notify/email_messenger.h"

namespace relais::notify {

// "<public_url>/ateliers/inscription/<id>?jeton=<token>" (the workshop
// pages'), or empty without a token.
std::string RegistrationManageUrl(const std::string& public_url, const std::string& id,
                                  const std::string& token);

// REQUIRES: notice.registration is set.
Result<Email> RenderRegistrationEmail(const app::Notice& notice, const EmailSettings& settings);
Result<std::string> RenderRegistrationSms(const app::Notice& notice, const std::string& public_url);

}  // namespace relais::notify
