// The booking pages and the staff agenda over real HTTP, as a browser
// without JavaScript uses them (links followed, forms posted urlencoded),
// on the demo desk: the whole flow with its confirmation and manage link,
// moving and cancelling, every refusal with its status and the typed
// values kept, hostile input, and the agenda's access and actions.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <regex>
#include <string>
#include <vector>

#include "tests/support/dates.h"
#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

const std::string kForm = "Content-Type: application/x-www-form-urlencoded";

// The first Sunday at least `days` days from today, as YYYY-MM-DD.
std::string SundayFrom(int days) {
  auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) +
             std::chrono::days{days};
  while (std::chrono::weekday{day} != std::chrono::Sunday) day += std::chrono::days{1};
  const std::chrono::year_month_day ymd{day};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

std::string Encode(const std::string& text) {
  std::string out;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// A slot of the JSON API: its RFC 3339 start, local date and HHMM.
struct SlotAt {
  std::string start;
  std::string date;
  std::string hhmm;
};

SlotAt FromStart(const std::string& start) {
  return {start, start.substr(0, 10), start.substr(11, 2) + start.substr(14, 2)};
}

// The person's fields of the public form.
struct PersonFields {
  std::string first_name = "Awa";
  std::string last_name = "Diallo";
  std::string phone = "06 12 34 56 78";
  std::string email = "awa.diallo@exemple.fr";
  std::string commune = "Antony";
  bool consent = true;

  std::string Body() const {
    std::string body = "prenom=" + Encode(first_name) + "&nom=" + Encode(last_name) +
                       "&telephone=" + Encode(phone) + "&email=" + Encode(email) +
                       "&commune=" + Encode(commune);
    if (consent) body += "&consentement=oui";
    return body;
  }
};

// The first match of group 1 of `pattern` in `text`, or empty.
std::string Find(const std::string& text, const std::string& pattern) {
  std::smatch match;
  if (std::regex_search(text, match, std::regex(pattern))) return match[1];
  return {};
}

class BookingPages : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new RelaisProcess({"demo", "--db", dir_->File("demo.sqlite")});
    ASSERT_TRUE(server_->running()) << server_->Output();
    // A visitor's CSRF cookie, as the first page sets it.
    auto page = Get("/rendez-vous");
    csrf_cookie_ = CookieFrom(page, "relais_csrf");
    csrf_ = csrf_cookie_.substr(csrf_cookie_.find('=') + 1);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static HttpResponse Get(const std::string& path, std::vector<std::string> headers = {}) {
    headers.push_back("Accept: text/html");
    return Http({"GET", server_->Url(path), "", std::move(headers)});
  }
  // Posts a form as the visitor (with the CSRF field unless `with_csrf` is false).
  static HttpResponse PostPublic(const std::string& path, const std::string& body,
                                 bool with_csrf = true) {
    return Http({"POST",
                 server_->Url(path),
                 body + (with_csrf ? "&csrf=" + csrf_ : ""),
                 {kForm, "Accept: text/html", "Cookie: " + csrf_cookie_}});
  }
  static HttpResponse PostJson(const std::string& path, const json& body,
                               std::vector<std::string> headers = {}) {
    headers.push_back("Content-Type: application/json");
    return Http({"POST", server_->Url(path), body.dump(), std::move(headers)});
  }
  static std::vector<std::string> StaffJson(const std::string& login) {
    auto session = PostJson("/api/v1/session", json::parse(LoginJson(*server_, login)));
    EXPECT_EQ(session.status, 200) << session.body;
    return {"Cookie: " + CookieFrom(session, "relais_session")};
  }
  // The free slots of `type` from today + `from` days to today + `to` days.
  static std::vector<SlotAt> Slots(const std::string& type, int from = 2, int to = 20) {
    auto response = Http({"GET",
                          server_->Url("/api/v1/slots?type=" + type +
                                       "&from=" + DateFromToday(from) + "&to=" + DateFromToday(to)),
                          "",
                          {}});
    EXPECT_EQ(response.status, 200) << response.body;
    std::vector<SlotAt> slots;
    const json body = json::parse(response.body);
    for (const auto& slot : body["slots"]) slots.push_back(FromStart(slot["start"]));
    return slots;
  }
  // Books `slot` through the pages; the response to the form's POST.
  static HttpResponse BookThroughPages(const std::string& type, const SlotAt& slot,
                                       const PersonFields& person = {}) {
    return PostPublic("/rendez-vous/" + type + "/" + slot.date,
                      "heure=" + slot.hhmm + "&" + person.Body());
  }
  // Books `slot` until no mediator is left for it.
  static void TakeWholly(const std::string& type, const SlotAt& slot) {
    for (int i = 0; i < 6; ++i) {
      auto taken = PostJson(
          "/api/v1/appointments",
          {{"type", type},
           {"start", slot.start},
           {"person", {{"first_name", "Jo"}, {"last_name", "Martin"}, {"phone", "0612345678"}}},
           {"consent", true}});
      if (taken.status == 409) return;
      ASSERT_EQ(taken.status, 201) << taken.body;
    }
    FAIL() << "the slot never filled up";
  }

  static TempDir* dir_;
  static RelaisProcess* server_;
  static std::string csrf_cookie_;
  static std::string csrf_;
};

