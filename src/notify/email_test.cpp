#include "notify/email.h"

#include <gtest/gtest.h>

namespace relais::notify {
namespace {

TEST(Email, NonAsciiSubjectsAreEncodedWords) {
  EXPECT_EQ(EncodeHeaderWord("Rendez-vous"), "Rendez-vous");
  EXPECT_EQ(EncodeHeaderWord("Réservé"), "=?UTF-8?B?UsOpc2VydsOp?=");
}

TEST(Email, HeadersCannotBeInjected) {
  Email email{"a@b.fr", "x@y.fr\r\nBcc: victim@z.fr", "Sujet\nBcc: v@z.fr", "Bonjour", {}};
  const std::string text = FormatEmail(email, "Mon, 1 Dec 2025 10:00:00 +0100", "id1@relais");
  EXPECT_EQ(text.find("\r\nBcc:"), std::string::npos);
  EXPECT_EQ(text.find("\nBcc:"), std::string::npos);
}

TEST(Email, QuotedPrintableKeepsLinesShortAndEncodesSpecials) {
  const std::string body = QuotedPrintable(std::string(200, 'a') + "\n= é \nfin");
  std::size_t start = 0;
  while (start < body.size()) {
    const std::size_t end = body.find("\r\n", start);
    const std::size_t length = (end == std::string::npos ? body.size() : end) - start;
    EXPECT_LE(length, 76u);
    if (end == std::string::npos) break;
    start = end + 2;
  }
  EXPECT_NE(body.find("=3D =C3=A9=20\r\nfin"), std::string::npos) << body;
}

TEST(Email, AttachmentsMakeAMultipartMessage) {
  Email email{"a@b.fr", "x@y.fr", "RDV", "Texte", {{"rdv.ics", "text/calendar; method=REQUEST", "BEGIN:VCALENDAR"}}};
  const std::string text = FormatEmail(email, "Mon, 1 Dec 2025 10:00:00 +0100", "id2@relais");
  EXPECT_NE(text.find("multipart/mixed; boundary=\"relais-id2.relais\""), std::string::npos)
      << "no @ in a boundary (RFC 2046)";
  EXPECT_NE(text.find("Message-ID: <id2@relais>"), std::string::npos);
  EXPECT_NE(text.find("filename=\"rdv.ics\""), std::string::npos);
  EXPECT_NE(text.find("QkVHSU46VkNBTEVOREFS"), std::string::npos);  // base64 of BEGIN:VCALENDAR
  EXPECT_NE(text.find("--relais-id2.relais--\r\n"), std::string::npos);
}

}  // namespace
}  // namespace relais::notify
