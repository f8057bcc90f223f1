// A network's report: every count of the consolidated report is the sum of
// the sites' own reports, for random visits of three sites; a site given
// twice counts once; a network without sites has no visit.
#include "domain/network_report.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace relais {
namespace {

date::sys_days Day(int y, unsigned m, unsigned d) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}};
}

std::optional<CommuneFacts> TestCommunes(std::string_view insee) {
  if (insee == "92002") return CommuneFacts{"Antony", "92", "Hauts-de-Seine"};
  if (insee == "91377") return CommuneFacts{"Massy", "91", "Essonne"};
  return std::nullopt;
}

std::string TestLabels(Dimension dimension, std::string_view key) {
  return std::string(DimensionName(dimension)) + ":" + std::string(key);
}

// `count` visits of 2024 with every kind of answer, as roll-ups.
std::vector<Rollup> RandomRollups(int count, std::uint32_t seed) {
  std::mt19937 random(seed);
  const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  const std::vector<std::string> communes = {"92002", "91377", "75056"};
  const std::vector<std::string> partners = {"caf", "cpam", "ants"};
  const std::vector<std::string> themes = {"famille", "logement", "numerique"};
  std::vector<Rollup> rows;
  for (int i = 0; i < count; ++i) {
    VisitFacts visit;
    visit.local_time = date::local_seconds{date::local_days{date::year{2024} / 1 / 1}} +
                       std::chrono::minutes(random() % (366u * 24 * 60));
    if (pick(5) > 0) visit.commune_insee = communes[static_cast<std::size_t>(pick(3))];
    if (const int q = pick(3); q < 2) visit.qpv = q == 0;
    if (pick(4) > 0) visit.partner = partners[static_cast<std::size_t>(pick(3))];
    for (const std::string& theme : themes) {
      if (pick(3) == 0) visit.themes.push_back(theme);
    }
    visit.outcome = std::string(kOutcomeKeys[pick(4)]);
    visit.channel = std::string(kChannelKeys[pick(4)]);
    if (const int f = pick(3); f < 2) visit.first_visit = f == 0;
    auto more = RollupsOf(visit);
    rows.insert(rows.end(), more.begin(), more.end());
  }
  return rows;
}

using Breakdown = std::vector<Count> ActivityReport::*;
constexpr Breakdown kBreakdowns[] = {&ActivityReport::by_month,   &ActivityReport::by_day,
                                     &ActivityReport::by_weekday, &ActivityReport::by_weekday_hour,
                                     &ActivityReport::by_commune, &ActivityReport::by_department,
                                     &ActivityReport::by_partner, &ActivityReport::by_theme,
                                     &ActivityReport::by_outcome, &ActivityReport::by_channel};

std::map<std::string, std::int64_t> AsMap(const std::vector<Count>& counts) {
  std::map<std::string, std::int64_t> map;
  for (const Count& count : counts) map[count.key] += count.visits;
  return map;
}

