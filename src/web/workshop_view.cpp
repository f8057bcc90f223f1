#include "web/workshop_view.h"

#include "web/booking_form.h"
#include "web/french.h"

namespace relais::web {
namespace {

std::string Plural(int n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

WorkshopDesk::WorkshopDesk(Services& services)
    : site(services.sites.Current()),
      hours(services.sites.CurrentHours()),
      now(date::floor<std::chrono::seconds>(services.clock.Now())) {}

date::local_seconds WorkshopDesk::Local(UtcTime t) const {
  return hours->zone().ToLocal(t);
}

PageData WorkshopData(const app::Workshop& workshop) {
  PageData data;
  data.set("id", workshop.id);
  data.set("title", workshop.title);
  SetText(data, "description", workshop.description);
  data.set("level", std::string(LevelLabel(workshop.level)));
  const auto theme = FindWorkshopTheme(workshop.theme);
  data.set("theme", theme ? std::string(theme->label) : workshop.theme);
  return data;
}

PageData SessionData(const WorkshopDesk& desk, const app::WorkshopSession& s) {
  PageData data;
  const date::local_seconds start = desk.Local(s.start);
  const date::local_seconds end = desk.Local(s.end);
  const date::year_month_day day{date::floor<date::days>(start)};
  data.set("id", s.id);
  data.set("when", FrenchDate(day) + ", de " + FrenchTime(start) + " à " + FrenchTime(end));
  data.set("date", app::FormatDate(day));
  data.set("start", Hhmm(start).insert(2, ":"));
  data.set("end", Hhmm(end).insert(2, ":"));
  data.set("room", s.room);
  data.set("capacity", std::to_string(s.capacity));
  data.set("registered", std::to_string(s.registered));
  data.set("waitlisted", std::to_string(s.waitlisted));
  data.set("mediator", s.agent_login);
  data.set("present", std::to_string(s.present));
  data.set("absent", std::to_string(s.absent));
  data.set("walk_ins", std::to_string(s.walk_ins));
  const int left = s.capacity - s.registered;
  std::string seats;
  if (left > 0) {
    seats =
        Plural(left, "place restante", "places restantes") + " sur " + std::to_string(s.capacity);
  } else if (s.waitlisted == 0) {
    seats = "Complet : inscription sur liste d'attente";
  } else {
    seats = "Complet : " + Plural(s.waitlisted, "personne", "personnes") + " en liste d'attente";
  }
  data.set("seats", seats);
  data.set("started", s.start <= desk.now);
  return data;
}

app::Workshop WorkshopOf(app::Workshops& workshops, const std::string& id) {
  if (auto catalogue = workshops.Catalogue()) {
    for (const app::Workshop& w : *catalogue) {
      if (w.id == id) return w;
    }
  }
  app::Workshop gone;
  gone.id = id;
  gone.title = id;
  return gone;
}

std::string RegistrationStatusLabel(const app::Registration& r) {
  switch (r.status) {
    case RegistrationStatus::kRegistered:
      return "Inscrit";
    case RegistrationStatus::kWaitlisted:
      return "En liste d'attente (position " + std::to_string(r.waitlist_position) + ")";
    case RegistrationStatus::kCancelled:
      return "Annulé";
  }
  return "Inscrit";
}

}  // namespace relais::web
