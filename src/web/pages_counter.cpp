// The counter page (/accueil): one form to log a visit in a few seconds,
// with the keyboard alone and without JavaScript; the commune typed as a
// name or a code (choices when the name is ambiguous), the last partner,
// channel and outcome remembered in a cookie, errors in place, and the
// day's visits below.
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <set>

#include "app/appointments.h"
#include "app/policy.h"
#include "app/queue.h"
#include "app/visits.h"
#include "web/booking_form.h"
#include "web/errors.h"
#include "web/french.h"
#include "web/page_common.h"
#include "web/routes.h"
#include "web/session.h"

namespace relais::web {
namespace {

constexpr char kRememberCookie[] = "relais_accueil";
constexpr std::size_t kFrequentCommunes = 30;
constexpr std::size_t kMaxChoices = 8;

// The form as typed, to show again.
struct CounterForm {
  std::string commune;
  std::vector<Commune> choices;  // when the name was ambiguous
  std::string partner;
  std::set<std::string> themes;
  std::string outcome = "resolved";
  std::string duration;
  std::string channel = "walk_in";
  std::string time;         // HH:MM, today; empty: now
  std::string qpv;          // "oui", "non", "" (unknown)
  std::string first_visit;  // "oui", "non", ""
  std::string notice;
  // A visit was just logged: the survey is proposed.
  bool offer_survey = false;
  std::string error;        // the message
  std::string error_field;  // the form field at fault, or empty
};

// The form field showing an error on application field `field`, or empty
// for the alert above the form.
std::string FormField(const std::string& field) {
  if (field == "commune_insee") return "commune";
  if (field == "duration_minutes") return "duration";
  if (field == "at") return "time";
  for (const char* shown :
       {"commune", "partner", "themes", "outcome", "duration", "channel", "time"}) {
    if (field == shown) return field;
  }
  return {};
}

std::string ThemeField(std::string_view code) {
  return "theme-" + std::string(code);
}

// The signed-in agent allowed to log visits, or the response to send instead
// (the login page, or 403).
Result<app::Agent> CounterAgent(const Request& request, Services& services, Response& refusal) {
  auto agent = SignedInAgent(request, services);
  if (!agent) {
    refusal = SignInRedirect(agent.error());
    return tl::unexpected(agent.error());
  }
  if (auto allowed = app::Authorize(*agent, app::Action::kLogVisit); !allowed) {
    refusal = ErrorResponseFor(request, allowed.error());
    return tl::unexpected(allowed.error());
  }
  return agent;
}

// The remembered partner, channel and outcome (a cookie of slugs).
void Remembered(const Request& request, CounterForm& form) {
  auto fields = ParseUrlEncoded(request.Cookie(kRememberCookie));
  if (!fields) return;
  form.partner = (*fields)["partner"];
  if (app::ParseChannel((*fields)["channel"])) form.channel = (*fields)["channel"];
  if (app::ParseOutcome((*fields)["outcome"])) form.outcome = (*fields)["outcome"];
}

// Only slugs go in the cookie; anything else is left out.
std::string Slug(const std::string& value) {
  for (char c : value) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return {};
  }
  return value;
}

std::string RememberCookie(const CounterForm& form, const Request& request) {
  return CookieHeader(kRememberCookie,
                      "partner=" + Slug(form.partner) + "&channel=" + Slug(form.channel) +
                          "&outcome=" + Slug(form.outcome),
                      request, "/accueil", "Strict", 2592000);
}

PageData Choice(const std::string& id, const std::string& value, std::string_view label,
                bool checked) {
  PageData item;
  item.set("id", id);
  item.set("value", value);
  item.set("label", std::string(label));
  item.set("checked", checked);
  item.set("selected", checked);
  return item;
}

PageData YesNoUnknown(const std::string& name, const std::string& value) {
  PageData list = PageData::type::list;
  list.push_back(Choice(name + "-inconnu", "", "Ne sait pas", value.empty()));
  list.push_back(Choice(name + "-oui", "oui", "Oui", value == "oui"));
  list.push_back(Choice(name + "-non", "non", "Non", value == "non"));
  return list;
}

PageData DayVisits(Services& services, const app::Agent& agent,
                   const std::vector<Partner>& partners) {
  PageData list = PageData::type::list;
  auto visits = services.visits.Day(agent, services.visits.Today());
  if (!visits) return list;
  const auto hours = services.sites.CurrentHours();
  for (auto it = visits->rbegin(); it != visits->rend(); ++it) {
    const app::Visit& visit = *it;
    PageData row;
    row.set("time", FrenchTime(hours->zone().ToLocal(visit.at)));
    std::string commune = "Non précisée";
    if (visit.commune_insee) {
      auto found = services.visits.communes().Find(*visit.commune_insee);
      commune = found ? std::string(found->name) + " (" + std::string(found->department) + ")"
                      : *visit.commune_insee;
    }
    row.set("commune", commune);
    std::string partner = "—";
    if (visit.partner) {
      partner = *visit.partner;
      for (const Partner& p : partners) {
        if (p.code == *visit.partner) partner = p.name;
      }
    }
    row.set("partner", partner);
    row.set("outcome", std::string(app::OutcomeLabel(visit.outcome)));
    std::string themes;
    for (const std::string& code : visit.themes) {
      themes += (themes.empty() ? "" : ", ") + std::string(app::ThemeLabel(code));
    }
    row.set("themes", themes.empty() ? std::string("—") : themes);
    list.push_back(row);
  }
  return list;
}

// Today's appointments, for the staff allowed to see them: each can become
// a visit without retyping (the link prefills the form).
PageData DayAppointments(Services& services, const app::Agent& agent) {
  PageData list = PageData::type::list;
  auto day = services.appointments.Day(services.visits.Today(), agent);
  if (!day) return list;
  const auto hours = services.sites.CurrentHours();
  for (const app::Appointment& a : *day) {
    if (a.status == app::AppointmentStatus::kCancelled) continue;
    PageData row;
    row.set("id", a.id);
    row.set("time", FrenchTime(hours->zone().ToLocal(a.start)));
    auto type = services.appointments.Type(a.type_id);
    row.set("type", type ? type->name : a.type_id);
    const std::string person = a.person.first_name + " " + a.person.last_name;
    row.set("person", person == " " ? std::string("—") : person);
    row.set("mediator", a.agent_login);
    row.set("status", StatusLabel(a.status));
    row.set("can_log", a.status == app::AppointmentStatus::kBooked ||
                           a.status == app::AppointmentStatus::kSeen);
    list.push_back(row);
  }
  return list;
}

Response Page(const Request& request, Services& services, const app::Agent& agent,
              const CounterForm& form, int status) {
  Response cookies;
  PageData data;
  data.set("csrf", CsrfToken(request, cookies));
  data.set("agent", AgentData(agent));
  data.set("commune", form.commune);
  if (!form.notice.empty()) data.set("notice", form.notice);
  data.set("offer_survey", form.offer_survey && services.surveys != nullptr);
  if (!form.error.empty()) {
    if (form.error_field.empty())
      data.set("error", form.error);
    else
      data.set(form.error_field + "_error", form.error);
  }

  const std::string& site_id = services.sites.Current()->id;
  PageData frequent = PageData::type::list;
  for (const Commune& c : services.visits.communes().MostFrequent(site_id, kFrequentCommunes)) {
    PageData item;
    item.set("entry", std::string(c.name) + " (" + std::string(c.insee) + ")");
    frequent.push_back(item);
  }
  data.set("frequent", frequent);

  data.set("has_choices", !form.choices.empty());
  PageData choices = PageData::type::list;
  for (std::size_t i = 0; i < form.choices.size(); ++i) {
    PageData item;
    item.set("insee", std::string(form.choices[i].insee));
    item.set("name", std::string(form.choices[i].name));
    item.set("department", std::string(form.choices[i].department));
    item.set("first", i == 0);
    choices.push_back(item);
  }
  data.set("choices", choices);

  auto partners = services.sites.Partners();
  const std::vector<Partner> partner_list = partners ? *partners : std::vector<Partner>{};
  PageData partner_items = PageData::type::list;
  for (const Partner& p : partner_list) {
    PageData item;
    item.set("code", p.code);
    item.set("name", p.name);
    item.set("selected", p.code == form.partner);
    partner_items.push_back(item);
  }
  data.set("partners", partner_items);

  PageData themes = PageData::type::list;
  for (const app::Theme& theme : app::Themes()) {
    themes.push_back(Choice(ThemeField(theme.code), "1", theme.label,
                            form.themes.count(std::string(theme.code)) > 0));
  }
  data.set("themes", themes);
  PageData outcomes = PageData::type::list;
  for (app::Outcome outcome : app::kOutcomes) {
    const std::string value(app::OutcomeName(outcome));
    outcomes.push_back(
        Choice("issue-" + value, value, app::OutcomeLabel(outcome), value == form.outcome));
  }
  data.set("outcomes", outcomes);
  PageData channels = PageData::type::list;
  for (app::Channel channel : app::kChannels) {
    const std::string value(app::ChannelName(channel));
    channels.push_back(
        Choice("canal-" + value, value, app::ChannelLabel(channel), value == form.channel));
  }
  data.set("channels", channels);
  data.set("duration", form.duration);
  data.set("time", form.time);
  data.set("qpv", YesNoUnknown("qpv", form.qpv));
  data.set("first_visit", YesNoUnknown("premier", form.first_visit));

  PageData visits = DayVisits(services, agent, partner_list);
  data.set("visit_count", std::to_string(visits.list_value().size()));
  data.set("has_visits", !visits.list_value().empty());
  data.set("visits", visits);

  data.set("can_issue_ticket", app::Allowed(agent.role, app::Action::kIssueTicket));
  PageData appointments = DayAppointments(services, agent);
  data.set("has_appointments", !appointments.list_value().empty());
  data.set("appointments", appointments);

  Response page = RenderPage("counter", "Enregistrer un passage", std::move(data));
  page.status = status;
  page.headers = std::move(cookies.headers);
  page.Header("Cache-Control", "no-store");
  return page;
}

// The form as an appointment fills it: the person's commune, the type's
// partner, "on appointment", and its time when it is today's.
void Prefill(const app::Appointment& appointment, Services& services, CounterForm& form) {
  form.commune = appointment.person.commune_insee;
  if (auto type = services.appointments.Type(appointment.type_id)) {
    form.partner = type->partner;
    form.notice = "Passage prérempli depuis le rendez-vous « " + type->name + " ».";
  }
  form.channel = std::string(app::ChannelName(app::Channel::kAppointment));
  const auto& zone = services.sites.CurrentHours()->zone();
  const date::local_seconds local = zone.ToLocal(appointment.start);
  const date::local_days day = date::floor<date::days>(local);
  if (app::FormatDate(date::year_month_day{day}) == services.visits.Today()) {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local - day).count();
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(minutes / 60),
                  static_cast<int>(minutes % 60));
    form.time = text;
  }
}

