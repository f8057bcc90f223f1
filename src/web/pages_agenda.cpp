// The staff agenda (/agenda): the day's appointments per mediator with
// small forms (seen, no-show, excused, cancel), the week as a table of
// mediators × days, and booking for a person. Signed-in staff allowed by
// app::MayManageAppointments; the signed-in mediator's column comes first.
// Handlers only translate; app::Appointments decides.
#include <algorithm>
#include <map>

#include "app/appointment_settings.h"
#include "app/appointments.h"
#include "web/booking_form.h"
#include "web/errors.h"
#include "web/french.h"
#include "web/page_common.h"
#include "web/routes.h"
#include "web/session.h"

namespace relais::web {
namespace {

using date::days;

struct Mediator {
  std::string id;
  std::string login;
};

date::year_month_day Plus(date::year_month_day day, int n) {
  return date::year_month_day{date::sys_days{day} + days{n}};
}

date::year_month_day MondayOf(date::year_month_day day) {
  const date::sys_days d{day};
  return date::year_month_day{d - (date::weekday{d} - date::Monday)};
}

date::year_month_day Today(Services& services) {
  return services.sites.CurrentHours()->LocalDate(
      date::floor<std::chrono::seconds>(services.clock.Now()));
}

// A page of the agenda: never cached, with the staff navigation.
Response Page(const Request& request, const app::Agent& agent, const std::string& name,
              const std::string& title, PageData data, int status = 200) {
  Response cookies;
  data.set("csrf", CsrfToken(request, cookies));
  data.set("agent", AgentData(agent));
  Response page = RenderPage(name, title, std::move(data));
  page.status = status;
  page.headers = std::move(cookies.headers);
  page.Header("Cache-Control", "no-store");
  return page;
}

// The signed-in agent allowed to manage the site's appointments, or the
// response to send instead (the login page, or 403).
Result<app::Agent> Staff(const Request& request, Services& services, Response& refusal) {
  auto agent = SignedInAgent(request, services);
  if (!agent) {
    refusal = SignInRedirect(agent.error());
    return tl::unexpected(agent.error());
  }
  if (auto allowed = app::MayManageAppointments(*agent, services.sites.Current()->id); !allowed) {
    PageData data;
    data.set("message", allowed.error().message);
    refusal = Page(request, *agent, "error", "Accès refusé", std::move(data), 403);
    return tl::unexpected(allowed.error());
  }
  return agent;
}

// The site's mediators, the signed-in one first, then by login; with those
// met in `appointments` that the settings no longer list.
std::vector<Mediator> Mediators(Services& services, const app::Agent& agent,
                                const std::vector<app::Appointment>& appointments) {
  std::vector<Mediator> list;
  if (auto settings = services.appointment_settings.Mediators(agent)) {
    for (const app::MediatorSettings& m : *settings) list.push_back({m.agent_id, m.login});
  }
  for (const app::Appointment& a : appointments) {
    const bool known = std::any_of(list.begin(), list.end(),
                                   [&](const Mediator& m) { return m.id == a.agent_id; });
    if (!known) list.push_back({a.agent_id, a.agent_login.empty() ? a.agent_id : a.agent_login});
  }
  std::sort(list.begin(), list.end(), [&](const Mediator& x, const Mediator& y) {
    const bool x_own = x.id == agent.id;
    const bool y_own = y.id == agent.id;
    if (x_own != y_own) return x_own;
    return x.login < y.login;
  });
  return list;
}

std::string MediatorName(const Mediator& m, const app::Agent& agent) {
  return m.id == agent.id ? m.login + " (vous)" : m.login;
}

std::map<std::string, std::string> TypeNames(Services& services, const app::Agent& agent) {
  std::map<std::string, std::string> names;
  if (auto types = services.appointments.Types(&agent)) {
    for (const app::AppointmentType& type : *types) names[type.id] = type.name;
  }
  return names;
}

std::string AgendaDayHref(date::year_month_day day) {
  return "/agenda?jour=" + app::FormatDate(day);
}
std::string AgendaWeekHref(date::year_month_day day) {
  return "/agenda?semaine=" + app::FormatDate(day);
}

bool Counts(app::AppointmentStatus status) {
  return status != app::AppointmentStatus::kCancelled && status != app::AppointmentStatus::kExcused;
}

// --- Day view ---------------------------------------------------------------

PageData StatusButton(const char* value, const char* label) {
  PageData button;
  button.set("value", std::string(value));
  button.set("label", std::string(label));
  return button;
}

PageData AppointmentRow(Services& services, const app::Appointment& a,
                        const std::map<std::string, std::string>& type_names,
                        date::year_month_day day) {
  const app::TimeZone& zone = services.sites.CurrentHours()->zone();
  const auto now = date::floor<std::chrono::seconds>(services.clock.Now());
  PageData row;
  row.set("time", FrenchTime(zone.ToLocal(a.start)) + " – " + FrenchTime(zone.ToLocal(a.end)));
  auto type = type_names.find(a.type_id);
  row.set("type", type == type_names.end() ? a.type_id : type->second);
  row.set("person", a.person.first_name + " " + a.person.last_name);
  SetText(row, "phone", FrenchPhone(a.person.phone));
  row.set("phone_href", a.person.phone);
  SetText(row, "email", a.person.email);
  row.set("status", StatusLabel(a.status));
  row.set("online", a.booked_by.empty());
  row.set("date", app::FormatDate(day));
  row.set("status_action", "/agenda/rendez-vous/" + UrlComponent(a.id) + "/statut");
  row.set("cancel_action", "/agenda/rendez-vous/" + UrlComponent(a.id) + "/annuler");
  PageData buttons = PageData::type::list;
  const bool closed = a.status == app::AppointmentStatus::kCancelled ||
                      a.status == app::AppointmentStatus::kExcused;
  if (!closed) {
    if (a.status != app::AppointmentStatus::kSeen) buttons.push_back(StatusButton("seen", "Reçu"));
    if (a.status != app::AppointmentStatus::kNoShow) {
      buttons.push_back(StatusButton("no_show", "Absent"));
    }
    buttons.push_back(StatusButton("excused", "Excusé"));
  }
  row.set("buttons", buttons);
  row.set("has_buttons", !closed);
  row.set("cancellable", a.status == app::AppointmentStatus::kBooked && a.start > now);
  row.set("cancelled", a.status == app::AppointmentStatus::kCancelled);
  return row;
}

Response DayView(const Request& request, Services& services, const app::Agent& agent,
                 date::year_month_day day, const std::string& notice, const std::string& alert,
                 int status) {
  PageData data;
  data.set("day", FrenchDate(day));
  data.set("date", app::FormatDate(day));
  data.set("is_today", day == Today(services));
  data.set("previous", AgendaDayHref(Plus(day, -1)));
  data.set("next", AgendaDayHref(Plus(day, 1)));
  data.set("today_href", std::string("/agenda"));
  data.set("week_href", AgendaWeekHref(day));
  data.set("new_href", "/agenda/nouveau-rendez-vous?jour=" + app::FormatDate(day));
  SetText(data, "notice", notice);
  SetText(data, "alert", alert);
  auto appointments = services.appointments.Day(app::FormatDate(day), agent);
  if (!appointments) {
    SetText(data, "alert", appointments.error().message);
    appointments = std::vector<app::Appointment>{};
  }
  const auto type_names = TypeNames(services, agent);
  PageData columns = PageData::type::list;
  std::size_t total = 0;
  for (const Mediator& mediator : Mediators(services, agent, *appointments)) {
    PageData column;
    column.set("name", MediatorName(mediator, agent));
    column.set("anchor", "mediateur-" + UrlComponent(mediator.id));
    PageData rows = PageData::type::list;
    std::size_t count = 0;
    for (const app::Appointment& a : *appointments) {
      if (a.agent_id != mediator.id) continue;
      rows.push_back(AppointmentRow(services, a, type_names, day));
      if (Counts(a.status)) ++count;
    }
    total += count;
    column.set("count",
               count == 1 ? std::string("1 rendez-vous") : std::to_string(count) + " rendez-vous");
    column.set("has_rows", !rows.is_empty_list());
    column.set("rows", rows);
    columns.push_back(column);
  }
  data.set("columns", columns);
  data.set("has_columns", !columns.is_empty_list());
  data.set("total", std::to_string(total));
  return Page(request, agent, "agenda_day", "Agenda du " + FrenchDate(day), std::move(data),
              status);
}

// --- Week view --------------------------------------------------------------

Response WeekView(const Request& request, Services& services, const app::Agent& agent,
                  date::year_month_day monday) {
  const date::year_month_day sunday = Plus(monday, 6);
  const auto hours = services.sites.CurrentHours();
  const app::TimeZone& zone = hours->zone();
  std::vector<app::Appointment> all;
  std::vector<std::vector<app::Appointment>> by_day(7);
  for (int i = 0; i < 7; ++i) {
    auto day = services.appointments.Day(app::FormatDate(Plus(monday, i)), agent);
    if (!day) continue;
    by_day[i] = *day;
    all.insert(all.end(), day->begin(), day->end());
  }
  const app::HoursWindow window = hours->Between(monday, sunday);
  const date::year_month_day today = Today(services);
  PageData heads = PageData::type::list;
  for (int i = 0; i < 7; ++i) {
    const date::year_month_day day = Plus(monday, i);
    bool open = false;
    for (const app::Interval& interval : window.intervals) {
      open = open || date::year_month_day{date::floor<days>(zone.ToLocal(interval.start))} == day;
    }
    PageData head;
    head.set("label", FrenchDay(day));
    head.set("href", AgendaDayHref(day));
    head.set("closed", !open);
    head.set("today", day == today);
    heads.push_back(head);
  }
  PageData rows = PageData::type::list;
  for (const Mediator& mediator : Mediators(services, agent, all)) {
    PageData row;
    row.set("name", MediatorName(mediator, agent));
    PageData cells = PageData::type::list;
    for (int i = 0; i < 7; ++i) {
      std::string times;
      std::size_t count = 0;
      for (const app::Appointment& a : by_day[i]) {
        if (a.agent_id != mediator.id || !Counts(a.status)) continue;
        times += (times.empty() ? "" : ", ") + FrenchTime(zone.ToLocal(a.start));
        ++count;
      }
      PageData cell;
      cell.set("count", std::to_string(count));
      cell.set("has_any", count > 0);
      cell.set("times", times);
      cells.push_back(cell);
    }
    row.set("cells", cells);
    rows.push_back(row);
  }
  PageData data;
  data.set("heading", "Semaine du " + FrenchDay(monday) + " au " + FrenchDate(sunday));
  data.set("heads", heads);
  data.set("rows", rows);
  data.set("has_rows", !rows.is_empty_list());
  data.set("previous", AgendaWeekHref(Plus(monday, -7)));
  data.set("next", AgendaWeekHref(Plus(monday, 7)));
  data.set("this_week", AgendaWeekHref(today));
  data.set("day_href", AgendaDayHref(monday <= today && today <= sunday ? today : monday));
  return Page(request, agent, "agenda_week", "Agenda de la semaine du " + FrenchDay(monday),
              std::move(data));
}

Response ShowAgenda(const Request& request, Services& services) {
  Response refusal;
  auto agent = Staff(request, services, refusal);
  if (!agent) return refusal;
  const date::year_month_day today = Today(services);
  if (!request.Query("semaine").empty()) {
    auto asked = app::ParseDate(request.Query("semaine"), "semaine");
    return WeekView(request, services, *agent, MondayOf(asked ? *asked : today));
  }
  date::year_month_day day = today;
  std::string alert;
  if (!request.Query("jour").empty()) {
    auto asked = app::ParseDate(request.Query("jour"), "jour");
    if (asked) {
      day = *asked;
    } else {
      alert = "Date invalide : voici l'agenda d'aujourd'hui.";
    }
  }
  std::string notice;
  if (request.Query("fait") == "statut") notice = "Statut enregistré.";
  if (request.Query("fait") == "annule") notice = "Rendez-vous annulé.";
  return DayView(request, services, *agent, day, notice, alert, alert.empty() ? 200 : 400);
}

// The day a form came from (its "jour" field), today when absent or bad.
date::year_month_day FormDay(Services& services, Fields& fields) {
  auto day = app::ParseDate(fields["jour"], "jour");
  return day ? *day : Today(services);
}

Response SubmitStatus(const Request& request, Services& services, bool cancel) {
  Response refusal;
  auto agent = Staff(request, services, refusal);
  if (!agent) return refusal;
  auto fields = ParseUrlEncoded(request.body);
  if (!fields)
    return DayView(request, services, *agent, Today(services), {}, fields.error().message, 400);
  const date::year_month_day day = FormDay(services, *fields);
  if (!CsrfValid(request, *fields)) {
    return DayView(request, services, *agent, day, {},
                   "Le formulaire a expiré : rien n'a changé. Recommencez.", 403);
  }
  const std::string& id = request.params.at("id");
  auto changed = cancel ? services.appointments.Cancel(id, {}, &*agent)
                        : services.appointments.SetStatus(id, (*fields)["statut"], *agent);
  if (!changed) {
    return DayView(request, services, *agent, day, {}, changed.error().message,
                   HttpStatus(changed.error().kind));
  }
  return Redirect(AgendaDayHref(day) + (cancel ? "&fait=annule" : "&fait=statut"));
}

// --- Booking for a person -----------------------------------------------------

struct StaffForm {
  std::string type;
  std::string date;
  std::string time;      // HH:MM
  std::string mediator;  // an agent id, or empty
  PersonForm person;
};

// "14:30" or "1430" → minutes since midnight.
std::optional<std::chrono::minutes> ParseClock(std::string text) {
  if (text.size() == 5 && text[2] == ':') text.erase(2, 1);
  return ParseHhmm(text);
}

std::string Colon(const std::string& hhmm) {
  return hhmm.substr(0, 2) + ":" + hhmm.substr(2);
}

Response NewPage(const Request& request, Services& services, const app::Agent& agent,
                 const StaffForm& form, const std::string& alert, int status) {
  PageData data;
  auto types = services.appointments.Types(&agent);
  PageData type_items = PageData::type::list;
  std::optional<app::AppointmentType> chosen;
  if (types) {
    for (const app::AppointmentType& type : *types) {
      PageData item;
      item.set("id", type.id);
      item.set("name", type.name + (type.online ? "" : " (sur proposition)") + " – " +
                           FrenchDuration(type.duration_minutes));
      item.set("selected", type.id == form.type);
      if (type.id == form.type) chosen = type;
      type_items.push_back(item);
    }
  }
  data.set("types", type_items);
  data.set("date", form.date);
  data.set("time", form.time);
  SetText(data, "alert", alert);
  for (const char* field : {"motif", "jour", "heure", "mediateur"}) {
    auto it = form.person.errors.find(field);
    SetText(data, std::string(field) + "_error",
            it == form.person.errors.end() ? std::string() : it->second);
  }
  auto it = form.person.errors.find("");
  if (it != form.person.errors.end() && alert.empty()) data.set("alert", it->second);
  auto day = app::ParseDate(form.date, "jour");
  const bool ready = chosen && day;
  data.set("ready", ready);
  if (ready) {
    data.set("type_name", chosen->name);
    data.set("type_id", chosen->id);
    data.set("day", FrenchDate(*day));
    const app::TimeZone& zone = services.sites.CurrentHours()->zone();
    PageData slots = PageData::type::list;
    auto free = services.appointments.Slots(chosen->id, form.date, form.date, &agent);
    if (free) {
      for (const app::FreeSlot& slot : *free) {
        const auto local = zone.ToLocal(slot.start);
        PageData item;
        item.set("label", FrenchTime(local));
        item.set("free", slot.free_mediators == 1
                             ? std::string("1 médiateur libre")
                             : std::to_string(slot.free_mediators) + " médiateurs libres");
        item.set("href", "/agenda/nouveau-rendez-vous?motif=" + UrlComponent(chosen->id) +
                             "&jour=" + form.date + "&heure=" + Colon(Hhmm(local)));
        slots.push_back(item);
      }
    }
    data.set("has_slots", !slots.is_empty_list());
    data.set("slots", slots);
    PageData mediators = PageData::type::list;
    for (const Mediator& m : Mediators(services, agent, {})) {
      PageData item;
      item.set("id", m.id);
      item.set("name", MediatorName(m, agent));
      item.set("selected", m.id == form.mediator);
      mediators.push_back(item);
    }
    data.set("mediators", mediators);
    data.set("person_fields", RenderPersonFields(form.person, true));
  }
  return Page(request, agent, "agenda_new", "Prendre un rendez-vous pour une personne",
              std::move(data), status);
}

Response ShowNew(const Request& request, Services& services) {
  Response refusal;
  auto agent = Staff(request, services, refusal);
  if (!agent) return refusal;
  StaffForm form;
  form.type = request.Query("motif");
  form.date = request.Query("jour");
  if (form.date.empty()) form.date = app::FormatDate(Today(services));
  form.time = request.Query("heure");
  return NewPage(request, services, *agent, form, {}, 200);
}

Response SubmitNew(const Request& request, Services& services) {
  Response refusal;
  auto agent = Staff(request, services, refusal);
  if (!agent) return refusal;
  auto fields = ParseUrlEncoded(request.body);
  if (!fields) return NewPage(request, services, *agent, {}, fields.error().message, 400);
  StaffForm form;
  form.type = (*fields)["motif"];
  form.date = (*fields)["jour"];
  form.time = (*fields)["heure"];
  form.mediator = (*fields)["mediateur"];
  form.person = ReadPersonForm(*fields);
  if (!CsrfValid(request, *fields)) {
    return NewPage(request, services, *agent, form,
                   "Le formulaire a expiré : vérifiez les informations et validez à nouveau.", 403);
  }
  auto day = app::ParseDate(form.date, "jour");
  auto minutes = ParseClock(form.time);
  if (!day || !minutes) {
    form.person.errors[day ? "heure" : "jour"] =
        day ? "Heure attendue au format HH:MM, par exemple 14:30." : "Choisissez une date.";
    return NewPage(request, services, *agent, form, {}, 422);
  }
  app::BookingRequest booking;
  booking.type_id = form.type;
  booking.start = StartAt(services.sites.CurrentHours()->zone(), *day, *minutes);
  booking.consent = form.person.consent;
  booking.agent_id = form.mediator;
  if (!PersonDetailsOf(form.person, services, booking.person)) {
    return NewPage(request, services, *agent, form, {}, 422);
  }
  auto booked = services.appointments.Book(booking, &*agent);
  if (!booked) {
    const Error& error = booked.error();
    if (error.field == "start") {
      form.person.errors["heure"] = error.message;
    } else if (error.field == "agent_id") {
      form.person.errors["mediateur"] = error.message;
    } else if (error.field == "type") {
      form.person.errors["motif"] = error.message;
    } else {
      AddError(form.person, error);
    }
    return NewPage(request, services, *agent, form, {}, HttpStatus(error.kind));
  }
  return Redirect("/rendez-vous/confirmation/" + UrlComponent(booked->appointment.id) +
                  "?jeton=" + UrlComponent(booked->manage_token));
}

}  // namespace

void AddAgendaPageRoutes(Router& router, Services& services) {
  Services* s = &services;
  router.Add(Access::Staff(app::Action::kViewAgenda),
             {"GET", "/agenda", [s](const Request& r) { return ShowAgenda(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kManageAppointments),
             {"POST", "/agenda/rendez-vous/{id}/statut",
              [s](const Request& r) { return SubmitStatus(r, *s, false); }, true});
  router.Add(Access::Staff(app::Action::kManageAppointments),
             {"POST", "/agenda/rendez-vous/{id}/annuler",
              [s](const Request& r) { return SubmitStatus(r, *s, true); }, true});
  router.Add(Access::Staff(app::Action::kManageAppointments),
             {"GET", "/agenda/nouveau-rendez-vous",
              [s](const Request& r) { return ShowNew(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kManageAppointments),
             {"POST", "/agenda/nouveau-rendez-vous",
              [s](const Request& r) { return SubmitNew(r, *s); }, true});
}

}  // namespace relais::web
