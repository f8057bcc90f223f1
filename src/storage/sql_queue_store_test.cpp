// The walk-in queue over real SQLite: app::Queue's rules end to end, and
// concurrent "call next" rounds that must never hand one ticket to two
// mediators.
#include "storage/sql_queue_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <set>
#include <thread>

#include "app/fake_clock.h"
#include "app/queue.h"
#include "storage/migrations.h"
#include "storage/sql_store.h"
#include "storage/test_database.h"
#include "tests/support/temp_dir.h"

namespace relais::storage {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_seconds;

// Tuesday 3 March 2026, in UTC (Paris is UTC+1 then).
sys_seconds Utc(int hour, int minute = 0, int day = 3) {
  return sys_seconds{date::sys_days{date::year{2026} / 3 / day}} + hours(hour) + minutes(minute);
}

using app::FakeClock;

const app::Agent kReception{"a-rec", "reception", Role::kReception, {"s1"}};
const app::Agent kMediator{"a-med", "mediator", Role::kMediator, {"s1"}};
const app::Agent kMediator2{"a-med2", "m2", Role::kMediator, {"s1"}};
const app::Agent kFunder{"a-fun", "funder", Role::kFunder, {"s1"}};
const app::Agent kElsewhere{"a-oth", "other", Role::kMediator, {"s2"}};

class QueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenTestDatabase(dir_);
    ASSERT_TRUE(opened);
    db_ = std::move(*opened);
    ASSERT_TRUE(Migrate(*db_));
    sql_ = std::make_unique<SqlStore>(*db_);
    ASSERT_TRUE(sql_->SaveSite({"s1", "Lieu", "1 rue A", "Europe/Paris", "Mo-Fr 09:00-12:00"},
                               clock_.Now()));
    ASSERT_TRUE(sql_->SaveSite({"s2", "Autre", "2 rue B", "Europe/Paris", "24/7"}, clock_.Now()));
    ASSERT_TRUE(sql_->SavePartner("s1", {"caf", "CAF"}));
    sites_ = std::make_unique<app::Sites>(*sql_, clock_);
    ASSERT_TRUE(sites_->Load("s1"));
    store_ = std::make_unique<SqlQueueStore>(*db_);
    queue_ = std::make_unique<app::Queue>(*store_, *sites_, clock_);
    ASSERT_TRUE(queue_->Load());
  }

  app::QueueEntry Issue(std::optional<std::string> reason = {}) {
    auto entry = queue_->Issue(kReception, reason);
    EXPECT_TRUE(entry) << entry.error().message;
    return entry ? *entry : app::QueueEntry{};
  }

  testing::TempDir dir_;
  FakeClock clock_{Utc(9)};
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlStore> sql_;
  std::unique_ptr<app::Sites> sites_;
  std::unique_ptr<SqlQueueStore> store_;
  std::unique_ptr<app::Queue> queue_;
};

TEST_F(QueueTest, TicketsAreNumberedPerDayWithPositionsAndWaits) {
  auto first = Issue("caf");
  auto second = Issue("logement");
  auto third = Issue();
  EXPECT_EQ(first.ticket.number, 1);
  EXPECT_EQ(third.ticket.number, 3);
  EXPECT_EQ(first.ticket.day, "2026-03-03");
  EXPECT_EQ(first.ticket.reason, "caf");
  EXPECT_EQ(first.position, 1);
  EXPECT_EQ(third.position, 3);
  EXPECT_EQ(first.estimated_wait_minutes, 5) << "no history: 10 minutes a service";
  EXPECT_EQ(second.estimated_wait_minutes, 15);
  EXPECT_EQ(queue_->ReasonLabel("caf"), "CAF");
  EXPECT_EQ(queue_->ReasonLabel("logement"), "Logement");

  clock_.Set(Utc(9, 0, 4));  // Wednesday
  EXPECT_EQ(Issue().ticket.number, 1) << "numbers start again each day";
}

