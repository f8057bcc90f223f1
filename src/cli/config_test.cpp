#include "cli/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "tests/support/temp_dir.h"

namespace relais::cli {
namespace {

Environment Env(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(Config, DefaultsWithoutFileOrEnvironment) {
  auto config = LoadConfig("", Env({}));
  ASSERT_TRUE(config);
  EXPECT_EQ(config->host, "127.0.0.1");
  EXPECT_EQ(config->port, 8080);
  EXPECT_EQ(config->site.timezone, "Europe/Paris");
}

TEST(Config, FileThenEnvironmentOverride) {
  testing::TempDir dir;
  const std::string file = dir.File("relais.toml");
  std::ofstream(file)
      << "db = \"desk.sqlite\"\nlisten = \"0.0.0.0:9000\"\nworkers = 8\n"
         "trust_proxy = true\n[site]\nid = \"massy\"\nname = \"France Services Massy\"\n";
  auto config = LoadConfig(file, Env({{"RELAIS_LISTEN", "[::1]:9100"}}));
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->db, "desk.sqlite");
  EXPECT_EQ(config->host, "::1");
  EXPECT_EQ(config->port, 9100);
  EXPECT_EQ(config->workers, 8u);
  EXPECT_TRUE(config->trust_proxy);
  EXPECT_EQ(config->site.id, "massy");
  EXPECT_EQ(config->site.name, "France Services Massy");
}

TEST(Config, BadValuesFailWithTheKeyNamed) {
  testing::TempDir dir;
  const std::string file = dir.File("bad.toml");
  std::ofstream(file) << "workers = 0\n";
  auto config = LoadConfig(file, Env({}));
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().field, "workers");

  std::ofstream(dir.File("broken.toml")) << "db = \n";
  auto broken = LoadConfig(dir.File("broken.toml"), Env({}));
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("ligne 1"), std::string::npos);

  for (const char* listen : {"8080", "host:", "host:0", "host:70000", ":80", "host:8o"}) {
    auto refused = LoadConfig("", Env({{"RELAIS_LISTEN", listen}}));
    EXPECT_FALSE(refused) << listen;
  }
  EXPECT_FALSE(LoadConfig("", Env({{"RELAIS_TRUST_PROXY", "peut-être"}})));
  EXPECT_FALSE(LoadConfig(dir.File("missing.toml"), Env({})));
}

TEST(Config, ThePublicLimitIsPerHourAndZeroTurnsItOff) {
  auto defaults = LoadConfig("", Env({}));
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->public_limit, 30u);
  auto off = LoadConfig("", Env({{"RELAIS_PUBLIC_LIMIT", "0"}}));
  ASSERT_TRUE(off);
  EXPECT_EQ(off->public_limit, 0u);
  for (const char* bad : {"-1", "trente", "1000001"}) {
    auto refused = LoadConfig("", Env({{"RELAIS_PUBLIC_LIMIT", bad}}));
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().field, "RELAIS_PUBLIC_LIMIT") << bad;
  }
}

TEST(Config, NotificationsFromTheFileAndTheEnvironment) {
  auto defaults = LoadConfig("", Env({}));
  ASSERT_TRUE(defaults);
  EXPECT_TRUE(defaults->smtp.url.empty()) << "no e-mail without a server";
  EXPECT_EQ(defaults->sms.provider, "none");
  EXPECT_EQ(defaults->reminder_hours, std::vector<int>{24});
  EXPECT_EQ(PublicUrl(*defaults), "http://127.0.0.1:8080");

  testing::TempDir dir;
  const std::string file = dir.File("relais.toml");
  std::ofstream(file) << "public_url = \"https://rdv.exemple.fr/\"\n"
                         "[smtp]\nurl = \"smtps://smtp.exemple.fr\"\nusername = \"u\"\n"
                         "from = \"accueil@exemple.fr\"\nrequire_tls = true\n"
                         "[sms]\nprovider = \"http\"\nurl = \"https://sms.exemple.fr\"\n"
                         "[notifications]\nreminder_hours = [48, 2]\n";
  auto config =
      LoadConfig(file, Env({{"RELAIS_SMTP_PASSWORD", "secret"}, {"RELAIS_SMS_TOKEN", "t"}}));
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->smtp.url, "smtps://smtp.exemple.fr");
  EXPECT_EQ(config->smtp.username, "u");
  EXPECT_EQ(config->smtp.password, "secret");
  EXPECT_EQ(config->smtp.from, "accueil@exemple.fr");
  EXPECT_TRUE(config->smtp.require_tls);
  EXPECT_EQ(config->sms.provider, "http");
  EXPECT_EQ(config->sms.token, "t");
  EXPECT_EQ(config->reminder_hours, (std::vector<int>{48, 2}));
  EXPECT_EQ(PublicUrl(*config), "https://rdv.exemple.fr");

  EXPECT_EQ(LoadConfig("", Env({{"RELAIS_SMTP_URL", "http://x"}})).error().field, "smtp.url");
  EXPECT_EQ(LoadConfig("", Env({{"RELAIS_SMS_PROVIDER", "pigeon"}})).error().field, "sms.provider");
  EXPECT_EQ(LoadConfig("", Env({{"RELAIS_SMS_PROVIDER", "http"}})).error().field, "sms.url");
  EXPECT_EQ(LoadConfig("", Env({{"RELAIS_PUBLIC_URL", "rdv.fr"}})).error().field, "public_url");
  std::ofstream(dir.File("bad.toml")) << "[notifications]\nreminder_hours = [0]\n";
  EXPECT_EQ(LoadConfig(dir.File("bad.toml"), Env({})).error().field,
            "notifications.reminder_hours");
  std::ofstream(dir.File("bad2.toml")) << "[notifications]\nreminder_hours = 24\n";
  EXPECT_FALSE(LoadConfig(dir.File("bad2.toml"), Env({})));
}

TEST(Config, RetentionDurationsFromFileAndEnvironment) {
  auto defaults = LoadConfig("", Env({}));
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->retention.person_months, 24);
  EXPECT_EQ(defaults->retention.appointment_months, 3);
  EXPECT_EQ(defaults->retention.registration_months, 3);
  EXPECT_EQ(defaults->retention.outbox_months, 3);
  testing::TempDir dir;
  const std::string file = dir.File("relais.toml");
  std::ofstream(file) << "[retention]\nperson_months = 36\nappointment_months = 6\n";
  auto config = LoadConfig(file, Env({{"RELAIS_RETENTION_APPOINTMENT_MONTHS", "2"},
                                      {"RELAIS_RETENTION_OUTBOX_MONTHS", "1"}}));
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->retention.person_months, 36);
  EXPECT_EQ(config->retention.appointment_months, 2) << "the environment wins";
  EXPECT_EQ(config->retention.registration_months, 3);
  EXPECT_EQ(config->retention.outbox_months, 1);
  auto bad = LoadConfig("", Env({{"RELAIS_RETENTION_PERSON_MONTHS", "0"}}));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "RELAIS_RETENTION_PERSON_MONTHS");
  std::ofstream(file) << "[retention]\nregistration_months = 500\n";
  EXPECT_EQ(LoadConfig(file, Env({})).error().field, "retention.registration_months");
}

}  // namespace
}  // namespace relais::cli
