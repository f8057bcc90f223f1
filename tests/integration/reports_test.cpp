// The activity report and the funding split over real HTTP, on a desk of
// its own (no generated history): a known set of visits over 2023 and 2024
// is logged through POST /api/v1/visits, then every figure of the JSON
// report, of the CSV and of `relais report` is checked against what the
// test computes from the visits it sent; the funding split's sums and
// keys; every refusal; and the funder's view: aggregates, never a person.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include "storage/migrations.h"
#include "storage/sql_store.h"
#include "storage/sqlite/sqlite_database.h"
#include "tests/support/desk_database.h"
#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;
namespace chrono = std::chrono;

constexpr char kPassword[] = "motdepasse-rapports";

// A visit as the test sends it, with its local (Paris) wall-clock time.
struct SentVisit {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  int hour = 0;
  int minute = 0;
  std::optional<std::string> commune;
  std::optional<bool> qpv;
  std::optional<std::string> partner;
  std::vector<std::string> themes;
  std::string outcome;
  std::string channel;
  std::optional<bool> first;
  bool as_utc = false;  // "at" written in UTC ("…Z") rather than with the offset

  chrono::sys_days Day() const {
    return chrono::sys_days{chrono::year{year} / chrono::month{month} / chrono::day{day}};
  }
  // Paris' offset: the test avoids the days clocks change (last Sundays of
  // March and October, always after the 24th).
  int OffsetHours() const { return month >= 4 && month <= 10 ? 2 : 1; }
  std::string At() const {
    char text[40];
    if (!as_utc) {
      std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:00+%02d:00", year, month, day,
                    hour, minute, OffsetHours());
      return text;
    }
    const auto utc = Day() + chrono::hours(hour - OffsetHours()) + chrono::minutes(minute);
    const chrono::year_month_day ymd{chrono::floor<chrono::days>(utc)};
    const auto time = chrono::hh_mm_ss(utc - chrono::floor<chrono::days>(utc));
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:00Z", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()));
    return text;
  }
  json Body() const {
    json body = {{"at", At()}, {"outcome", outcome}, {"channel", channel}, {"themes", themes}};
    body["commune_insee"] = commune ? json(*commune) : json(nullptr);
    body["qpv"] = qpv ? json(*qpv) : json(nullptr);
    body["partner"] = partner ? json(*partner) : json(nullptr);
    body["first_visit"] = first ? json(*first) : json(nullptr);
    return body;
  }
};

std::string Two(unsigned n) {
  char text[8];
  std::snprintf(text, sizeof text, "%02u", n);
  return text;
}

std::string DateKey(chrono::sys_days day) {
  const chrono::year_month_day ymd{day};
  return std::to_string(static_cast<int>(ymd.year())) + "-" +
         Two(static_cast<unsigned>(ymd.month())) + "-" + Two(static_cast<unsigned>(ymd.day()));
}

const std::vector<std::string> kThemes = {"famille", "logement", "emploi", "numerique",
                                          "social-sante"};
const std::vector<std::string> kOutcomes = {"resolved", "appointment", "referred", "pending"};
const std::vector<std::string> kChannels = {"walk_in", "appointment", "phone", "email"};
const std::map<std::string, std::pair<std::string, std::string>> kCommunes = {
    {"92002", {"Antony", "92"}},
    {"91377", {"Massy", "91"}},
    {"91477", {"Palaiseau", "91"}},
    {"92071", {"Sceaux", "92"}},
    {"75056", {"Paris", "75"}}};
const std::map<std::string, std::string> kDepartments = {
    {"91", "Essonne"}, {"92", "Hauts-de-Seine"}, {"75", "Paris"}};

// The known visits: a fixed pseudo-random spread over 2023 and 2024, and
// the edges of 2024 (its first minutes, its last, a day crossed in UTC).
std::vector<SentVisit> KnownVisits() {
  std::uint32_t state = 20240607;
  const auto next = [&](std::uint32_t n) {
    state = state * 1664525u + 1013904223u;
    return (state >> 8) % n;
  };
  const std::vector<std::string> communes = {"92002", "92002", "91377", "91377",
                                             "91377", "91477", "92071", "75056"};
  const std::vector<std::string> partners = {"caf", "caf", "cpam", "france-travail", "ants"};
  std::vector<SentVisit> visits;
  for (const auto& [year, count] : {std::pair{2023, 50}, std::pair{2024, 110}}) {
    for (int i = 0; i < count; ++i) {
      SentVisit v;
      v.year = year;
      v.month = 1 + next(12);
      v.day = 1 + next(24);
      v.hour = 8 + static_cast<int>(next(10));
      v.minute = static_cast<int>(next(60));
      if (next(6) > 0) v.commune = communes[next(static_cast<std::uint32_t>(communes.size()))];
      if (const auto q = next(3); q < 2) v.qpv = q == 0;
      if (next(5) > 0) v.partner = partners[next(static_cast<std::uint32_t>(partners.size()))];
      for (const std::string& theme : kThemes) {
        if (next(3) == 0) v.themes.push_back(theme);
      }
      v.outcome = kOutcomes[next(4)];
      v.channel = kChannels[next(4)];
      if (const auto f = next(5); f < 4) v.first = f < 3;
      v.as_utc = next(2) == 0;
      visits.push_back(v);
    }
  }
  SentVisit first_minutes;  // 2023-12-31 23:15 UTC: 2024 in Paris
  first_minutes.year = 2024;
  first_minutes.month = 1;
  first_minutes.day = 1;
  first_minutes.minute = 15;
  first_minutes.outcome = "resolved";
  first_minutes.channel = "phone";
  first_minutes.as_utc = true;
  first_minutes.commune = "91377";
  visits.push_back(first_minutes);
  SentVisit last_minutes = first_minutes;  // 2024-12-31 23:30 in Paris
  last_minutes.month = 12;
  last_minutes.day = 31;
  last_minutes.hour = 23;
  last_minutes.minute = 30;
  last_minutes.as_utc = false;
  last_minutes.qpv = true;
  visits.push_back(last_minutes);
  SentVisit midnight = first_minutes;  // 2024-06-30 22:30 UTC: 1 July in Paris
  midnight.month = 7;
  midnight.day = 1;
  midnight.hour = 0;
  midnight.minute = 30;
  midnight.themes = {"logement"};
  visits.push_back(midnight);
  return visits;
}

