#include "cli/config.h"

#include <charconv>
#include <cstdlib>

#include <toml++/toml.h>

namespace relais::cli {
namespace {

tl::unexpected<Error> Bad(const std::string& key, const std::string& why) {
  return Fail(ErrorKind::kInvalid, "invalid_config", "Configuration : « " + key + " » " + why, key);
}

Result<std::size_t> Count(const std::string& key, std::int64_t value, std::int64_t max,
                          std::int64_t min = 1) {
  if (value < min || value > max) {
    return Bad(key, "doit être un entier entre " + std::to_string(min) + " et " +
                        std::to_string(max) + ".");
  }
  return static_cast<std::size_t>(value);
}

Result<bool> Boolean(const std::string& key, const std::string& text) {
  if (text == "1" || text == "true" || text == "yes") return true;
  if (text == "0" || text == "false" || text == "no") return false;
  return Bad(key, "doit valoir true ou false.");
}

Result<std::int64_t> Integer(const std::string& key, const std::string& text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    return Bad(key, "doit être un entier.");
  return value;
}

Status CheckUrl(const std::string& key, const std::string& url,
                std::initializer_list<std::string_view> schemes) {
  for (std::string_view scheme : schemes) {
    if (url.rfind(scheme, 0) == 0 && url.size() > scheme.size()) return {};
  }
  std::string list;
  for (std::string_view scheme : schemes) {
    list += (list.empty() ? "" : " ou ") + std::string(scheme);
  }
  return Bad(key, "doit commencer par " + list + ".");
}

Status CheckNotifications(const Config& config) {
  if (!config.smtp.url.empty()) {
    if (auto ok = CheckUrl("smtp.url", config.smtp.url, {"smtp://", "smtps://"}); !ok) return ok;
  }
  if (config.sms.provider != "none" && config.sms.provider != "log" &&
      config.sms.provider != "http") {
    return Bad("sms.provider", "vaut \"none\", \"log\" ou \"http\".");
  }
  if (config.sms.provider == "http") {
    if (auto ok = CheckUrl("sms.url", config.sms.url, {"http://", "https://"}); !ok) return ok;
  }
  if (!config.public_url.empty()) {
    if (auto ok = CheckUrl("public_url", config.public_url, {"http://", "https://"}); !ok) {
      return ok;
    }
  }
  if (config.reminder_hours.size() > 5) {
    return Bad("notifications.reminder_hours", "compte au plus 5 rappels.");
  }
  for (int hours : config.reminder_hours) {
    if (hours < 1 || hours > 24 * 30) {
      return Bad("notifications.reminder_hours", "compte des heures entre 1 et 720.");
    }
  }
  return {};
}

// The retention durations: [retention] in the file, RELAIS_RETENTION_* in
// the environment, each a number of months.
struct RetentionKey {
  const char* name;  // in [retention]
  const char* env;
  int app::RetentionPolicy::*months;
};
constexpr RetentionKey kRetentionKeys[] = {
    {"person_months", "RELAIS_RETENTION_PERSON_MONTHS", &app::RetentionPolicy::person_months},
    {"appointment_months", "RELAIS_RETENTION_APPOINTMENT_MONTHS",
     &app::RetentionPolicy::appointment_months},
    {"registration_months", "RELAIS_RETENTION_REGISTRATION_MONTHS",
     &app::RetentionPolicy::registration_months},
    {"outbox_months", "RELAIS_RETENTION_OUTBOX_MONTHS", &app::RetentionPolicy::outbox_months}};

Status SetRetention(Config& config, const RetentionKey& key, const std::string& where,
                    std::int64_t value) {
  auto n = Count(where, value, app::kMaxRetentionMonths);
  if (!n) return tl::unexpected(n.error());
  config.retention.*key.months = static_cast<int>(*n);
  return {};
}

Status ApplyToml(Config& config, const std::string& file) {
  toml::table table;
  try {
    table = toml::parse_file(file);
  } catch (const toml::parse_error& error) {
    return Fail(ErrorKind::kInvalid, "invalid_config",
                "Fichier de configuration « " + file + " » illisible, ligne " +
                    std::to_string(error.source().begin.line) + " : " +
                    std::string(error.description()));
  }
  if (auto v = table["db"].value<std::string>()) config.db = *v;
  if (auto v = table["listen"].value<std::string>()) {
    if (auto ok = SetListen(config, *v); !ok) return ok;
  }
  if (auto v = table["io_threads"].value<std::int64_t>()) {
    auto n = Count("io_threads", *v, 64);
    if (!n) return tl::unexpected(n.error());
    config.io_threads = *n;
  }
  if (auto v = table["workers"].value<std::int64_t>()) {
    auto n = Count("workers", *v, 256);
    if (!n) return tl::unexpected(n.error());
    config.workers = *n;
  }
  if (auto v = table["max_body_kib"].value<std::int64_t>()) {
    auto n = Count("max_body_kib", *v, 1024 * 1024);
    if (!n) return tl::unexpected(n.error());
    config.max_body_kib = *n;
  }
  if (auto v = table["trust_proxy"].value<bool>()) config.trust_proxy = *v;
  if (auto v = table["public_limit"].value<std::int64_t>()) {
    auto n = Count("public_limit", *v, 1'000'000, 0);
    if (!n) return tl::unexpected(n.error());
    config.public_limit = *n;
  }
  if (auto v = table["public_url"].value<std::string>()) config.public_url = *v;
  if (const toml::table* smtp = table["smtp"].as_table()) {
    if (auto v = (*smtp)["url"].value<std::string>()) config.smtp.url = *v;
    if (auto v = (*smtp)["username"].value<std::string>()) config.smtp.username = *v;
    if (auto v = (*smtp)["password"].value<std::string>()) config.smtp.password = *v;
    if (auto v = (*smtp)["from"].value<std::string>()) config.smtp.from = *v;
    if (auto v = (*smtp)["require_tls"].value<bool>()) config.smtp.require_tls = *v;
  }
  if (const toml::table* sms = table["sms"].as_table()) {
    if (auto v = (*sms)["provider"].value<std::string>()) config.sms.provider = *v;
    if (auto v = (*sms)["url"].value<std::string>()) config.sms.url = *v;
    if (auto v = (*sms)["token"].value<std::string>()) config.sms.token = *v;
  }
  if (const toml::table* notifications = table["notifications"].as_table()) {
    if (const toml::node* node = notifications->get("reminder_hours")) {
      const toml::array* hours = node->as_array();
      if (hours == nullptr) {
        return Bad("notifications.reminder_hours", "est une liste d'heures, par exemple [24, 2].");
      }
      config.reminder_hours.clear();
      for (const toml::node& item : *hours) {
        auto value = item.value<std::int64_t>();
        if (!value || *value < 1 || *value > 24 * 30) {
          return Bad("notifications.reminder_hours", "compte des heures entre 1 et 720.");
        }
        config.reminder_hours.push_back(static_cast<int>(*value));
      }
    }
  }
  if (const toml::table* retention = table["retention"].as_table()) {
    for (const RetentionKey& key : kRetentionKeys) {
      if (auto v = (*retention)[key.name].value<std::int64_t>()) {
        if (auto ok = SetRetention(config, key, std::string("retention.") + key.name, *v); !ok) {
          return ok;
        }
      }
    }
  }
  if (const toml::table* site = table["site"].as_table()) {
    if (auto v = (*site)["id"].value<std::string>()) config.site.id = *v;
    if (auto v = (*site)["name"].value<std::string>()) config.site.name = *v;
    if (auto v = (*site)["address"].value<std::string>()) config.site.address = *v;
    if (auto v = (*site)["timezone"].value<std::string>()) config.site.timezone = *v;
    if (auto v = (*site)["opening_hours"].value<std::string>()) config.site.opening_hours = *v;
  }
  return {};
}

Status ApplyEnvironment(Config& config, const Environment& env) {
  if (auto v = env("RELAIS_DB")) config.db = *v;
  if (auto v = env("RELAIS_LISTEN")) {
    if (auto ok = SetListen(config, *v); !ok) return ok;
  }
  if (auto v = env("RELAIS_SITE")) config.site.id = *v;
  if (auto v = env("RELAIS_WORKERS")) {
    auto n = Integer("RELAIS_WORKERS", *v).and_then([](std::int64_t x) {
      return Count("RELAIS_WORKERS", x, 256);
    });
    if (!n) return tl::unexpected(n.error());
    config.workers = *n;
  }
  if (auto v = env("RELAIS_PUBLIC_LIMIT")) {
    auto n = Integer("RELAIS_PUBLIC_LIMIT", *v).and_then([](std::int64_t x) {
      return Count("RELAIS_PUBLIC_LIMIT", x, 1'000'000, 0);
    });
    if (!n) return tl::unexpected(n.error());
    config.public_limit = *n;
  }
  const std::pair<const char*, std::string*> texts[] = {
      {"RELAIS_PUBLIC_URL", &config.public_url},
      {"RELAIS_SMTP_URL", &config.smtp.url},
      {"RELAIS_SMTP_USERNAME", &config.smtp.username},
      {"RELAIS_SMTP_PASSWORD", &config.smtp.password},
      {"RELAIS_SMTP_FROM", &config.smtp.from},
      {"RELAIS_SMS_PROVIDER", &config.sms.provider},
      {"RELAIS_SMS_URL", &config.sms.url},
      {"RELAIS_SMS_TOKEN", &config.sms.token}};
  for (const auto& [name, out] : texts) {
    if (auto v = env(name)) *out = *v;
  }
  for (const RetentionKey& key : kRetentionKeys) {
    if (auto v = env(key.env)) {
      auto n = Integer(key.env, *v);
      if (!n) return tl::unexpected(n.error());
      if (auto ok = SetRetention(config, key, key.env, *n); !ok) return ok;
    }
  }
  if (auto v = env("RELAIS_TRUST_PROXY")) {
    auto b = Boolean("RELAIS_TRUST_PROXY", *v);
    if (!b) return tl::unexpected(b.error());
    config.trust_proxy = *b;
  }
  return {};
}

}  // namespace

Environment ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::string PublicUrl(const Config& config) {
  if (!config.public_url.empty()) {
    std::string url = config.public_url;
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
  }
  const bool ipv6 = config.host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + config.host + "]" : config.host) + ":" +
         std::to_string(config.port);
}

Status SetListen(Config& config, const std::string& listen) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Bad("listen", "doit avoir la forme HÔTE:PORT, par exemple 127.0.0.1:8080.");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  auto port = Integer("listen", listen.substr(colon + 1));
  if (!port || *port < 1 || *port > 65535) return Bad("listen", "a un port invalide (1 à 65535).");
  config.host = host;
  config.port = static_cast<std::uint16_t>(*port);
  return {};
}

Result<Config> LoadConfig(const std::string& file, const Environment& env) {
  Config config;
  if (!file.empty()) {
    if (auto ok = ApplyToml(config, file); !ok) return tl::unexpected(ok.error());
  }
  if (auto ok = ApplyEnvironment(config, env); !ok) return tl::unexpected(ok.error());
  if (auto ok = CheckNotifications(config); !ok) return tl::unexpected(ok.error());
  return config;
}

}  // namespace relais::cli
