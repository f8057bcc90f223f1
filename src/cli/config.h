// Configuration: defaults, then a TOML file, then environment variables
// (RELAIS_*), then command-line flags. A bad value fails at start-up with
// a clear French message.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "domain/error.h"
#include "domain/site.h"

namespace relais::cli {

struct Config {
  std::string db = "relais.sqlite";
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::size_t io_threads = 2;
  std::size_t workers = 4;
  std::size_t max_body_kib = 1024;
  bool trust_proxy = false;
  // The served site; created with these values when the database lacks it.
  Site site{"principal", "Lieu de médiation", "", "Europe/Paris",
            "Mo-Fr 09:00-12:00,14:00-17:00; PH off"};
};

using Environment = std::function<std::optional<std::string>(const std::string&)>;

// The process's environment.
Environment ProcessEnvironment();

// Reads `file` (when not empty) over the defaults, then `env` over that.
Result<Config> LoadConfig(const std::string& file, const Environment& env);

// Sets host and port from "HOST:PORT" or "[IPv6]:PORT".
Status SetListen(Config& config, const std::string& listen);

}  // namespace relais::cli
