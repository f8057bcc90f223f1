// The report pages' accessible tables (/rapport, /tableau-de-bord): one
// <table> per breakdown with its caption and header cells, each figure in
// French and its raw value in data-value, from which web/static/
// tableau-de-bord.js draws the charts (data-chart on the table names the
// kind; data-series marks the columns drawn).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/desk_indicators.h"
#include "domain/report.h"
#include "web/report_rows.h"

namespace relais::web {

// The column names of the two periods: "2024" and "2023", or "période" and
// "un an avant".
struct PeriodColumns {
  std::string current;
  std::string previous;
};
PeriodColumns ColumnsOf(const ActivityReport& current, const ActivityReport& previous);

struct TableSpec {
  std::string id;  // the table's id, unique in the page
  std::string caption;
  std::string row_header;       // the first column's header: "Commune"
  std::string chart;            // "", "bar", "hbar", "line", "doughnut"
  bool with_previous = true;    // the year-before columns
  bool chart_previous = false;  // draw last year's visits beside
};

// A breakdown: visits and share now, visits a year before and the
// evolution (without `with_previous`: visits and share only).
std::string BreakdownTable(const TableSpec& spec, const std::vector<ComparedCount>& lines,
                           const PeriodColumns& columns);

// The key figures: visits, people, QPV share, resolved share, now and a
// year before, with the evolution.
std::string KeyFiguresTable(const std::string& id, const std::string& caption,
                            const ActivityReport& current, const ActivityReport& previous,
                            const PeriodColumns& columns);

// The weekday × hour grid of `report` (a line per day, a column per hour
// from the earliest with visits or opening to the latest); with `open`,
// the cells of opening hours are marked (class "open" and words for screen
// readers) and the table is drawn as a chart ("heatmap").
std::string WeekdayHourTable(const std::string& id, const std::string& caption,
                             const ActivityReport& report,
                             const std::optional<app::WeeklyOpenHours>& open);

// QPV, not QPV and unknown, from the report's share and known count.
std::vector<ComparedCount> QpvLines(const ActivityReport& current, const ActivityReport& previous);

// The first `keep` lines, then one "Autres" line summing the rest.
std::vector<ComparedCount> TopLines(std::vector<ComparedCount> lines, std::size_t keep,
                                    const std::string& others_label);

}  // namespace relais::web
