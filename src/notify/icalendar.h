// iCalendar (RFC 5545) files for an appointment: one VEVENT with its
// VTIMEZONE, CRLF line ends, lines folded at 75 octets, text escaped.
// Pure: the caller supplies the zone's observances and local times.
#pragma once

#include <string>
#include <vector>

#include <date/date.h>

namespace relais::notify {

// One onset of standard or daylight time (a VTIMEZONE sub-component).
struct Observance {
  bool daylight = false;
  std::string name;             // "CET", "CEST"
  int offset_from_minutes = 0;  // before the onset
  int offset_to_minutes = 0;    // after the onset
  date::local_seconds onset;    // wall-clock time of the onset, in the old offset
};

struct ZoneRules {
  std::string tzid;  // "Europe/Paris"
  std::vector<Observance> observances;
};

// REQUEST and CANCEL for messages (RFC 5546); PUBLISH for downloads and feeds.
enum class Method { kRequest, kCancel, kPublish };

struct CalendarEvent {
  std::string uid;            // stable across updates: "<id>@relais"
  int sequence = 0;           // increases with each update
  date::sys_seconds stamp;    // DTSTAMP (UTC)
  date::local_seconds start;  // in the zone's wall-clock time
  date::local_seconds end;
  std::string summary;
  std::string location;
  std::string description;
  std::string organizer_name;
  std::string organizer_email;  // empty: no ORGANIZER
  std::string attendee_email;   // empty: no ATTENDEE
  bool cancelled = false;       // STATUS:CANCELLED (always so with Method::kCancel)
};

std::string ICalendar(const CalendarEvent& event, const ZoneRules& zone, Method method);
// Several events in one calendar (a feed), each with `zone`'s times.
std::string ICalendar(const std::vector<CalendarEvent>& events, const ZoneRules& zone,
                      Method method, const std::string& name = {});

// Escapes TEXT values (backslash, semicolon, comma, newline).
std::string EscapeText(const std::string& text);

// Folds one content line at 75 octets (never inside a UTF-8 sequence),
// with CRLF and a leading space on continuation lines.
std::string FoldLine(const std::string& line);

}  // namespace relais::notify
