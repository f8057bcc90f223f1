#include "notify/icalendar.h"

#include <gtest/gtest.h>

namespace relais::notify {
namespace {

using namespace date::literals;
using std::chrono::hours;
using std::chrono::minutes;

ZoneRules Paris2025() {
  return {"Europe/Paris",
          {{true, "CEST", 60, 120, date::local_days{2025_y / 3 / 30} + hours(2)},
           {false, "CET", 120, 60, date::local_days{2025_y / 10 / 26} + hours(3)}}};
}

CalendarEvent Event() {
  CalendarEvent event;
  event.uid = "abc123@relais";
  event.sequence = 1;
  event.stamp = date::sys_days{2025_y / 3 / 1} + hours(8);
  event.start = date::local_days{2025_y / 3 / 31} + hours(9) + minutes(30);
  event.end = event.start + minutes(45);
  event.summary = "Rendez-vous : aide pour l'allocation logement (CAF)";
  event.location = "PIMMS Médiation d'Antony, Quartier du Noyer-Doré, 92160 Antony";
  event.description = "Pensez à apporter : avis d'imposition; justificatif de domicile, RIB.\nÀ bientôt";
  event.organizer_name = "PIMMS \"Antony\"";
  event.organizer_email = "accueil@exemple.fr";
  return event;
}

TEST(ICalendar, HasTheRequiredPropertiesWithCrlfLines) {
  const std::string ics = ICalendar(Event(), Paris2025(), Method::kRequest);
  for (const char* needle :
       {"BEGIN:VCALENDAR\r\n", "METHOD:REQUEST\r\n", "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n",
        "BEGIN:DAYLIGHT\r\nDTSTART:20250330T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n",
        "UID:abc123@relais\r\n", "DTSTAMP:20250301T080000Z\r\n",
        "DTSTART;TZID=Europe/Paris:20250331T093000\r\n", "DTEND;TZID=Europe/Paris:20250331T101500\r\n",
        "STATUS:CONFIRMED\r\n", "END:VCALENDAR\r\n"}) {
    EXPECT_NE(ics.find(needle), std::string::npos) << needle;
  }
  // Every line ends in CRLF: no bare LF.
  for (std::size_t i = 0; i < ics.size(); ++i) {
    if (ics[i] == '\n') {
      EXPECT_EQ(ics[i - 1], '\r');
    }
  }
}

TEST(ICalendar, TextIsEscapedAndLinesFoldedAt75Octets) {
  const std::string ics = ICalendar(Event(), Paris2025(), Method::kRequest);
  std::string unfolded = ics;
  for (std::size_t at; (at = unfolded.find("\r\n ")) != std::string::npos;) unfolded.erase(at, 3);
  EXPECT_NE(unfolded.find("avis d'imposition\\; justificatif de domicile\\, RIB.\\nÀ bientôt"), std::string::npos)
      << ics;
  std::size_t start = 0;
  while (start < ics.size()) {
    const std::size_t end = ics.find("\r\n", start);
    EXPECT_LE(end - start, 75u) << ics.substr(start, end - start);
    start = end + 2;
  }
  EXPECT_NE(ics.find("ORGANIZER;CN=\"PIMMS Antony\":mailto:accueil@exemple.fr"), std::string::npos);
}

TEST(ICalendar, FoldingNeverSplitsAUtf8Sequence) {
  const std::string line = "SUMMARY:" + std::string(65, 'a') + "ééé";
  const std::string folded = FoldLine(line);
  EXPECT_EQ(folded, "SUMMARY:" + std::string(65, 'a') + "é\r\n éé\r\n");
}

TEST(ICalendar, CancellationKeepsTheUid) {
  CalendarEvent event = Event();
  event.sequence = 2;
  const std::string ics = ICalendar(event, Paris2025(), Method::kCancel);
  EXPECT_NE(ics.find("METHOD:CANCEL\r\n"), std::string::npos);
  EXPECT_NE(ics.find("STATUS:CANCELLED\r\n"), std::string::npos);
  EXPECT_NE(ics.find("UID:abc123@relais\r\n"), std::string::npos);
  EXPECT_NE(ics.find("SEQUENCE:2\r\n"), std::string::npos);
}

}  // namespace
}  // namespace relais::notify
