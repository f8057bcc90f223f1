#include "tests/support/relais_process.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

#include "domain/totp.h"
#include "tests/support/desk_database.h"

#ifndef RELAIS_BINARY
#error "RELAIS_BINARY must name the relais executable"
#endif

namespace relais::testing {
namespace {

std::string TempLogPath() {
  std::random_device random;
  return (std::filesystem::temp_directory_path() /
          ("relais-test-" + std::to_string(random()) + ".log"))
      .string();
}

std::vector<char*> Argv(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(RELAIS_BINARY));
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  return argv;
}

int WaitExit(pid_t pid, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return -1;
}

size_t CollectBody(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

size_t CollectHeader(char* data, size_t size, size_t count, void* out) {
  std::string line(data, size * count);
  const auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    static_cast<std::multimap<std::string, std::string>*>(out)->emplace(name, value);
  }
  return size * count;
}

// What this process knows of each server's TOTP accounts: the secret and
// the step of the last code given (a code serves once).
struct TotpAccount {
  std::string secret;
  std::int64_t last_step = 0;
};
std::mutex totp_mutex;
std::map<std::pair<const RelaisProcess*, std::string>, TotpAccount>
    totp_accounts;  // GUARDED_BY(totp_mutex)

// The entry of `login` on `server`, the demo's secret for the demo's admin
// and coordinator. REQUIRES: totp_mutex held.
TotpAccount& TotpAccountOf(const RelaisProcess& server, const std::string& login) {
  TotpAccount& account = totp_accounts[{&server, login}];
  if (account.secret.empty() && server.demo() && (login == "admin" || login == "coordinator")) {
    account.secret = kDemoTotpSecret;
  }
  return account;
}

}  // namespace

std::string KnownTotpSecret(const RelaisProcess& server, const std::string& login) {
  std::lock_guard lock(totp_mutex);
  return TotpAccountOf(server, login).secret;
}

void RememberTotpSecret(const RelaisProcess& server, const std::string& login,
                        const std::string& secret) {
  std::lock_guard lock(totp_mutex);
  TotpAccountOf(server, login).secret = secret;
}

std::string FreshTotpCode(const RelaisProcess& server, const std::string& login,
                          const std::string& secret) {
  const auto key = totp::Base32Decode(secret);
  if (!key) throw std::runtime_error("not a base32 secret");
  for (;;) {
    const auto now = std::chrono::system_clock::now();
    const std::int64_t step = totp::StepAt(now);
    const auto into =
        now - totp::Instant(std::chrono::duration_cast<std::chrono::system_clock::duration>(
                  step * totp::kStep));
    {
      std::lock_guard lock(totp_mutex);
      TotpAccount& account = TotpAccountOf(server, login);
      // The previous step only when the server will still accept it.
      const std::int64_t earliest = into < std::chrono::seconds(25) ? step - 1 : step;
      const std::int64_t chosen = std::max(account.last_step + 1, earliest);
      if (chosen <= step + 1) {
        account.last_step = chosen;
        return *totp::CodeAt(*key, chosen);
      }
    }
    std::this_thread::sleep_for(totp::kStep - into + std::chrono::milliseconds(50));
  }
}

std::string LoginJson(const RelaisProcess& server, const std::string& login,
                      const std::string& password) {
  nlohmann::json body = {{"login", login}, {"password", password}};
  const std::string secret = KnownTotpSecret(server, login);
  if (!secret.empty()) body["code"] = FreshTotpCode(server, login, secret);
  return body.dump();
}

