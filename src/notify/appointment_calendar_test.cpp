// The VTIMEZONE taken from the tz database (Europe/Paris 2026: CET and CEST
// at their real onsets) and the .ics of an appointment.
#include "notify/appointment_calendar.h"

#include <gtest/gtest.h>

namespace relais::notify {
namespace {

using namespace date::literals;
using std::chrono::hours;
using std::chrono::minutes;

TEST(ZoneRulesFor, Paris2026HasCetAndCestAtTheirOnsets) {
  auto rules = ZoneRulesFor("Europe/Paris", 2026, 2026);
  ASSERT_TRUE(rules);
  EXPECT_EQ(rules->tzid, "Europe/Paris");
  ASSERT_EQ(rules->observances.size(), 3u);
  // The onset in force on 1 January: 26 October 2025, 03:00 CEST → 02:00 CET.
  const Observance& autumn_before = rules->observances[0];
  EXPECT_FALSE(autumn_before.daylight);
  EXPECT_EQ(autumn_before.name, "CET");
  EXPECT_EQ(autumn_before.onset, date::local_days{2025_y / 10 / 26} + hours(3));
  EXPECT_EQ(autumn_before.offset_from_minutes, 120);
  EXPECT_EQ(autumn_before.offset_to_minutes, 60);
  // 29 March 2026 at 02:00 CET, clocks go forward.
  const Observance& spring = rules->observances[1];
  EXPECT_TRUE(spring.daylight);
  EXPECT_EQ(spring.name, "CEST");
  EXPECT_EQ(spring.onset, date::local_days{2026_y / 3 / 29} + hours(2));
  EXPECT_EQ(spring.offset_from_minutes, 60);
  EXPECT_EQ(spring.offset_to_minutes, 120);
  // 25 October 2026 at 03:00 CEST, clocks go back.
  const Observance& autumn = rules->observances[2];
  EXPECT_FALSE(autumn.daylight);
  EXPECT_EQ(autumn.onset, date::local_days{2026_y / 10 / 25} + hours(3));
}

TEST(ZoneRulesFor, AZoneWithoutChangesHasOneObservanceAndAnUnknownOneIsRefused) {
  auto utc = ZoneRulesFor("Etc/UTC", 2026, 2026);
  ASSERT_TRUE(utc);
  ASSERT_EQ(utc->observances.size(), 1u);
  EXPECT_EQ(utc->observances[0].offset_to_minutes, 0);
  auto unknown = ZoneRulesFor("Europe/Atlantide", 2026, 2026);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "invalid_timezone");
}

TEST(AppointmentCalendar, TheEventIsInTheSitesWallClockTime) {
  app::Appointment a;
  a.id = "abc";
  a.sequence = 2;
  // 31 March 2026, 07:30Z = 09:30 in Paris (CEST).
  a.start = UtcTime{date::sys_days{2026_y / 3 / 31} + hours(7) + minutes(30)};
  a.end = a.start + minutes(45);
  const Site site{"s1", "PIMMS d'Antony", "1 place du Marché", "Europe/Paris", ""};
  const UtcTime stamp{date::sys_days{2026_y / 3 / 1} + hours(8)};
  auto ics =
      AppointmentCalendar({{a, "Orientation", "Pensez à apporter : rien.", "awa@exemple.fr"}}, site,
                          Method::kRequest, stamp, "accueil@pimms.example");
  ASSERT_TRUE(ics);
  std::string unfolded = *ics;
  for (std::size_t at; (at = unfolded.find("\r\n ")) != std::string::npos;) unfolded.erase(at, 3);
  for (const char* needle :
       {"METHOD:REQUEST\r\n", "UID:abc@relais\r\n", "SEQUENCE:2\r\n",
        "DTSTAMP:20260301T080000Z\r\n", "DTSTART;TZID=Europe/Paris:20260331T093000\r\n",
        "DTEND;TZID=Europe/Paris:20260331T101500\r\n", "SUMMARY:Rendez-vous : Orientation\r\n",
        "BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\n",
        "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:awa@exemple.fr\r\n",
        "STATUS:CONFIRMED\r\n"}) {
    EXPECT_NE(unfolded.find(needle), std::string::npos) << needle << "\n" << *ics;
  }
  a.status = app::AppointmentStatus::kCancelled;
  auto cancel = AppointmentCalendar({{a, "Orientation", "", ""}}, site, Method::kCancel, stamp);
  ASSERT_TRUE(cancel);
  EXPECT_NE(cancel->find("METHOD:CANCEL\r\n"), std::string::npos);
  EXPECT_NE(cancel->find("STATUS:CANCELLED\r\n"), std::string::npos);
  EXPECT_EQ(cancel->find("ATTENDEE"), std::string::npos);
}

}  // namespace
}  // namespace relais::notify
