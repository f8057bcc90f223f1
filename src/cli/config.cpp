#include "cli/config.h"

#include <charconv>
#include <cstdlib>

#include <toml++/toml.h>

namespace relais::cli {
namespace {

tl::unexpected<Error> Bad(const std::string& key, const std::string& why) {
  return Fail(ErrorKind::kInvalid, "invalid_config", "Configuration : « " + key + " » " + why, key);
}

Result<std::size_t> Count(const std::string& key, std::int64_t value, std::int64_t max) {
  if (value < 1 || value > max) {
    return Bad(key, "doit être un entier entre 1 et " + std::to_string(max) + ".");
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
  if (ec != std::errc() || end != text.data() + text.size()) return Bad(key, "doit être un entier.");
  return value;
}

Status ApplyToml(Config& config, const std::string& file) {
  toml::table table;
  try {
    table = toml::parse_file(file);
  } catch (const toml::parse_error& error) {
    return Fail(ErrorKind::kInvalid, "invalid_config",
                "Fichier de configuration « " + file + " » illisible, ligne " +
                    std::to_string(error.source().begin.line) + " : " + std::string(error.description()));
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
    auto n = Integer("RELAIS_WORKERS", *v).and_then([](std::int64_t x) { return Count("RELAIS_WORKERS", x, 256); });
    if (!n) return tl::unexpected(n.error());
    config.workers = *n;
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

Status SetListen(Config& config, const std::string& listen) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Bad("listen", "doit avoir la forme HÔTE:PORT, par exemple 127.0.0.1:8080.");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
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
  return config;
}

}  // namespace relais::cli
