// A survey invitation as the staff pages show it (the counter, the printed
// queue ticket, a workshop's attendance sheet): the one-time link, its QR
// code and its last valid day.
#pragma once

#include <string>

#include "app/surveys.h"
#include "web/server.h"
#include "web/templates.h"

namespace relais::web {

// "{public_url}/questionnaire/{token}".
std::string SurveyUrl(const Services& services, const std::string& token);

// {"url", "qr_svg" (inline SVG, to render unescaped), "last_day"
// ("jeudi 2 avril 2026"), "kind" (French label)}.
PageData SurveyInvitationData(const Services& services, const app::SurveyToken& token);

}  // namespace relais::web
