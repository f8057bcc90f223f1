#include "notify/icalendar.h"

#include <cstdio>

namespace relais::notify {
namespace {

std::string LocalStamp(date::local_seconds time) {
  return date::format("%Y%m%dT%H%M%S", time);
}

std::string UtcStamp(date::sys_seconds time) {
  return date::format("%Y%m%dT%H%M%SZ", time);
}

std::string Offset(int minutes) {
  char text[16];
  const int magnitude = minutes < 0 ? -minutes : minutes;
  std::snprintf(text, sizeof text, "%c%02d%02d", minutes < 0 ? '-' : '+', magnitude / 60,
                magnitude % 60);
  return text;
}

}  // namespace

std::string EscapeText(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string FoldLine(const std::string& line) {
  std::string out;
  std::size_t width = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto byte = static_cast<unsigned char>(line[i]);
    // Length of the UTF-8 sequence starting here (1 for ASCII and stray bytes).
    std::size_t length = 1;
    if (byte >= 0xF0)
      length = 4;
    else if (byte >= 0xE0)
      length = 3;
    else if (byte >= 0xC0)
      length = 2;
    if (i + length > line.size()) length = line.size() - i;
    if (width + length > 75) {
      out += "\r\n ";
      width = 1;
    }
    out.append(line, i, length);
    width += length;
    i += length - 1;
  }
  return out + "\r\n";
}

std::string ICalendar(const CalendarEvent& event, const ZoneRules& zone, Method method) {
  return ICalendar(std::vector<CalendarEvent>{event}, zone, method);
}

std::string ICalendar(const std::vector<CalendarEvent>& events, const ZoneRules& zone,
                      Method method, const std::string& name) {
  std::string ics;
  const auto line = [&](const std::string& text) { ics += FoldLine(text); };
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line("PRODID:-//relais//rendez-vous//FR");
  line("CALSCALE:GREGORIAN");
  line(method == Method::kRequest  ? "METHOD:REQUEST"
       : method == Method::kCancel ? "METHOD:CANCEL"
                                   : "METHOD:PUBLISH");
  if (!name.empty()) line("X-WR-CALNAME:" + EscapeText(name));
  line("BEGIN:VTIMEZONE");
  line("TZID:" + zone.tzid);
  for (const Observance& observance : zone.observances) {
    const std::string kind = observance.daylight ? "DAYLIGHT" : "STANDARD";
    line("BEGIN:" + kind);
    line("DTSTART:" + LocalStamp(observance.onset));
    line("TZOFFSETFROM:" + Offset(observance.offset_from_minutes));
    line("TZOFFSETTO:" + Offset(observance.offset_to_minutes));
    if (!observance.name.empty()) line("TZNAME:" + EscapeText(observance.name));
    line("END:" + kind);
  }
  line("END:VTIMEZONE");
  for (const CalendarEvent& event : events) {
    line("BEGIN:VEVENT");
    line("UID:" + EscapeText(event.uid));
    line("SEQUENCE:" + std::to_string(event.sequence));
    line("DTSTAMP:" + UtcStamp(event.stamp));
    line("DTSTART;TZID=" + zone.tzid + ":" + LocalStamp(event.start));
    line("DTEND;TZID=" + zone.tzid + ":" + LocalStamp(event.end));
    line("SUMMARY:" + EscapeText(event.summary));
    if (!event.location.empty()) line("LOCATION:" + EscapeText(event.location));
    if (!event.description.empty()) line("DESCRIPTION:" + EscapeText(event.description));
    if (!event.organizer_email.empty()) {
      std::string organizer;
      for (char c : event.organizer_name) {
        if (c != '"' && c != '\r' && c != '\n') organizer.push_back(c);
      }
      line("ORGANIZER;CN=\"" + organizer + "\":mailto:" + event.organizer_email);
    }
    if (!event.attendee_email.empty()) {
      line("ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:" +
           event.attendee_email);
    }
    const bool cancelled = event.cancelled || method == Method::kCancel;
    line(cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
    line("END:VEVENT");
  }
  line("END:VCALENDAR");
  return ics;
}

}  // namespace relais::notify