TempDir* BookingPages::dir_ = nullptr;
RelaisProcess* BookingPages::server_ = nullptr;
std::string BookingPages::csrf_cookie_;
std::string BookingPages::csrf_;

TEST_F(BookingPages, TheTypesListShowsOnlineTypesWithDurationPartnerAndDocuments) {
  EXPECT_NE(Get("/").body.find("href=\"/rendez-vous\""), std::string::npos) << "linked from home";
  auto page = Get("/rendez-vous");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("Aide pour l&apos;allocation logement (CAF)"), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/rendez-vous/caf-logement\""), std::string::npos);
  EXPECT_NE(page.body.find("45 minutes"), std::string::npos);
  EXPECT_NE(page.body.find("bail ou quittance de loyer"), std::string::npos) << "documents";
  EXPECT_EQ(page.body.find("suivi-demarche"), std::string::npos) << "staff-only type shown";
  EXPECT_FALSE(csrf_.empty()) << "the page sets the CSRF cookie";
  EXPECT_EQ(Get("/rendez-vous/suivi-demarche").status, 404);
  EXPECT_EQ(Get("/rendez-vous/inconnu").status, 404);
}

TEST_F(BookingPages, TheWeekLinksDaysWithSlotsAndShowsClosedDays) {
  const auto slots = Slots("orientation");
  ASSERT_FALSE(slots.empty());
  auto page = Get("/rendez-vous/orientation?semaine=" + slots.front().date);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("href=\"/rendez-vous/orientation/" + slots.front().date + "\""),
            std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find("Fermé"), std::string::npos) << "the weekend is closed";
  EXPECT_NE(page.body.find("Premier créneau libre"), std::string::npos);
  // A bad week falls back to this week; a bad day is a page that does not exist.
  EXPECT_EQ(Get("/rendez-vous/orientation?semaine=demain").status, 200);
  EXPECT_EQ(Get("/rendez-vous/orientation/2026-02-30").status, 404);
  EXPECT_EQ(Get("/rendez-vous/orientation/" + slots.front().date + "/2561").status, 404);
  // A closed day explains itself.
  auto sunday = Get("/rendez-vous/orientation/" + SundayFrom(2));
  EXPECT_EQ(sunday.status, 200);
  EXPECT_NE(sunday.body.find("Fermé"), std::string::npos) << sunday.body;
}

