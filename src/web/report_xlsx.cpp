#include "web/report_xlsx.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <vector>

#include <xlsxwriter.h>

#include "web/report_rows.h"

namespace relais::web {
namespace {

constexpr lxw_row_t kHeaderRow = 2;    // row 3: the column headers; data from row 4
constexpr lxw_col_t kChartColumn = 8;  // charts start in column I
constexpr std::size_t kChartTop = 15;  // bar charts show the first 15 lines

// The workbook's shared formats.
struct Formats {
  lxw_format* title = nullptr;
  lxw_format* header = nullptr;
  lxw_format* count = nullptr;
  lxw_format* percent = nullptr;
  lxw_format* change = nullptr;
  lxw_format* note = nullptr;
};

Formats MakeFormats(lxw_workbook* book) {
  Formats f;
  f.title = workbook_add_format(book);
  format_set_bold(f.title);
  format_set_font_size(f.title, 14);
  f.header = workbook_add_format(book);
  format_set_bold(f.header);
  format_set_text_wrap(f.header);
  format_set_align(f.header, LXW_ALIGN_VERTICAL_TOP);
  format_set_bottom(f.header, LXW_BORDER_THIN);
  f.count = workbook_add_format(book);
  format_set_num_format(f.count, "#,##0");
  f.percent = workbook_add_format(book);
  format_set_num_format(f.percent, "0.0%");
  f.change = workbook_add_format(book);
  format_set_num_format(f.change, "+0.0%;-0.0%;0.0%");
  f.note = workbook_add_format(book);
  format_set_italic(f.note);
  format_set_text_wrap(f.note);
  format_set_align(f.note, LXW_ALIGN_VERTICAL_TOP);
  return f;
}

// The column header of a period's figures: "2024", or "Période" / "Un an
// avant" for a period that is not a calendar year.
struct PeriodNames {
  std::string current;
  std::string previous;
};

PeriodNames NamesOf(const ActivityReport& current, const ActivityReport& previous) {
  const std::string now = PeriodLabel(current.from, current.to);
  const std::string before = PeriodLabel(previous.from, previous.to);
  if (now.size() == 4 && before.size() == 4) return {now, before};
  return {"Période", "Un an avant"};
}

void WriteText(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const std::string& text,
               lxw_format* format = nullptr) {
  if (text.empty()) return;  // an empty cell, not an empty string
  worksheet_write_string(sheet, row, col, text.c_str(), format);
}

void WriteNumber(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, double value,
                 lxw_format* format) {
  worksheet_write_number(sheet, row, col, value, format);
}

// The evolution, or an empty cell when there was nothing a year before.
void WriteChange(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, std::int64_t now,
                 std::int64_t before, const Formats& f) {
  if (auto change = Change(now, before)) WriteNumber(sheet, row, col, *change, f.change);
}

// A sheet with its title in A1 and the column widths of a breakdown (code,
// label, figures), or of the summary (indicator, figures). Each column's
// width is set once: Excel refuses overlapping column ranges.
lxw_worksheet* AddSheet(lxw_workbook* book, const char* name, const std::string& title,
                        const Formats& f, bool summary = false) {
  lxw_worksheet* sheet = workbook_add_worksheet(book, name);
  WriteText(sheet, 0, 0, title, f.title);
  if (summary) {
    worksheet_set_column(sheet, 0, 0, 46, nullptr);
    worksheet_set_column(sheet, 1, 3, 16, nullptr);
  } else {
    worksheet_set_column(sheet, 0, 0, 12, nullptr);
    worksheet_set_column(sheet, 1, 1, 36, nullptr);
    worksheet_set_column(sheet, 2, 6, 14, nullptr);
  }
  return sheet;
}

// A breakdown's table from row kHeaderRow: Code, the key's column name,
// visits and share now, visits and share a year before, evolution.
void WriteBreakdown(lxw_worksheet* sheet, const std::vector<ComparedCount>& lines,
                    const std::string& code_name, const std::string& label_name,
                    const PeriodNames& names, const Formats& f) {
  const std::vector<std::string> headers = {code_name,
                                            label_name,
                                            "Visites " + names.current,
                                            "Part " + names.current,
                                            "Visites " + names.previous,
                                            "Part " + names.previous,
                                            "Évolution des visites"};
  for (std::size_t c = 0; c < headers.size(); ++c) {
    WriteText(sheet, kHeaderRow, static_cast<lxw_col_t>(c), headers[c], f.header);
  }
  worksheet_set_row(sheet, kHeaderRow, 32, nullptr);
  lxw_row_t row = kHeaderRow + 1;
  for (const ComparedCount& line : lines) {
    WriteText(sheet, row, 0, line.key);
    WriteText(sheet, row, 1, line.label.empty() ? line.key : line.label);
    WriteNumber(sheet, row, 2, static_cast<double>(line.visits), f.count);
    WriteNumber(sheet, row, 3, line.share, f.percent);
    WriteNumber(sheet, row, 4, static_cast<double>(line.previous_visits), f.count);
    WriteNumber(sheet, row, 5, line.previous_share, f.percent);
    WriteChange(sheet, row, 6, line.visits, line.previous_visits, f);
    ++row;
  }
  worksheet_freeze_panes(sheet, kHeaderRow + 1, 0);
}

// How many of `lines` (in order) have visits in the period, at most `limit`.
std::size_t WithVisits(const std::vector<ComparedCount>& lines, std::size_t limit) {
  std::size_t n = 0;
  while (n < lines.size() && n < limit && lines[n].visits > 0) ++n;
  return n;
}

// A native chart of the `rows` first lines of a breakdown table (labels in
// column B, this period's visits in column C; with `with_previous`, last
// year's in column E beside them), placed right of the table. None when
// `rows` is 0.
void AddChart(lxw_workbook* book, lxw_worksheet* sheet, const char* sheet_name, uint8_t type,
              std::size_t rows, bool with_previous, const std::string& title,
              const PeriodNames& names) {
  if (rows == 0) return;
  lxw_chart* chart = workbook_add_chart(book, type);
  const lxw_row_t first = kHeaderRow + 1;
  const lxw_row_t last = first + static_cast<lxw_row_t>(rows) - 1;
  lxw_chart_series* now = chart_add_series(chart, nullptr, nullptr);
  chart_series_set_categories(now, sheet_name, first, 1, last, 1);
  chart_series_set_values(now, sheet_name, first, 2, last, 2);
  chart_series_set_name(now, names.current.c_str());
  if (with_previous) {
    lxw_chart_series* before = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(before, sheet_name, first, 1, last, 1);
    chart_series_set_values(before, sheet_name, first, 4, last, 4);
    chart_series_set_name(before, names.previous.c_str());
  } else if (type != LXW_CHART_PIE) {
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
  }
  if (type == LXW_CHART_PIE) chart_series_set_labels_percentage(now);
  if (type == LXW_CHART_BAR) chart_axis_set_reverse(chart->y_axis);  // the first line on top
  chart_title_set_name(chart, title.c_str());
  lxw_chart_options options = {};
  options.x_scale = 1.5;
  options.y_scale = type == LXW_CHART_BAR ? 1.0 + static_cast<double>(rows) / 15.0 : 1.2;
  const std::string alt = title;
  options.description = const_cast<char*>(alt.c_str());
  worksheet_insert_chart_opt(sheet, kHeaderRow, kChartColumn, chart, &options);
}

void WriteSummary(lxw_workbook* book, std::string_view site_name, const ActivityReport& now,
                  const ActivityReport& before, const PeriodNames& names, const Formats& f) {
  lxw_worksheet* sheet =
      AddSheet(book, "Synthèse", "Rapport d'activité — " + std::string(site_name), f, true);
  WriteText(sheet, 1, 0,
            "Période : " + PeriodLabel(now.from, now.to) + ", comparée à " +
                PeriodLabel(before.from, before.to));
  const std::vector<std::string> headers = {"Indicateur", names.current, names.previous,
                                            "Évolution"};
  for (std::size_t c = 0; c < headers.size(); ++c) {
    WriteText(sheet, kHeaderRow, static_cast<lxw_col_t>(c), headers[c], f.header);
  }
  lxw_row_t row = kHeaderRow + 1;
  const auto counts = [&](const std::string& name, std::int64_t a, std::int64_t b) {
    WriteText(sheet, row, 0, name);
    WriteNumber(sheet, row, 1, static_cast<double>(a), f.count);
    WriteNumber(sheet, row, 2, static_cast<double>(b), f.count);
    WriteChange(sheet, row, 3, a, b, f);
    ++row;
  };
  const auto shares = [&](const std::string& name, double a, double b) {
    WriteText(sheet, row, 0, name);
    WriteNumber(sheet, row, 1, a, f.percent);
    WriteNumber(sheet, row, 2, b, f.percent);
    ++row;
  };
  counts("Visites", now.visits, before.visits);
  counts("Personnes (estimation)", now.people, before.people);
  shares("Part des visites venant d'un QPV", now.qpv_share, before.qpv_share);
  counts("Visites dont on sait si la personne vit en QPV", now.qpv_known, before.qpv_known);
  shares("Part des demandes résolues sur place", now.resolved_share, before.resolved_share);
  ++row;
  worksheet_merge_range(
      sheet, row, 0, row + 2, 3,
      "Personnes : les passages sont anonymes ; une personne est comptée à sa première venue "
      "de l'année. Les passages dont on ignore s'il s'agit d'une première venue sont répartis "
      "dans la même proportion que les autres. La part QPV se calcule sur les visites dont la "
      "réponse est connue.",
      f.note);
  worksheet_set_row(sheet, row, 30, nullptr);
  worksheet_set_row(sheet, row + 1, 30, nullptr);
  worksheet_activate(sheet);
}

void WriteWeekdays(lxw_workbook* book, const ActivityReport& now, const ActivityReport& before,
                   const PeriodNames& names, const Formats& f) {
  const char* name = "Jours et heures";
  lxw_worksheet* sheet = AddSheet(book, name, "Visites par jour de la semaine et par heure", f);
  std::vector<ComparedCount> days = CompareByKey(now.by_weekday, before.by_weekday);
  for (ComparedCount& day : days) {
    if (day.label.empty()) day.label = WeekdayName(std::atoi(day.key.c_str()));
  }
  WriteBreakdown(sheet, days, "N° du jour", "Jour", names, f);
  AddChart(book, sheet, name, LXW_CHART_COLUMN, days.size(), true, "Visites par jour de la semaine",
           names);

  // The weekday × hour grid of this period: a line per day, a column per
  // hour from the earliest to the latest with visits.
  std::map<std::pair<int, int>, std::int64_t> cells;
  int first_hour = 24;
  int last_hour = -1;
  for (const Count& count : now.by_weekday_hour) {
    if (count.key.size() != 4 || count.key[1] != '-') continue;
    const int day = count.key[0] - '0';
    const int hour = std::atoi(count.key.c_str() + 2);
    cells[{day, hour}] += count.visits;
    first_hour = std::min(first_hour, hour);
    last_hour = std::max(last_hour, hour);
  }
  const lxw_row_t top = kHeaderRow + 1 + static_cast<lxw_row_t>(days.size()) + 2;
  WriteText(sheet, top, 0, "Visites par jour et heure d'arrivée (" + names.current + ")", f.title);
  if (last_hour < 0) {
    WriteText(sheet, top + 1, 0, "Aucune visite sur la période.");
    return;
  }
  WriteText(sheet, top + 1, 0, "N° du jour", f.header);
  WriteText(sheet, top + 1, 1, "Jour", f.header);
  for (int hour = first_hour; hour <= last_hour; ++hour) {
    const auto col = static_cast<lxw_col_t>(2 + hour - first_hour);
    WriteText(sheet, top + 1, col, std::to_string(hour) + " h", f.header);
  }
  for (int day = 1; day <= 7; ++day) {
    const lxw_row_t row = top + 1 + static_cast<lxw_row_t>(day);
    WriteNumber(sheet, row, 0, day, nullptr);
    WriteText(sheet, row, 1, WeekdayName(day));
    for (int hour = first_hour; hour <= last_hour; ++hour) {
      auto found = cells.find({day, hour});
      WriteNumber(sheet, row, static_cast<lxw_col_t>(2 + hour - first_hour),
                  found == cells.end() ? 0.0 : static_cast<double>(found->second), f.count);
    }
  }
  lxw_conditional_format scale = {};
  scale.type = LXW_CONDITIONAL_2_COLOR_SCALE;
  scale.min_color = 0xFFFFFF;
  scale.max_color = 0x4F81BD;
  worksheet_conditional_format_range(sheet, top + 2, 2, top + 8,
                                     static_cast<lxw_col_t>(2 + last_hour - first_hour), &scale);
}

// The months' labels, "janvier 2024", when the report gave none.
std::vector<ComparedCount> Months(const ActivityReport& now, const ActivityReport& before) {
  static constexpr const char* kMonths[] = {"janvier",   "février", "mars",     "avril",
                                            "mai",       "juin",    "juillet",  "août",
                                            "septembre", "octobre", "novembre", "décembre"};
  std::vector<ComparedCount> months = CompareByPosition(now.by_month, before.by_month);
  for (ComparedCount& month : months) {
    if (!month.label.empty() || month.key.size() != 7) continue;
    const int number = std::atoi(month.key.c_str() + 5);
    if (number >= 1 && number <= 12)
      month.label = std::string(kMonths[number - 1]) + " " + month.key.substr(0, 4);
  }
  return months;
}

// Writes every sheet. The workbook is closed by the caller.
void WriteWorkbook(lxw_workbook* book, std::string_view site_name, const ActivityReport& now,
                   const ActivityReport& before) {
  const Formats f = MakeFormats(book);
  const PeriodNames names = NamesOf(now, before);
  WriteSummary(book, site_name, now, before, names, f);

  const std::string versus = " — " + names.current + " et " + names.previous;
  {
    const char* name = "Mois";
    lxw_worksheet* sheet = AddSheet(book, name, "Visites par mois" + versus, f);
    const auto months = Months(now, before);
    WriteBreakdown(sheet, months, "Mois (code)", "Mois", names, f);
    AddChart(book, sheet, name, LXW_CHART_COLUMN, months.size(), true, "Visites par mois", names);
  }
  {
    const char* name = "Jour par jour";
    lxw_worksheet* sheet = AddSheet(book, name, "Visites par jour" + versus, f);
    const auto days = CompareByDay(now.by_day, before.by_day);
    WriteBreakdown(sheet, days, "Date", "Jour", names, f);
    AddChart(book, sheet, name, LXW_CHART_LINE, days.size(), false, "Visites par jour", names);
  }
  WriteWeekdays(book, now, before, names, f);

  struct Breakdown {
    const char* sheet;
    const char* title;
    const char* code;
    const char* label;
    const std::vector<Count>* now;
    const std::vector<Count>* before;
    uint8_t chart;  // 0: none
    const char* chart_title;
  };
  const Breakdown breakdowns[] = {
      {"Communes", "Visites par commune de résidence", "Code INSEE", "Commune", &now.by_commune,
       &before.by_commune, LXW_CHART_BAR, "Communes de résidence (les 15 premières)"},
      {"Départements", "Visites par département de résidence", "Département", "Nom",
       &now.by_department, &before.by_department, LXW_CHART_PIE, "Départements de résidence"},
      {"Partenaires", "Visites par opérateur partenaire", "Code", "Partenaire", &now.by_partner,
       &before.by_partner, LXW_CHART_BAR, "Opérateurs partenaires"},
      {"Thèmes", "Visites par thème (une visite compte pour chacun de ses thèmes)", "Code", "Thème",
       &now.by_theme, &before.by_theme, LXW_CHART_BAR, "Thèmes (les 15 premiers)"},
      {"Résultats", "Résultat des visites", "Code", "Résultat", &now.by_outcome, &before.by_outcome,
       LXW_CHART_PIE, "Résultat des visites"},
      {"Canaux", "Canal des visites", "Code", "Canal", &now.by_channel, &before.by_channel,
       LXW_CHART_PIE, "Canal des visites"},
  };
  std::vector<Breakdown> sheets(std::begin(breakdowns), std::end(breakdowns));
  if (!now.by_site.empty()) {
    sheets.push_back({"Lieux", "Visites par lieu du réseau", "Lieu (code)", "Lieu", &now.by_site,
                      &before.by_site, LXW_CHART_BAR, "Visites par lieu du réseau"});
  }
  for (const Breakdown& b : sheets) {
    lxw_worksheet* sheet = AddSheet(book, b.sheet, b.title + versus, f);
    const auto lines = CompareByKey(*b.now, *b.before);
    WriteBreakdown(sheet, lines, b.code, b.label, names, f);
    std::size_t rows = 0;
    if (b.chart == LXW_CHART_BAR) {
      rows = WithVisits(lines, kChartTop);
    } else {
      // Pies show every line that has visits; the lines keep their order.
      rows = lines.size();
      while (rows > 0 && lines[rows - 1].visits == 0) --rows;
    }
    AddChart(book, sheet, b.sheet, b.chart, rows, false, b.chart_title, names);
  }
}

// A file in the temporary directory, removed on destruction.
class TempFile {
 public:
  TempFile() {
    std::string pattern = (std::filesystem::temp_directory_path() / "relais-xlsx-XXXXXX").string();
    const int fd = mkstemp(pattern.data());
    if (fd >= 0) {
      close(fd);
      path_ = pattern;
    }
  }
  ~TempFile() {
    if (!path_.empty()) unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

Result<std::string> ActivityXlsx(const app::ActivityComparison& report) {
  const auto failed = [](const std::string& why) {
    return Fail(ErrorKind::kUnavailable, "xlsx_failed",
                "Le classeur XLSX n'a pas pu être écrit (" + why + ").");
  };
  TempFile file;
  if (file.path().empty()) return failed("fichier temporaire");
  // libxlsxwriter 1.1.4 writes only to a file: the workbook goes to a
  // temporary file, read back whole.
  lxw_workbook* book = workbook_new(file.path().c_str());
  if (book == nullptr) return failed("création du classeur");
  WriteWorkbook(book, report.site_name, report.current, report.previous);
  if (lxw_error error = workbook_close(book); error != LXW_NO_ERROR) {
    return failed(lxw_strerror(error));
  }
  std::ifstream in(file.path(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return failed("lecture du fichier");
  return bytes;
}

}  // namespace relais::web
