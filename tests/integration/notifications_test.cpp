// Notifications over real SMTP: relais (the demo desk) configured to a real
// SMTP server on loopback (Debian's python3-aiosmtpd) sends the booking's
// confirmation with its .ics, then the cancellation's METHOD:CANCEL, and
// nothing twice after a restart. Then an appointment's .ics and the
// mediators' calendar feeds over HTTP.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "tests/support/dates.h"
#include "tests/support/relais_process.h"
#include "tests/support/smtp_server.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

const std::vector<std::string> kJson = {"Content-Type: application/json"};

std::string Base64Decode(const std::string& text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    const auto at = kAlphabet.find(c);
    if (at == std::string::npos) continue;  // line ends, padding
    buffer = (buffer << 6) | static_cast<unsigned>(at);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

// The .ics attached to a received message, decoded; empty when none.
std::string IcsOf(const std::string& message) {
  const auto name = message.find("filename=\"rendez-vous.ics\"");
  if (name == std::string::npos) return {};
  auto blank = message.find("\n\n", name);
  auto crlf = message.find("\r\n\r\n", name);
  const std::size_t start = std::min(blank == std::string::npos ? crlf : blank + 2,
                                     crlf == std::string::npos ? blank + 2 : crlf + 4);
  const auto end = message.find("--", start);
  return Base64Decode(message.substr(start, end - start));
}

// The plain-text part with its quoted-printable soft breaks and '=' undone.
std::string TextOf(const std::string& message) {
  std::string text;
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '=' && message.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;
    } else if (message[i] == '=' && message.compare(i + 1, 1, "\n") == 0) {
      i += 1;
    } else if (message.compare(i, 3, "=3D") == 0) {
      text += '=';
      i += 2;
    } else {
      text += message[i];
    }
  }
  return text;
}

// "2026-03-31T09:30:00+02:00" → "20260331T093000".
std::string LocalStamp(const std::string& rfc3339) {
  std::string stamp;
  for (char c : rfc3339.substr(0, 19)) {
    if (c != '-' && c != ':') stamp += c;
  }
  return stamp;
}

class Notifications : public ::testing::Test {
 protected:
  void SetUp() override {
    smtp_ = std::make_unique<SmtpServer>(dir_.File("maildir"));
    ASSERT_TRUE(smtp_->ready()) << "the SMTP server (Debian's python3-aiosmtpd) did not start";
    std::ofstream config(dir_.File("relais.toml"));
    config << "public_url = \"https://rdv.exemple.fr\"\n"
           << "[smtp]\nurl = \"" << smtp_->Url() << "\"\nfrom = \"accueil@pimms.example\"\n"
           << "[notifications]\nreminder_hours = [24, 2]\n";
  }

  std::unique_ptr<RelaisProcess> Start() {
    auto relais = std::make_unique<RelaisProcess>(std::vector<std::string>{
        "--config", dir_.File("relais.toml"), "demo", "--db", dir_.File("demo.sqlite")});
    EXPECT_TRUE(relais->running()) << relais->Output();
    return relais;
  }

  // The free starts of a short type from the day after tomorrow on.
  static std::vector<std::string> Starts(const RelaisProcess& relais) {
    auto response = Http({"GET",
                          relais.Url("/api/v1/slots?type=orientation&from=" + DateFromToday(2) +
                                     "&to=" + DateFromToday(20)),
                          "",
                          {}});
    EXPECT_EQ(response.status, 200) << response.body;
    std::vector<std::string> starts;
    const json body = json::parse(response.body, nullptr, false);
    if (body.is_object()) {
      for (const auto& slot : body["slots"]) starts.push_back(slot["start"]);
    }
    return starts;
  }

  static json Book(const RelaisProcess& relais, const std::string& start) {
    const json body = {
        {"type", "orientation"},
        {"start", start},
        {"person",
         {{"first_name", "Awa"}, {"last_name", "Diallo"}, {"email", "awa.diallo@exemple.fr"}}},
        {"consent", true}};
    auto response = Http({"POST", relais.Url("/api/v1/appointments"), body.dump(), kJson});
    EXPECT_EQ(response.status, 201) << response.body;
    return json::parse(response.body, nullptr, false);
  }