TEST_F(BookingPages, APersonBooksMovesAndCancelsWithoutJavaScript) {
  const auto slots = Slots("orientation");
  ASSERT_GE(slots.size(), 3u);
  const SlotAt& slot = slots.front();

  // The day's page links the slot; the slot's page is the form.
  auto day = Get("/rendez-vous/orientation/" + slot.date);
  ASSERT_EQ(day.status, 200);
  const std::string form_path = "/rendez-vous/orientation/" + slot.date + "/" + slot.hhmm;
  ASSERT_NE(day.body.find("href=\"" + form_path + "\""), std::string::npos) << day.body;
  auto form = Get(form_path);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_NE(form.body.find("name=\"csrf\""), std::string::npos);
  EXPECT_NE(form.body.find("name=\"heure\" value=\"" + slot.hhmm + "\""), std::string::npos);
  EXPECT_NE(form.body.find("id=\"consentement\""), std::string::npos);

  // Posting it books and leads to the confirmation.
  auto booked = BookThroughPages("orientation", slot);
  ASSERT_EQ(booked.status, 303) << booked.body;
  const std::string location = booked.Header("location");
  const std::string id = Find(location, "^/rendez-vous/confirmation/([^?]+)\\?jeton=");
  const std::string token = Find(location, "jeton=([A-Za-z0-9_-]+)$");
  ASSERT_FALSE(id.empty()) << location;
  ASSERT_FALSE(token.empty()) << location;
  auto confirmation = Get(location);
  ASSERT_EQ(confirmation.status, 200) << confirmation.body;
  EXPECT_EQ(confirmation.Header("cache-control"), "no-store");
  EXPECT_NE(confirmation.body.find("Votre rendez-vous est confirmé"), std::string::npos);
  EXPECT_TRUE(std::regex_search(confirmation.body,
                                std::regex("(lundi|mardi|mercredi|jeudi|vendredi) (1er|[0-9]+) "
                                           "[a-zéû]+ 20[0-9]{2} à [0-9]+ h [0-9]{2}")))
      << confirmation.body;
  EXPECT_NE(confirmation.body.find("Quartier du Noyer-Doré, 92160 Antony"), std::string::npos);
  const std::string manage = "/rendez-vous/gerer/" + id + "?jeton=" + token;
  EXPECT_NE(confirmation.body.find("href=\"" + manage + "\""), std::string::npos);
  const std::string ics = "/api/v1/appointments/" + id + "/ics?token=" + token;
  EXPECT_NE(confirmation.body.find("href=\"" + ics + "\""), std::string::npos);
  EXPECT_EQ(Http({"GET", server_->Url(ics), "", {}}).status, 200);
  EXPECT_EQ(server_->Output().find(token), std::string::npos) << "the token reached the log";
  EXPECT_EQ(server_->Output().find("Diallo"), std::string::npos) << "a name reached the log";

  // A wrong token finds nothing.
  EXPECT_EQ(Get("/rendez-vous/gerer/" + id + "?jeton=faux").status, 404);
  EXPECT_EQ(Get("/rendez-vous/gerer/" + id).status, 404);

  // The manage page moves it to another slot of the day.
  auto move_page =
      Get("/rendez-vous/gerer/" + id + "/deplacer?jeton=" + token + "&jour=" + slot.date);
  ASSERT_EQ(move_page.status, 200) << move_page.body;
  std::string target;
  for (const SlotAt& other : slots) {
    if (other.date == slot.date && other.hhmm != slot.hhmm &&
        move_page.body.find("value=\"" + other.hhmm + "\"") != std::string::npos) {
      target = other.hhmm;
      break;
    }
  }
  ASSERT_FALSE(target.empty()) << move_page.body;
  auto moved = PostPublic("/rendez-vous/gerer/" + id + "/deplacer",
                          "jeton=" + token + "&jour=" + slot.date + "&heure=" + target);
  ASSERT_EQ(moved.status, 303) << moved.body;
  EXPECT_EQ(moved.Header("location"), manage + "&deplace=1");
  auto after_move = Get(moved.Header("location"));
  EXPECT_NE(after_move.body.find("Votre rendez-vous est déplacé"), std::string::npos);
  auto api = Http({"GET", server_->Url("/api/v1/appointments/" + id + "?token=" + token), "", {}});
  ASSERT_EQ(api.status, 200) << api.body;
  const std::string start = json::parse(api.body)["start"];
  EXPECT_EQ(start.substr(11, 2) + start.substr(14, 2), target);

  // A move without the CSRF field changes nothing.
  auto forged = PostPublic("/rendez-vous/gerer/" + id + "/deplacer",
                           "jeton=" + token + "&jour=" + slot.date + "&heure=" + slot.hhmm, false);
  EXPECT_EQ(forged.status, 403);

  // Cancelling.
  auto cancel_forged = PostPublic("/rendez-vous/gerer/" + id + "/annuler", "jeton=" + token, false);
  EXPECT_EQ(cancel_forged.status, 403);
  auto cancelled = PostPublic("/rendez-vous/gerer/" + id + "/annuler", "jeton=" + token);
  ASSERT_EQ(cancelled.status, 303) << cancelled.body;
  auto after_cancel = Get(cancelled.Header("location"));
  EXPECT_NE(after_cancel.body.find("Votre rendez-vous est annulé"), std::string::npos);
  EXPECT_EQ(after_cancel.body.find("Annuler le rendez-vous"), std::string::npos);
  api = Http({"GET", server_->Url("/api/v1/appointments/" + id + "?token=" + token), "", {}});
  EXPECT_EQ(json::parse(api.body)["status"], "cancelled");
  auto twice = PostPublic("/rendez-vous/gerer/" + id + "/annuler", "jeton=" + token);
  EXPECT_EQ(twice.status, 409);
  EXPECT_NE(twice.body.find("déjà annulé"), std::string::npos);
}