CommandResult RunRelais(const std::vector<std::string>& args, const std::string& input) {
  // Before the fork: it may create a database.
  const std::vector<std::string> desk_args = WithDeskDatabase(args);
  auto argv = Argv(desk_args);
  int in_pipe[2];
  int out_pipe[2];
  if (pipe(in_pipe) != 0 || pipe(out_pipe) != 0) throw std::runtime_error("pipe");
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(in_pipe[0], STDIN_FILENO);
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(out_pipe[1], STDERR_FILENO);
    close(in_pipe[1]);
    close(out_pipe[0]);
    execv(RELAIS_BINARY, argv.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  if (!input.empty()) (void)!write(in_pipe[1], input.data(), input.size());
  close(in_pipe[1]);
  CommandResult result;
  char buffer[4096];
  ssize_t n;
  while ((n = read(out_pipe[0], buffer, sizeof buffer)) > 0)
    result.out.append(buffer, static_cast<size_t>(n));
  close(out_pipe[0]);
  result.exit_code = WaitExit(pid, std::chrono::seconds(120));
  return result;
}

RelaisProcess::RelaisProcess(std::vector<std::string> args)
    : args_(std::move(args)), log_path_(TempLogPath()) {
  Start(false);
}

void RelaisProcess::Start(bool append_log) {
  port_ = FreePort();
  std::vector<std::string> args = WithDeskDatabase(args_);
  args.push_back("--listen");
  args.push_back("127.0.0.1:" + std::to_string(port_));
  pid_ = fork();
  if (pid_ == 0) {
    const int log =
        open(log_path_.c_str(), O_WRONLY | O_CREAT | (append_log ? O_APPEND : O_TRUNC), 0600);
    dup2(log, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    const int null = open("/dev/null", O_RDONLY);
    dup2(null, STDIN_FILENO);
    auto argv = Argv(args);
    execv(RELAIS_BINARY, argv.data());
    _exit(127);
  }
  // Long enough for the demo's first load on a loaded machine.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(240);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    if (Http({"GET", Url("/healthz"), "", {}}).status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Stop();
}

void RelaisProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

void RelaisProcess::Restart(std::vector<std::string> args) {
  if (pid_ > 0) return;
  if (!args.empty()) args_ = std::move(args);
  Start(true);
}

RelaisProcess::~RelaisProcess() {
  Stop();
  std::remove(log_path_.c_str());
  std::lock_guard lock(totp_mutex);
  std::erase_if(totp_accounts, [this](const auto& entry) { return entry.first.first == this; });
}

bool RelaisProcess::demo() const {
  return std::find(args_.begin(), args_.end(), "demo") != args_.end();
}

std::string RelaisProcess::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

int RelaisProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  const int code = WaitExit(pid_, std::chrono::seconds(30));
  pid_ = -1;
  return code;
}

std::string RelaisProcess::Output() const {
  std::ifstream in(log_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string HttpResponse::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

HttpResponse Http(const HttpRequest& request) {
  HttpResponse response;
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  if (!request.body.empty() || request.method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
  curl_slist* headers = nullptr;
  for (const auto& header : request.headers) headers = curl_slist_append(headers, header.c_str());
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, CollectBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, CollectHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  if (curl_easy_perform(curl) == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return response;
}

std::string CookieFrom(const HttpResponse& response, const std::string& name) {
  auto range = response.headers.equal_range("set-cookie");
  for (auto it = range.first; it != range.second; ++it) {
    if (it->second.rfind(name + "=", 0) == 0) return it->second.substr(0, it->second.find(';'));
  }
  return {};
}

StaffSession SignIn(const RelaisProcess& server, const std::string& login,
                    const std::string& password) {
  StaffSession session;
  auto form = Http({"GET", server.Url("/connexion"), "", {}});
  const std::string csrf_cookie = CookieFrom(form, "relais_csrf");
  session.csrf = csrf_cookie.substr(csrf_cookie.find('=') + 1);
  const std::string secret = KnownTotpSecret(server, login);
  const std::string code = secret.empty() ? "" : "&code=" + FreshTotpCode(server, login, secret);
  auto signed_in =
      Http({"POST",
            server.Url("/connexion"),
            "login=" + login + "&password=" + password + "&csrf=" + session.csrf + code,
            {"Content-Type: application/x-www-form-urlencoded", "Cookie: " + csrf_cookie}});
  const std::string session_cookie = CookieFrom(signed_in, "relais_session");
  session.ok = signed_in.status == 303 && !session_cookie.empty();
  session.cookie = "Cookie: " + session_cookie + "; " + csrf_cookie;
  if (session.ok && signed_in.Header("location") == "/connexion/double-facteur") {
    // An account that must enrol: enrol it as its agent would.
    const std::vector<std::string> headers = {"Content-Type: application/json", session.cookie};
    auto begun = Http({"POST", server.Url("/api/v1/session/totp"), "{}", headers});
    const std::string new_secret = nlohmann::json::parse(begun.body).value("secret", "");
    RememberTotpSecret(server, login, new_secret);
    auto confirmed =
        Http({"POST", server.Url("/api/v1/session/totp/confirm"),
              nlohmann::json{{"code", FreshTotpCode(server, login, new_secret)}}.dump(), headers});
    session.ok = confirmed.status == 200;
  }
  return session;
}

HttpResponse PostForm(const RelaisProcess& server, const StaffSession& session,
                      const std::string& path, const std::string& body) {
  return Http({"POST",
               server.Url(path),
               body + (body.empty() ? "" : "&") + "csrf=" + session.csrf,
               {"Content-Type: application/x-www-form-urlencoded", session.cookie}});
}

}  // namespace relais::testing
