// The public booking pages (/rendez-vous), without an account and without
// JavaScript: type → week → day → the person's details → confirmation with
// the manage link; the manage page cancels or moves. Handlers only
// translate; app::Appointments decides. Tokens travel in the query or the
// form, never in logs (the access log records route patterns).
#include <algorithm>
#include <map>
#include <set>

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

constexpr int kFirstSlotSearchDays = 92;  // within app::kMaxSlotWindowDays

struct Link {
  std::string href;
  std::string label;
};

// What every handler needs of the site, read once per request.
struct Desk {
  Services& services;
  std::shared_ptr<const Site> site;
  std::shared_ptr<const app::SiteHours> hours;
  date::year_month_day today;
  UtcTime now;

  explicit Desk(Services& s)
      : services(s),
        site(s.sites.Current()),
        hours(s.sites.CurrentHours()),
        now(date::floor<std::chrono::seconds>(s.clock.Now())) {
    today = hours->LocalDate(now);
  }
  const app::TimeZone& zone() const { return hours->zone(); }
  date::local_seconds Local(UtcTime t) const { return zone().ToLocal(t); }
  date::year_month_day LocalDay(UtcTime t) const {
    return date::year_month_day{date::floor<days>(Local(t))};
  }
};

date::year_month_day Plus(date::year_month_day day, int n) {
  return date::year_month_day{date::sys_days{day} + days{n}};
}

date::year_month_day MondayOf(date::year_month_day day) {
  const date::sys_days d{day};
  return date::year_month_day{d - (date::weekday{d} - date::Monday)};
}

std::string TypeHref(const app::AppointmentType& type) {
  return "/rendez-vous/" + type.id;
}

std::string DayHref(const app::AppointmentType& type, date::year_month_day day) {
  return TypeHref(type) + "/" + app::FormatDate(day);
}

std::string ManageHref(const std::string& id, const std::string& token) {
  return "/rendez-vous/gerer/" + UrlComponent(id) + "?jeton=" + UrlComponent(token);
}

std::string MoveHref(const std::string& id, const std::string& token) {
  return "/rendez-vous/gerer/" + UrlComponent(id) + "/deplacer?jeton=" + UrlComponent(token);
}

// A page of the booking flow: never cached, with the CSRF cookie.
Response Page(const Request& request, Services& services, const std::string& name,
              const std::string& title, PageData data, int status = 200) {
  Response cookies;
  data.set("csrf", CsrfToken(request, cookies));
  if (auto agent = AgentIfAny(request, services)) data.set("agent", AgentData(*agent));
  Response page = RenderPage(name, title, std::move(data));
  page.status = status;
  page.headers = std::move(cookies.headers);
  page.Header("Cache-Control", "no-store");
  return page;
}

PageData Links(const std::vector<Link>& links) {
  PageData list = PageData::type::list;
  for (const Link& link : links) {
    PageData item;
    item.set("href", link.href);
    item.set("label", link.label);
    list.push_back(item);
  }
  return list;
}

// A page that only explains (an unknown address, a refusal), with ways on.
Response Message(const Request& request, Services& services, int status, const std::string& title,
                 const std::string& message, std::vector<Link> links = {}) {
  PageData data;
  data.set("heading", title);
  data.set("message", message);
  links.push_back({"/rendez-vous", "Prendre un autre rendez-vous"});
  data.set("links", Links(links));
  return Page(request, services, "booking_message", title, std::move(data), status);
}

Response UnknownType(const Request& request, Services& services) {
  return Message(request, services, 404, "Motif introuvable",
                 "Ce motif de rendez-vous n'existe pas ou ne se réserve pas en ligne.");
}

Response BadDate(const Request& request, Services& services) {
  return Message(request, services, 404, "Date invalide",
                 "Cette adresse ne correspond à aucune date : choisissez un jour dans la liste.");
}

// The type `id` as the public may book it.
std::optional<app::AppointmentType> PublicType(Services& services, const std::string& id) {
  auto type = services.appointments.Type(id);
  if (!type || !type->online) return std::nullopt;
  return type;
}

