// The activity report's CSV: byte-order mark, `;`, CRLF, decimal commas,
// quoting, and a spreadsheet formula never read out of a label.
#include "web/report_csv.h"

#include <gtest/gtest.h>

namespace relais::web {
namespace {

TEST(CsvText, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(CsvText("Antony"), "Antony");
  EXPECT_EQ(CsvText("Caisse d'allocations familiales"), "Caisse d'allocations familiales");
  EXPECT_EQ(CsvText("CAF; CPAM"), "\"CAF; CPAM\"");
  EXPECT_EQ(CsvText("dit \"Le Relais\""), "\"dit \"\"Le Relais\"\"\"");
  EXPECT_EQ(CsvText("deux\nlignes"), "\"deux\nlignes\"");
  EXPECT_EQ(CsvText(" espace"), "\" espace\"");
  EXPECT_EQ(CsvText(""), "");
}

TEST(CsvText, AFormulaIsReadAsText) {
  EXPECT_EQ(CsvText("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(CsvText("+33"), "'+33");
  EXPECT_EQ(CsvText("-1"), "'-1");
  EXPECT_EQ(CsvText("@SUM(A1)"), "'@SUM(A1)");
}

TEST(CsvPercent, TwoDecimalsWithAComma) {
  EXPECT_EQ(CsvPercent(0), "0,00");
  EXPECT_EQ(CsvPercent(1), "100,00");
  EXPECT_EQ(CsvPercent(2.0 / 3.0), "66,67");
  EXPECT_EQ(CsvPercent(0.05), "5,00");
}

TEST(ActivityCsv, SectionsWithTitlesHeadersAndCrlf) {
  app::ActivityComparison report;
  report.site_name = "PIMMS; d'essai";
  const date::sys_days day{date::year{2025} / 1 / 1};
  report.current.from = day;
  report.current.to = day;
  report.current.visits = 3;
  report.current.people = 2;
  report.current.resolved_share = 2.0 / 3.0;
  report.current.by_commune = {{"91377", "Massy", 2, 2.0 / 3.0},
                               {"", "Commune inconnue", 1, 1.0 / 3.0}};
  report.current.by_day = {{"2025-01-01", "mercredi 1er janvier 2025", 3, 1.0}};
  report.previous.from = date::sys_days{date::year{2024} / 1 / 1};
  report.previous.to = report.previous.from;
  report.previous.visits = 1;
  report.previous.people = 1;
  const std::string csv = ActivityCsv(report);
  ASSERT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u) << "UTF-8 byte-order mark first";
  EXPECT_EQ(csv.find('\n'), csv.find("\r\n") + 1) << "CRLF line ends";
  for (std::size_t i = csv.find('\n'); i != std::string::npos; i = csv.find('\n', i + 1)) {
    ASSERT_EQ(csv[i - 1], '\r');
  }
  EXPECT_NE(csv.find("Rapport d'activité;\"PIMMS; d'essai\"\r\n"), std::string::npos);
  EXPECT_NE(csv.find("Période;2025-01-01;2025-01-01\r\n"), std::string::npos);
  EXPECT_NE(csv.find("Passages;3;1\r\n"), std::string::npos);
  EXPECT_NE(csv.find("Personnes;2;1\r\n"), std::string::npos);
  EXPECT_NE(csv.find("Résolus sur place (%);66,67;0,00\r\n"), std::string::npos);
  EXPECT_NE(csv.find("\r\nPassages par commune\r\nLibellé;Code;Passages;Part (%)\r\n"
                     "Massy;91377;2;66,67\r\nCommune inconnue;;1;33,33\r\n\r\n"),
            std::string::npos);
  EXPECT_NE(csv.find("mercredi 1er janvier 2025;2025-01-01;3;100,00\r\n"), std::string::npos);
}

}  // namespace
}  // namespace relais::web
