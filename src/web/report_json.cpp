#include "web/report_json.h"

#include <nlohmann/json.hpp>

#include "app/site_hours.h"

namespace relais::web {
namespace {

using nlohmann::json;

std::string DateText(date::sys_days day) {
  return app::FormatDate(date::year_month_day{day});
}

double Euros(std::int64_t cents) {
  return static_cast<double>(cents) / 100.0;
}

json Counts(const std::vector<Count>& counts) {
  json list = json::array();
  for (const Count& count : counts) {
    list.push_back({{"key", count.key},
                    {"label", count.label},
                    {"visits", count.visits},
                    {"share", count.share}});
  }
  return list;
}

json ReportObject(const ActivityReport& report) {
  return {{"from", DateText(report.from)},
          {"to", DateText(report.to)},
          {"visits", report.visits},
          {"people", report.people},
          {"qpv_share", report.qpv_share},
          {"qpv_known", report.qpv_known},
          {"resolved_share", report.resolved_share},
          {"by_month", Counts(report.by_month)},
          {"by_day", Counts(report.by_day)},
          {"by_weekday", Counts(report.by_weekday)},
          {"by_weekday_hour", Counts(report.by_weekday_hour)},
          {"by_commune", Counts(report.by_commune)},
          {"by_department", Counts(report.by_department)},
          {"by_partner", Counts(report.by_partner)},
          {"by_theme", Counts(report.by_theme)},
          {"by_outcome", Counts(report.by_outcome)},
          {"by_channel", Counts(report.by_channel)}};
}

json NetworkObject(const NetworkReport& report) {
  json body = ReportObject(report.total);
  json sites = json::array();
  for (const SiteReport& site : report.sites) {
    sites.push_back({{"id", site.site_id},
                     {"name", site.site_name},
                     {"visits", site.report.visits},
                     {"people", site.report.people},
                     {"qpv_share", site.report.qpv_share},
                     {"qpv_known", site.report.qpv_known},
                     {"resolved_share", site.report.resolved_share}});
  }
  body["sites"] = std::move(sites);
  return body;
}

json MemberObject(const Member& member) {
  return {{"id", member.id},
          {"name", member.name},
          {"kind", MemberKindName(member.kind)},
          {"kind_label", MemberKindLabel(member.kind)},
          {"commune_insee", member.commune_insee ? json(*member.commune_insee) : json(nullptr)},
          {"key", FundingKeyName(member.key)},
          {"fixed_amount", Euros(member.fixed_cents)},
          {"fixed_cents", member.fixed_cents},
          {"position", member.position}};
}

std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::string ActivityJson(const app::ActivityComparison& report) {
  json body = ReportObject(report.current);
  body["site"] = report.site_name;
  body["previous"] = ReportObject(report.previous);
  return Dump(body);
}

std::string NetworkActivityJson(const app::NetworkActivity& report) {
  json body = NetworkObject(report.current);
  body["network"] = {{"id", report.network.id}, {"name", report.network.name}};
  body["previous"] = NetworkObject(report.previous);
  return Dump(body);
}

std::string FundingJson(const FundingSplit& split, int year) {
  json members = json::array();
  for (const MemberShare& member : split.members) {
    members.push_back(
        {{"id", member.id},
         {"name", member.name},
         {"kind", MemberKindName(member.kind)},
         {"kind_label", MemberKindLabel(member.kind)},
         {"key", FundingKeyName(member.key)},
         {"commune_insee", member.commune_insee ? json(*member.commune_insee) : json(nullptr)},
         {"share", member.share},
         {"amount", Euros(member.amount_cents)},
         {"amount_cents", member.amount_cents}});
  }
  json communes = json::array();
  for (const CommuneUsage& commune : split.communes) {
    communes.push_back({{"insee", commune.insee},
                        {"name", commune.name},
                        {"visits", commune.visits},
                        {"share", commune.share}});
  }
  return Dump({{"year", year},
               {"budget", Euros(split.budget_cents)},
               {"budget_cents", split.budget_cents},
               {"fixed_cents", split.fixed_cents},
               {"usage_cents", split.usage_cents},
               {"members", members},
               {"communes", communes}});
}

std::string MemberJson(const Member& member) {
  return Dump(MemberObject(member));
}

std::string MembersJson(const std::vector<Member>& members) {
  json list = json::array();
  for (const Member& member : members) list.push_back(MemberObject(member));
  return Dump(list);
}

}  // namespace relais::web