std::map<std::string, std::string> PartnerNames(Services& services) {
  std::map<std::string, std::string> names;
  if (auto partners = services.sites.Partners()) {
    for (const Partner& partner : *partners) names[partner.code] = partner.name;
  }
  return names;
}

PageData TypeData(const app::AppointmentType& type, Services& services) {
  PageData data;
  data.set("name", type.name);
  data.set("duration", FrenchDuration(type.duration_minutes));
  std::string partner;
  if (!type.partner.empty()) {
    const auto names = PartnerNames(services);
    auto it = names.find(type.partner);
    partner = it == names.end() ? type.partner : it->second;
  }
  SetText(data, "partner", partner);
  SetText(data, "documents", type.documents);
  return data;
}

PageData SiteData(const Desk& desk) {
  PageData data;
  data.set("name", desk.site->name);
  data.set("address", desk.site->address);
  return data;
}

// The free slots of `type` on local days [from, to] (public rules).
std::vector<app::FreeSlot> FreeSlots(Desk& desk, const app::AppointmentType& type,
                                     date::year_month_day from, date::year_month_day to) {
  auto slots = desk.services.appointments.Slots(type.id, app::FormatDate(from), app::FormatDate(to),
                                                nullptr);
  return slots ? std::move(*slots) : std::vector<app::FreeSlot>{};
}

// Why a day without free slots has none.
std::string NoSlotReason(const Desk& desk, const app::AppointmentType& type,
                         date::year_month_day day) {
  if (date::sys_days{day} < date::sys_days{desk.today}) return "Jour passé";
  const app::HoursWindow window = desk.hours->Between(day, day);
  for (const ClosedDay& closed : window.closed_days) {
    if (closed.date == day) return "Fermé (" + closed.reason + ")";
  }
  if (window.intervals.empty()) return "Fermé";
  if (date::sys_days{day} > date::sys_days{desk.today} + days{type.horizon_days}) {
    return "Pas encore ouvert à la réservation";
  }
  return "Complet";
}

std::string SlotCount(std::size_t count) {
  return count == 1 ? "1 créneau libre" : std::to_string(count) + " créneaux libres";
}

// The week of `monday` as a list of days, each linked when it has free
// slots; with links to the weeks around it while they can be booked.
PageData WeekData(Desk& desk, const app::AppointmentType& type, date::year_month_day monday,
                  std::optional<date::year_month_day> current,
                  const std::function<std::string(date::year_month_day)>& day_href,
                  const std::function<std::string(date::year_month_day)>& week_href) {
  const date::year_month_day sunday = Plus(monday, 6);
  std::map<date::sys_days, std::size_t> counts;
  for (const app::FreeSlot& slot : FreeSlots(desk, type, monday, sunday)) {
    ++counts[date::sys_days{desk.LocalDay(slot.start)}];
  }
  PageData list = PageData::type::list;
  for (int i = 0; i < 7; ++i) {
    const date::year_month_day day = Plus(monday, i);
    PageData item;
    item.set("label", FrenchDay(day));
    const std::size_t count = counts[date::sys_days{day}];
    if (count > 0) {
      item.set("href", day_href(day));
      item.set("status", SlotCount(count));
    } else {
      item.set("href", false);
      item.set("status", NoSlotReason(desk, type, day));
    }
    item.set("current", current && *current == day);
    list.push_back(item);
  }
  PageData week;
  week.set("days", list);
  week.set("heading", "Semaine du " + FrenchDay(monday) + " au " + FrenchDate(sunday));
  const date::year_month_day last_bookable = Plus(desk.today, type.horizon_days);
  SetText(week, "previous",
          date::sys_days{monday} > date::sys_days{MondayOf(desk.today)}
              ? week_href(Plus(monday, -7))
              : "");
  SetText(week, "next",
          date::sys_days{Plus(monday, 7)} <= date::sys_days{last_bookable}
              ? week_href(Plus(monday, 7))
              : "");
  return week;
}