TEST_F(QueueTest, RefusalsNameTheirCause) {
  auto funder = queue_->Issue(kFunder, {});
  ASSERT_FALSE(funder);
  EXPECT_EQ(funder.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(queue_->Issue(kElsewhere, {}).error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(queue_->Today(kFunder).error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(queue_->CallNext(kReception, "").error().kind, ErrorKind::kForbidden)
      << "reception gives tickets, mediators call them";
  auto reason = queue_->Issue(kReception, std::string("Mme Dupont"));
  ASSERT_FALSE(reason);
  EXPECT_EQ(reason.error().code, "invalid_reason");
  EXPECT_EQ(reason.error().field, "reason");
  auto counter = queue_->CallNext(kMediator, std::string(21, '9'));
  ASSERT_FALSE(counter);
  EXPECT_EQ(counter.error().field, "counter");

  auto empty = queue_->CallNext(kMediator, "1");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(empty.error().code, "queue_empty");
  auto unknown = queue_->Call(kMediator, "nope", "1");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
}

TEST_F(QueueTest, AClosedDeskGivesNoTicketAndSaysWhenItReopens) {
  clock_.Set(Utc(12));  // 13:00 in Paris, closed since noon
  auto closed = queue_->Issue(kReception, {});
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(closed.error().code, "queue_closed");
  EXPECT_NE(closed.error().message.find("mercredi 4 mars à 9 h 00"), std::string::npos)
      << closed.error().message;
  auto board = queue_->Board();
  ASSERT_TRUE(board);
  EXPECT_FALSE(board->open);
  EXPECT_EQ(board->next_opening, Utc(8, 0, 4));
}

TEST_F(QueueTest, MediatorsCallServeAndMarkAbsent) {
  auto one = Issue();
  auto two = Issue();
  auto three = Issue();
  auto called = queue_->CallNext(kMediator, " Guichet 2 ");
  ASSERT_TRUE(called) << called.error().message;
  EXPECT_EQ(called->id, one.ticket.id) << "the first in line";
  EXPECT_EQ(called->status, TicketStatus::kCalled);
  EXPECT_EQ(called->counter, "Guichet 2");
  EXPECT_EQ(called->called_by, kMediator.id);
  EXPECT_EQ(called->called_at, Utc(9));

  auto chosen = queue_->Call(kMediator2, three.ticket.id, "3");
  ASSERT_TRUE(chosen);
  auto again = queue_->Call(kMediator2, three.ticket.id, "3");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(again.error().code, "ticket_already_called");
  EXPECT_EQ(queue_->Cancel(kReception, three.ticket.id).error().kind, ErrorKind::kConflict);

  clock_.Set(Utc(9, 12));
  auto served = queue_->Finish(kMediator, one.ticket.id, TicketEvent::kServe);
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, TicketStatus::kServed);
  EXPECT_EQ(served->ended_at, Utc(9, 12));
  EXPECT_EQ(queue_->Finish(kMediator, one.ticket.id, TicketEvent::kAbsent).error().code,
            "ticket_finished");
  EXPECT_EQ(queue_->Finish(kMediator, two.ticket.id, TicketEvent::kServe).error().code,
            "ticket_not_called");
  ASSERT_TRUE(queue_->Finish(kMediator2, three.ticket.id, TicketEvent::kAbsent));
  ASSERT_TRUE(queue_->Cancel(kReception, two.ticket.id));

  auto view = queue_->Today(kReception);
  ASSERT_TRUE(view);
  ASSERT_EQ(view->tickets.size(), 3u);
  EXPECT_EQ(view->tickets[0].ticket.status, TicketStatus::kServed);
  EXPECT_EQ(view->tickets[1].ticket.status, TicketStatus::kCancelled);
  EXPECT_EQ(view->tickets[2].ticket.status, TicketStatus::kAbsent);
  EXPECT_EQ(view->board.waiting, 0);
  ASSERT_EQ(view->board.called.size(), 2u);
  EXPECT_EQ(view->board.called[0].number, 3) << "latest call first (same second: higher number)";
}

TEST_F(QueueTest, RecentServiceTimesAndCountersShapeTheEstimate) {
  for (int i = 0; i < 3; ++i) {
    auto t = Issue();
    ASSERT_TRUE(queue_->CallNext(kMediator, "1"));
    clock_.Advance(minutes(20));
    ASSERT_TRUE(queue_->Finish(kMediator, t.ticket.id, TicketEvent::kServe));
  }
  EXPECT_EQ(Issue().estimated_wait_minutes, 10) << "20 minutes a service, half done";
  Issue();
  ASSERT_TRUE(queue_->CallNext(kMediator2, "2"));  // a second mediator serves
  EXPECT_EQ(Issue().position, 2);
  auto view = queue_->Today(kMediator);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->board.estimated_wait_minutes, 25) << "position 3, two counters: 20 × 2.5 ÷ 2";
}

TEST_F(QueueTest, TheDesksClosingClosesTheWaitingTicketsAsNotServed) {
  clock_.Set(Utc(10, 50));  // 11:50 in Paris
  auto waiting = Issue();
  auto called = Issue();
  ASSERT_TRUE(queue_->Call(kMediator, called.ticket.id, "1"));
  const auto before = queue_->events().version();

  clock_.Set(Utc(11, 1));  // 12:01: the desk closed at noon
  ASSERT_TRUE(queue_->Sweep());
  EXPECT_GT(queue_->events().version(), before) << "the display learns of it";
  auto view = queue_->Today(kMediator);
  ASSERT_TRUE(view);
  ASSERT_EQ(view->tickets.size(), 2u);
  EXPECT_EQ(view->tickets[0].ticket.status, TicketStatus::kClosed);
  EXPECT_EQ(view->tickets[0].ticket.ended_at, Utc(11)) << "recorded at the closing time";
  EXPECT_EQ(view->tickets[1].ticket.status, TicketStatus::kCalled) << "a service goes on";
  EXPECT_EQ(view->board.waiting, 0);
  EXPECT_FALSE(view->board.open);
  EXPECT_EQ(queue_->CallNext(kMediator, "1").error().code, "queue_empty");
  EXPECT_TRUE(queue_->Finish(kMediator, called.ticket.id, TicketEvent::kServe));
}

TEST_F(QueueTest, TheBoardIsPublishedOnEveryChange) {
  auto v0 = queue_->events().version();
  Issue();
  auto v1 = queue_->events().version();
  EXPECT_GT(v1, v0);
  ASSERT_TRUE(queue_->CallNext(kMediator, "2"));
  auto latest = queue_->events().WaitNewer(v1, std::chrono::milliseconds(1), {});
  ASSERT_TRUE(latest);
  ASSERT_EQ(latest->second.called.size(), 1u);
  EXPECT_EQ(latest->second.called[0].number, 1);
  EXPECT_EQ(latest->second.called[0].counter, "2");
  EXPECT_EQ(latest->second.waiting, 0);
  EXPECT_TRUE(latest->second.open);
}

// Several mediators press "call next" at the same instant, round after
// round: every ticket is called exactly once, never twice.
TEST_F(QueueTest, ConcurrentCallsNeverShareATicket) {
  constexpr int kRounds = 200;
  const app::Agent callers[] = {kMediator,
                                kMediator2,
                                {"a-med3", "m3", Role::kMediator, {"s1"}},
                                {"a-coo", "coordinator", Role::kCoordinator, {"s1"}}};
  constexpr int kCallers = 4;
  std::set<std::string> issued;
  std::set<std::string> called;
  for (int round = 0; round < kRounds; ++round) {
    const int tickets = 1 + round % kCallers;  // 1 to 4 tickets for 4 callers
    for (int i = 0; i < tickets; ++i) issued.insert(Issue().ticket.id);
    std::latch start(kCallers);
    std::vector<std::string> got(kCallers);
    std::vector<std::string> refused(kCallers);
    std::vector<std::thread> threads;
    for (int c = 0; c < kCallers; ++c) {
      threads.emplace_back([&, c] {
        start.arrive_and_wait();
        auto ticket = queue_->CallNext(callers[c], std::to_string(c + 1));
        if (ticket)
          got[c] = ticket->id;
        else
          refused[c] = ticket.error().code;
      });
    }
    for (auto& t : threads) t.join();
    int successes = 0;
    for (int c = 0; c < kCallers; ++c) {
      if (got[c].empty()) {
        EXPECT_EQ(refused[c], "queue_empty") << "round " << round;
        continue;
      }
      ++successes;
      EXPECT_TRUE(called.insert(got[c]).second) << "ticket called twice in round " << round;
    }
    EXPECT_EQ(successes, tickets) << "round " << round;
  }
  EXPECT_EQ(called, issued) << "every ticket called exactly once";
  auto view = queue_->Today(kMediator);
  ASSERT_TRUE(view);
  for (const auto& entry : view->tickets) EXPECT_EQ(entry.ticket.status, TicketStatus::kCalled);
}

TEST_F(QueueTest, SitesAreIsolated) {
  auto ticket = Issue();
  SqlQueueStore& store = *store_;
  auto other = store.ApplyEvent("s2", ticket.ticket.id, TicketEvent::kCall, "x", "", Utc(9));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().kind, ErrorKind::kNotFound);
  EXPECT_TRUE(store.ListDay("s2", "2026-03-03")->empty());
}

}  // namespace
}  // namespace relais::storage
