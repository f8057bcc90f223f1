#include "web/survey_invitation.h"

#include "notify/email_messenger.h"  // SurveyUrl
#include "web/french.h"
#include "web/qr_code.h"

namespace relais::web {

std::string SurveyUrl(const Services& services, const std::string& token) {
  return notify::SurveyUrl(services.public_url, token);
}

PageData SurveyInvitationData(const Services& services, const app::SurveyToken& token) {
  PageData data;
  const std::string url = SurveyUrl(services, token.token);
  data.set("url", url);
  auto svg = QrSvg(url, "Code QR du questionnaire de satisfaction");
  data.set("qr_svg", svg ? *svg : std::string());
  data.set("last_day", FrenchDate(date::year_month_day{date::sys_days{token.issued_on} +
                                                       date::days{app::kSurveyValidityDays}}));
  data.set("kind", std::string(SurveyKindLabel(token.kind)));
  return data;
}

}  // namespace relais::web