// The Monday of the week asked for in `text` (YYYY-MM-DD), kept between
// this week and the type's horizon; this week when `text` is empty or bad.
date::year_month_day WeekAsked(const Desk& desk, const app::AppointmentType& type,
                               const std::string& text) {
  const date::year_month_day first = MondayOf(desk.today);
  auto asked = app::ParseDate(text, "semaine");
  if (!asked) return first;
  date::year_month_day monday = MondayOf(*asked);
  const date::year_month_day last = MondayOf(Plus(desk.today, type.horizon_days));
  if (date::sys_days{monday} < date::sys_days{first}) monday = first;
  if (date::sys_days{monday} > date::sys_days{last}) monday = last;
  return monday;
}

// The first free slot from today on, as {"text", "href"}, or false.
void SetFirstFree(PageData& data, Desk& desk, const app::AppointmentType& type) {
  const int span = std::min(type.horizon_days, kFirstSlotSearchDays);
  const auto slots = FreeSlots(desk, type, desk.today, Plus(desk.today, span));
  if (slots.empty()) {
    data.set("first_free", false);
    return;
  }
  const auto local = desk.Local(slots.front().start);
  PageData first;
  first.set("text", FrenchDateTime(local));
  first.set("href", DayHref(type, desk.LocalDay(slots.front().start)) + "/" + Hhmm(local));
  data.set("first_free", first);
}

// The day's free slots as {"label", "hhmm", "href"}: the morning until 13 h, then the afternoon.
struct DaySlots {
  PageData morning = PageData::type::list;
  PageData afternoon = PageData::type::list;
  std::size_t count = 0;
};

DaySlots SlotsOfDay(Desk& desk, const app::AppointmentType& type, date::year_month_day day,
                    const std::string& skip_hhmm = "") {
  DaySlots result;
  for (const app::FreeSlot& slot : FreeSlots(desk, type, day, day)) {
    const auto local = desk.Local(slot.start);
    const std::string hhmm = Hhmm(local);
    if (hhmm == skip_hhmm) continue;
    PageData item;
    item.set("label", FrenchTime(local));
    item.set("hhmm", hhmm);
    item.set("href", DayHref(type, day) + "/" + hhmm);
    (hhmm < "1300" ? result.morning : result.afternoon).push_back(item);
    ++result.count;
  }
  return result;
}

void SetDaySlots(PageData& data, const DaySlots& slots) {
  data.set("has_slots", slots.count > 0);
  data.set("morning", slots.morning);
  data.set("afternoon", slots.afternoon);
  data.set("has_morning", !slots.morning.is_empty_list());
  data.set("has_afternoon", !slots.afternoon.is_empty_list());
}

// --- The booking flow -----------------------------------------------------

Response ListTypes(const Request& request, Services& services) {
  Desk desk(services);
  auto types = services.appointments.Types(nullptr);
  PageData data;
  data.set("site", SiteData(desk));
  PageData list = PageData::type::list;
  if (types) {
    for (const app::AppointmentType& type : *types) {
      PageData item = TypeData(type, services);
      item.set("href", TypeHref(type));
      list.push_back(item);
    }
  }
  data.set("has_types", types && !types->empty());
  data.set("types", list);
  return Page(request, services, "booking_types", "Prendre rendez-vous", std::move(data));
}

Response ShowWeek(const Request& request, Services& services) {
  auto type = PublicType(services, request.params.at("type"));
  if (!type) return UnknownType(request, services);
  Desk desk(services);
  const date::year_month_day monday = WeekAsked(desk, *type, request.Query("semaine"));
  PageData data;
  data.set("type", TypeData(*type, services));
  data.set("types_href", std::string("/rendez-vous"));
  SetFirstFree(data, desk, *type);
  const PageData week = WeekData(
      desk, *type, monday, std::nullopt,
      [&](date::year_month_day day) { return DayHref(*type, day); },
      [&](date::year_month_day day) {
        return TypeHref(*type) + "?semaine=" + app::FormatDate(day);
      });
  data.set("week", RenderTemplate("booking_week", week));
  return Page(request, services, "booking_week_page", "Choisir un jour – " + type->name,
              std::move(data));
}