  // Waits (a deadline, not a sleep) until `count` messages have arrived.
  std::vector<std::string> WaitForMessages(std::size_t count) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    auto messages = smtp_->Messages();
    while (messages.size() < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      messages = smtp_->Messages();
    }
    return messages;
  }

  static const std::string* WithIcs(const std::vector<std::string>& messages,
                                    const std::string& needle) {
    for (const std::string& m : messages) {
      if (IcsOf(m).find(needle) != std::string::npos) return &m;
    }
    return nullptr;
  }

  TempDir dir_;
  std::unique_ptr<SmtpServer> smtp_;
};

TEST_F(Notifications, ConfirmationThenCancellationByEmailAndNothingTwiceAfterARestart) {
  auto relais = Start();
  ASSERT_TRUE(relais->running());
  const auto starts = Starts(*relais);
  ASSERT_GE(starts.size(), 2u);
  const json booked = Book(*relais, starts.front());
  ASSERT_TRUE(booked.is_object());
  const std::string id = booked["id"];
  const std::string token = booked["manage_token"];

  auto messages = WaitForMessages(1);
  ASSERT_EQ(messages.size(), 1u) << relais->Output();
  const std::string& confirmation = messages.front();
  EXPECT_NE(confirmation.find("Message-ID: <"), std::string::npos);
  EXPECT_NE(confirmation.find("To: awa.diallo@exemple.fr"), std::string::npos) << confirmation;
  const std::string text = TextOf(confirmation);
  EXPECT_NE(text.find("Bonjour Awa,"), std::string::npos) << text;
  EXPECT_NE(text.find("https://rdv.exemple.fr/rendez-vous/gerer/" + id + "?jeton=" + token),
            std::string::npos)
      << "the manage link, as given at booking\n"
      << text;
  const std::string ics = IcsOf(confirmation);
  ASSERT_FALSE(ics.empty()) << confirmation;
  for (const std::string& needle :
       {std::string("METHOD:REQUEST\r\n"), "UID:" + id + "@relais\r\n",
        "DTSTART;TZID=Europe/Paris:" + LocalStamp(booked["start"]) + "\r\n",
        std::string("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n"), std::string("BEGIN:STANDARD\r\n"),
        std::string("DTSTAMP:"), std::string("SEQUENCE:0\r\n")}) {
    EXPECT_NE(ics.find(needle), std::string::npos) << needle << "\n" << ics;
  }

  auto cancelled = Http({"POST", relais->Url("/api/v1/appointments/" + id + "/cancel"),
                         json{{"token", token}}.dump(), kJson});
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  messages = WaitForMessages(2);
  ASSERT_EQ(messages.size(), 2u);
  const std::string* cancellation = WithIcs(messages, "METHOD:CANCEL\r\n");
  ASSERT_NE(cancellation, nullptr);
  EXPECT_NE(IcsOf(*cancellation).find("UID:" + id + "@relais\r\n"), std::string::npos);
  EXPECT_NE(IcsOf(*cancellation).find("SEQUENCE:1\r\n"), std::string::npos);
  EXPECT_NE(IcsOf(*cancellation).find("STATUS:CANCELLED\r\n"), std::string::npos);
  const std::string output = relais->Output();
  // Ids in the log are random base32: look for the whole strings the person gave.
  for (const char* personal : {"Awa", "Diallo", "awa.diallo@exemple.fr"}) {
    EXPECT_EQ(output.find(personal), std::string::npos) << "no personal data in logs\n" << output;
  }
  EXPECT_EQ(output.find(token), std::string::npos) << output;

  // Restarted on the same database: what was sent stays sent. A new booking
  // is confirmed; once its message is in, nothing else came.
  EXPECT_EQ(relais->Stop(), 0);
  relais = Start();
  ASSERT_TRUE(relais->running());
  const json second = Book(*relais, starts[1]);
  messages = WaitForMessages(3);
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_NE(WithIcs(messages, "UID:" + std::string(second["id"]) + "@relais\r\n"), nullptr);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(smtp_->Messages().size(), 3u) << "nothing sent twice";
}

