#include "web/qr_code.h"

#include <gtest/gtest.h>

#include <regex>

namespace relais::web {
namespace {

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(QrSvg, OnePathOfDarkModulesInsideAQuietZoneWithAFrenchLabel) {
  auto svg = QrSvg("https://relais.exemple.fr/questionnaire/abc", "Code QR du questionnaire");
  ASSERT_TRUE(svg) << svg.error().message;
  EXPECT_EQ(svg->rfind("<svg ", 0), 0u);
  EXPECT_EQ(Count(*svg, "<path"), 1);
  EXPECT_NE(svg->find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg->find("aria-label=\"Code QR du questionnaire\""), std::string::npos);
  EXPECT_NE(svg->find("<title>Code QR du questionnaire</title>"), std::string::npos);
  EXPECT_NE(svg->find("shape-rendering=\"crispEdges\""), std::string::npos);
  // A version-3 or 4 code (29 or 33 modules) with 4 modules of margin each side.
  std::smatch box;
  ASSERT_TRUE(std::regex_search(*svg, box, std::regex("viewBox=\"0 0 (\\d+) (\\d+)\"")));
  const int size = std::stoi(box[1]);
  EXPECT_EQ(box[1], box[2]);
  EXPECT_EQ((size - 2 * kQrQuietZone - 17) % 4, 0) << "21, 25, 29… modules";
  // No dark module in the quiet zone: every rectangle starts inside it.
  const std::string d = svg->substr(svg->find(" d=\"") + 4);
  std::regex move("M(\\d+) (\\d+)h(\\d+)");
  for (auto it = std::sregex_iterator(d.begin(), d.end(), move); it != std::sregex_iterator();
       ++it) {
    const int x = std::stoi((*it)[1]);
    const int y = std::stoi((*it)[2]);
    const int run = std::stoi((*it)[3]);
    EXPECT_GE(x, kQrQuietZone);
    EXPECT_GE(y, kQrQuietZone);
    EXPECT_LE(x + run, size - kQrQuietZone);
    EXPECT_LT(y, size - kQrQuietZone);
  }
  // The three finder patterns: the first row starts with a run of 7.
  EXPECT_EQ(d.rfind("M4 4h7v1h-7z", 0), 0u);
}

TEST(QrSvg, TheLabelIsEscapedAndTooLongATextRefused) {
  auto svg = QrSvg("x", "a \"b\" <c> & d");
  ASSERT_TRUE(svg);
  EXPECT_NE(svg->find("aria-label=\"a &quot;b&quot; &lt;c&gt; &amp; d\""), std::string::npos);
  auto huge = QrSvg(std::string(8000, 'a'), "x");
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().code, "qr_too_long");
}

}  // namespace
}  // namespace relais::web