// The day's page, with `alert` (and `status`) when a chosen slot was refused.
Response DayPage(const Request& request, Desk& desk, const app::AppointmentType& type,
                 date::year_month_day day, const std::string& alert, int status) {
  PageData data;
  data.set("type", TypeData(type, desk.services));
  data.set("day", FrenchDate(day));
  data.set("week_href", TypeHref(type) + "?semaine=" + app::FormatDate(day));
  SetText(data, "alert", alert);
  const DaySlots slots = SlotsOfDay(desk, type, day);
  SetDaySlots(data, slots);
  if (slots.count == 0) {
    const std::string reason = NoSlotReason(desk, type, day);
    data.set("no_slot", reason == "Complet" ? std::string("Plus aucun créneau libre ce jour-là.")
                                            : reason + ".");
    SetFirstFree(data, desk, type);
  }
  return Page(request, desk.services, "booking_day", "Choisir un horaire – " + FrenchDate(day),
              std::move(data), status);
}

Response ShowDay(const Request& request, Services& services) {
  auto type = PublicType(services, request.params.at("type"));
  if (!type) return UnknownType(request, services);
  auto day = app::ParseDate(request.params.at("date"), "date");
  if (!day) return BadDate(request, services);
  Desk desk(services);
  return DayPage(request, desk, *type, *day, {}, 200);
}

// The form: the slot `hhmm` fixed, or (when `choose` is set) a choice among
// the day's free slots after a refusal.
Response FormPage(const Request& request, Desk& desk, const app::AppointmentType& type,
                  date::year_month_day day, const std::string& hhmm, const PersonForm& form,
                  const std::string& alert, bool choose, int status) {
  PageData data;
  data.set("type", TypeData(type, desk.services));
  data.set("site", SiteData(desk));
  data.set("day", FrenchDate(day));
  data.set("action", DayHref(type, day));
  data.set("day_href", DayHref(type, day));
  data.set("hhmm", hhmm);
  SetText(data, "alert", alert);
  std::string field_alert;
  for (const auto& [field, message] : form.errors) {
    if (field.empty()) {
      if (alert.empty()) data.set("alert", message);
    } else if (field_alert.empty()) {
      field_alert = field;
    }
  }
  SetText(data, "alert_field", field_alert);
  if (choose) {
    const DaySlots slots = SlotsOfDay(desk, type, day);
    PageData times = PageData::type::list;
    for (const PageData* group : {&slots.morning, &slots.afternoon}) {
      for (const PageData& item : group->list_value()) {
        PageData choice = item;
        choice.set("checked", item.get("hhmm")->string_value() == hhmm);
        times.push_back(choice);
      }
    }
    data.set("choose", true);
    data.set("has_times", slots.count > 0);
    data.set("times", times);
    data.set("week_href", TypeHref(type) + "?semaine=" + app::FormatDate(day));
    data.set("fixed", false);
  } else {
    auto minutes = ParseHhmm(hhmm);
    data.set("when", FrenchDateTime(date::local_days{day} + *minutes));
    data.set("fixed", true);
    data.set("choose", false);
  }
  data.set("person_fields", RenderPersonFields(form, false));
  return Page(request, desk.services, "booking_form", "Vos coordonnées – " + type.name,
              std::move(data), status);
}

Response ShowForm(const Request& request, Services& services) {
  auto type = PublicType(services, request.params.at("type"));
  if (!type) return UnknownType(request, services);
  auto day = app::ParseDate(request.params.at("date"), "date");
  auto minutes = ParseHhmm(request.params.at("time"));
  if (!day || !minutes) return BadDate(request, services);
  Desk desk(services);
  const std::string hhmm = request.params.at("time");
  const DaySlots slots = SlotsOfDay(desk, *type, *day);
  bool free = false;
  for (const PageData* group : {&slots.morning, &slots.afternoon}) {
    for (const PageData& item : group->list_value()) {
      free = free || item.get("hhmm")->string_value() == hhmm;
    }
  }
  if (!free) {
    return DayPage(request, desk, *type, *day,
                   "Ce créneau n'est plus disponible : choisissez un autre horaire.", 409);
  }
  return FormPage(request, desk, *type, *day, hhmm, PersonForm{}, {}, false, 200);
}

