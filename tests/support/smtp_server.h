// Test support: a real SMTP server on loopback (Debian's python3-aiosmtpd,
// its Mailbox handler storing each message in a Maildir), and the messages
// it received.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/ports.h"

namespace relais::testing {

class SmtpServer {
 public:
  explicit SmtpServer(std::string maildir) : port_(FreePort()), maildir_(std::move(maildir)) {
    pid_ = fork();
    if (pid_ == 0) {
      const std::string listen = "127.0.0.1:" + std::to_string(port_);
      execl("/usr/bin/python3", "/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", listen.c_str(),
            "-c", "aiosmtpd.handlers.Mailbox", maildir_.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    ready_ = WaitForPort(port_, std::chrono::seconds(20));
  }
  ~SmtpServer() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  int port() const { return port_; }
  bool ready() const { return ready_; }
  std::string Url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

  // Every message received so far, in no particular order.
  std::vector<std::string> Messages() const {
    std::vector<std::string> messages;
    const std::filesystem::path dir = std::filesystem::path(maildir_) / "new";
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      messages.push_back(text.str());
    }
    return messages;
  }

 private:
  int port_;
  std::string maildir_;
  bool ready_ = false;
  pid_t pid_ = -1;
};

}  // namespace relais::testing