Response Show(const Request& request, Services& services) {
  Response refusal;
  auto agent = CounterAgent(request, services, refusal);
  if (!agent) return refusal;
  CounterForm form;
  Remembered(request, form);
  if (request.Query("enregistre") == "1") {
    form.notice = "Passage enregistré.";
    form.offer_survey = true;
  }
  if (const std::string number = request.Query("ticket"); !number.empty()) {
    form.notice = "Ticket " + number + " remis : position " + request.Query("position") +
                  ", attente estimée " + request.Query("attente") + " min.";
  }
  if (const std::string id = request.Query("rendez-vous"); !id.empty()) {
    auto found = services.appointments.Find(id, "", &*agent);
    if (!found) return ErrorResponseFor(request, found.error());
    Prefill(*found, services, form);
  }
  return Page(request, services, *agent, form, 200);
}

// "oui" → true, "non" → false, "" → unknown; anything else refused.
Result<std::optional<bool>> YesNo(const std::string& value, const std::string& field) {
  if (value.empty()) return std::optional<bool>{};
  if (value == "oui") return std::optional<bool>{true};
  if (value == "non") return std::optional<bool>{false};
  return Fail(ErrorKind::kInvalid, "invalid_choice", "Choix attendu : oui, non ou ne sait pas.",
              field);
}