// One expected line of a breakdown.
struct Line {
  std::string key;
  std::int64_t visits = 0;
  friend bool operator==(const Line&, const Line&) = default;
};

// Most first, then by key, the key "" last.
std::vector<Line> MostFirst(const std::map<std::string, std::int64_t>& counts) {
  std::vector<Line> lines;
  for (const auto& [key, visits] : counts) lines.push_back({key, visits});
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
    if (a.key.empty() != b.key.empty()) return b.key.empty();
    return a.visits > b.visits;
  });
  return lines;
}

std::vector<Line> Fixed(const std::map<std::string, std::int64_t>& counts,
                        const std::vector<std::string>& keys) {
  std::vector<Line> lines;
  for (const std::string& key : keys) {
    auto it = counts.find(key);
    lines.push_back({key, it == counts.end() ? 0 : it->second});
  }
  return lines;
}

// What the report of local days `from` to `to` must say, computed from the
// visits alone.
struct Expected {
  std::int64_t visits = 0;
  std::int64_t people = 0;
  std::int64_t qpv_known = 0;
  double qpv_share = 0;
  double resolved_share = 0;
  std::map<std::string, std::vector<Line>> breakdowns;  // "by_month" → lines
  std::map<std::string, std::string> commune_labels;
  std::map<std::string, std::string> department_labels;
};

Expected Compute(const std::vector<SentVisit>& all, chrono::sys_days from, chrono::sys_days to) {
  Expected e;
  std::map<std::string, std::map<std::string, std::int64_t>> counts;
  std::map<std::string, std::int64_t> per_day;
  std::int64_t first = 0, returning = 0, unknown = 0, qpv_yes = 0, resolved = 0;
  for (const SentVisit& v : all) {
    if (v.Day() < from || v.Day() > to) continue;
    ++e.visits;
    per_day[DateKey(v.Day())] += 1;
    const unsigned weekday = chrono::weekday{v.Day()}.iso_encoding();
    counts["by_weekday"][std::to_string(weekday)] += 1;
    counts["by_weekday_hour"][std::to_string(weekday) + "-" + Two(static_cast<unsigned>(v.hour))] +=
        1;
    const std::string commune = v.commune.value_or("");
    counts["by_commune"][commune] += 1;
    counts["by_department"][commune.empty() ? "" : kCommunes.at(commune).second] += 1;
    counts["by_partner"][v.partner.value_or("")] += 1;
    for (const std::string& theme : v.themes) counts["by_theme"][theme] += 1;
    counts["by_outcome"][v.outcome] += 1;
    counts["by_channel"][v.channel] += 1;
    if (!v.first)
      ++unknown;
    else if (*v.first)
      ++first;
    else
      ++returning;
    if (v.qpv) {
      ++e.qpv_known;
      if (*v.qpv) ++qpv_yes;
    }
    if (v.outcome == "resolved") ++resolved;
  }
  e.people = first + returning == 0
                 ? e.visits
                 : first + std::llround(static_cast<double>(unknown) * static_cast<double>(first) /
                                        static_cast<double>(first + returning));
  e.qpv_share =
      e.qpv_known == 0 ? 0.0 : static_cast<double>(qpv_yes) / static_cast<double>(e.qpv_known);
  e.resolved_share =
      e.visits == 0 ? 0.0 : static_cast<double>(resolved) / static_cast<double>(e.visits);

  for (chrono::sys_days day = from; day <= to; day += chrono::days{1}) {
    const std::string key = DateKey(day);
    e.breakdowns["by_day"].push_back({key, per_day.count(key) ? per_day[key] : 0});
    auto& months = e.breakdowns["by_month"];
    if (months.empty() || months.back().key != key.substr(0, 7))
      months.push_back({key.substr(0, 7), 0});
    months.back().visits += per_day.count(key) ? per_day[key] : 0;
  }
  e.breakdowns["by_weekday"] = Fixed(counts["by_weekday"], {"1", "2", "3", "4", "5", "6", "7"});
  for (const auto& [key, visits] : counts["by_weekday_hour"]) {
    e.breakdowns["by_weekday_hour"].push_back({key, visits});
  }
  e.breakdowns["by_weekday_hour"];  // present even when empty
  for (const char* name : {"by_commune", "by_department", "by_partner", "by_theme"}) {
    e.breakdowns[name] = MostFirst(counts[name]);
  }
  e.breakdowns["by_outcome"] = Fixed(counts["by_outcome"], kOutcomes);
  e.breakdowns["by_channel"] = Fixed(counts["by_channel"], kChannels);
  for (const auto& [insee, facts] : kCommunes) e.commune_labels[insee] = facts.first;
  e.commune_labels[""] = "Commune inconnue";
  e.department_labels = kDepartments;
  e.department_labels[""] = "Département inconnu";
  return e;
}