TEST_F(BookingPages, ASlotJustTakenGives409AndOffersTheDaysOtherSlots) {
  const auto slots = Slots("billet-train");
  ASSERT_GE(slots.size(), 2u);
  const SlotAt& slot = slots.front();
  TakeWholly("billet-train", slot);
  PersonFields person;
  person.first_name = "Inès";
  auto refused = BookThroughPages("billet-train", slot, person);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_NE(refused.body.find("vient d&apos;être pris"), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("value=\"Inès\""), std::string::npos) << "the name typed is kept";
  EXPECT_NE(refused.body.find("value=\"06 12 34 56 78\""), std::string::npos);
  EXPECT_NE(refused.body.find("type=\"radio\" name=\"heure\""), std::string::npos)
      << "the day's other slots are offered";
  EXPECT_EQ(refused.body.find("value=\"" + slot.hhmm + "\""), std::string::npos);
  // Its page says so too.
  auto page = Get("/rendez-vous/billet-train/" + slot.date + "/" + slot.hhmm);
  EXPECT_EQ(page.status, 409);
  EXPECT_NE(page.body.find("plus disponible"), std::string::npos);
}

TEST_F(BookingPages, AnInvalidPhoneKeepsWhatWasTypedWith422) {
  const auto slots = Slots("cpam-compte-ameli");
  ASSERT_FALSE(slots.empty());
  PersonFields person;
  person.phone = "123";
  person.email = "awa@";
  auto refused = BookThroughPages("cpam-compte-ameli", slots.front(), person);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("value=\"123\""), std::string::npos);
  EXPECT_NE(refused.body.find("value=\"Awa\""), std::string::npos);
  EXPECT_NE(refused.body.find("value=\"Diallo\""), std::string::npos);
  EXPECT_NE(refused.body.find("value=\"awa@\""), std::string::npos);
  EXPECT_NE(refused.body.find("value=\"Antony\""), std::string::npos);
  EXPECT_NE(refused.body.find("id=\"erreur-telephone\""), std::string::npos);
  EXPECT_NE(refused.body.find("aria-describedby=\"aide-telephone erreur-telephone\""),
            std::string::npos)
      << refused.body;
  EXPECT_NE(refused.body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_NE(refused.body.find("Numéro de téléphone invalide"), std::string::npos);

  person = PersonFields{};
  person.email = "pas-une-adresse";
  refused = BookThroughPages("cpam-compte-ameli", slots.front(), person);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("id=\"erreur-email\""), std::string::npos);

  person = PersonFields{};
  person.phone = "";
  person.email = "";
  refused = BookThroughPages("cpam-compte-ameli", slots.front(), person);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("Indiquez un téléphone ou une adresse e-mail"), std::string::npos);

  person = PersonFields{};
  person.commune = "Gotham";
  refused = BookThroughPages("cpam-compte-ameli", slots.front(), person);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("id=\"erreur-commune\""), std::string::npos);
  EXPECT_NE(refused.body.find("value=\"Gotham\""), std::string::npos);
}

TEST_F(BookingPages, ConsentIsRequired) {
  const auto slots = Slots("cpam-compte-ameli");
  ASSERT_FALSE(slots.empty());
  PersonFields person;
  person.consent = false;
  auto refused = BookThroughPages("cpam-compte-ameli", slots.front(), person);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("id=\"erreur-consentement\""), std::string::npos);
  EXPECT_NE(refused.body.find("value=\"Awa\""), std::string::npos);
}

