#include "web/report_tables.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "web/templates.h"

namespace relais::web {
namespace {

std::string Raw(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

PageData Cell(const std::string& text, const std::string& value) {
  PageData cell;
  cell.set("text", text);
  cell.set("value", value);
  return cell;
}

PageData CountCell(std::int64_t count) {
  return Cell(FrenchCount(count), std::to_string(count));
}

PageData ShareCell(double share) {
  return Cell(FrenchPercent(share), Raw(share));
}

PageData ChangeCell(std::int64_t now, std::int64_t before) {
  const auto change = Change(now, before);
  return Cell(ChangeText(change), change ? Raw(*change) : std::string());
}

PageData Header(const std::string& text, bool series = false) {
  PageData header;
  header.set("text", text);
  if (series) header.set("series", true);
  return header;
}

std::string Render(const std::string& id, const std::string& caption, const std::string& row_header,
                   const std::string& chart, PageData headers, PageData rows) {
  PageData data;
  data.set("id", id);
  data.set("caption", caption);
  data.set("row_header", row_header);
  if (!chart.empty()) data.set("chart", chart);
  data.set("headers", headers);
  data.set("rows", rows);
  return RenderTemplate("report_table", data);
}

}  // namespace

PeriodColumns ColumnsOf(const ActivityReport& current, const ActivityReport& previous) {
  const std::string now = PeriodLabel(current.from, current.to);
  const std::string before = PeriodLabel(previous.from, previous.to);
  if (now.size() == 4 && before.size() == 4) return {now, before};
  return {"période", "un an avant"};
}

std::string BreakdownTable(const TableSpec& spec, const std::vector<ComparedCount>& lines,
                           const PeriodColumns& columns) {
  const bool charted = !spec.chart.empty();
  const auto named = [](const std::string& what, const std::string& period) {
    return period.empty() ? what : what + " " + period;
  };
  PageData headers = PageData::type::list;
  headers.push_back(Header(named("Visites", columns.current), charted));
  headers.push_back(Header(named("Part", columns.current)));
  if (spec.with_previous) {
    headers.push_back(Header(named("Visites", columns.previous), charted && spec.chart_previous));
    headers.push_back(Header("Évolution"));
  }
  PageData rows = PageData::type::list;
  for (const ComparedCount& line : lines) {
    PageData row;
    row.set("label", line.label.empty() ? line.key : line.label);
    if (!line.key.empty()) row.set("key", line.key);
    PageData cells = PageData::type::list;
    cells.push_back(CountCell(line.visits));
    cells.push_back(ShareCell(line.share));
    if (spec.with_previous) {
      cells.push_back(CountCell(line.previous_visits));
      cells.push_back(ChangeCell(line.visits, line.previous_visits));
    }
    row.set("cells", cells);
    rows.push_back(row);
  }
  return Render(spec.id, spec.caption, spec.row_header, spec.chart, headers, rows);
}

std::string KeyFiguresTable(const std::string& id, const std::string& caption,
                            const ActivityReport& current, const ActivityReport& previous,
                            const PeriodColumns& columns) {
  PageData headers = PageData::type::list;
  headers.push_back(Header(columns.current));
  headers.push_back(Header(columns.previous));
  headers.push_back(Header("Évolution"));
  PageData rows = PageData::type::list;
  const auto counts = [&](const std::string& label, std::int64_t now, std::int64_t before) {
    PageData row;
    row.set("label", label);
    PageData cells = PageData::type::list;
    cells.push_back(CountCell(now));
    cells.push_back(CountCell(before));
    cells.push_back(ChangeCell(now, before));
    row.set("cells", cells);
    rows.push_back(row);
  };
  // A share's gap in points means nothing when a period had no visit.
  const bool comparable = current.visits > 0 && previous.visits > 0;
  const auto shares = [&](const std::string& label, double now, double before) {
    PageData row;
    row.set("label", label);
    PageData cells = PageData::type::list;
    cells.push_back(ShareCell(now));
    cells.push_back(ShareCell(before));
    // The gap in points: "+2,0 points".
    const double points = (now - before) * 100;
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", std::fabs(points));
    std::string digits = text;
    std::replace(digits.begin(), digits.end(), '.', ',');
    const std::string sign = digits == "0,0" ? "" : (points < 0 ? "−" : "+");
    cells.push_back(comparable ? Cell(sign + digits + " points", Raw(now - before))
                               : Cell("—", ""));
    row.set("cells", cells);
    rows.push_back(row);
  };
  counts("Visites", current.visits, previous.visits);
  counts("Personnes (estimation)", current.people, previous.people);
  shares("Part des visites venant d'un QPV", current.qpv_share, previous.qpv_share);
  shares("Part des demandes résolues sur place", current.resolved_share, previous.resolved_share);
  return Render(id, caption, "Indicateur", "", headers, rows);
}

std::string WeekdayHourTable(const std::string& id, const std::string& caption,
                             const ActivityReport& report,
                             const std::optional<app::WeeklyOpenHours>& open) {
  std::map<std::pair<int, int>, std::int64_t> cells;
  int first = 24;
  int last = -1;
  for (const Count& count : report.by_weekday_hour) {
    if (count.key.size() != 4 || count.key[1] != '-') continue;
    const int day = count.key[0] - '0';
    const int hour = (count.key[2] - '0') * 10 + (count.key[3] - '0');
    if (day < 1 || day > 7 || hour < 0 || hour > 23) continue;
    cells[{day, hour}] += count.visits;
    first = std::min(first, hour);
    last = std::max(last, hour);
  }
  if (open) {
    for (int day = 0; day < 7; ++day) {
      for (int hour = 0; hour < 24; ++hour) {
        if (!(*open)[day][hour]) continue;
        first = std::min(first, hour);
        last = std::max(last, hour);
      }
    }
  }
  if (last < 0) {  // nothing to show: the usual desk's day
    first = 9;
    last = 17;
  }
  PageData headers = PageData::type::list;
  for (int hour = first; hour <= last; ++hour) {
    PageData header = Header(std::to_string(hour) + " h");
    header.set("hour", std::to_string(hour));
    headers.push_back(header);
  }
  PageData rows = PageData::type::list;
  for (int day = 1; day <= 7; ++day) {
    PageData row;
    row.set("label", WeekdayName(day));
    row.set("key", std::to_string(day));
    PageData line = PageData::type::list;
    for (int hour = first; hour <= last; ++hour) {
      auto found = cells.find({day, hour});
      PageData cell = CountCell(found == cells.end() ? 0 : found->second);
      if (open && (*open)[day - 1][hour]) cell.set("open", true);
      line.push_back(cell);
    }
    row.set("cells", line);
    rows.push_back(row);
  }
  return Render(id, caption, "Jour", open ? "heatmap" : "", headers, rows);
}

std::vector<ComparedCount> QpvLines(const ActivityReport& current, const ActivityReport& previous) {
  const auto split = [](const ActivityReport& r) {
    const auto qpv =
        static_cast<std::int64_t>(std::llround(r.qpv_share * static_cast<double>(r.qpv_known)));
    return std::array<std::int64_t, 3>{qpv, r.qpv_known - qpv, r.visits - r.qpv_known};
  };
  const auto now = split(current);
  const auto before = split(previous);
  const char* keys[] = {"yes", "no", "unknown"};
  const char* labels[] = {"Habite un QPV", "N'habite pas un QPV", "Non renseigné"};
  std::vector<ComparedCount> lines;
  for (int i = 0; i < 3; ++i) {
    ComparedCount line;
    line.key = keys[i];
    line.label = labels[i];
    line.visits = now[i];
    line.previous_visits = before[i];
    line.share =
        current.visits == 0 ? 0 : static_cast<double>(now[i]) / static_cast<double>(current.visits);
    line.previous_share = previous.visits == 0 ? 0
                                               : static_cast<double>(before[i]) /
                                                     static_cast<double>(previous.visits);
    lines.push_back(line);
  }
  return lines;
}

std::vector<ComparedCount> TopLines(std::vector<ComparedCount> lines, std::size_t keep,
                                    const std::string& others_label) {
  if (lines.size() <= keep + 1) return lines;
  ComparedCount others;
  others.label = others_label;
  for (std::size_t i = keep; i < lines.size(); ++i) {
    others.visits += lines[i].visits;
    others.share += lines[i].share;
    others.previous_visits += lines[i].previous_visits;
    others.previous_share += lines[i].previous_share;
  }
  lines.resize(keep);
  lines.push_back(others);
  return lines;
}

}  // namespace relais::web