std::string Percent(std::int64_t part, std::int64_t whole) {
  const double share = whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", share * 100.0);
  std::string out = text;
  for (char& c : out) {
    if (c == '.') c = ',';
  }
  return out;
}

std::string PercentOf(double share) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", share * 100.0);
  std::string out = text;
  for (char& c : out) {
    if (c == '.') c = ',';
  }
  return out;
}

void ExpectReport(const json& report, const Expected& e, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(report["visits"], e.visits);
  EXPECT_EQ(report["people"], e.people);
  EXPECT_EQ(report["qpv_known"], e.qpv_known);
  EXPECT_DOUBLE_EQ(report["qpv_share"].get<double>(), e.qpv_share);
  EXPECT_DOUBLE_EQ(report["resolved_share"].get<double>(), e.resolved_share);
  for (const auto& [name, lines] : e.breakdowns) {
    SCOPED_TRACE(name);
    const json& list = report[name];
    ASSERT_TRUE(list.is_array());
    ASSERT_EQ(list.size(), lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      EXPECT_EQ(list[i]["key"], lines[i].key) << i;
      EXPECT_EQ(list[i]["visits"], lines[i].visits) << lines[i].key;
      EXPECT_DOUBLE_EQ(list[i]["share"].get<double>(),
                       e.visits == 0
                           ? 0.0
                           : static_cast<double>(lines[i].visits) / static_cast<double>(e.visits))
          << lines[i].key;
      if (name == "by_commune") {
        EXPECT_EQ(list[i]["label"], e.commune_labels.at(lines[i].key));
      }
      if (name == "by_department") {
        EXPECT_EQ(list[i]["label"], e.department_labels.at(lines[i].key));
      }
    }
  }
}

// The CSV split into lines and fields (quoted fields unquoted).
std::vector<std::vector<std::string>> ParseCsv(const std::string& text, std::string* problem) {
  std::vector<std::vector<std::string>> lines(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == ';') {
      lines.back().push_back(field);
      field.clear();
    } else if (c == '\r') {
      if (i + 1 >= text.size() || text[i + 1] != '\n') *problem = "CR without LF";
      lines.back().push_back(field);
      field.clear();
      lines.emplace_back();
      ++i;
    } else if (c == '\n') {
      *problem = "LF without CR";
    } else {
      field += c;
    }
  }
  if (!field.empty() || !lines.back().empty()) *problem = "no CRLF at the end";
  lines.pop_back();
  return lines;
}

const std::map<std::string, std::string> kSectionTitles = {
    {"Passages par mois", "by_month"},
    {"Passages par commune", "by_commune"},
    {"Passages par département", "by_department"},
    {"Passages par partenaire", "by_partner"},
    {"Passages par thématique", "by_theme"},
    {"Issue des passages", "by_outcome"},
    {"Canal", "by_channel"},
    {"Passages par jour de la semaine", "by_weekday"},
    {"Passages par jour de la semaine et heure", "by_weekday_hour"},
    {"Passages par jour", "by_day"}};

void ExpectCsv(const std::string& csv, const Expected& now, const Expected& before) {
  ASSERT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u) << "UTF-8 with a byte-order mark";
  std::string problem;
  const auto lines = ParseCsv(csv.substr(3), &problem);
  ASSERT_EQ(problem, "");
  ASSERT_GE(lines.size(), 10u);
  EXPECT_EQ(lines[0], (std::vector<std::string>{"Rapport d'activité", "PIMMS; d'essai"}));
  EXPECT_EQ(lines[1], (std::vector<std::string>{"Période", "2024-01-01", "2024-12-31"}));
  EXPECT_EQ(lines[2], (std::vector<std::string>{"Un an plus tôt", "2023-01-01", "2023-12-31"}));
  std::map<std::string, std::vector<std::string>> key_figures;
  std::set<std::string> sections_seen;
  std::size_t i = 3;
  while (i < lines.size()) {
    ASSERT_EQ(lines[i], std::vector<std::string>{""})
        << "an empty line before each section, line " << i;
    ASSERT_LT(i + 2, lines.size());
    const std::string title = lines[i + 1].at(0);
    i += 2;
    if (title == "Chiffres clés") {
      EXPECT_EQ(lines[i], (std::vector<std::string>{"Indicateur", "Période", "Un an plus tôt"}));
      for (++i; i < lines.size() && lines[i] != std::vector<std::string>{""}; ++i) {
        ASSERT_EQ(lines[i].size(), 3u);
        key_figures[lines[i][0]] = {lines[i][1], lines[i][2]};
      }
      continue;
    }
    ASSERT_TRUE(kSectionTitles.count(title)) << title;
    const std::string name = kSectionTitles.at(title);
    sections_seen.insert(name);
    SCOPED_TRACE(title);
    EXPECT_EQ(lines[i], (std::vector<std::string>{"Libellé", "Code", "Passages", "Part (%)"}));
    std::vector<Line> got;
    for (++i; i < lines.size() && lines[i] != std::vector<std::string>{""}; ++i) {
      ASSERT_EQ(lines[i].size(), 4u);
      const auto& f = lines[i];
      got.push_back({f[1], std::stoll(f[2])});
      EXPECT_EQ(f[3], Percent(std::stoll(f[2]), now.visits)) << f[1];
      if (name == "by_commune") {
        EXPECT_EQ(f[0], now.commune_labels.at(f[1]));
      }
      if (name == "by_department") {
        EXPECT_EQ(f[0], now.department_labels.at(f[1]));
      }
    }
    EXPECT_EQ(got, now.breakdowns.at(name));
  }
  EXPECT_EQ(sections_seen.size(), kSectionTitles.size());
  EXPECT_EQ(key_figures["Passages"],
            (std::vector<std::string>{std::to_string(now.visits), std::to_string(before.visits)}));
  EXPECT_EQ(key_figures["Personnes"],
            (std::vector<std::string>{std::to_string(now.people), std::to_string(before.people)}));
  EXPECT_EQ(
      key_figures["Résolus sur place (%)"],
      (std::vector<std::string>{PercentOf(now.resolved_share), PercentOf(before.resolved_share)}));
  EXPECT_EQ(key_figures["Habitants d'un QPV (% des réponses connues)"],
            (std::vector<std::string>{PercentOf(now.qpv_share), PercentOf(before.qpv_share)}));
  EXPECT_EQ(
      key_figures["Réponses QPV connues"],
      (std::vector<std::string>{std::to_string(now.qpv_known), std::to_string(before.qpv_known)}));
}

