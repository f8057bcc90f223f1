#include "storage/sql_visit_store.h"

#include <algorithm>
#include <unordered_map>

#include "app/visits.h"

namespace relais::storage {
namespace {

using std::chrono::sys_seconds;

// Every statement of this store, named once.
constexpr std::string_view kInsertVisit =
    "INSERT INTO visits (site_id, visit_id, visited_at, commune_insee, qpv, partner, outcome, "
    "duration_minutes, channel, first_visit, logged_by, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertTheme =
    "INSERT INTO visit_themes (site_id, visit_id, theme) VALUES (?, ?, ?)";
constexpr std::string_view kListVisits =
    "SELECT visit_id, visited_at, commune_insee, qpv, partner, outcome, duration_minutes, channel, "
    "first_visit, logged_by, created_at FROM visits "
    "WHERE site_id = ? AND visited_at >= ? AND visited_at < ? ORDER BY visited_at, visit_id";
constexpr std::string_view kListThemes =
    "SELECT t.visit_id, t.theme FROM visit_themes t "
    "JOIN visits v ON v.site_id = t.site_id AND v.visit_id = t.visit_id "
    "WHERE v.site_id = ? AND v.visited_at >= ? AND v.visited_at < ?";
constexpr std::string_view kCountVisits = "SELECT COUNT(*) FROM visits WHERE site_id = ?";
constexpr std::string_view kCountRolledUp =
    "SELECT CAST(COALESCE(SUM(visits), 0) AS BIGINT) FROM visit_rollups "
    "WHERE site_id = ? AND dimension = 'total'";
constexpr std::string_view kDeleteRollups = "DELETE FROM visit_rollups WHERE site_id = ?";
constexpr std::string_view kUpsertRollupsHead =
    "INSERT INTO visit_rollups (site_id, day, dimension, key, visits) VALUES ";
constexpr std::string_view kUpsertRollupsTail =
    " ON CONFLICT (site_id, day, dimension, key) "
    "DO UPDATE SET visits = visit_rollups.visits + excluded.visits";
// Roll-up rows per upsert statement: a visit's roll-ups (about 12) in one.
constexpr std::size_t kRollupsPerStatement = 16;
constexpr std::string_view kCountByCommune =
    "SELECT commune_insee, COUNT(*) FROM visits "
    "WHERE site_id = ? AND commune_insee IS NOT NULL GROUP BY commune_insee";

Value Optional(const std::optional<std::string>& text) {
  return text ? Value(*text) : Value();
}
Value Optional(const std::optional<bool>& flag) {
  return flag ? Value(std::int64_t{*flag ? 1 : 0}) : Value();
}
Value Optional(const std::optional<int>& number) {
  return number ? Value(std::int64_t{*number}) : Value();
}

std::optional<std::string> TextOrNone(const Row& row, std::size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return row.Text(i);
}
std::optional<bool> FlagOrNone(const Row& row, std::size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return row.Int(i) != 0;
}

// A visit from a kListVisits row; a value the application does not know is
// refused rather than guessed.
Result<app::Visit> VisitFromRow(const Row& row) {
  app::Visit visit;
  visit.id = row.Text(0);
  visit.at = sys_seconds{std::chrono::seconds{row.Int(1)}};
  visit.commune_insee = TextOrNone(row, 2);
  visit.qpv = FlagOrNone(row, 3);
  visit.partner = TextOrNone(row, 4);
  auto outcome = app::ParseOutcome(row.Text(5));
  if (!outcome) return StorageError("issue de passage inconnue en base : " + row.Text(5));
  visit.outcome = *outcome;
  if (!row.IsNull(6)) visit.duration_minutes = static_cast<int>(row.Int(6));
  auto channel = app::ParseChannel(row.Text(7));
  if (!channel) return StorageError("canal de passage inconnu en base : " + row.Text(7));
  visit.channel = *channel;
  visit.first_visit = FlagOrNone(row, 8);
  visit.logged_by = row.Text(9);
  visit.created_at = sys_seconds{std::chrono::seconds{row.Int(10)}};
  return visit;
}

// The position of a theme in app::Themes(), for a stable order.
std::size_t ThemeRank(const std::string& code) {
  const auto& themes = app::Themes();
  auto it = std::find_if(themes.begin(), themes.end(),
                         [&](const app::Theme& t) { return t.code == code; });
  return static_cast<std::size_t>(it - themes.begin());
}

// The upsert statement of `rows` rows, built once per count.
const std::string& UpsertStatement(std::size_t rows) {
  static const std::vector<std::string> kStatements = [] {
    std::vector<std::string> statements(kRollupsPerStatement + 1);
    for (std::size_t n = 1; n <= kRollupsPerStatement; ++n) {
      std::string sql(kUpsertRollupsHead);
      for (std::size_t i = 0; i < n; ++i) sql += i == 0 ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)";
      sql += kUpsertRollupsTail;
      statements[n] = std::move(sql);
    }
    return statements;
  }();
  return kStatements[rows];
}

Status InsertVisit(Connection& c, const std::string& site_id, const app::Visit& v) {
  auto inserted = c.Execute(
      kInsertVisit, {site_id, v.id, Seconds(v.at), Optional(v.commune_insee), Optional(v.qpv),
                     Optional(v.partner), std::string(app::OutcomeName(v.outcome)),
                     Optional(v.duration_minutes), std::string(app::ChannelName(v.channel)),
                     Optional(v.first_visit), v.logged_by, Seconds(v.created_at)});
  if (auto ok = Check(inserted); !ok) return ok;
  for (const std::string& theme : v.themes) {
    if (auto ok = Check(c.Execute(kInsertTheme, {site_id, v.id, theme})); !ok) return ok;
  }
  return {};
}

}  // namespace

