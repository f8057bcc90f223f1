// The public privacy page (/confidentialite): what the desk keeps, why, for
// how long (the configured retention), who sees it, the person's rights and
// whom to ask. No account needed.
#include <string>

#include "app/retention.h"
#include "web/page_common.h"

namespace relais::web {
namespace {

std::string Months(int months) {
  if (months % 12 == 0) {
    const int years = months / 12;
    return std::to_string(years) + (years == 1 ? " an" : " ans");
  }
  return std::to_string(months) + " mois";
}

Response PrivacyPage(Services& services) {
  const app::RetentionPolicy defaults;
  const app::RetentionPolicy& retention =
      services.retention != nullptr ? *services.retention : defaults;
  const auto site = services.sites.Current();
  PageData data;
  data.set("site_name", site->name);
  data.set("site_address", site->address);
  data.set("person_duration", Months(retention.person_months));
  data.set("appointment_duration", Months(retention.appointment_months));
  data.set("registration_duration", Months(retention.registration_months));
  data.set("outbox_duration", Months(retention.outbox_months));
  return RenderPage("privacy", "Confidentialité et données personnelles", std::move(data));
}

}  // namespace

void AddPrivacyPageRoutes(Router& router, Services& services) {
  Services* s = &services;
  router.Add(Access::Public(),
             {"GET", "/confidentialite", [s](const Request&) { return PrivacyPage(*s); }, false});
}

}  // namespace relais::web