Response SubmitBooking(const Request& request, Services& services) {
  auto type = PublicType(services, request.params.at("type"));
  if (!type) return UnknownType(request, services);
  auto day = app::ParseDate(request.params.at("date"), "date");
  if (!day) return BadDate(request, services);
  Desk desk(services);
  auto fields = ParseUrlEncoded(request.body);
  if (!fields) {
    return Message(request, services, 400, "Formulaire illisible",
                   "Le formulaire envoyé est mal encodé : reprenez depuis le choix du jour.",
                   {{DayHref(*type, *day), "Revenir aux horaires du jour"}});
  }
  PersonForm form = ReadPersonForm(*fields);
  const std::string hhmm = (*fields)["heure"];
  auto minutes = ParseHhmm(hhmm);
  if (!CsrfValid(request, *fields)) {
    return FormPage(request, desk, *type, *day, hhmm, form,
                    "Le formulaire a expiré : vérifiez vos informations et validez à nouveau.",
                    !minutes, 403);
  }
  if (!minutes) {
    return FormPage(request, desk, *type, *day, hhmm, form, "Choisissez un horaire.", true, 422);
  }
  app::BookingRequest booking;
  booking.type_id = type->id;
  booking.start = StartAt(desk.zone(), *day, *minutes);
  booking.consent = form.consent;
  if (!PersonDetailsOf(form, services, booking.person)) {
    return FormPage(request, desk, *type, *day, hhmm, form, {}, false, 422);
  }
  Status admitted = CheckHoneypot(*fields).and_then(
      [&] { return AdmitPublic(services.public_limits, PublicWrite::kBooking, request); });
  if (!admitted) {
    return FormPage(request, desk, *type, *day, hhmm, form, admitted.error().message, false,
                    HttpStatus(admitted.error().kind));
  }
  auto booked = services.appointments.Book(booking, nullptr);
  if (!booked) {
    const Error& error = booked.error();
    if (error.code == "unknown_appointment_type") return UnknownType(request, services);
    if (error.field == "start" || error.kind == ErrorKind::kConflict) {
      return FormPage(request, desk, *type, *day, hhmm, form, error.message, true,
                      HttpStatus(error.kind));
    }
    AddError(form, error);
    return FormPage(request, desk, *type, *day, hhmm, form, {}, false, HttpStatus(error.kind));
  }
  return Redirect("/rendez-vous/confirmation/" + UrlComponent(booked->appointment.id) +
                  "?jeton=" + UrlComponent(booked->manage_token));
}

// --- Confirmation and management -----------------------------------------

bool Changeable(const Desk& desk, const app::Appointment& a) {
  return a.status == app::AppointmentStatus::kBooked && a.start > desk.now;
}

Response ManagePage(const Request& request, Desk& desk, const app::Appointment& a,
                    const std::string& token, bool confirmed, const std::string& notice,
                    const std::string& alert, int status) {
  PageData data;
  auto type = desk.services.appointments.Type(a.type_id);
  app::AppointmentType shown = type ? *type : app::AppointmentType{};
  if (!type) shown.name = "Rendez-vous";
  data.set("type", TypeData(shown, desk.services));
  data.set("site", SiteData(desk));
  data.set("when", FrenchDateTime(desk.Local(a.start)));
  data.set("end", FrenchTime(desk.Local(a.end)));
  data.set("status", StatusLabel(a.status));
  data.set("booked", a.status == app::AppointmentStatus::kBooked);
  data.set("cancelled", a.status == app::AppointmentStatus::kCancelled);
  data.set("person", a.person.first_name + " " + a.person.last_name);
  data.set("confirmed", confirmed);
  SetText(data, "notice", notice);
  SetText(data, "alert", alert);
  data.set("manage_href", ManageHref(a.id, token));
  data.set("cancel_action", "/rendez-vous/gerer/" + UrlComponent(a.id) + "/annuler");
  data.set("move_href", MoveHref(a.id, token));
  data.set("ics_href",
           "/api/v1/appointments/" + UrlComponent(a.id) + "/ics?token=" + UrlComponent(token));
  data.set("token", token);
  data.set("changeable", Changeable(desk, a));
  return Page(request, desk.services, "booking_manage",
              confirmed ? "Rendez-vous confirmé" : "Votre rendez-vous", std::move(data), status);
}

