// The iCalendar (.ics) of appointments, in their site's time zone, with a
// VTIMEZONE taken from the tz database for the years the events need.
#pragma once

#include <string>
#include <vector>

#include "app/appointment_store.h"
#include "domain/error.h"
#include "domain/site.h"
#include "notify/icalendar.h"

namespace relais::notify {

// The observances (onsets of standard and daylight time) of zone `tzid`
// from the last one before `first_year` to the end of `last_year`.
// kInvalid "invalid_timezone" for a zone the tz database lacks.
Result<ZoneRules> ZoneRulesFor(const std::string& tzid, int first_year, int last_year);

// One appointment as an event, and what to say besides the type's name.
struct AppointmentEntry {
  app::Appointment appointment;
  std::string type_name;
  std::string description;     // e.g. what to bring and the manage link
  std::string attendee_email;  // empty: no ATTENDEE
};

// UID "<id>@relais", SEQUENCE the appointment's, summary "Rendez-vous :
// <type>", location the site's name and address; a cancelled appointment
// has STATUS:CANCELLED. `organizer_email` empty: no ORGANIZER.
Result<std::string> AppointmentCalendar(const std::vector<AppointmentEntry>& entries,
                                        const Site& site, Method method, UtcTime stamp,
                                        const std::string& organizer_email = {},
                                        const std::string& calendar_name = {});

}  // namespace relais::notify