std::string RollupDay(date::sys_days day) {
  const date::year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  const unsigned month = static_cast<unsigned>(ymd.month());
  const unsigned d = static_cast<unsigned>(ymd.day());
  std::string text = "0000-00-00";
  text[0] = static_cast<char>('0' + year / 1000 % 10);
  text[1] = static_cast<char>('0' + year / 100 % 10);
  text[2] = static_cast<char>('0' + year / 10 % 10);
  text[3] = static_cast<char>('0' + year % 10);
  text[5] = static_cast<char>('0' + month / 10);
  text[6] = static_cast<char>('0' + month % 10);
  text[8] = static_cast<char>('0' + d / 10);
  text[9] = static_cast<char>('0' + d % 10);
  return text;
}

Status UpsertRollups(Connection& c, const std::string& site_id, const std::vector<Rollup>& rows) {
  std::vector<Value> params;
  for (std::size_t start = 0; start < rows.size(); start += kRollupsPerStatement) {
    const std::size_t count = std::min(kRollupsPerStatement, rows.size() - start);
    params.clear();
    params.reserve(count * 5);
    for (std::size_t i = start; i < start + count; ++i) {
      const Rollup& row = rows[i];
      params.emplace_back(site_id);
      params.emplace_back(RollupDay(row.day));
      params.emplace_back(std::string(DimensionName(row.dimension)));
      params.emplace_back(row.key);
      params.emplace_back(row.visits);
    }
    if (auto ok = Check(c.Execute(UpsertStatement(count), params)); !ok) return ok;
  }
  return {};
}

Status SqlVisitStore::AddVisit(const std::string& site_id, const app::Visit& v,
                               const std::vector<Rollup>& rollups) {
  return db_.Write([&](Connection& c) -> Status {
    if (auto ok = InsertVisit(c, site_id, v); !ok) return ok;
    return UpsertRollups(c, site_id, rollups);
  });
}

Status SqlVisitStore::AddVisits(const std::string& site_id, const std::vector<app::Visit>& visits,
                                const std::vector<Rollup>& rollups) {
  return db_.Write([&](Connection& c) -> Status {
    for (const app::Visit& v : visits) {
      if (auto ok = InsertVisit(c, site_id, v); !ok) return ok;
    }
    return UpsertRollups(c, site_id, rollups);
  });
}

Result<app::RollupCheck> SqlVisitStore::CheckRollups(const std::string& site_id) {
  app::RollupCheck check;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto visits = c.Query(kCountVisits, {site_id});
    if (!visits) return tl::unexpected(visits.error());
    auto rolled = c.Query(kCountRolledUp, {site_id});
    if (!rolled) return tl::unexpected(rolled.error());
    check.visits = visits->empty() ? 0 : visits->front().Int(0);
    check.rolled_up = rolled->empty() ? 0 : rolled->front().Int(0);
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return check;
}

Status SqlVisitStore::ReplaceRollups(const std::string& site_id,
                                     const std::vector<Rollup>& rollups) {
  return db_.Write([&](Connection& c) -> Status {
    if (auto ok = Check(c.Execute(kDeleteRollups, {site_id})); !ok) return ok;
    return UpsertRollups(c, site_id, rollups);
  });
}

Result<std::vector<app::Visit>> SqlVisitStore::ListVisits(const std::string& site_id,
                                                          sys_seconds from, sys_seconds to) {
  std::vector<app::Visit> visits;
  Status ok = db_.Read([&](Connection& c) -> Status {
    const std::vector<Value> params = {site_id, Seconds(from), Seconds(to)};
    auto rows = c.Query(kListVisits, params);
    if (!rows) return tl::unexpected(rows.error());
    std::unordered_map<std::string, std::size_t> index;
    for (const Row& row : *rows) {
      auto visit = VisitFromRow(row);
      if (!visit) return tl::unexpected(visit.error());
      index.emplace(visit->id, visits.size());
      visits.push_back(std::move(*visit));
    }
    auto themes = c.Query(kListThemes, params);
    if (!themes) return tl::unexpected(themes.error());
    for (const Row& row : *themes) {
      auto it = index.find(row.Text(0));
      if (it != index.end()) visits[it->second].themes.push_back(row.Text(1));
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  for (app::Visit& visit : visits) {
    std::sort(
        visit.themes.begin(), visit.themes.end(),
        [](const std::string& a, const std::string& b) { return ThemeRank(a) < ThemeRank(b); });
  }
  return visits;
}

Result<std::vector<std::pair<std::string, std::int64_t>>> SqlVisitStore::CountVisitsByCommune(
    const std::string& site_id) {
  std::vector<std::pair<std::string, std::int64_t>> counts;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kCountByCommune, {site_id});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) counts.emplace_back(row.Text(0), row.Int(1));
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return counts;
}

}  // namespace relais::storage
