#include "web/hours_view.h"

#include "web/french.h"

namespace relais::web {
namespace {

std::string StateText(const app::SiteHours& hours, const app::OpenState& state, date::sys_seconds now) {
  const app::TimeZone& zone = hours.zone();
  const auto today = hours.LocalDate(now);
  if (state.open) {
    if (!state.closes_at || *state.closes_at - now > date::days{7}) return "Ouvert";
    const auto closes = zone.ToLocal(*state.closes_at);
    if (date::year_month_day{date::floor<date::days>(closes)} == today) {
      return "Ouvert, ferme à " + FrenchTime(closes);
    }
    return "Ouvert, ferme " + FrenchDay(date::year_month_day{date::floor<date::days>(closes)}) + " à " +
           FrenchTime(closes);
  }
  if (!state.next_opening) return "Fermé";
  const auto opens = zone.ToLocal(*state.next_opening);
  const date::year_month_day day{date::floor<date::days>(opens)};
  if (day == today) return "Fermé, ouvre aujourd'hui à " + FrenchTime(opens);
  if (date::sys_days{day} == date::sys_days{today} + date::days{1}) return "Fermé, ouvre demain à " + FrenchTime(opens);
  return "Fermé, ouvre " + FrenchDay(day) + " à " + FrenchTime(opens);
}

}  // namespace

PageData HoursView(const app::SiteHours& hours, date::sys_seconds now, int days) {
  const app::OpenState state = hours.At(now);
  PageData view;
  view.set("open", state.open);
  view.set("state", StateText(hours, state, now));
  const date::year_month_day first = hours.LocalDate(now);
  const date::year_month_day last{date::sys_days{first} + date::days{days - 1}};
  const app::HoursWindow window = hours.Between(first, last);
  PageData list = PageData::type::list;
  for (int i = 0; i < days; ++i) {
    const date::year_month_day day{date::sys_days{first} + date::days{i}};
    std::string text;
    for (const app::Interval& interval : window.intervals) {
      const auto start = hours.zone().ToLocal(interval.start);
      const auto end = hours.zone().ToLocal(interval.end);
      if (date::year_month_day{date::floor<date::days>(start)} != day) continue;
      if (!text.empty()) text += ", ";
      text += FrenchTime(start) + " – " + FrenchTime(end);
    }
    std::string reason;
    for (const ClosedDay& closed : window.closed_days) {
      if (closed.date == day) reason = closed.reason;
    }
    if (text.empty()) text = reason.empty() ? "Fermé" : "Fermé (" + reason + ")";
    PageData item;
    item.set("day", FrenchDay(day));
    item.set("hours", text);
    item.set("today", i == 0);
    item.set("closed", text.rfind("Fermé", 0) == 0);
    list.push_back(item);
  }
  view.set("days", list);
  return view;
}

}  // namespace relais::web
