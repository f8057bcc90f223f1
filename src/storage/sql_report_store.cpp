#include "storage/sql_report_store.h"

#include <charconv>

#include "storage/sql_visit_store.h"

namespace relais::storage {
namespace {

// Every statement of this store, named once. Days are 'YYYY-MM-DD' text,
// so text order is date order and the month is the first 7 characters.
constexpr std::string_view kDailyTotals =
    "SELECT day, visits FROM visit_rollups "
    "WHERE site_id = ? AND day >= ? AND day <= ? AND dimension = 'total'";
constexpr std::string_view kMonthlyRollups =
    "SELECT substr(day, 1, 7), dimension, key, CAST(SUM(visits) AS BIGINT) FROM visit_rollups "
    "WHERE site_id = ? AND day >= ? AND day <= ? AND dimension <> 'total' "
    "GROUP BY substr(day, 1, 7), dimension, key";
constexpr std::string_view kRollupTotals =
    "SELECT key, CAST(SUM(visits) AS BIGINT) FROM visit_rollups "
    "WHERE site_id = ? AND day >= ? AND day <= ? AND dimension = ? GROUP BY key ORDER BY key";
constexpr std::string_view kListMembers =
    "SELECT member_id, name, kind, commune_insee, funding_key, fixed_cents, position "
    "FROM gip_members WHERE site_id = ? ORDER BY position, member_id";
constexpr std::string_view kSaveMember =
    "INSERT INTO gip_members (site_id, member_id, name, kind, commune_insee, funding_key, "
    "fixed_cents, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (site_id, member_id) DO UPDATE SET name = excluded.name, kind = excluded.kind, "
    "commune_insee = excluded.commune_insee, funding_key = excluded.funding_key, "
    "fixed_cents = excluded.fixed_cents, position = excluded.position";
constexpr std::string_view kDeleteMember =
    "DELETE FROM gip_members WHERE site_id = ? AND member_id = ?";

bool ParseNumber(std::string_view text, int& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// "YYYY-MM-DD" (or "YYYY-MM", the first day) as a day; nothing when malformed.
std::optional<date::sys_days> ParseDay(std::string_view text) {
  int year = 0;
  int month = 0;
  int day = 1;
  if ((text.size() != 7 && text.size() != 10) || text[4] != '-') return std::nullopt;
  if (!ParseNumber(text.substr(0, 4), year) || !ParseNumber(text.substr(5, 2), month)) {
    return std::nullopt;
  }
  if (text.size() == 10 && (text[7] != '-' || !ParseNumber(text.substr(8, 2), day))) {
    return std::nullopt;
  }
  const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                 date::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  return date::sys_days{ymd};
}

}  // namespace

Result<std::vector<Rollup>> SqlReportStore::ReportRollups(const std::string& site_id,
                                                          date::sys_days from, date::sys_days to) {
  std::vector<Rollup> rollups;
  Status ok = db_.Read([&](Connection& c) -> Status {
    const std::vector<Value> params = {site_id, RollupDay(from), RollupDay(to)};
    auto daily = c.Query(kDailyTotals, params);
    if (!daily) return tl::unexpected(daily.error());
    auto monthly = c.Query(kMonthlyRollups, params);
    if (!monthly) return tl::unexpected(monthly.error());
    rollups.reserve(daily->size() + monthly->size());
    for (const Row& row : *daily) {
      auto day = ParseDay(row.Text(0));
      if (!day) return StorageError("jour de cumul illisible en base : " + row.Text(0));
      rollups.push_back({*day, Dimension::kTotal, "", row.Int(1)});
    }
    for (const Row& row : *monthly) {
      auto month = ParseDay(row.Text(0));
      if (!month) return StorageError("mois de cumul illisible en base : " + row.Text(0));
      auto dimension = ParseDimension(row.Text(1));
      if (!dimension) return StorageError("dimension de cumul inconnue en base : " + row.Text(1));
      rollups.push_back({std::max(*month, from), *dimension, row.Text(2), row.Int(3)});
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return rollups;
}

Result<std::vector<std::pair<std::string, std::int64_t>>> SqlReportStore::RollupTotals(
    const std::string& site_id, Dimension dimension, date::sys_days from, date::sys_days to) {
  std::vector<std::pair<std::string, std::int64_t>> totals;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kRollupTotals, {site_id, RollupDay(from), RollupDay(to),
                                        std::string(DimensionName(dimension))});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) {
      if (row.Int(1) != 0) totals.emplace_back(row.Text(0), row.Int(1));
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return totals;
}

Result<std::vector<Member>> SqlReportStore::ListMembers(const std::string& site_id) {
  std::vector<Member> members;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kListMembers, {site_id});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) {
      Member member;
      member.id = row.Text(0);
      member.name = row.Text(1);
      auto kind = ParseMemberKind(row.Text(2));
      if (!kind) return StorageError("genre de membre inconnu en base : " + row.Text(2));
      member.kind = *kind;
      if (!row.IsNull(3)) member.commune_insee = row.Text(3);
      auto key = ParseFundingKey(row.Text(4));
      if (!key) return StorageError("clé de répartition inconnue en base : " + row.Text(4));
      member.key = *key;
      member.fixed_cents = row.Int(5);
      member.position = static_cast<int>(row.Int(6));
      members.push_back(std::move(member));
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return members;
}

Status SqlReportStore::SaveMember(const std::string& site_id, const Member& m) {
  return db_.Write([&](Connection& c) -> Status {
    return Check(c.Execute(kSaveMember, {site_id, m.id, m.name, std::string(MemberKindName(m.kind)),
                                         m.commune_insee ? Value(*m.commune_insee) : Value(),
                                         std::string(FundingKeyName(m.key)), m.fixed_cents,
                                         std::int64_t{m.position}}));
  });
}

Status SqlReportStore::DeleteMember(const std::string& site_id, const std::string& member_id) {
  return db_.Write([&](Connection& c) -> Status {
    auto deleted = c.Execute(kDeleteMember, {site_id, member_id});
    if (!deleted) return tl::unexpected(deleted.error());
    if (*deleted == 0) {
      return Fail(ErrorKind::kNotFound, "unknown_member", "Ce membre du GIP n'existe pas.");
    }
    return {};
  });
}

}  // namespace relais::storage