// "HH:MM" today in the site's time zone, as RFC 3339.
Result<std::string> TodayAt(const std::string& time, Services& services) {
  const auto bad = [] {
    return Fail(ErrorKind::kInvalid, "invalid_time",
                "Heure attendue au format HH:MM, par exemple 14:05.", "time");
  };
  if (time.size() != 5 || time[2] != ':') return bad();
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (time[i] < '0' || time[i] > '9') return bad();
  }
  const int hour = (time[0] - '0') * 10 + (time[1] - '0');
  const int minute = (time[3] - '0') * 10 + (time[4] - '0');
  if (hour > 23 || minute > 59) return bad();
  auto day = app::ParseDate(services.visits.Today(), "time");
  if (!day) return tl::unexpected(day.error());
  const auto& zone = services.sites.CurrentHours()->zone();
  const date::local_seconds local =
      date::local_days{*day} + std::chrono::hours{hour} + std::chrono::minutes{minute};
  return zone.FormatRfc3339(zone.ToInstant(local));
}

// Reads the form into `form` and `draft`; the error names a form field.
Status ReadForm(Fields& fields, Services& services, const std::string& site_id, CounterForm& form,
                app::VisitDraft& draft) {
  form.commune = fields["commune"];
  form.partner = fields["partner"];
  form.outcome = fields["outcome"];
  form.duration = fields["duration"];
  form.channel = fields["channel"];
  form.time = fields["time"];
  form.qpv = fields["qpv"];
  form.first_visit = fields["first_visit"];
  for (const app::Theme& theme : app::Themes()) {
    if (!fields[ThemeField(theme.code)].empty()) {
      form.themes.insert(std::string(theme.code));
      draft.themes.emplace_back(theme.code);
    }
  }
  draft.outcome = form.outcome;
  if (!form.partner.empty()) draft.partner = form.partner;
  if (!form.channel.empty()) draft.channel = form.channel;

  // A choice among homonyms counts while the name typed is the one asked about.
  const std::string chosen = fields["commune_insee"];
  if (!chosen.empty() && fields["commune_asked"] == form.commune) {
    draft.commune_insee = chosen;
  } else {
    auto resolved =
        services.visits.communes().Resolve(site_id, form.commune, "commune", kMaxChoices);
    if (!resolved) return tl::unexpected(resolved.error());
    if (!resolved->choices.empty()) {
      form.choices = std::move(resolved->choices);
      return {};
    }
    if (resolved->commune) draft.commune_insee = std::string(resolved->commune->insee);
  }

  auto qpv = YesNo(form.qpv, "qpv");
  if (!qpv) return tl::unexpected(qpv.error());
  draft.qpv = *qpv;
  auto first_visit = YesNo(form.first_visit, "first_visit");
  if (!first_visit) return tl::unexpected(first_visit.error());
  draft.first_visit = *first_visit;
  if (!form.duration.empty()) {
    std::int64_t minutes = 0;
    const auto [end, ec] =
        std::from_chars(form.duration.data(), form.duration.data() + form.duration.size(), minutes);
    if (ec != std::errc() || end != form.duration.data() + form.duration.size()) {
      return Fail(ErrorKind::kInvalid, "invalid_duration",
                  "La durée se compte en minutes : un nombre entier.", "duration");
    }
    draft.duration_minutes = minutes;
  }
  if (!form.time.empty()) {
    auto at = TodayAt(form.time, services);
    if (!at) return tl::unexpected(at.error());
    draft.at = *at;
  }
  return {};
}

