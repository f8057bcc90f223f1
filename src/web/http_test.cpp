#include "web/http.h"

#include <gtest/gtest.h>

namespace relais::web {
namespace {

TEST(UrlEncoded, DecodesPairsEscapesAndPlus) {
  auto fields = ParseUrlEncoded("login=jos%C3%A9&password=a+b%26c&empty=&flag");
  ASSERT_TRUE(fields);
  EXPECT_EQ((*fields)["login"], "josé");
  EXPECT_EQ((*fields)["password"], "a b&c");
  EXPECT_EQ((*fields)["empty"], "");
  EXPECT_EQ((*fields)["flag"], "");
}

TEST(UrlEncoded, RefusesBadEscapesAndInvalidUtf8) {
  for (const char* bad : {"a=%", "a=%4", "a=%zz", "a=%FF", "a=%C3", "a=%ED%A0%80"}) {
    auto fields = ParseUrlEncoded(bad);
    ASSERT_FALSE(fields) << bad;
    EXPECT_EQ(fields.error().kind, ErrorKind::kMalformed);
  }
}

TEST(Utf8, AcceptsValidAndRefusesOverlongAndSurrogates) {
  EXPECT_TRUE(IsValidUtf8("Noyer-Doré ✓ 🏛"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // beyond U+10FFFF
  EXPECT_FALSE(IsValidUtf8("abc\xE2\x82"));       // truncated
}

TEST(Cookies, FindsTheNamedCookieOnly) {
  EXPECT_EQ(CookieValue("a=1; relais_session=xyz; b=2", "relais_session"), "xyz");
  EXPECT_EQ(CookieValue("relais_session_old=1", "relais_session"), "");
  EXPECT_EQ(CookieValue("", "relais_session"), "");
}

TEST(Request, WantsHtmlOnlyOutsideTheApi) {
  Request request;
  request.accept = "text/html,application/xhtml+xml";
  request.path = "/agent";
  EXPECT_TRUE(request.WantsHtml());
  request.path = "/api/v1/site";
  EXPECT_FALSE(request.WantsHtml());
}

TEST(Loopback, Only127SlashEightAndColonColonOne) {
  for (const char* address : {"127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(IsLoopback(address)) << address;
  }
  for (const char* address : {"128.0.0.1", "::ffff:10.0.0.1", "10.127.0.1", "2001:db8::1", ""}) {
    EXPECT_FALSE(IsLoopback(address)) << address;
  }
}

}  // namespace
}  // namespace relais::web