// Every key of the report's JSON, at any depth.
void CollectKeys(const json& value, std::set<std::string>& keys) {
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      keys.insert(key);
      CollectKeys(member, keys);
    }
  } else if (value.is_array()) {
    for (const json& member : value) CollectKeys(member, keys);
  }
}

class ReportsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_path_ = dir_->File("reports.sqlite");
    {
      // A desk of its own, with the partners the visits name.
      auto db = OpenDeskDatabase(db_path_);
      ASSERT_TRUE(db);
      ASSERT_TRUE(storage::Migrate(**db));
      storage::SqlStore store(**db);
      ASSERT_TRUE(store.SaveSite(
          {"principal", "PIMMS; d'essai", "1 place du Marché", "Europe/Paris", "24/7"},
          chrono::system_clock::now()));
      for (const auto& [code, name] : std::vector<std::pair<std::string, std::string>>{
               {"caf", "Caisse d'allocations familiales"},
               {"cpam", "Assurance maladie"},
               {"france-travail", "France Travail"},
               {"ants", "ANTS"}}) {
        ASSERT_TRUE(store.SavePartner("principal", {code, name}));
      }
    }
    for (const char* role : {"admin", "coordinator", "mediator", "reception", "funder"}) {
      auto added = RunRelais(
          {"user", "add", "--login", role, "--role", role, "--db", db_path_, "--site", "principal"},
          std::string(kPassword) + "\n");
      ASSERT_EQ(added.exit_code, 0) << added.out;
    }
    server_ = new RelaisProcess({"serve", "--db", db_path_});
    ASSERT_TRUE(server_->running()) << server_->Output();
    visits_ = new std::vector<SentVisit>(KnownVisits());
    const StaffSession mediator = SignIn(*server_, "mediator", kPassword);
    ASSERT_TRUE(mediator.ok);
    for (const SentVisit& v : *visits_) {
      auto created = Http({"POST",
                           server_->Url("/api/v1/visits"),
                           v.Body().dump(),
                           {"Content-Type: application/json", mediator.cookie}});
      ASSERT_EQ(created.status, 201) << v.Body().dump() << " → " << created.body;
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    delete visits_;
    delete dir_;
  }

  void SetUp() override {
    ASSERT_NE(server_, nullptr);
    ASSERT_TRUE(server_->running());
  }

  static StaffSession As(const std::string& login) {
    StaffSession session = SignIn(*server_, login, kPassword);
    EXPECT_TRUE(session.ok) << login;
    return session;
  }
  static HttpResponse Get(const std::string& path, const StaffSession& session) {
    return Http({"GET", server_->Url(path), "", {session.cookie}});
  }
  static HttpResponse Put(const std::string& path, const StaffSession& session, const json& body) {
    return Http({"PUT",
                 server_->Url(path),
                 body.dump(),
                 {"Content-Type: application/json", session.cookie}});
  }
  // The error's status and field.
  static std::pair<long, std::string> Refusal(const HttpResponse& response) {
    std::string field = "(none)";
    if (auto body = json::parse(response.body, nullptr, false);
        body.is_object() && body.contains("error")) {
      field = body["error"].value("field", "(none)");
    }
    return {response.status, field};
  }

  static Expected Year(int year) {
    return Compute(*visits_, chrono::sys_days{chrono::year{year} / 1 / 1},
                   chrono::sys_days{chrono::year{year} / 12 / 31});
  }

  static TempDir* dir_;
  static std::string db_path_;
  static RelaisProcess* server_;
  static std::vector<SentVisit>* visits_;
};

TempDir* ReportsTest::dir_ = nullptr;
std::string ReportsTest::db_path_;
RelaisProcess* ReportsTest::server_ = nullptr;
std::vector<SentVisit>* ReportsTest::visits_ = nullptr;

TEST_F(ReportsTest, EveryFigureOfTheJsonReportComesFromTheVisitsSent) {
  auto response = Get("/api/v1/reports/activity?year=2024", As("coordinator"));
  ASSERT_EQ(response.status, 200) << response.body;
  const json report = json::parse(response.body);
  EXPECT_EQ(report["site"], "PIMMS; d'essai");
  EXPECT_EQ(report["from"], "2024-01-01");
  EXPECT_EQ(report["to"], "2024-12-31");
  const Expected now = Year(2024);
  ASSERT_EQ(now.visits, 113);
  ExpectReport(report, now, "2024");
  EXPECT_EQ(report["previous"]["from"], "2023-01-01");
  EXPECT_EQ(report["previous"]["to"], "2023-12-31");
  ExpectReport(report["previous"], Year(2023), "2023");
  // Labels people read.
  EXPECT_EQ(report["by_month"][0]["label"], "janvier 2024");
  EXPECT_EQ(report["by_outcome"][0]["label"], "Résolu sur place");
  for (const json& partner : report["by_partner"]) {
    if (partner["key"] == "caf") {
      EXPECT_EQ(partner["label"], "Caisse d'allocations familiales");
    }
    if (partner["key"] == "") {
      EXPECT_EQ(partner["label"], "Sans partenaire");
    }
  }
}