TEST_F(BookingPages, AFormWithoutItsCsrfTokenIsRefusedWith403AndBooksNothing) {
  const auto slots = Slots("france-travail-inscription");
  ASSERT_FALSE(slots.empty());
  const SlotAt& slot = slots.front();
  const std::string body = "heure=" + slot.hhmm + "&" + PersonFields{}.Body();
  auto no_field = PostPublic("/rendez-vous/france-travail-inscription/" + slot.date, body, false);
  EXPECT_EQ(no_field.status, 403) << no_field.body;
  EXPECT_NE(no_field.body.find("value=\"Awa\""), std::string::npos) << "the input is kept";
  auto no_cookie = Http({"POST",
                         server_->Url("/rendez-vous/france-travail-inscription/" + slot.date),
                         body + "&csrf=" + csrf_,
                         {kForm, "Accept: text/html"}});
  EXPECT_EQ(no_cookie.status, 403);
  EXPECT_FALSE(CookieFrom(no_cookie, "relais_csrf").empty()) << "a fresh token to retry with";
  const auto after = Slots("france-travail-inscription");
  ASSERT_FALSE(after.empty());
  EXPECT_EQ(after.front().start, slot.start) << "nothing was booked";
}

TEST_F(BookingPages, AClosedDayIsRefusedWith422AndTheFormKept) {
  const std::string sunday = SundayFrom(2);
  auto refused =
      PostPublic("/rendez-vous/orientation/" + sunday, "heure=1000&" + PersonFields{}.Body());
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("en dehors des horaires"), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("value=\"Diallo\""), std::string::npos);
  auto no_time =
      PostPublic("/rendez-vous/orientation/" + sunday, "heure=99&" + PersonFields{}.Body());
  EXPECT_EQ(no_time.status, 422);
}

TEST_F(BookingPages, HostileInputIsEscapedOrRefusedNeverA500) {
  const auto slots = Slots("caf-prime-activite");
  ASSERT_GE(slots.size(), 2u);
  PersonFields person;
  person.first_name = "<script>alert(\"x\")</script>";
  person.last_name = "O'Brien \"le\" <b>";
  auto booked = BookThroughPages("caf-prime-activite", slots.front(), person);
  ASSERT_TRUE(booked.status == 303 || booked.status == 422) << booked.status << booked.body;
  if (booked.status == 303) {
    auto page = Get(booked.Header("location"));
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.body.find("<script>alert"), std::string::npos);
    EXPECT_NE(page.body.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"),
              std::string::npos);
    EXPECT_NE(page.body.find("O&apos;Brien &quot;le&quot; &lt;b&gt;"), std::string::npos);
  }
  // Too long: refused, shown back escaped.
  person = PersonFields{};
  person.last_name = std::string(5000, 'x') + "\"><script>";
  auto refused = BookThroughPages("caf-prime-activite", slots[1], person);
  EXPECT_EQ(refused.status, 422) << refused.body.substr(0, 500);
  EXPECT_EQ(refused.body.find("\"><script>"), std::string::npos);
  EXPECT_NE(refused.body.find("id=\"erreur-nom\""), std::string::npos);
  // A control character, a bad encoding, a hostile path.
  person = PersonFields{};
  person.first_name = "A\x01wa";
  EXPECT_EQ(BookThroughPages("caf-prime-activite", slots[1], person).status, 422);
  auto malformed = PostPublic("/rendez-vous/caf-prime-activite/" + slots[1].date, "prenom=%FF%FE");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(Get("/rendez-vous/%3Cscript%3E").status, 404);
  auto hostile_path = Get("/rendez-vous/caf-prime-activite/%22%3E%3Cscript%3E");
  EXPECT_EQ(hostile_path.status, 404);
  EXPECT_EQ(hostile_path.body.find("<script>"), std::string::npos);
  auto hostile_token = Get("/rendez-vous/gerer/x?jeton=%22%3E%3Cscript%3E");
  EXPECT_EQ(hostile_token.status, 404);
  EXPECT_EQ(hostile_token.body.find("<script>"), std::string::npos);
  auto hostile_week = Get("/rendez-vous/caf-prime-activite?semaine=%3Cscript%3E");
  EXPECT_EQ(hostile_week.status, 200);
  EXPECT_EQ(hostile_week.body.find("<script>"), std::string::npos);
}

// --- The staff agenda ---------------------------------------------------------

