#include "app/desk_indicators.h"

#include <gtest/gtest.h>

namespace relais::app {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_seconds;

constexpr sys_seconds kNine{seconds{1'717'405'200}};  // 2024-06-03T09:00:00Z

QueueTicket Ticket(TicketStatus status, std::optional<minutes> waited) {
  QueueTicket ticket;
  ticket.status = status;
  ticket.issued_at = kNine;
  if (waited) ticket.called_at = kNine + *waited;
  return ticket;
}

TEST(DeskIndicators, SummarizesTheQueueWaitsOfCalledTickets) {
  std::vector<QueueTicket> tickets;
  for (int m : {1, 2, 3, 4, 5, 6, 7, 8, 9, 30}) {
    tickets.push_back(Ticket(TicketStatus::kServed, minutes{m}));
  }
  tickets.push_back(Ticket(TicketStatus::kAbsent, minutes{10}));
  tickets.push_back(Ticket(TicketStatus::kCancelled, std::nullopt));
  tickets.push_back(Ticket(TicketStatus::kClosed, std::nullopt));
  tickets.push_back(Ticket(TicketStatus::kWaiting, std::nullopt));
  const QueueWaits waits = SummarizeTickets(tickets);
  EXPECT_EQ(waits.tickets, 14);
  EXPECT_EQ(waits.called, 11);
  EXPECT_EQ(waits.not_served, 2);
  ASSERT_TRUE(waits.mean_wait);
  EXPECT_EQ(*waits.mean_wait, seconds{(45 + 30 + 10) * 60 / 11});
  EXPECT_EQ(*waits.median_wait, minutes{6});
  EXPECT_EQ(*waits.p90_wait, minutes{10});
}

TEST(DeskIndicators, HasNoWaitWithoutACalledTicket) {
  const QueueWaits waits = SummarizeTickets({Ticket(TicketStatus::kCancelled, std::nullopt)});
  EXPECT_EQ(waits.tickets, 1);
  EXPECT_FALSE(waits.mean_wait);
  EXPECT_FALSE(waits.median_wait);
}

TEST(DeskIndicators, NoShowRateCountsSeenAndMissedOnly) {
  const auto appointment = [](AppointmentStatus status, minutes from_nine) {
    Appointment a;
    a.status = status;
    a.start = kNine + from_nine;
    return a;
  };
  const std::vector<Appointment> list = {
      appointment(AppointmentStatus::kSeen, minutes{0}),
      appointment(AppointmentStatus::kSeen, minutes{30}),
      appointment(AppointmentStatus::kSeen, minutes{60}),
      appointment(AppointmentStatus::kNoShow, minutes{90}),
      appointment(AppointmentStatus::kExcused, minutes{120}),
      appointment(AppointmentStatus::kCancelled, minutes{150}),
      appointment(AppointmentStatus::kBooked, minutes{180}),  // past, unmarked
      appointment(AppointmentStatus::kBooked, minutes{600}),  // still to come
  };
  const AppointmentAttendance a = SummarizeAppointments(list, kNine + minutes{240});
  EXPECT_EQ(a.appointments, 8);
  EXPECT_EQ(a.seen, 3);
  EXPECT_EQ(a.no_show, 1);
  EXPECT_EQ(a.excused, 1);
  EXPECT_EQ(a.cancelled, 1);
  EXPECT_EQ(a.unmarked, 1);
  ASSERT_TRUE(a.no_show_rate);
  EXPECT_DOUBLE_EQ(*a.no_show_rate, 0.25);
  EXPECT_FALSE(SummarizeAppointments({}, kNine).no_show_rate);
}

}  // namespace
}  // namespace relais::app
