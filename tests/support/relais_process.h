// Test support: the real relais binary started on a free port, and a small
// libcurl HTTP client to speak to it.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "tests/support/ports.h"

namespace relais::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

// Runs the relais binary to completion with `args`, feeding `input` on stdin.
CommandResult RunRelais(const std::vector<std::string>& args, const std::string& input = "");

class RelaisProcess {
 public:
  // Starts `relais <args> --listen 127.0.0.1:PORT` and waits until /healthz answers.
  // REQUIRES: args start with "serve" or "demo".
  explicit RelaisProcess(std::vector<std::string> args);
  ~RelaisProcess();
  RelaisProcess(const RelaisProcess&) = delete;
  RelaisProcess& operator=(const RelaisProcess&) = delete;

  bool running() const { return pid_ > 0; }
  std::string Url(const std::string& path) const;
  int port() const { return port_; }
  // Sends SIGTERM and returns the exit code (-1 on a crash or timeout).
  int Stop();
  // Sends SIGKILL and reaps the process: it dies at once, with whatever it
  // was writing, as in a crash (what it wrote stays in the OS's cache).
  void Kill();
  // Starts the same command again (on the same database), or `args` when
  // given, on a new free port and waits until /healthz answers; the output
  // is kept appended.
  // REQUIRES: !running().
  void Restart(std::vector<std::string> args = {});
  // What the process printed so far.
  std::string Output() const;
  // True for `relais demo`: its admin and coordinator have the demo's TOTP secret.
  bool demo() const;

 private:
  void Start(bool append_log);

  std::vector<std::string> args_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_path_;
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::multimap<std::string, std::string> headers;  // names in lower case
  std::string Header(const std::string& name) const;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::string body;
  std::vector<std::string> headers;  // "Name: value"
};

HttpResponse Http(const HttpRequest& request);

// The "name=value" part of a Set-Cookie header for cookie `name`, or empty.
std::string CookieFrom(const HttpResponse& response, const std::string& name);

// A staff member signed in through the login page: the Cookie header to
// send (session and CSRF cookies) and the CSRF token for forms.
struct StaffSession {
  std::string cookie;  // "Cookie: relais_session=…; relais_csrf=…"
  std::string csrf;
  bool ok = false;
};
// Signs in with the TOTP code when the account has one (the demo's admin and
// coordinator, or an account this process enrolled); an account that must
// enrol is enrolled through the API, and its secret remembered.
StaffSession SignIn(const RelaisProcess& server, const std::string& login,
                    const std::string& password);

// The demo's published TOTP secret (README; app::kDemoTotpSecret).
inline constexpr char kDemoTotpSecret[] = "RELAISDEMOPIMMSANTONYDOUBLEFACTE";

// The TOTP secret this process knows for `login` on `server`, or empty.
std::string KnownTotpSecret(const RelaisProcess& server, const std::string& login);
// Remembers `secret` (base32) for `login` on `server`.
void RememberTotpSecret(const RelaisProcess& server, const std::string& login,
                        const std::string& secret);
// A code of `secret` never given before by this process for `login` on
// `server`: a code serves once, so each call takes a later step (±1 step
// of now), waiting for the next step when none is left.
std::string FreshTotpCode(const RelaisProcess& server, const std::string& login,
                          const std::string& secret);
// The body of POST /api/v1/session for `login`: {login, password} and, when
// this process knows the account's secret, a fresh "code".
std::string LoginJson(const RelaisProcess& server, const std::string& login,
                      const std::string& password = "demo");

// POSTs an urlencoded form `body` (the CSRF field is added) as `session`.
HttpResponse PostForm(const RelaisProcess& server, const StaffSession& session,
                      const std::string& path, const std::string& body);

}  // namespace relais::testing