Response NotFoundAppointment(const Request& request, Services& services, const Error& error) {
  if (error.kind != ErrorKind::kNotFound) {
    return Message(request, services, HttpStatus(error.kind), "Rendez-vous indisponible",
                   error.message);
  }
  return Message(request, services, 404, "Rendez-vous introuvable",
                 "Ce rendez-vous est introuvable, ou le lien n'est pas complet : copiez le lien "
                 "en entier, avec ce qui suit « jeton= ».");
}

Response ShowAppointment(const Request& request, Services& services, bool confirmed) {
  const std::string token = request.Query("jeton");
  auto found = services.appointments.Find(request.params.at("id"), token, nullptr);
  if (!found) return NotFoundAppointment(request, services, found.error());
  Desk desk(services);
  std::string notice;
  if (request.Query("annule") == "1" && found->status == app::AppointmentStatus::kCancelled) {
    notice = "Votre rendez-vous est annulé.";
  } else if (request.Query("deplace") == "1") {
    notice = "Votre rendez-vous est déplacé au " + FrenchDateTime(desk.Local(found->start)) + ".";
  }
  return ManagePage(request, desk, *found, token, confirmed, notice, {}, 200);
}

Response SubmitCancel(const Request& request, Services& services) {
  const std::string& id = request.params.at("id");
  auto fields = ParseUrlEncoded(request.body);
  if (!fields)
    return Message(request, services, 400, "Formulaire illisible", fields.error().message);
  const std::string token = (*fields)["jeton"];
  auto found = services.appointments.Find(id, token, nullptr);
  if (!found) return NotFoundAppointment(request, services, found.error());
  Desk desk(services);
  if (!CsrfValid(request, *fields)) {
    return ManagePage(request, desk, *found, token, false, {},
                      "Le formulaire a expiré : rien n'a été annulé. Validez à nouveau.", 403);
  }
  auto cancelled = services.appointments.Cancel(id, token, nullptr);
  if (!cancelled) {
    return ManagePage(request, desk, *found, token, false, {}, cancelled.error().message,
                      HttpStatus(cancelled.error().kind));
  }
  return Redirect(ManageHref(id, token) + "&annule=1");
}

// The move page: the week of `day` (or of `semaine`), and when `day` is
// set, its free slots as buttons.
Response MovePage(const Request& request, Desk& desk, const app::Appointment& a,
                  const std::string& token, std::optional<date::year_month_day> day,
                  const std::string& semaine, const std::string& alert, int status) {
  auto type = desk.services.appointments.Type(a.type_id);
  if (!type || !type->online) {
    return Message(request, desk.services, 409, "Déplacement impossible en ligne",
                   "Ce rendez-vous a été pris par l'équipe du lieu : pour le déplacer, contactez "
                   "le lieu (" +
                       desk.site->name + ", " + desk.site->address + ").",
                   {{ManageHref(a.id, token), "Revenir à votre rendez-vous"}});
  }
  PageData data;
  data.set("type", TypeData(*type, desk.services));
  data.set("when", FrenchDateTime(desk.Local(a.start)));
  data.set("manage_href", ManageHref(a.id, token));
  data.set("token", token);
  data.set("action", "/rendez-vous/gerer/" + UrlComponent(a.id) + "/deplacer");
  SetText(data, "alert", alert);
  data.set("changeable", Changeable(desk, a));
  const std::string base = MoveHref(a.id, token);
  const date::year_month_day monday = day ? MondayOf(*day) : WeekAsked(desk, *type, semaine);
  const PageData week = WeekData(
      desk, *type, monday, day,
      [&](date::year_month_day d) { return base + "&jour=" + app::FormatDate(d); },
      [&](date::year_month_day d) { return base + "&semaine=" + app::FormatDate(d); });
  data.set("week", RenderTemplate("booking_week", week));
  if (day) {
    data.set("day", FrenchDate(*day));
    data.set("date", app::FormatDate(*day));
    const std::string current = Hhmm(desk.Local(a.start));
    const bool same_day = desk.LocalDay(a.start) == *day;
    SetDaySlots(data, SlotsOfDay(desk, *type, *day, same_day ? current : ""));
    data.set("chosen_day", true);
  } else {
    data.set("chosen_day", false);
  }
  return Page(request, desk.services, "booking_move", "Déplacer votre rendez-vous", std::move(data),
              status);
}