TEST_F(BookingPages, TheAgendaIsForStaffOnly) {
  auto anonymous = Get("/agenda");
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_EQ(anonymous.Header("location"), "/connexion");
  auto funder = SignIn(*server_, "funder", "demo");
  ASSERT_TRUE(funder.ok);
  EXPECT_EQ(Get("/agenda", {funder.cookie}).status, 403);
  EXPECT_EQ(Get("/agenda/nouveau-rendez-vous", {funder.cookie}).status, 403);
  EXPECT_EQ(PostForm(*server_, funder, "/agenda/rendez-vous/x/statut", "statut=seen").status, 403);
  auto reception = SignIn(*server_, "reception", "demo");
  ASSERT_TRUE(reception.ok);
  EXPECT_EQ(Get("/agenda", {reception.cookie}).status, 200);
  // The staff home links the agenda and the calendar feed.
  auto home = Get("/agent", {reception.cookie});
  EXPECT_NE(home.body.find("href=\"/agenda\""), std::string::npos);
  EXPECT_NE(home.body.find("S'abonner à mon agenda"), std::string::npos);
}

TEST_F(BookingPages, TheDayViewListsBookingsAndItsFormsChangeThem) {
  const auto slots = Slots("caf-logement");
  ASSERT_GE(slots.size(), 2u);
  const SlotAt& slot = slots.front();
  PersonFields person;
  person.first_name = "Mariam";
  person.last_name = "Koné";
  auto booked = BookThroughPages("caf-logement", slot, person);
  ASSERT_EQ(booked.status, 303) << booked.body;
  const std::string id = Find(booked.Header("location"), "^/rendez-vous/confirmation/([^?]+)");

  auto mediator = SignIn(*server_, "mediator", "demo");
  ASSERT_TRUE(mediator.ok);
  auto day = Get("/agenda?jour=" + slot.date, {mediator.cookie});
  ASSERT_EQ(day.status, 200) << day.body;
  EXPECT_EQ(day.Header("cache-control"), "no-store");
  EXPECT_NE(day.body.find("Mariam Koné"), std::string::npos) << day.body;
  EXPECT_NE(day.body.find("06 12 34 56 78"), std::string::npos);
  EXPECT_NE(day.body.find("mediator (vous)"), std::string::npos);
  EXPECT_LT(day.body.find("mediator (vous)"), day.body.find("mediatrice2"))
      << "the signed-in mediator's column first";
  EXPECT_NE(day.body.find("action=\"/agenda/rendez-vous/" + id + "/statut\""), std::string::npos);

  // Seen: allowed from 30 minutes before the start; refused in place before.
  auto seen = PostForm(*server_, mediator, "/agenda/rendez-vous/" + id + "/statut",
                       "statut=seen&jour=" + slot.date);
  EXPECT_EQ(seen.status, 422) << "two days ahead: not started";
  EXPECT_NE(seen.body.find("pas encore eu lieu"), std::string::npos) << seen.body;
  EXPECT_NE(seen.body.find("Mariam Koné"), std::string::npos) << "the day still shown";
  auto forged = Http({"POST",
                      server_->Url("/agenda/rendez-vous/" + id + "/statut"),
                      "statut=excused&jour=" + slot.date + "&csrf=faux",
                      {kForm, mediator.cookie}});
  EXPECT_EQ(forged.status, 403);
  auto excused = PostForm(*server_, mediator, "/agenda/rendez-vous/" + id + "/statut",
                          "statut=excused&jour=" + slot.date);
  ASSERT_EQ(excused.status, 303) << excused.body;
  EXPECT_EQ(excused.Header("location"), "/agenda?jour=" + slot.date + "&fait=statut");
  day = Get(excused.Header("location"), {mediator.cookie});
  EXPECT_NE(day.body.find("Statut enregistré"), std::string::npos);
  EXPECT_NE(day.body.find("Excusé"), std::string::npos);

  // Cancelling another booking from the agenda.
  auto second = BookThroughPages("caf-logement", slots[1]);
  ASSERT_EQ(second.status, 303) << second.body;
  const std::string second_id =
      Find(second.Header("location"), "^/rendez-vous/confirmation/([^?]+)");
  auto cancelled = PostForm(*server_, mediator, "/agenda/rendez-vous/" + second_id + "/annuler",
                            "jour=" + slots[1].date);
  ASSERT_EQ(cancelled.status, 303) << cancelled.body;
  auto again = PostForm(*server_, mediator, "/agenda/rendez-vous/" + second_id + "/annuler",
                        "jour=" + slots[1].date);
  EXPECT_EQ(again.status, 409);

  // The week containing the day.
  auto week = Get("/agenda?semaine=" + slot.date, {mediator.cookie});
  ASSERT_EQ(week.status, 200) << week.body;
  EXPECT_NE(week.body.find("<table class=\"agenda-week\">"), std::string::npos);
  EXPECT_NE(week.body.find("scope=\"row\">mediator (vous)"), std::string::npos);
  EXPECT_NE(week.body.find("href=\"/agenda?jour=" + slot.date + "\""), std::string::npos);
  EXPECT_EQ(Get("/agenda?jour=n%27importe", {mediator.cookie}).status, 400);
}

