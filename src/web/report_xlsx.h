// The activity report as an XLSX workbook (libxlsxwriter): one sheet per
// breakdown, each beside the same period a year earlier, French headers,
// percentage formats and native charts. Pure apart from a temporary file.
#pragma once

#include <string>

#include "app/reports.h"
#include "domain/error.h"

namespace relais::web {

// The workbook's bytes: sheets "Synthèse", "Mois", "Jour par jour",
// "Jours et heures", "Communes", "Départements", "Partenaires", "Thèmes",
// "Résultats", "Canaux", and for a network's report "Lieux". Each breakdown's table starts on row 3
// (headers) with the columns code, label, visits, share, visits and share a year before, evolution.
// kUnavailable "xlsx_failed" when the file cannot be written.
Result<std::string> ActivityXlsx(const app::ActivityComparison& report);

}  // namespace relais::web
