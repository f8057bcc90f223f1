// The messages of notices (e-mail and SMS texts in French, the .ics
// attached), the masked numbers of logs, and the HTTP SMS provider against
// a small HTTP server on loopback.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "notify/email_messenger.h"
#include "notify/sms.h"

namespace relais::notify {
namespace {

using namespace date::literals;
using std::chrono::hours;
using std::chrono::minutes;

app::Notice Sample(app::NoticeKind kind) {
  app::Notice notice;
  notice.message.id = "msg1";
  notice.message.kind = kind;
  notice.appointment.id = "rdv1";
  notice.appointment.person = {"Awa", "Diallo", "0612345678", "awa@exemple.fr", ""};
  // Tuesday 31 March 2026, 09:30 in Paris.
  notice.appointment.start = UtcTime{date::sys_days{2026_y / 3 / 31} + hours(7) + minutes(30)};
  notice.appointment.end = notice.appointment.start + minutes(45);
  notice.type.name = "Aide pour l'allocation logement (CAF)";
  notice.type.documents = "Numéro d'allocataire, RIB.";
  notice.site = {"s1", "PIMMS Médiation d'Antony", "1 place du Marché, 92160 Antony",
                 "Europe/Paris", ""};
  notice.manage_token = "TOKEN";
  notice.now = UtcTime{date::sys_days{2026_y / 3 / 20} + hours(9)};
  return notice;
}

TEST(RenderEmail, AConfirmationInFrenchWithItsLinkAndIcs) {
  auto email = RenderEmail(Sample(app::NoticeKind::kConfirmation),
                           {"accueil@pimms.example", "https://rdv.exemple.fr/"});
  ASSERT_TRUE(email);
  EXPECT_EQ(email->to, "awa@exemple.fr");
  EXPECT_EQ(email->from,
            "=?UTF-8?B?UElNTVMgTcOpZGlhdGlvbiBkJ0FudG9ueQ==?= <accueil@pimms.example>");
  EXPECT_EQ(email->subject, "Rendez-vous confirmé le mardi 31 mars 2026 à 9 h 30");
  for (const char* needle : {"Bonjour Awa,", "Motif : Aide pour l'allocation logement (CAF)",
                             "Date : mardi 31 mars 2026, de 9 h 30 à 10 h 15",
                             "Lieu : PIMMS Médiation d'Antony, 1 place du Marché, 92160 Antony",
                             "Pensez à apporter : Numéro d'allocataire, RIB.",
                             "https://rdv.exemple.fr/rendez-vous/gerer/rdv1?jeton=TOKEN"}) {
    EXPECT_NE(email->text.find(needle), std::string::npos) << needle << "\n" << email->text;
  }
  ASSERT_EQ(email->attachments.size(), 1u);
  EXPECT_EQ(email->attachments[0].content_type, "text/calendar; method=REQUEST");
  EXPECT_NE(email->attachments[0].content.find("DTSTART;TZID=Europe/Paris:20260331T093000"),
            std::string::npos);
  EXPECT_NE(email->attachments[0].content.find(
                "ORGANIZER;CN=\"PIMMS Médiation d'Antony\":mailto:accueil@pimms.example"),
            std::string::npos);
}

TEST(RenderEmail, ACancellationCarriesMethodCancelAndNoLink) {
  auto email =
      RenderEmail(Sample(app::NoticeKind::kCancellation), {"accueil@pimms.example", "http://x"});
  ASSERT_TRUE(email);
  EXPECT_EQ(email->subject, "Rendez-vous annulé : mardi 31 mars 2026 à 9 h 30");
  EXPECT_EQ(email->text.find("jeton"), std::string::npos);
  EXPECT_EQ(email->attachments[0].content_type, "text/calendar; method=CANCEL");
  EXPECT_NE(email->attachments[0].content.find("METHOD:CANCEL\r\n"), std::string::npos);
}

TEST(RenderEmail, NoTokenNoLink) {
  app::Notice notice = Sample(app::NoticeKind::kReminder);
  notice.manage_token.clear();
  auto email = RenderEmail(notice, {"relais <a@b.fr>", "http://x"});
  ASSERT_TRUE(email);
  EXPECT_EQ(email->from, "relais <a@b.fr>");
  EXPECT_EQ(email->subject, "Rappel : rendez-vous le mardi 31 mars 2026 à 9 h 30");
  EXPECT_EQ(email->text.find("jeton"), std::string::npos);
  EXPECT_EQ(MailDate(notice.now), "Fri, 20 Mar 2026 09:00:00 +0000");
}

TEST(Sms, TextsNumbersAndJson) {
  auto text = RenderSms(Sample(app::NoticeKind::kConfirmation), "https://rdv.exemple.fr");
  ASSERT_TRUE(text);
  EXPECT_EQ(*text,
            "PIMMS Médiation d'Antony : RDV confirmé le mar. 31/03 à 9 h 30. Gérer : "
            "https://rdv.exemple.fr/rendez-vous/gerer/rdv1?jeton=TOKEN");
  EXPECT_EQ(*RenderSms(Sample(app::NoticeKind::kCancellation), "http://x"),
            "PIMMS Médiation d'Antony : votre RDV du mar. 31/03 à 9 h 30 est annulé.");
  EXPECT_EQ(MaskedNumber("0612345678"), "06••••••78");
  EXPECT_EQ(InternationalNumber("0612345678"), "+33612345678");
  EXPECT_EQ(SmsJson("+33612345678", "a \"b\"\\\n\x01"),
            "{\"to\":\"+33612345678\",\"text\":\"a \\\"b\\\"\\\\\\n\\u0001\"}");
}

TEST(Sms, TheLogProviderLogsNothingPersonal) {
  std::string logged;
  LogSmsProvider provider([&](const std::string& line) { logged = line; });
  SmsMessenger messenger(provider, "http://x");
  ASSERT_TRUE(messenger.Send(Sample(app::NoticeKind::kReminder)));
  EXPECT_NE(logged.find("reminder"), std::string::npos) << logged;
  EXPECT_NE(logged.find("06••••••78"), std::string::npos) << logged;
  EXPECT_EQ(logged.find("0612345678"), std::string::npos) << logged;
  EXPECT_EQ(logged.find("Awa"), std::string::npos) << logged;
}

// Answers each connection with `status`, keeping the last request.
class HttpServer {
 public:
  explicit HttpServer(int status) : status_(status) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    listen(fd_, 4);
    thread_ = std::thread([this] { Serve(); });
  }
  ~HttpServer() {
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/sms"; }
  std::string request;

 private:
  void Serve() {
    for (;;) {
      const int client = accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      std::string received;
      char buffer[4096];
      for (;;) {
        const auto end = received.find("\r\n\r\n");
        if (end != std::string::npos) {
          const auto at = received.find("Content-Length: ");
          const std::size_t body =
              at == std::string::npos ? 0 : std::stoul(received.substr(at + 16));
          if (received.size() >= end + 4 + body) break;
        }
        const ssize_t n = read(client, buffer, sizeof buffer);
        if (n <= 0) break;
        received.append(buffer, static_cast<std::size_t>(n));
      }
      request = received;
      const std::string answer = "HTTP/1.1 " + std::to_string(status_) +
                                 " X\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
      (void)!write(client, answer.data(), answer.size());
      close(client);
    }
  }

  int status_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

TEST(HttpSmsProvider, PostsJsonWithItsBearerToken) {
  HttpServer server(200);
  HttpSmsProvider provider(server.Url(), "secret-token", 5);
  SmsMessenger messenger(provider, "https://rdv.exemple.fr");
  Status sent = messenger.Send(Sample(app::NoticeKind::kConfirmation));
  ASSERT_TRUE(sent) << sent.error().message;
  EXPECT_EQ(server.request.rfind("POST /sms HTTP/1.1\r\n", 0), 0u) << server.request;
  EXPECT_NE(server.request.find("Authorization: Bearer secret-token\r\n"), std::string::npos);
  EXPECT_NE(server.request.find("Content-Type: application/json\r\n"), std::string::npos);
  EXPECT_NE(server.request.find(
                "{\"to\":\"+33612345678\",\"text\":\"PIMMS Médiation d'Antony : RDV confirmé"),
            std::string::npos)
      << server.request;
}

TEST(HttpSmsProvider, ServerErrorsAreRetriedRefusalsAreNot) {
  {
    HttpServer server(503);
    Status sent = HttpSmsProvider(server.Url(), "t", 5).Send({"0612345678", "x", "reminder"});
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().kind, ErrorKind::kUnavailable);
  }
  {
    HttpServer server(400);
    Status sent = HttpSmsProvider(server.Url(), "t", 5).Send({"0612345678", "x", "reminder"});
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().kind, ErrorKind::kInvalid);
  }
  Status unreachable =
      HttpSmsProvider("http://127.0.0.1:1/sms", "t", 5).Send({"0612345678", "x", "r"});
  ASSERT_FALSE(unreachable);
  EXPECT_EQ(unreachable.error().kind, ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace relais::notify
