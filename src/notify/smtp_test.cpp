// A real SMTP server on loopback (Debian's python3-aiosmtpd, storing what it
// receives in a Maildir) receives what SmtpSender sends.
#include "notify/smtp.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/support/ports.h"
#include "tests/support/temp_dir.h"

namespace relais::notify {
namespace {

constexpr char kPython[] = "/usr/bin/python3";

class SmtpServer {
 public:
  explicit SmtpServer(const std::string& maildir) : port_(testing::FreePort()) {
    pid_ = fork();
    if (pid_ == 0) {
      const std::string listen = "127.0.0.1:" + std::to_string(port_);
      execl(kPython, kPython, "-m", "aiosmtpd", "-n", "-l", listen.c_str(), "-c",
            "aiosmtpd.handlers.Mailbox", maildir.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    ready_ = testing::WaitForPort(port_, std::chrono::seconds(20));
  }
  ~SmtpServer() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  int port() const { return port_; }
  bool ready() const { return ready_; }

 private:
  int port_;
  bool ready_ = false;
  pid_t pid_;
};

std::string ReadOnlyMessage(const std::filesystem::path& maildir) {
  for (int i = 0; i < 50; ++i) {
    if (std::filesystem::exists(maildir / "new")) {
      for (const auto& entry : std::filesystem::directory_iterator(maildir / "new")) {
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return {};
}

TEST(Smtp, ARealServerReceivesTheMessageAndItsAttachment) {
  testing::TempDir dir;
  SmtpServer server(dir.File("maildir"));
  ASSERT_TRUE(server.ready()) << "the SMTP server (Debian's python3-aiosmtpd) did not start";
  SmtpSender sender({"smtp://127.0.0.1:" + std::to_string(server.port()), "", "", false, 10});
  Email email{"PIMMS d'Antony <accueil@pimms.example>", "usager@example.org",
              "Votre rendez-vous du 1er décembre à 9 h 30", "Bonjour,\nVotre rendez-vous est confirmé.\n",
              {{"rendez-vous.ics", "text/calendar; method=REQUEST", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"}}};
  Status sent = sender.Send(email, "Mon, 31 Mar 2025 08:00:00 +0200", "rdv1@relais");
  ASSERT_TRUE(sent) << sent.error().message;
  const std::string received = ReadOnlyMessage(dir.path() / "maildir");
  ASSERT_FALSE(received.empty());
  EXPECT_NE(received.find("Message-ID: <rdv1@relais>"), std::string::npos) << received;
  EXPECT_NE(received.find("To: usager@example.org"), std::string::npos);
  EXPECT_NE(received.find("filename=\"rendez-vous.ics\""), std::string::npos);
  EXPECT_NE(received.find("=?UTF-8?B?"), std::string::npos) << "the French subject is encoded";
}

TEST(Smtp, AnUnreachableServerIsAnErrorNotACrash) {
  SmtpSender sender({"smtp://127.0.0.1:1", "", "", false, 5});
  Status sent = sender.Send({"a@b.fr", "c@d.fr", "Sujet", "Texte", {}}, "Mon, 31 Mar 2025 08:00:00 +0200", "x@relais");
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ErrorKind::kUnavailable);
}

TEST(Smtp, MailboxAddressesAreExtracted) {
  EXPECT_EQ(MailboxAddress("PIMMS <accueil@pimms.example>"), "accueil@pimms.example");
  EXPECT_EQ(MailboxAddress("usager@example.org"), "usager@example.org");
}

}  // namespace
}  // namespace relais::notify