TEST_F(Notifications, AnAppointmentsIcsAndTheMediatorsFeed) {
  auto relais = Start();
  ASSERT_TRUE(relais->running());
  const auto starts = Starts(*relais);
  ASSERT_FALSE(starts.empty());
  const json booked = Book(*relais, starts.front());
  const std::string id = booked["id"];
  const std::string token = booked["manage_token"];

  auto ics =
      Http({"GET", relais->Url("/api/v1/appointments/" + id + "/ics?token=" + token), "", {}});
  ASSERT_EQ(ics.status, 200) << ics.body;
  EXPECT_EQ(ics.Header("content-type"), "text/calendar; charset=utf-8");
  EXPECT_NE(ics.body.find("UID:" + id + "@relais\r\n"), std::string::npos);
  EXPECT_NE(ics.body.find("DTSTART;TZID=Europe/Paris:" + LocalStamp(booked["start"])),
            std::string::npos);
  const auto wrong =
      Http({"GET", relais->Url("/api/v1/appointments/" + id + "/ics?token=nope"), "", {}});
  const auto unknown =
      Http({"GET", relais->Url("/api/v1/appointments/nope/ics?token=" + token), "", {}});
  EXPECT_EQ(wrong.status, 404);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(wrong.body, unknown.body) << "the same answer";
  EXPECT_EQ(Http({"GET", relais->Url("/api/v1/appointments/" + id + "/ics"), "", {}}).status, 401);

  // Each mediator's feed: issued by the mediator, replaced when issued again.
  auto session = Http({"POST", relais->Url("/api/v1/session"),
                       json{{"login", "mediator"}, {"password", "demo"}}.dump(), kJson});
  ASSERT_EQ(session.status, 200);
  const std::vector<std::string> as_mediator = {"Content-Type: application/json",
                                                "Cookie: " + CookieFrom(session, "relais_session")};
  EXPECT_EQ(Http({"POST", relais->Url("/api/v1/calendar-feed"), "{}", kJson}).status, 401);
  EXPECT_EQ(Http({"POST",
                  relais->Url("/api/v1/calendar-feed"),
                  "x=1",
                  {"Content-Type: application/x-www-form-urlencoded", as_mediator[1]}})
                .status,
            400)
      << "a JSON body only: no cross-site form";
  auto first = Http({"POST", relais->Url("/api/v1/calendar-feed"), "{}", as_mediator});
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string first_url = json::parse(first.body)["url"];
  ASSERT_EQ(first_url.rfind("https://rdv.exemple.fr/agenda/", 0), 0u) << first_url;
  ASSERT_EQ(first_url.substr(first_url.size() - 4), ".ics");
  const std::string first_path = first_url.substr(std::string("https://rdv.exemple.fr").size());
  auto feed = Http({"GET", relais->Url(first_path), "", {}});
  ASSERT_EQ(feed.status, 200) << feed.body;
  EXPECT_EQ(feed.Header("content-type"), "text/calendar; charset=utf-8");
  EXPECT_NE(feed.body.find("BEGIN:VCALENDAR\r\n"), std::string::npos);
  EXPECT_EQ(feed.body.find("Diallo"), std::string::npos) << "no personal data in a feed";
  auto second = Http({"POST", relais->Url("/api/v1/calendar-feed"), "{}", as_mediator});
  ASSERT_EQ(second.status, 201);
  EXPECT_EQ(Http({"GET", relais->Url(first_path), "", {}}).status, 404) << "replaced";
  EXPECT_EQ(Http({"GET", relais->Url("/agenda/inconnu.ics"), "", {}}).status, 404);
  EXPECT_EQ(Http({"GET", relais->Url("/agenda/sans-extension"), "", {}}).status, 404);

  // The page: a button, then the address.
  StaffSession staff = SignIn(*relais, "mediator", "demo");
  ASSERT_TRUE(staff.ok);
  auto page = Http({"GET", relais->Url("/agenda/abonnement"), "", {staff.cookie}});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Agenda en abonnement"), std::string::npos);
  auto issued = PostForm(*relais, staff, "/agenda/abonnement", "");
  ASSERT_EQ(issued.status, 200) << issued.body;
  EXPECT_NE(issued.body.find("https://rdv.exemple.fr/agenda/"), std::string::npos);
  auto forged = Http({"POST",
                      relais->Url("/agenda/abonnement"),
                      "csrf=forged",
                      {"Content-Type: application/x-www-form-urlencoded", staff.cookie}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(Http({"GET", relais->Url("/agenda/abonnement"), "", {}}).status, 303);
}

}  // namespace
}  // namespace relais::testing
