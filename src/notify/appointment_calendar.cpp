#include "notify/appointment_calendar.h"

#include <algorithm>
#include <stdexcept>

#include <date/tz.h>

#include "app/zoned_time.h"

namespace relais::notify {
namespace {

int Minutes(std::chrono::seconds offset) {
  return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(offset).count());
}

Observance OnsetOf(const date::sys_info& before, const date::sys_info& after) {
  Observance o;
  o.daylight = after.save != std::chrono::minutes{0};
  o.name = after.abbrev;
  o.offset_from_minutes = Minutes(before.offset);
  o.offset_to_minutes = Minutes(after.offset);
  o.onset = date::local_seconds{after.begin.time_since_epoch() + before.offset};
  return o;
}

int YearOf(date::local_seconds time) {
  return static_cast<int>(date::year_month_day{date::floor<date::days>(time)}.year());
}

}  // namespace

Result<ZoneRules> ZoneRulesFor(const std::string& tzid, int first_year, int last_year) {
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(tzid);
  } catch (const std::runtime_error&) {
    return Fail(ErrorKind::kInvalid, "invalid_timezone",
                "Fuseau horaire inconnu : « " + tzid + " ».", "timezone");
  }
  ZoneRules rules;
  rules.tzid = tzid;
  const date::sys_seconds from{date::sys_days{date::year{first_year} / 1 / 1}};
  const date::sys_seconds to{date::sys_days{date::year{last_year + 1} / 1 / 1}};
  const date::sys_seconds epoch{date::sys_days{date::year{1970} / 1 / 1}};
  date::sys_info info = zone->get_info(from);
  if (info.begin <= epoch) {
    // No change since 1970 (or ever): one observance covers everything.
    Observance o = OnsetOf(info, info);
    o.onset = date::local_seconds{epoch.time_since_epoch()};
    rules.observances.push_back(o);
  } else {
    rules.observances.push_back(
        OnsetOf(zone->get_info(info.begin - std::chrono::seconds{1}), info));
  }
  while (info.end < to) {
    const date::sys_info next = zone->get_info(info.end);
    if (next.offset != info.offset || next.abbrev != info.abbrev || next.save != info.save) {
      rules.observances.push_back(OnsetOf(info, next));
    }
    if (next.end <= info.end) break;  // defensive: the database always moves on
    info = next;
  }
  return rules;
}

Result<std::string> AppointmentCalendar(const std::vector<AppointmentEntry>& entries,
                                        const Site& site, Method method, UtcTime stamp,
                                        const std::string& organizer_email,
                                        const std::string& calendar_name) {
  auto zone = app::TimeZone::Find(site.timezone);
  if (!zone) return tl::unexpected(zone.error());
  const int now_year = YearOf(zone->ToLocal(stamp));
  int first_year = now_year;
  int last_year = now_year;
  std::vector<CalendarEvent> events;
  events.reserve(entries.size());
  for (const AppointmentEntry& entry : entries) {
    const app::Appointment& a = entry.appointment;
    CalendarEvent event;
    event.uid = a.id + "@relais";
    event.sequence = a.sequence;
    event.stamp = stamp;
    event.start = zone->ToLocal(a.start);
    event.end = zone->ToLocal(a.end);
    event.summary = "Rendez-vous : " + entry.type_name;
    event.location = site.address.empty() ? site.name : site.name + ", " + site.address;
    event.description = entry.description;
    event.organizer_name = site.name;
    event.organizer_email = organizer_email;
    event.attendee_email = entry.attendee_email;
    event.cancelled = a.status == app::AppointmentStatus::kCancelled;
    first_year = std::min(first_year, YearOf(event.start));
    last_year = std::max(last_year, YearOf(event.end));
    events.push_back(std::move(event));
  }
  auto rules = ZoneRulesFor(site.timezone, first_year, last_year);
  if (!rules) return tl::unexpected(rules.error());
  return ICalendar(events, *rules, method, calendar_name);
}

}  // namespace relais::notify