Response Submit(const Request& request, Services& services) {
  Response refusal;
  auto agent = CounterAgent(request, services, refusal);
  if (!agent) return refusal;
  auto fields = ParseUrlEncoded(request.body);
  if (!fields) return ErrorResponseFor(request, fields.error());
  CounterForm form;
  if (!CsrfValid(request, *fields)) {
    Remembered(request, form);
    form.error = "Le formulaire a expiré : vérifiez les champs et validez à nouveau.";
    return Page(request, services, *agent, form, 403);
  }
  app::VisitDraft draft;
  if (auto read = ReadForm(*fields, services, services.sites.Current()->id, form, draft); !read) {
    form.error = read.error().message;
    form.error_field = FormField(read.error().field);
    return Page(request, services, *agent, form, HttpStatus(read.error().kind));
  }
  if (!form.choices.empty()) return Page(request, services, *agent, form, 200);
  auto visit = services.visits.Log(*agent, draft);
  if (!visit) {
    form.error = visit.error().message;
    form.error_field = FormField(visit.error().field);
    return Page(request, services, *agent, form, HttpStatus(visit.error().kind));
  }
  Response response = Redirect("/accueil?enregistre=1");
  response.Header("Set-Cookie", RememberCookie(form, request));
  return response;
}

}  // namespace

// POST /accueil/ticket: a walk-in queue ticket given from the counter.
Response IssueTicket(const Request& request, Services& services) {
  Response refusal;
  auto agent = CounterAgent(request, services, refusal);
  if (!agent) return refusal;
  CounterForm form;
  Remembered(request, form);
  auto fields = CheckedForm(request);
  if (!fields) {
    form.error = fields.error().kind == ErrorKind::kForbidden
                     ? "Le formulaire a expiré : recommencez."
                     : fields.error().message;
    return Page(request, services, *agent, form, HttpStatus(fields.error().kind));
  }
  const std::string reason = (*fields)["reason"];
  auto entry = services.queue.Issue(
      *agent, reason.empty() ? std::nullopt : std::optional<std::string>(reason));
  if (!entry) {
    form.error = entry.error().message;
    return Page(request, services, *agent, form, HttpStatus(entry.error().kind));
  }
  return Redirect("/accueil?ticket=" + std::to_string(entry->ticket.number) +
                  "&position=" + std::to_string(entry->position) +
                  "&attente=" + std::to_string(entry->estimated_wait_minutes));
}

void AddCounterRoutes(Router& router, Services& services) {
  Services* s = &services;
  router.Add(Access::Staff(app::Action::kLogVisit),
             {"GET", "/accueil", [s](const Request& r) { return Show(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kLogVisit),
             {"POST", "/accueil", [s](const Request& r) { return Submit(r, *s); }, true});
  router.Add(
      Access::Staff(app::Action::kIssueTicket),
      {"POST", "/accueil/ticket", [s](const Request& r) { return IssueTicket(r, *s); }, true});
}

}  // namespace relais::web