TEST_F(ReportsTest, APeriodOfDaysAndItsYearBefore) {
  auto response = Get("/api/v1/reports/activity?from=2024-03-10&to=2024-07-01", As("coordinator"));
  ASSERT_EQ(response.status, 200) << response.body;
  const json report = json::parse(response.body);
  ExpectReport(report,
               Compute(*visits_, chrono::sys_days{chrono::year{2024} / 3 / 10},
                       chrono::sys_days{chrono::year{2024} / 7 / 1}),
               "2024-03-10 to 2024-07-01");
  ExpectReport(report["previous"],
               Compute(*visits_, chrono::sys_days{chrono::year{2023} / 3 / 10},
                       chrono::sys_days{chrono::year{2023} / 7 / 1}),
               "a year before");
  EXPECT_EQ(report["by_month"].size(), 5u);
}

TEST_F(ReportsTest, TheCsvHoldsTheSameFiguresForFrenchSpreadsheets) {
  auto response = Get("/api/v1/reports/activity.csv?year=2024", As("funder"));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(response.Header("content-disposition").find("rapport-activite-2024.csv"),
            std::string::npos);
  ExpectCsv(response.body, Year(2024), Year(2023));
}

TEST_F(ReportsTest, TheCommandLinePrintsTheSameReport) {
  auto api_json = Get("/api/v1/reports/activity?year=2024", As("admin"));
  ASSERT_EQ(api_json.status, 200);
  auto cli_json = RunRelais(
      {"report", "--year", "2024", "--format", "json", "--db", db_path_, "--site", "principal"});
  ASSERT_EQ(cli_json.exit_code, 0) << cli_json.out;
  EXPECT_EQ(json::parse(cli_json.out), json::parse(api_json.body));

  auto cli_csv = RunRelais(
      {"report", "--year", "2024", "--format", "csv", "--db", db_path_, "--site", "principal"});
  ASSERT_EQ(cli_csv.exit_code, 0) << cli_csv.out;
  ExpectCsv(cli_csv.out, Year(2024), Year(2023));

  auto unknown = RunRelais(
      {"report", "--year", "2024", "--format", "pdf", "--db", db_path_, "--site", "principal"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.out.find("json, csv"), std::string::npos) << unknown.out;
  auto no_site = RunRelais({"report", "--year", "2024", "--db", db_path_, "--site", "ailleurs"});
  EXPECT_NE(no_site.exit_code, 0);
}

TEST_F(ReportsTest, BadPeriodsAreRefusedNamingTheField) {
  const StaffSession coordinator = As("coordinator");
  const auto refusal = [&](const std::string& query) {
    return Refusal(Get("/api/v1/reports/activity" + query, coordinator));
  };
  EXPECT_EQ(refusal("?year=abc"), (std::pair<long, std::string>{400, "year"}));
  EXPECT_EQ(refusal("?year=20245"), (std::pair<long, std::string>{400, "year"}));
  EXPECT_EQ(refusal("?year=-2024"), (std::pair<long, std::string>{400, "year"}));
  EXPECT_EQ(refusal("?year=1999"), (std::pair<long, std::string>{422, "year"}));
  EXPECT_EQ(refusal("?from=2024-01-01"), (std::pair<long, std::string>{400, "to"}));
  EXPECT_EQ(refusal("?to=2024-01-01"), (std::pair<long, std::string>{400, "from"}));
  EXPECT_EQ(refusal("?from=2024-02-30&to=2024-03-01"), (std::pair<long, std::string>{400, "from"}));
  EXPECT_EQ(refusal("?from=2024-03-01&to=hier"), (std::pair<long, std::string>{400, "to"}));
  EXPECT_EQ(refusal("?from=2024-03-01&to=2024-02-01"), (std::pair<long, std::string>{422, "to"}));
  EXPECT_EQ(refusal("?from=2023-01-01&to=2024-12-31"), (std::pair<long, std::string>{422, "to"}));
  EXPECT_EQ(refusal("?year=2024&from=2024-01-01&to=2024-02-01"),
            (std::pair<long, std::string>{400, "year"}));
  EXPECT_EQ(Refusal(Get("/api/v1/reports/activity.csv?year=x", coordinator)),
            (std::pair<long, std::string>{400, "year"}));
  EXPECT_EQ(Get("/api/v1/reports/activity", coordinator).status, 200) << "this year by default";
}

TEST_F(ReportsTest, OnlyReportRolesGetReports) {
  EXPECT_EQ(Http({"GET", server_->Url("/api/v1/reports/activity?year=2024"), "", {}}).status, 401);
  EXPECT_EQ(
      Http({"GET", server_->Url("/api/v1/reports/funding?year=2024&budget=1"), "", {}}).status,
      401);
  EXPECT_EQ(Http({"GET", server_->Url("/api/v1/members"), "", {}}).status, 401);
  for (const char* login : {"mediator", "reception"}) {
    const StaffSession session = As(login);
    EXPECT_EQ(Get("/api/v1/reports/activity?year=2024", session).status, 403) << login;
    EXPECT_EQ(Get("/api/v1/reports/activity.csv?year=2024", session).status, 403) << login;
    EXPECT_EQ(Get("/api/v1/reports/funding?year=2024&budget=1000", session).status, 403) << login;
    EXPECT_EQ(Get("/api/v1/members", session).status, 403) << login;
    EXPECT_EQ(Put("/api/v1/members/x", session,
                  {{"name", "X"}, {"kind", "state"}, {"key", "fixed"}, {"fixed_amount", 1}})
                  .status,
              403);
  }
}

TEST_F(ReportsTest, TheFunderSeesAggregatesButNeverAPerson) {
  // A person's file, to be sure there is one to hide.
  auto person =
      Http({"POST",
            server_->Url("/api/v1/people"),
            json{{"consent", true}, {"first_name", "Awa"}, {"last_name", "Diallo"}}.dump(),
            {"Content-Type: application/json", As("mediator").cookie}});
  ASSERT_EQ(person.status, 201) << person.body;
  const std::string person_id = json::parse(person.body)["id"];

  const StaffSession funder = As("funder");
  auto report = Get("/api/v1/reports/activity?year=2024", funder);
  ASSERT_EQ(report.status, 200);
  std::set<std::string> keys;
  CollectKeys(json::parse(report.body), keys);
  const std::set<std::string> allowed = {
      "site",       "from",          "to",         "visits",
      "people",     "qpv_share",     "qpv_known",  "resolved_share",
      "by_month",   "by_day",        "by_weekday", "by_weekday_hour",
      "by_commune", "by_department", "by_partner", "by_theme",
      "by_outcome", "by_channel",    "previous",   "key",
      "label",      "share"};
  for (const std::string& key : keys) EXPECT_TRUE(allowed.count(key)) << key << " in the report";
  EXPECT_EQ(report.body.find("Diallo"), std::string::npos);
  EXPECT_EQ(report.body.find("mediator"), std::string::npos) << "no agent either";
  EXPECT_EQ(Get("/api/v1/reports/activity.csv?year=2024", funder).status, 200);

  EXPECT_EQ(Get("/api/v1/visits?date=2024-05-06", funder).status, 403);
  EXPECT_EQ(Get("/api/v1/visits", funder).status, 403);
  EXPECT_EQ(Get("/api/v1/people?q=Diallo", funder).status, 403);
  EXPECT_EQ(Get("/api/v1/people/" + person_id, funder).status, 403);
  EXPECT_EQ(Get("/api/v1/members", funder).status, 403) << "members are managed, not a report";
}

TEST_F(ReportsTest, FundingSplitsTheBudgetToTheCent) {
  const StaffSession coordinator = As("coordinator");
  const std::vector<json> members = {
      {{"name", "Ville d'Antony"},
       {"kind", "commune"},
       {"commune_insee", "92002"},
       {"key", "usage"},
       {"position", 1}},
      {{"name", "Ville de Massy"},
       {"kind", "commune"},
       {"commune_insee", "91377"},
       {"key", "usage"},
       {"position", 2}},
      {{"name", "Verrières-le-Buisson"},
       {"kind", "commune"},
       {"commune_insee", "91645"},
       {"key", "usage"},
       {"position", 3}},
      {{"name", "Département de l'Essonne"},
       {"kind", "department"},
       {"key", "fixed"},
       {"fixed_amount", 45000},
       {"position", 4}},
      {{"name", "État"},
       {"kind", "state"},
       {"key", "fixed"},
       {"fixed_amount", "62400,35"},
       {"position", 5}},
      {{"name", "Hauts-de-Bièvre Habitat"},
       {"kind", "social_landlord"},
       {"key", "fixed"},
       {"fixed_amount", 12500.5},
       {"position", 6}},
  };
  const std::vector<std::string> ids = {"antony", "massy", "verrieres", "essonne", "etat", "hdbh"};
  for (std::size_t i = 0; i < members.size(); ++i) {
    auto saved = Put("/api/v1/members/" + ids[i], coordinator, members[i]);
    ASSERT_EQ(saved.status, 200) << saved.body;
    EXPECT_EQ(json::parse(saved.body)["id"], ids[i]);
  }
  auto listed = Get("/api/v1/members", As("admin"));
  ASSERT_EQ(listed.status, 200);
  const json list = json::parse(listed.body);
  ASSERT_EQ(list.size(), 6u);
  EXPECT_EQ(list[4]["fixed_cents"], 62'400'35);
  EXPECT_EQ(list[5]["fixed_cents"], 12'500'50);
  EXPECT_EQ(list[0]["key"], "usage");

  // The year's visits of the usage communes, from the visits sent.
  std::map<std::string, std::int64_t> visits;
  for (const SentVisit& v : *visits_) {
    if (v.year == 2024 && v.commune) visits[*v.commune] += 1;
  }
  const std::int64_t budget = 250'000'50;
  const std::int64_t fixed = 45'000'00 + 62'400'35 + 12'500'50;
  const std::int64_t rest = budget - fixed;
  const std::int64_t antony = visits["92002"];
  const std::int64_t massy = visits["91377"];
  ASSERT_GT(antony, 0);
  ASSERT_GT(massy, 0);
  ASSERT_EQ(visits.count("91645"), 0u);
  // Largest remainder by hand: floors, then the cent left to the larger remainder.
  std::int64_t antony_cents = rest * antony / (antony + massy);
  std::int64_t massy_cents = rest * massy / (antony + massy);
  if (antony_cents + massy_cents < rest) {
    if ((rest * antony) % (antony + massy) >= (rest * massy) % (antony + massy)) {
      ++antony_cents;
    } else {
      ++massy_cents;
    }
  }
  const std::vector<std::int64_t> expected = {antony_cents, massy_cents, 0,
                                              45'000'00,    62'400'35,   12'500'50};

  for (const char* login : {"funder", "coordinator", "admin"}) {
    auto response = Get("/api/v1/reports/funding?year=2024&budget=250000,50", As(login));
    ASSERT_EQ(response.status, 200) << login << ": " << response.body;
    const json split = json::parse(response.body);
    ASSERT_EQ(split["members"].size(), 6u);
    double shares = 0;
    std::int64_t amounts = 0;
    for (std::size_t i = 0; i < 6; ++i) {
      const json& m = split["members"][i];
      EXPECT_EQ(m["id"], ids[i]);
      EXPECT_EQ(m["name"], members[i]["name"]);
      EXPECT_EQ(m["kind"], members[i]["kind"]);
      EXPECT_EQ(m["amount_cents"], expected[i]) << ids[i];
      EXPECT_EQ(std::llround(m["amount"].get<double>() * 100), expected[i]) << ids[i];
      EXPECT_NEAR(m["share"].get<double>(), static_cast<double>(expected[i]) / budget, 0.00005);
      shares += m["share"].get<double>();
      amounts += std::llround(m["amount"].get<double>() * 100);
    }
    EXPECT_NEAR(shares, 1.0, 1e-9) << "shares sum to 100 %";
    EXPECT_EQ(amounts, budget) << "amounts sum to the budget to the cent";
    EXPECT_EQ(split["members"][2]["amount"], 0) << "a usage commune without visits pays nothing";
    ASSERT_EQ(split["communes"].size(), 3u);
    const auto& first = split["communes"][0];
    EXPECT_EQ(first["insee"], massy >= antony ? "91377" : "92002");
    for (const json& c : split["communes"]) {
      const std::int64_t v = c["insee"] == "92002" ? antony : c["insee"] == "91377" ? massy : 0;
      EXPECT_EQ(c["visits"], v) << c["insee"];
      EXPECT_DOUBLE_EQ(c["share"].get<double>(),
                       static_cast<double>(v) / static_cast<double>(antony + massy));
    }
    EXPECT_EQ(split["communes"][2]["name"], "Verrières-le-Buisson");
  }

  const auto refusal = [&](const std::string& query) {
    return Refusal(Get("/api/v1/reports/funding" + query, coordinator));
  };
  EXPECT_EQ(refusal("?year=2024"), (std::pair<long, std::string>{400, "budget"}));
  EXPECT_EQ(refusal("?year=2024&budget=beaucoup"), (std::pair<long, std::string>{400, "budget"}));
  EXPECT_EQ(refusal("?year=2024&budget=12.345"), (std::pair<long, std::string>{400, "budget"}));
  EXPECT_EQ(refusal("?year=2024&budget=-5"), (std::pair<long, std::string>{422, "budget"}));
  EXPECT_EQ(refusal("?year=2024&budget=100000"), (std::pair<long, std::string>{422, "budget"}))
      << "below the fixed amounts";
  EXPECT_EQ(refusal("?year=2024&budget=10000000000"),
            (std::pair<long, std::string>{422, "budget"}));
  EXPECT_EQ(refusal("?year=1999&budget=1000"), (std::pair<long, std::string>{422, "year"}));
  EXPECT_EQ(refusal("?year=deux&budget=1000"), (std::pair<long, std::string>{400, "year"}));
  EXPECT_EQ(refusal("?year=2022&budget=200000"), (std::pair<long, std::string>{422, "budget"}))
      << "no usage commune had a visit in 2022";
}

TEST_F(ReportsTest, MembersAreCheckedNamingTheField) {
  const StaffSession coordinator = As("coordinator");
  const auto refusal = [&](const std::string& id, const json& body) {
    return Refusal(Put("/api/v1/members/" + id, coordinator, body));
  };
  const json ok = {{"name", "CCAS"}, {"kind", "ccas"}, {"key", "fixed"}, {"fixed_amount", 100}};
  EXPECT_EQ(refusal("Bad_Id", ok), (std::pair<long, std::string>{422, "id"}));
  json body = ok;
  body["kind"] = "region";
  EXPECT_EQ(refusal("ccas", body), (std::pair<long, std::string>{422, "kind"}));
  body = ok;
  body["key"] = "usage";
  EXPECT_EQ(refusal("ccas", body), (std::pair<long, std::string>{422, "key"}));
  body = ok;
  body["fixed_amount"] = -3;
  EXPECT_EQ(refusal("ccas", body), (std::pair<long, std::string>{422, "fixed_amount"}));
  body["fixed_amount"] = "cent";
  EXPECT_EQ(refusal("ccas", body), (std::pair<long, std::string>{422, "fixed_amount"}));
  body = ok;
  body.erase("name");
  EXPECT_EQ(refusal("ccas", body), (std::pair<long, std::string>{422, "name"}));
  body = ok;
  body["first_name"] = "Awa";
  EXPECT_EQ(refusal("ccas", body), (std::pair<long, std::string>{422, "first_name"}));
  EXPECT_EQ(
      refusal("x",
              {{"name", "X"}, {"kind", "commune"}, {"commune_insee", "99999"}, {"key", "usage"}}),
      (std::pair<long, std::string>{422, "commune_insee"}));
  EXPECT_EQ(Refusal(Http({"PUT",
                          server_->Url("/api/v1/members/x"),
                          "{",
                          {"Content-Type: application/json", coordinator.cookie}}))
                .first,
            400);
  ASSERT_EQ(Put("/api/v1/members/ccas-temp", coordinator, ok).status, 200);
  auto deleted =
      Http({"DELETE", server_->Url("/api/v1/members/ccas-temp"), "", {coordinator.cookie}});
  EXPECT_EQ(deleted.status, 200) << deleted.body;
  auto again =
      Http({"DELETE", server_->Url("/api/v1/members/ccas-temp"), "", {coordinator.cookie}});
  EXPECT_EQ(again.status, 404);
}

// The demo desk's GIP members, as DESIGN.md's seed describes the GIP.
TEST(DemoMembers, TheDemoDeskHasItsGipMembers) {
  TempDir dir;
  RelaisProcess demo({"demo", "--db", dir.File("demo.sqlite")});
  ASSERT_TRUE(demo.running()) << demo.Output();
  const StaffSession coordinator = SignIn(demo, "coordinator", "demo");
  ASSERT_TRUE(coordinator.ok);
  auto response = Http({"GET", demo.Url("/api/v1/members"), "", {coordinator.cookie}});
  ASSERT_EQ(response.status, 200) << response.body;
  const json members = json::parse(response.body);
  std::map<std::string, std::pair<std::string, std::string>> got;  // id → kind, key
  for (const json& m : members) got[m["id"]] = {m["kind"], m["key"]};
  EXPECT_EQ(got, (std::map<std::string, std::pair<std::string, std::string>>{
                     {"antony", {"commune", "usage"}},
                     {"massy", {"commune", "usage"}},
                     {"essonne", {"department", "fixed"}},
                     {"etat", {"state", "fixed"}},
                     {"ccas-antony", {"ccas", "fixed"}},
                     {"hauts-de-bievre-habitat", {"social_landlord", "fixed"}}}));
  std::int64_t fixed = 0;
  for (const json& m : members) fixed += m["fixed_cents"].get<std::int64_t>();
  EXPECT_GT(fixed, 0);
  // A budget equal to the fixed amounts needs no visit.
  char budget[32];
  std::snprintf(budget, sizeof budget, "%lld.%02lld", static_cast<long long>(fixed / 100),
                static_cast<long long>(fixed % 100));
  const StaffSession funder = SignIn(demo, "funder", "demo");
  auto split = Http({"GET",
                     demo.Url(std::string("/api/v1/reports/funding?budget=") + budget),
                     "",
                     {funder.cookie}});
  ASSERT_EQ(split.status, 200) << split.body;
  std::int64_t sum = 0;
  const json parsed = json::parse(split.body);
  for (const json& m : parsed["members"]) sum += m["amount_cents"].get<std::int64_t>();
  EXPECT_EQ(sum, fixed) << split.body;

  // `relais report` finds the demo database's only site without --site.
  auto printed = RunRelais({"report", "--format", "json", "--db", dir.File("demo.sqlite")});
  ASSERT_EQ(printed.exit_code, 0) << printed.out;
  EXPECT_EQ(json::parse(printed.out)["site"], "PIMMS Médiation d'Antony");
}

// The seed's 2024, through the API of the demo desk: about 8,000 people,
// half from Essonne with Massy first, a significant share from the QPV.
TEST(DemoReport, TheDemos2024ShowsTheSeedsFigures) {
  TempDir dir;
  RelaisProcess demo({"demo", "--db", dir.File("demo.sqlite")});
  ASSERT_TRUE(demo.running()) << demo.Output();
  const StaffSession funder = SignIn(demo, "funder", "demo");
  ASSERT_TRUE(funder.ok);
  auto response =
      Http({"GET", demo.Url("/api/v1/reports/activity?year=2024"), "", {funder.cookie}});
  ASSERT_EQ(response.status, 200) << response.body;
  const json report = json::parse(response.body);
  EXPECT_EQ(report["from"], "2024-01-01");
  EXPECT_EQ(report["to"], "2024-12-31");
  const std::int64_t people = report["people"];
  EXPECT_GE(people, 7600) << "about 8,000 people, within 5 %";
  EXPECT_LE(people, 8400) << "about 8,000 people, within 5 %";
  EXPECT_GT(report["visits"].get<std::int64_t>(), people) << "some come more than once";

  double essonne = -1;
  for (const json& d : report["by_department"]) {
    if (d["key"] == "91") essonne = d["share"];
  }
  EXPECT_GE(essonne, 0.475) << "half from Essonne, within 5 %";
  EXPECT_LE(essonne, 0.525) << "half from Essonne, within 5 %";

  std::string first_in_essonne;
  std::int64_t most = -1;
  for (const json& c : report["by_commune"]) {
    const std::string key = c["key"];
    if (key.starts_with("91") && c["visits"].get<std::int64_t>() > most) {
      most = c["visits"];
      first_in_essonne = key;
    }
  }
  EXPECT_EQ(first_in_essonne, "91377") << "Massy first among Essonne's communes";
  EXPECT_GE(report["qpv_share"].get<double>(), 0.25) << "a significant share from the QPV";

  // Seasons and the desk's hours: August quieter than September, and no
  // visit on a Sunday, when the desk is closed.
  std::map<std::string, std::int64_t> months;
  for (const json& m : report["by_month"]) months[m["key"]] = m["visits"];
  EXPECT_LT(months["2024-08"], months["2024-09"]);
  for (const json& w : report["by_weekday"]) {
    if (w["key"] == "7") {
      EXPECT_EQ(w["visits"], 0) << w.dump();
    }
  }
}

}  // namespace
}  // namespace relais::testing
