#include "web/router.h"

#include <gtest/gtest.h>

namespace relais::web {
namespace {

Response Named(std::string name) {
  Response response;
  response.body = std::move(name);
  return response;
}

Router Sample() {
  Router router;
  router.Add(Access::Public(),
             {"GET", "/api/v1/site", [](const Request&) { return Named("site"); }, false});
  router.Add(Access::Public(), {"POST", "/api/v1/appointments/{id}/cancel",
                                [](const Request&) { return Named("cancel"); }});
  router.Add(Access::Public(),
             {"GET", "/api/v1/appointments/{id}/ics", [](const Request&) { return Named("ics"); }});
  router.Add(Access::Public(),
             {"DELETE", "/api/v1/site", [](const Request&) { return Named("delete"); }});
  return router;
}

TEST(Router, MatchesLiteralAndParameterisedRoutes) {
  Router router = Sample();
  auto site = router.Find("GET", "/api/v1/site");
  ASSERT_NE(site.route, nullptr);
  EXPECT_EQ(site.route->handler({}).body, "site");
  auto cancel = router.Find("POST", "/api/v1/appointments/abc123/cancel");
  ASSERT_NE(cancel.route, nullptr);
  EXPECT_EQ(cancel.params.at("id"), "abc123");
}

TEST(Router, HeadUsesTheGetRoute) {
  EXPECT_NE(Sample().Find("HEAD", "/api/v1/site").route, nullptr);
}

TEST(Router, ReportsAllowedMethodsWhenOnlyTheMethodDiffers) {
  auto match = Sample().Find("PUT", "/api/v1/site");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_EQ(match.allowed, (std::vector<std::string>{"GET", "DELETE"}));
}

TEST(Router, UnknownPathsMatchNothing) {
  Router router = Sample();
  for (const char* path :
       {"/", "/api/v1", "/api/v1/site/", "/api/v1/appointments//cancel", "", "site"}) {
    auto match = router.Find("GET", path);
    EXPECT_EQ(match.route, nullptr) << path;
    EXPECT_TRUE(match.allowed.empty()) << path;
  }
}

}  // namespace
}  // namespace relais::web