TEST(NetworkReport, EveryCountIsTheSumOfTheSitesReports) {
  const auto from = Day(2024, 1, 1);
  const auto to = Day(2024, 12, 31);
  const std::vector<SiteRollups> sites = {{"antony", "Antony", RandomRollups(700, 1)},
                                          {"massy", "Massy", RandomRollups(450, 2)},
                                          {"palaiseau", "Palaiseau", RandomRollups(90, 3)}};
  const NetworkReport network = ConsolidateActivity(from, to, sites, TestCommunes, TestLabels);
  ASSERT_EQ(network.sites.size(), 3u);

  std::int64_t visits = 0;
  std::int64_t people = 0;
  std::int64_t qpv_known = 0;
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const SiteReport& site = network.sites[i];
    EXPECT_EQ(site.site_id, sites[i].site_id);
    EXPECT_EQ(site.site_name, sites[i].site_name);
    // Each site's report is the one the site gives alone.
    const ActivityReport alone =
        BuildActivityReport(from, to, sites[i].rows, TestCommunes, TestLabels);
    EXPECT_EQ(site.report.visits, alone.visits);
    EXPECT_EQ(site.report.people, alone.people);
    EXPECT_EQ(site.report.by_commune, alone.by_commune);
    visits += site.report.visits;
    people += site.report.people;
    qpv_known += site.report.qpv_known;
  }
  EXPECT_EQ(network.total.visits, 1240);
  EXPECT_EQ(network.total.visits, visits);
  // The breakdown by site: each site's visits, in the network's order.
  ASSERT_EQ(network.total.by_site.size(), sites.size());
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const Count& line = network.total.by_site[i];
    EXPECT_EQ(line.key, sites[i].site_id);
    EXPECT_EQ(line.label, sites[i].site_name);
    EXPECT_EQ(line.visits, network.sites[i].report.visits);
    EXPECT_DOUBLE_EQ(line.share, static_cast<double>(line.visits) / 1240.0);
  }
  EXPECT_EQ(network.total.people, people);
  EXPECT_EQ(network.total.qpv_known, qpv_known);

  for (Breakdown breakdown : kBreakdowns) {
    std::map<std::string, std::int64_t> summed;
    for (const SiteReport& site : network.sites) {
      for (const auto& [key, count] : AsMap(site.report.*breakdown)) summed[key] += count;
    }
    std::erase_if(summed, [](const auto& entry) { return entry.second == 0; });
    auto total = AsMap(network.total.*breakdown);
    std::erase_if(total, [](const auto& entry) { return entry.second == 0; });
    EXPECT_EQ(total, summed);
    // Shares are the network's: of its visits.
    for (const Count& count : network.total.*breakdown) {
      EXPECT_DOUBLE_EQ(count.share, static_cast<double>(count.visits) /
                                        static_cast<double>(network.total.visits))
          << count.key;
    }
  }
}

TEST(NetworkReport, ASiteGivenTwiceCountsOnce) {
  const auto from = Day(2024, 1, 1);
  const auto to = Day(2024, 12, 31);
  const auto rows = RandomRollups(120, 7);
  const NetworkReport twice = ConsolidateActivity(
      from, to, {{"antony", "Antony", rows}, {"antony", "Antony", rows}}, TestCommunes, TestLabels);
  const ActivityReport alone = BuildActivityReport(from, to, rows, TestCommunes, TestLabels);
  ASSERT_EQ(twice.sites.size(), 1u);
  EXPECT_EQ(twice.total.visits, alone.visits);
  EXPECT_EQ(twice.total.people, alone.people);
  EXPECT_EQ(twice.total.by_theme, alone.by_theme);
}

TEST(NetworkReport, PeopleAreTheSumOfTheSitesEstimates) {
  // Site A: 1 first, 1 returning, 1 unknown → 1 + round(0.5) = 2 people.
  // Site B: the same → 2. Together 2 + round(2 × 2 / 4) = 3 by the rule
  // applied to the union, but the network reports what its sites report: 4.
  const auto day = Day(2024, 3, 4);
  std::vector<Rollup> rows = {{day, Dimension::kTotal, "", 3},
                              {day, Dimension::kPeople, "first", 1},
                              {day, Dimension::kPeople, "returning", 1},
                              {day, Dimension::kPeople, "unknown", 1}};
  const NetworkReport network =
      ConsolidateActivity(day, day, {{"a", "A", rows}, {"b", "B", rows}}, TestCommunes, TestLabels);
  ASSERT_EQ(network.sites.size(), 2u);
  EXPECT_EQ(network.sites[0].report.people, 2);
  EXPECT_EQ(network.sites[1].report.people, 2);
  EXPECT_EQ(network.total.people, 4);
  EXPECT_EQ(network.total.visits, 6);
}

TEST(NetworkReport, ANetworkWithoutSitesHasNoVisit) {
  const NetworkReport network =
      ConsolidateActivity(Day(2024, 1, 1), Day(2024, 1, 31), {}, TestCommunes, TestLabels);
  EXPECT_TRUE(network.sites.empty());
  EXPECT_TRUE(network.total.by_site.empty());
  EXPECT_EQ(network.total.visits, 0);
  EXPECT_EQ(network.total.people, 0);
  EXPECT_EQ(network.total.by_day.size(), 31u);
}

}  // namespace
}  // namespace relais
