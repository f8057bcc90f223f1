// The activity report as CSV for French spreadsheets (GET
// /api/v1/reports/activity.csv and `relais report --format csv`): UTF-8
// with a byte-order mark, `;` between fields, CRLF line ends, decimal
// commas. Pure.
//
// Layout: a title line and the period; then "Chiffres clés" (visits,
// people, shares resolved and in a QPV, for the period and the same period
// a year earlier); then one section per breakdown, each a title line, a
// header line "Libellé;Code;Passages;Part (%)" and its lines, sections
// separated by an empty line; a network's report ends with "Passages par
// lieu du réseau" (code: the site's id). Percentages have two decimals ("45,83").
#pragma once

#include <string>
#include <string_view>

#include "app/reports.h"

namespace relais::web {

std::string ActivityCsv(const app::ActivityComparison& report);

// One field as written: quoted (inner quotes doubled) when it holds `;`,
// `"`, CR or LF or starts or ends with a space; a text that a spreadsheet
// would read as a formula (starting with =, +, -, @, tab or CR) gets a
// leading apostrophe first. Numbers go through CsvNumber, never this.
std::string CsvText(std::string_view text);

// 0.458333 → "45,83"; 0 → "0,00".
std::string CsvPercent(double share);

}  // namespace relais::web
