// The activity report and the funding split as the API's JSON text
// (GET /api/v1/reports/activity and /funding), shared with `relais report`.
// Aggregates only: no field names a person or carries free text. Pure.
#pragma once

#include <string>

#include "app/networks.h"
#include "app/reports.h"
#include "domain/funding.h"

namespace relais::web {

// {"site","from","to","visits","people","qpv_share","qpv_known",
//  "resolved_share","by_month","by_day","by_weekday","by_weekday_hour",
//  "by_commune","by_department","by_partner","by_theme","by_outcome",
//  "by_channel","previous":{the same without "site" and "previous"}};
// each breakdown a list of {"key","label","visits","share"}, shares in
// [0, 1] of the period's visits.
std::string ActivityJson(const app::ActivityComparison& report);

// A network's report (GET /api/v1/networks/{id}/reports/activity): the
// site report's fields summed over the network's sites, with
// "network":{"id","name"} in place of "site" and "sites":[{"id","name",
// "visits","people","qpv_share","qpv_known","resolved_share"}] (each site's
// own figures, in the network's order); "previous" has both too.
std::string NetworkActivityJson(const app::NetworkActivity& report);

// {"year","budget","budget_cents","fixed_cents","usage_cents",
//  "members":[{"id","name","kind","kind_label","key","commune_insee",
//  "share","amount","amount_cents"}],"communes":[{"insee","name","visits",
//  "share"}]}; amounts in euros with cents (a JSON number), shares in [0, 1].
std::string FundingJson(const FundingSplit& split, int year);

// A member as the members' API gives it: {"id","name","kind","kind_label",
// "commune_insee","key","fixed_amount","fixed_cents","position"}.
std::string MemberJson(const Member& member);
std::string MembersJson(const std::vector<Member>& members);

}  // namespace relais::web
