#include "app/demo_history.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "app/communes.h"

namespace relais::app {
namespace {

using date::days;

// The seed desk's hours (src/app/demo.cpp).
SiteHours DemoHours() {
  const Site site{"antony", "PIMMS Médiation d'Antony", "", "Europe/Paris",
                  "Mo,We,Th 09:30-13:00,14:00-17:00; Tu,Fr 09:30-13:00; PH off"};
  auto hours = SiteHours::Build(site, {});
  EXPECT_TRUE(hours.has_value());
  return *hours;
}

std::vector<Visit> Year2024(const HistoryOptions& options = {}) {
  return GenerateHistory(DemoHours(), date::year{2024} / 1 / 1, date::year{2024} / 12 / 31,
                         options);
}

TEST(DemoHistory, IsTheSameForTheSameSeedAndDiffersForAnother) {
  const auto a = Year2024();
  const auto b = Year2024();
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a, b);
  HistoryOptions other;
  other.seed = 7;
  const auto c = Year2024(other);
  EXPECT_NE(a, c);
}

TEST(DemoHistory, Reproduces2024AsTheSeedArticleTellsIt) {
  const auto visits = Year2024();
  // People: one first visit of the year each (the unknown answers are
  // estimated as the report does).
  std::int64_t first = 0, returning = 0, unknown = 0;
  std::map<std::string, std::int64_t> people_by_department;
  std::map<std::string, std::int64_t> people_by_essonne_commune;
  std::int64_t qpv = 0, qpv_known = 0;
  const auto table = ShippedCommunes();
  ASSERT_TRUE(table.has_value());
  for (const Visit& visit : visits) {
    if (!visit.first_visit) {
      ++unknown;
    } else if (*visit.first_visit) {
      ++first;
      const Commune* commune = visit.commune_insee ? (*table)->Find(*visit.commune_insee) : nullptr;
      const std::string department = commune ? std::string(commune->department) : "";
      ++people_by_department[department];
      if (department == "91") ++people_by_essonne_commune[std::string(commune->name)];
    } else {
      ++returning;
    }
    if (visit.qpv) {
      ++qpv_known;
      qpv += *visit.qpv ? 1 : 0;
    }
  }
  const double people = first + unknown * static_cast<double>(first) / (first + returning);
  EXPECT_NEAR(people, 8000, 8000 * 0.05) << "about 8,000 people in 2024";
  EXPECT_GT(visits.size(), people * 1.4) << "people come back";
  const double essonne = static_cast<double>(people_by_department["91"]) / first;
  EXPECT_NEAR(essonne, 0.5, 0.05) << "half of the people from Essonne";
  auto most = std::max_element(people_by_essonne_commune.begin(), people_by_essonne_commune.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  ASSERT_NE(most, people_by_essonne_commune.end());
  EXPECT_EQ(most->first, "Massy") << "Massy first among Essonne's communes";
  EXPECT_GT(static_cast<double>(qpv) / qpv_known, 0.25) << "a large share from a QPV";
}

TEST(DemoHistory, EveryVisitIsInsideTheOpeningHoursAndEveryCommuneExists) {
  const SiteHours hours = DemoHours();
  const auto visits = Year2024();
  const auto table = ShippedCommunes();
  ASSERT_TRUE(table.has_value());
  std::set<std::string> ids;
  std::map<unsigned, std::int64_t> by_month;
  const auto open = hours.Between(date::year{2024} / 1 / 1, date::year{2024} / 12 / 31).intervals;
  const auto is_open = [&open](date::sys_seconds at) {
    auto it = std::upper_bound(open.begin(), open.end(), at,
                               [](date::sys_seconds t, const Interval& i) { return t < i.end; });
    return it != open.end() && it->start <= at;
  };
  for (const Visit& visit : visits) {
    ASSERT_TRUE(is_open(visit.at)) << hours.zone().FormatRfc3339(visit.at);
    if (visit.commune_insee) {
      EXPECT_NE((*table)->Find(*visit.commune_insee), nullptr) << *visit.commune_insee;
    }
    EXPECT_TRUE(ids.insert(visit.id).second) << "ids are unique: " << visit.id;
    ++by_month[static_cast<unsigned>(hours.LocalDate(visit.at).month())];
  }
  EXPECT_LT(by_month[8], by_month[9] / 1.5) << "August is quiet, September busy";
  for (std::size_t i = 1; i < visits.size(); ++i) EXPECT_LE(visits[i - 1].at, visits[i].at);
}

TEST(DemoHistory, APartialYearGetsItsShareAndNothingBeyondTheWindow) {
  const SiteHours hours = DemoHours();
  const auto whole = Year2024();
  const auto half = GenerateHistory(hours, date::year{2024} / 1 / 1, date::year{2024} / 6 / 30, {});
  ASSERT_FALSE(half.empty());
  EXPECT_LT(half.size(), whole.size() * 0.65);
  EXPECT_GT(half.size(), whole.size() * 0.35);
  for (const Visit& visit : half) {
    EXPECT_LE(date::sys_days{hours.LocalDate(visit.at)}, date::sys_days{date::year{2024} / 6 / 30});
  }
  EXPECT_TRUE(
      GenerateHistory(hours, date::year{2024} / 2 / 1, date::year{2024} / 1 / 1, {}).empty());
}

}  // namespace
}  // namespace relais::app