Response ShowMove(const Request& request, Services& services) {
  const std::string token = request.Query("jeton");
  auto found = services.appointments.Find(request.params.at("id"), token, nullptr);
  if (!found) return NotFoundAppointment(request, services, found.error());
  Desk desk(services);
  std::optional<date::year_month_day> day;
  if (auto parsed = app::ParseDate(request.Query("jour"), "jour")) day = *parsed;
  return MovePage(request, desk, *found, token, day, request.Query("semaine"), {}, 200);
}

Response SubmitMove(const Request& request, Services& services) {
  const std::string& id = request.params.at("id");
  auto fields = ParseUrlEncoded(request.body);
  if (!fields)
    return Message(request, services, 400, "Formulaire illisible", fields.error().message);
  const std::string token = (*fields)["jeton"];
  auto found = services.appointments.Find(id, token, nullptr);
  if (!found) return NotFoundAppointment(request, services, found.error());
  Desk desk(services);
  auto day = app::ParseDate((*fields)["jour"], "jour");
  auto minutes = ParseHhmm((*fields)["heure"]);
  std::optional<date::year_month_day> shown;
  if (day) shown = *day;
  if (!CsrfValid(request, *fields)) {
    return MovePage(request, desk, *found, token, shown, {},
                    "Le formulaire a expiré : rien n'a changé. Choisissez à nouveau l'horaire.",
                    403);
  }
  if (!day || !minutes) {
    return MovePage(request, desk, *found, token, shown, {}, "Choisissez un jour puis un horaire.",
                    422);
  }
  auto moved =
      services.appointments.Move(id, StartAt(desk.zone(), *day, *minutes), token, {}, nullptr);
  if (!moved) {
    if (moved.error().kind == ErrorKind::kNotFound) {
      return NotFoundAppointment(request, services, moved.error());
    }
    return MovePage(request, desk, *found, token, shown, {}, moved.error().message,
                    HttpStatus(moved.error().kind));
  }
  return Redirect(ManageHref(id, token) + "&deplace=1");
}

}  // namespace

void AddBookingPageRoutes(Router& router, Services& services) {
  Services* s = &services;
  router.Add(Access::Public(),
             {"GET", "/rendez-vous", [s](const Request& r) { return ListTypes(r, *s); }, true});
  router.Add(Access::Public(),
             {"GET", "/rendez-vous/confirmation/{id}",
              [s](const Request& r) { return ShowAppointment(r, *s, true); }, true});
  router.Add(Access::Public(),
             {"GET", "/rendez-vous/gerer/{id}",
              [s](const Request& r) { return ShowAppointment(r, *s, false); }, true});
  router.Add(Access::Public(), {"POST", "/rendez-vous/gerer/{id}/annuler",
                                [s](const Request& r) { return SubmitCancel(r, *s); }, true});
  router.Add(Access::Public(), {"GET", "/rendez-vous/gerer/{id}/deplacer",
                                [s](const Request& r) { return ShowMove(r, *s); }, true});
  router.Add(Access::Public(), {"POST", "/rendez-vous/gerer/{id}/deplacer",
                                [s](const Request& r) { return SubmitMove(r, *s); }, true});
  router.Add(Access::Public(), {"GET", "/rendez-vous/{type}",
                                [s](const Request& r) { return ShowWeek(r, *s); }, true});
  router.Add(Access::Public(), {"GET", "/rendez-vous/{type}/{date}",
                                [s](const Request& r) { return ShowDay(r, *s); }, true});
  router.Add(Access::Public(), {"POST", "/rendez-vous/{type}/{date}",
                                [s](const Request& r) { return SubmitBooking(r, *s); }, true});
  router.Add(Access::Public(), {"GET", "/rendez-vous/{type}/{date}/{time}",
                                [s](const Request& r) { return ShowForm(r, *s); }, true});
}

}  // namespace relais::web
