// Calendars (iCalendar, RFC 5545): one appointment's .ics for its holder
// (the manage token) or the staff, and each mediator's private feed with
// the page that issues its address. Handlers only translate.
#include <map>
#include <optional>

#include "app/appointments.h"
#include "app/calendar_feeds.h"
#include "notify/appointment_calendar.h"
#include "notify/email_messenger.h"
#include "web/errors.h"
#include "web/json.h"
#include "web/page_common.h"
#include "web/routes.h"
#include "web/session.h"

namespace relais::web {
namespace {

constexpr std::string_view kIcsSuffix = ".ics";

// A text/calendar answer. `disposition` and `cache` are header values.
Response Calendar(std::string ics, const char* disposition, const char* cache) {
  Response response;
  response.content_type = "text/calendar; charset=utf-8";
  response.body = std::move(ics);
  response.headers.reserve(2);
  response.headers.emplace_back("Cache-Control", cache);
  response.headers.emplace_back("Content-Disposition", disposition);
  return response;
}

tl::unexpected<Error> NoFeeds() {
  return Fail(ErrorKind::kNotFound, "calendar_feed_not_found",
              "Cet agenda en abonnement n'existe pas ou a été remplacé.");
}

UtcTime Now(Services& services) {
  return std::chrono::floor<std::chrono::seconds>(services.clock.Now());
}

std::string FeedUrl(Services& services, const std::string& token) {
  return services.public_url + "/agenda/" + token + std::string(kIcsSuffix);
}

// GET /api/v1/appointments/{id}/ics?token=… (or a staff session).
Response AppointmentIcs(const Request& request, Services& services) {
  const std::string token = request.Query("token");
  std::optional<app::Agent> staff;
  if (token.empty()) {
    auto agent = SignedInAgent(request, services);
    if (!agent) return ErrorResponse(agent.error());
    staff = std::move(*agent);
  }
  const std::string& id = request.params.at("id");
  auto found = services.appointments.Find(id, token, staff ? &*staff : nullptr);
  if (!found) return ErrorResponse(found.error());
  notify::AppointmentEntry entry;
  entry.appointment = std::move(*found);
  if (auto type = services.appointments.Type(entry.appointment.type_id)) {
    entry.type_name = type->name;
    if (!type->documents.empty())
      entry.description = "Pensez à apporter : " + type->documents + "\n";
  } else {
    entry.type_name = entry.appointment.type_id;
  }
  if (!token.empty() && entry.appointment.status == app::AppointmentStatus::kBooked) {
    entry.description +=
        "Annuler ou déplacer : " + notify::ManageUrl(services.public_url, id, token) + "\n";
  }
  auto ics = notify::AppointmentCalendar({std::move(entry)}, *services.sites.Current(),
                                         notify::Method::kPublish, Now(services));
  if (!ics) return ErrorResponse(ics.error());
  return Calendar(std::move(*ics), "attachment; filename=\"rendez-vous.ics\"", "no-store");
}

// POST /api/v1/calendar-feed: a new feed address for the signed-in mediator.
Response IssueFeed(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto body = ParseJsonObject(request);  // a JSON body: no cross-site form can send it
  if (!body) return ErrorResponse(body.error());
  if (services.calendar_feeds == nullptr) return ErrorResponse(NoFeeds().value());
  auto token = services.calendar_feeds->Issue(*agent);
  if (!token) return ErrorResponse(token.error());
  return JsonResponse(201, {{"url", FeedUrl(services, *token)}});
}

// GET /agenda/{token}.ics: the feed itself, for a calendar application.
Response Feed(const Request& request, Services& services) {
  const std::string& file = request.params.at("file");
  if (services.calendar_feeds == nullptr || file.size() <= kIcsSuffix.size() ||
      file.compare(file.size() - kIcsSuffix.size(), kIcsSuffix.size(), kIcsSuffix) != 0) {
    return ErrorResponseFor(request, NoFeeds().value());
  }
  auto appointments =
      services.calendar_feeds->Appointments(file.substr(0, file.size() - kIcsSuffix.size()));
  if (!appointments) return ErrorResponseFor(request, appointments.error());
  std::map<std::string, std::string> names;
  std::vector<notify::AppointmentEntry> entries;
  entries.reserve(appointments->size());
  for (app::Appointment& a : *appointments) {
    auto name = names.find(a.type_id);
    if (name == names.end()) {
      auto type = services.appointments.Type(a.type_id);
      name = names.emplace(a.type_id, type ? type->name : a.type_id).first;
    }
    // No personal data: a calendar application may copy the feed anywhere.
    a.person = {};
    entries.push_back({std::move(a), name->second, {}, {}});
  }
  const auto site = services.sites.Current();
  auto ics = notify::AppointmentCalendar(entries, *site, notify::Method::kPublish, Now(services),
                                         {}, "Rendez-vous · " + site->name);
  if (!ics) return ErrorResponseFor(request, ics.error());
  return Calendar(std::move(*ics), "inline; filename=\"agenda.ics\"", "private, max-age=300");
}

// The subscription page: GET shows the button, POST issues the address.
Response FeedPage(const Request& request, const app::Agent& agent, const std::string& url,
                  const std::string& error, int status) {
  Response cookies;
  PageData data;
  data.set("csrf", CsrfToken(request, cookies));
  data.set("agent", AgentData(agent));
  if (!url.empty()) data.set("url", url);
  if (!error.empty()) data.set("error", error);
  Response page = RenderPage("calendar_feed", "Agenda en abonnement", std::move(data));
  page.status = status;
  page.headers = std::move(cookies.headers);
  page.Header("Cache-Control", "no-store");
  return page;
}

Response ShowFeedPage(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return SignInRedirect(agent.error());
  return FeedPage(request, *agent, {}, {}, 200);
}

Response SubmitFeedPage(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return SignInRedirect(agent.error());
  auto form = CheckedForm(request);
  if (!form) return ErrorResponseFor(request, form.error());
  if (services.calendar_feeds == nullptr) {
    return FeedPage(request, *agent, {}, NoFeeds().value().message, 404);
  }
  auto token = services.calendar_feeds->Issue(*agent);
  if (!token) {
    const int status = token.error().kind == ErrorKind::kForbidden ? 403 : 503;
    return FeedPage(request, *agent, {}, token.error().message, status);
  }
  return FeedPage(request, *agent, FeedUrl(services, *token), {}, 200);
}

}  // namespace

void AddCalendarRoutes(Router& router, Services& services) {
  Services* s = &services;
  router.Add(Access::PublicOr(app::Action::kManageAppointments),
             {"GET", "/api/v1/appointments/{id}/ics",
              [s](const Request& r) { return AppointmentIcs(r, *s); }, true});
  router.Add(
      Access::Staff(app::Action::kViewAgenda),
      {"POST", "/api/v1/calendar-feed", [s](const Request& r) { return IssueFeed(r, *s); }, true});
  router.Add(
      Access::Staff(app::Action::kViewAgenda),
      {"GET", "/agenda/abonnement", [s](const Request& r) { return ShowFeedPage(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kViewAgenda),
             {"POST", "/agenda/abonnement", [s](const Request& r) { return SubmitFeedPage(r, *s); },
              true});
  router.Add(Access::Public(),
             {"GET", "/agenda/{file}", [s](const Request& r) { return Feed(r, *s); }, true});
}

}  // namespace relais::web