TEST_F(BookingPages, StaffBookForAPersonFromTheAgenda) {
  auto reception = SignIn(*server_, "reception", "demo");
  ASSERT_TRUE(reception.ok);
  const std::string date = Slots("orientation", 3, 20).front().date;
  auto form =
      Get("/agenda/nouveau-rendez-vous?motif=suivi-demarche&jour=" + date, {reception.cookie});
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_NE(form.body.find("Suivi d&apos;une démarche"), std::string::npos);
  const std::string time = Find(form.body, "heure=([0-9]{2}:[0-9]{2})\"");
  ASSERT_FALSE(time.empty()) << form.body;
  // A staff booking needs no contact, but the person's consent.
  const std::string fields = "motif=suivi-demarche&jour=" + date + "&heure=" + Encode(time) +
                             "&mediateur=&prenom=Lucie&nom=Bernard&telephone=&email=&commune=";
  auto refused = PostForm(*server_, reception, "/agenda/nouveau-rendez-vous", fields);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("id=\"erreur-consentement\""), std::string::npos);
  EXPECT_NE(refused.body.find("value=\"Lucie\""), std::string::npos);
  auto bad_time = PostForm(*server_, reception, "/agenda/nouveau-rendez-vous",
                           "motif=suivi-demarche&jour=" + date +
                               "&heure=07%3A00&prenom=Lucie&nom=Bernard&consentement=oui");
  EXPECT_EQ(bad_time.status, 422);
  EXPECT_NE(bad_time.body.find("id=\"erreur-heure\""), std::string::npos);
  auto booked =
      PostForm(*server_, reception, "/agenda/nouveau-rendez-vous", fields + "&consentement=oui");
  ASSERT_EQ(booked.status, 303) << booked.body;
  auto confirmation = Get(booked.Header("location"), {reception.cookie});
  EXPECT_EQ(confirmation.status, 200);
  EXPECT_NE(confirmation.body.find("Retour à l'agenda"), std::string::npos);
  auto day = Get("/agenda?jour=" + date, {reception.cookie});
  EXPECT_NE(day.body.find("Lucie Bernard"), std::string::npos);
}

TEST_F(BookingPages, AFilledHoneypotIsRefusedAndNothingIsBooked) {
  const auto slots = Slots("orientation");
  ASSERT_FALSE(slots.empty());
  const SlotAt slot = slots.front();
  const std::string path = "/rendez-vous/orientation/" + slot.date;
  auto form = Get(path + "/" + slot.hhmm);
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("name=\"site_web\""), std::string::npos) << "the form has the field";
  PersonFields robot;
  robot.first_name = "Robot";
  auto refused = PostPublic(
      path, "heure=" + slot.hhmm + "&" + robot.Body() + "&site_web=https%3A%2F%2Fspam.example");
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("doit rester vide"), std::string::npos);
  EXPECT_NE(refused.body.find("Robot"), std::string::npos) << "what was typed stays";
  const auto after = Slots("orientation");
  EXPECT_TRUE(std::any_of(after.begin(), after.end(), [&](const SlotAt& s) {
    return s.start == slot.start;
  })) << "the slot is still free";
  auto person = BookThroughPages("orientation", slot);
  EXPECT_EQ(person.status, 303) << "an empty honeypot books: " << person.body.substr(0, 300);
}

}  // namespace
}  // namespace relais::testing
