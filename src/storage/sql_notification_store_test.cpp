// The outbox on SQLite, written in the booking's own transaction, and the
// notifications worker (app/notifications.h) over it with a fake clock and
// a fake messenger: sending once, backoff, reminders dropped after the
// start or a cancellation, nothing sent twice across a restart.
#include "storage/sql_notification_store.h"

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "app/fake_clock.h"
#include "app/notifications.h"
#include "app/secrets.h"
#include "app/sites.h"
#include "storage/migrations.h"
#include "storage/sql_appointment_store.h"
#include "storage/sql_store.h"
#include "storage/test_database.h"
#include "tests/support/temp_dir.h"

namespace relais::storage {
namespace {

using app::Appointment;
using app::AppointmentChange;
using app::AppointmentStatus;
using app::NoticeChannel;
using app::NoticeKind;
using app::OutboxMessage;
using app::OutboxStatus;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// Monday 7 July 2025, 08:00 UTC (10:00 in Paris).
const UtcTime kTen{std::chrono::sys_days{std::chrono::year{2025} / 7 / 7} + hours{8}};

using app::FakeClock;

// The edge: records what it is asked to send, fails when told to.
class FakeMessenger final : public app::Messenger {
 public:
  Status Send(const app::Notice& notice) override {
    sent.push_back(notice);
    if (failing) return Fail(ErrorKind::kUnavailable, "smtp_failed", "Serveur indisponible.");
    return {};
  }
  std::vector<app::Notice> sent;
  bool failing = false;
};

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.Set(kTen - hours{48});
    auto opened = OpenTestDatabase(dir_);
    ASSERT_TRUE(opened);
    db_ = std::move(*opened);
    ASSERT_TRUE(Migrate(*db_));
    sql_ = std::make_unique<SqlStore>(*db_);
    appointments_ = std::make_unique<SqlAppointmentStore>(*db_);
    outbox_ = std::make_unique<SqlNotificationStore>(*db_);
    ASSERT_TRUE(sql_->SaveSite({"s1", "PIMMS d'Antony", "1 place du Marché, 92160 Antony",
                                "Europe/Paris", "Mo-Fr 09:00-17:00"},
                               clock_.Now()));
    ASSERT_TRUE(sql_->CreateAgent({"m1", "marie", Role::kMediator, {"s1"}}, "h", clock_.Now()));
    ASSERT_TRUE(appointments_->SaveAppointmentType(
        "s1", {"t30", "Orientation", 30, "", "Pièce d'identité.", true, 0, 60, 0, 1}));
    ASSERT_TRUE(appointments_->SaveMediator("s1", {"m1", "", "Mo-Fr 09:00-17:00", {"t30"}}));
    sites_ = std::make_unique<app::Sites>(*sql_, clock_);
    ASSERT_TRUE(sites_->Load("s1"));
  }

  Appointment Booking(const std::string& id, UtcTime start) {
    Appointment a;
    a.id = id;
    a.type_id = "t30";
    a.agent_id = "m1";
    a.start = start;
    a.end = start + minutes{30};
    a.busy_until = a.end;
    a.person = {"Awa", "Diallo", "0612345678", "awa@exemple.fr", ""};
    a.consent = true;
    a.token_digest = app::TokenDigest(app::LinkToken(kKey, id));
    return a;
  }

  UtcTime Now() const { return std::chrono::floor<seconds>(clock_.Now()); }

  // Books `id` with its confirmation and reminder, as Appointments does.
  Status Book(const std::string& id, UtcTime start) {
    const Appointment a = Booking(id, start);
    return appointments_->InsertAppointment(
        "s1", a, app::PlanNotices(a, NoticeKind::kConfirmation, {}, Now()), clock_.Now());
  }

  Result<Appointment> Cancel(const std::string& id) {
    return appointments_->ChangeAppointment(
        "s1", id,
        [&](const Appointment& a) -> Result<AppointmentChange> {
          AppointmentChange change;
          change.status = AppointmentStatus::kCancelled;
          change.release_units = true;
          change.sequence = a.sequence + 1;
          change.drop_pending = true;
          Appointment after = a;
          after.status = change.status;
          change.notices = app::PlanNotices(after, NoticeKind::kCancellation, {}, Now());
          return change;
        },
        clock_.Now());
  }

  std::unique_ptr<app::Notifications> Worker(app::Messenger* email, app::Messenger* sms) {
    app::NotificationSettings settings;
    settings.link_key = kKey;
    settings.log = [this](const std::string& line) { log_.push_back(line); };
    return std::make_unique<app::Notifications>(*outbox_, *appointments_, *sites_, clock_, email,
                                                sms, settings);
  }

  int Count(const std::string& id, NoticeKind kind, OutboxStatus status) {
    auto messages = outbox_->MessagesOf("s1", id);
    EXPECT_TRUE(messages);
    int n = 0;
    for (const OutboxMessage& m : *messages) n += m.kind == kind && m.status == status;
    return n;
  }

  static constexpr char kKey[] = "0123456789abcdefghijklmnopqrstuvwxyz-_ABCDE";
  testing::TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlStore> sql_;
  std::unique_ptr<SqlAppointmentStore> appointments_;
  std::unique_ptr<SqlNotificationStore> outbox_;
  std::unique_ptr<app::Sites> sites_;
  std::vector<std::string> log_;
};

TEST_F(OutboxTest, TheBookingWritesItsMessagesInItsTransaction) {
  ASSERT_TRUE(Book("a", kTen));
  auto messages = outbox_->MessagesOf("s1", "a");
  ASSERT_TRUE(messages);
  // A confirmation per channel now, a reminder per channel the day before.
  ASSERT_EQ(messages->size(), 4u);
  EXPECT_EQ(Count("a", NoticeKind::kConfirmation, OutboxStatus::kPending), 2);
  EXPECT_EQ(Count("a", NoticeKind::kReminder, OutboxStatus::kPending), 2);
  for (const OutboxMessage& m : *messages) {
    if (m.kind == NoticeKind::kReminder) {
      EXPECT_EQ(m.due_at, kTen - hours{24});
    }
  }
  // A refused booking writes no message.
  Appointment overlapping = Booking("b", kTen + minutes{15});
  EXPECT_FALSE(appointments_->InsertAppointment(
      "s1", overlapping, app::PlanNotices(overlapping, NoticeKind::kConfirmation, {}, Now()),
      clock_.Now()));
  EXPECT_TRUE(outbox_->MessagesOf("s1", "b")->empty());
  // The same message is never written twice (and the booking with it).
  Appointment again = Booking("c", kTen + hours{2});
  auto notices = app::PlanNotices(again, NoticeKind::kConfirmation, {}, Now());
  notices.push_back(notices.front());
  notices.back().id = "another-id";
  EXPECT_FALSE(appointments_->InsertAppointment("s1", again, notices, clock_.Now()));
  EXPECT_FALSE(*appointments_->FindAppointment("s1", "c"));
}

TEST_F(OutboxTest, ACancellationDropsWhatIsPendingAndAddsItsMessage) {
  ASSERT_TRUE(Book("a", kTen));
  auto cancelled = Cancel("a");
  ASSERT_TRUE(cancelled) << cancelled.error().message;
  EXPECT_EQ(cancelled->sequence, 1);
  EXPECT_EQ(Count("a", NoticeKind::kReminder, OutboxStatus::kDropped), 2);
  EXPECT_EQ(Count("a", NoticeKind::kConfirmation, OutboxStatus::kDropped), 2);
  EXPECT_EQ(Count("a", NoticeKind::kCancellation, OutboxStatus::kPending), 2);
}

TEST_F(OutboxTest, TheWorkerSendsOnceEvenAcrossARestart) {
  ASSERT_TRUE(Book("a", kTen));
  FakeMessenger email;
  FakeMessenger sms;
  {
    auto worker = Worker(&email, &sms);
    auto handled = worker->SendDue();
    ASSERT_TRUE(handled) << handled.error().message;
    EXPECT_EQ(*handled, 2u) << "the reminders are not due yet";
    ASSERT_EQ(email.sent.size(), 1u);
    ASSERT_EQ(sms.sent.size(), 1u);
    const app::Notice& notice = email.sent.front();
    EXPECT_EQ(notice.message.kind, NoticeKind::kConfirmation);
    EXPECT_EQ(notice.appointment.person.email, "awa@exemple.fr");
    EXPECT_EQ(notice.type.name, "Orientation");
    EXPECT_EQ(notice.site.name, "PIMMS d'Antony");
    EXPECT_EQ(notice.manage_token, app::LinkToken(kKey, "a")) << "the link can be given again";
    EXPECT_EQ(*worker->SendDue(), 0u);
  }
  // A new worker over the same database: nothing is sent again.
  auto restarted = Worker(&email, &sms);
  EXPECT_EQ(*restarted->SendDue(), 0u);
  EXPECT_EQ(email.sent.size(), 1u);
  EXPECT_EQ(Count("a", NoticeKind::kConfirmation, OutboxStatus::kSent), 2);
  // The day before, the reminders.
  clock_.Set(kTen - hours{24});
  EXPECT_EQ(*restarted->SendDue(), 2u);
  ASSERT_EQ(email.sent.size(), 2u);
  EXPECT_EQ(email.sent.back().message.kind, NoticeKind::kReminder);
  for (const std::string& line : log_) {
    // Message ids are random base32, so look for the whole strings a person gave.
    for (const char* personal : {"Awa", "Diallo", "awa@exemple.fr", "0612345678"}) {
      EXPECT_EQ(line.find(personal), std::string::npos) << "no personal data in logs: " << line;
    }
  }
}

// Sends like FakeMessenger, but its first send tells `entered` and waits
// until `release` is set.
class HeldMessenger final : public app::Messenger {
 public:
  Status Send(const app::Notice& notice) override {
    if (sent.empty()) {
      entered.set_value();
      release.get_future().wait();
    }
    sent.push_back(notice);
    return {};
  }
  std::vector<app::Notice> sent;
  std::promise<void> entered;
  std::promise<void> release;
};

TEST_F(OutboxTest, AMessageIsClaimedOnceThenDueAgainAfterTheLease) {
  ASSERT_TRUE(Book("a", kTen));
  auto due = outbox_->DueMessages("s1", Now(), 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 2u);
  const std::string id = due->front().id;
  EXPECT_TRUE(*outbox_->Claim("s1", id, Now(), Now() + minutes{2}));
  EXPECT_FALSE(*outbox_->Claim("s1", id, Now(), Now() + minutes{2})) << "taken already";
  EXPECT_EQ(outbox_->DueMessages("s1", Now(), 10)->size(), 1u);
  EXPECT_TRUE(*outbox_->Claim("s1", id, Now() + minutes{2}, Now() + minutes{4}))
      << "a worker that died leaves it due again";
  ASSERT_TRUE(outbox_->MarkSent("s1", id, Now()));
  EXPECT_FALSE(*outbox_->Claim("s1", id, Now() + hours{1}, Now() + hours{2})) << "sent";
}

// Two relais processes on one database each run a worker: a message read by
// both is sent by one. The first worker is held inside its first send while
// the second makes a whole pass over the same due messages.
TEST_F(OutboxTest, TwoWorkersOverOneDatabaseSendEachMessageOnce) {
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(Book("a" + std::to_string(i), kTen + hours{i}));
  }
  HeldMessenger held_email;
  FakeMessenger first_sms;
  FakeMessenger second_email;
  FakeMessenger second_sms;
  auto first = Worker(&held_email, &first_sms);
  auto second = Worker(&second_email, &second_sms);
  ASSERT_EQ(outbox_->DueMessages("s1", Now(), 100)->size(), 12u);
  std::size_t first_handled = 0;
  std::thread first_pass([&] { first_handled = first->SendDue().value_or(0); });
  // The first worker holds its first e-mail, claimed, unsent, not marked.
  ASSERT_EQ(held_email.entered.get_future().wait_for(std::chrono::seconds(30)),
            std::future_status::ready);
  auto second_handled = second->SendDue();
  held_email.release.set_value();
  first_pass.join();
  ASSERT_TRUE(second_handled) << second_handled.error().message;
  EXPECT_EQ(first_handled + *second_handled, 12u);
  std::set<std::string> sent;
  for (const auto* messages :
       {&held_email.sent, &first_sms.sent, &second_email.sent, &second_sms.sent}) {
    for (const app::Notice& notice : *messages) {
      EXPECT_TRUE(sent.insert(notice.message.id).second) << notice.message.id << " sent twice";
    }
  }
  EXPECT_EQ(sent.size(), 12u);
  EXPECT_GT(*second_handled, 0u) << "the second worker took what the first had not claimed";
}

TEST_F(OutboxTest, FailuresAreRetriedWithExponentialBackoffThenGivenUp) {
  ASSERT_TRUE(Book("a", kTen + hours{24 * 30}));
  FakeMessenger email;
  email.failing = true;
  auto worker = Worker(&email, nullptr);
  ASSERT_TRUE(worker->SendDue());
  EXPECT_EQ(Count("a", NoticeKind::kConfirmation, OutboxStatus::kDropped), 1)
      << "no SMS messenger: dropped, not retried";
  EXPECT_EQ(email.sent.size(), 1u);
  UtcTime next = Now() + seconds{60};
  for (int attempt = 2; attempt <= 10; ++attempt) {
    clock_.Set(next - seconds{1});
    ASSERT_TRUE(worker->SendDue());
    EXPECT_EQ(email.sent.size(), static_cast<std::size_t>(attempt - 1)) << "not before its time";
    clock_.Set(next);
    ASSERT_TRUE(worker->SendDue());
    EXPECT_EQ(email.sent.size(), static_cast<std::size_t>(attempt));
    next = Now() + worker->Backoff(attempt);
  }
  EXPECT_EQ(worker->Backoff(1), seconds{60});
  EXPECT_EQ(worker->Backoff(2), seconds{120});
  EXPECT_EQ(worker->Backoff(7), seconds{3600}) << "capped at an hour";
  EXPECT_EQ(Count("a", NoticeKind::kConfirmation, OutboxStatus::kFailed), 1);
  auto messages = outbox_->MessagesOf("s1", "a");
  for (const OutboxMessage& m : *messages) {
    if (m.status == OutboxStatus::kFailed) {
      EXPECT_EQ(m.attempts, 10);
      EXPECT_NE(m.last_error.find("smtp_failed"), std::string::npos);
    }
  }
  clock_.Set(Now() + hours{5});
  ASSERT_TRUE(worker->SendDue());
  EXPECT_EQ(email.sent.size(), 10u) << "a failed message is not tried again";
}

TEST_F(OutboxTest, AReminderIsNeverSentOnceItsAppointmentHasStarted) {
  ASSERT_TRUE(Book("a", kTen));
  FakeMessenger email;
  FakeMessenger sms;
  auto worker = Worker(&email, &sms);
  ASSERT_TRUE(worker->SendDue());  // the confirmations
  // The worker was down from before the reminder until after the start.
  clock_.Set(kTen + minutes{1});
  ASSERT_TRUE(worker->SendDue());
  EXPECT_EQ(email.sent.size(), 1u);
  EXPECT_EQ(Count("a", NoticeKind::kReminder, OutboxStatus::kDropped), 2);
}

TEST_F(OutboxTest, ACancelledAppointmentGetsItsCancellationNotItsReminder) {
  ASSERT_TRUE(Book("a", kTen));
  ASSERT_TRUE(Cancel("a"));
  FakeMessenger email;
  auto worker = Worker(&email, nullptr);
  clock_.Set(kTen - hours{23});
  ASSERT_TRUE(worker->SendDue());
  ASSERT_EQ(email.sent.size(), 1u);
  EXPECT_EQ(email.sent.front().message.kind, NoticeKind::kCancellation);
  EXPECT_EQ(email.sent.front().appointment.status, AppointmentStatus::kCancelled);
  EXPECT_EQ(email.sent.front().appointment.sequence, 1);
  EXPECT_EQ(Count("a", NoticeKind::kReminder, OutboxStatus::kSent), 0);
}

TEST_F(OutboxTest, TheWorkerThreadWakesAfterABooking) {
  FakeMessenger email;
  auto worker = Worker(&email, nullptr);
  worker->Start();
  ASSERT_TRUE(Book("a", kTen));
  worker->Wake();
  for (int i = 0; i < 200 && Count("a", NoticeKind::kConfirmation, OutboxStatus::kPending) > 0;
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  worker->Stop();
  EXPECT_EQ(Count("a", NoticeKind::kConfirmation, OutboxStatus::kSent), 1);
}

TEST_F(OutboxTest, SiteKeysAndCalendarFeeds) {
  auto key = outbox_->SiteKey("s1", "manage", clock_.Now());
  ASSERT_TRUE(key);
  EXPECT_EQ(key->size(), 43u);
  EXPECT_EQ(*outbox_->SiteKey("s1", "manage", clock_.Now()), *key) << "kept from then on";
  ASSERT_TRUE(outbox_->SaveCalendarFeed("s1", "m1", "d1", clock_.Now()));
  EXPECT_EQ(**outbox_->FindCalendarFeed("s1", "d1"), "m1");
  ASSERT_TRUE(outbox_->SaveCalendarFeed("s1", "m1", "d2", clock_.Now()));
  EXPECT_FALSE(*outbox_->FindCalendarFeed("s1", "d1")) << "replaced";
  EXPECT_EQ(**outbox_->FindCalendarFeed("s1", "d2"), "m1");
}

TEST_F(OutboxTest, AFeedListsItsMediatorsAppointmentsOnly) {
  ASSERT_TRUE(sql_->CreateAgent({"r1", "rita", Role::kReception, {"s1"}}, "h", clock_.Now()));
  app::CalendarFeeds feeds(*outbox_, *appointments_, *sites_, clock_);
  EXPECT_EQ(feeds.Issue({"r1", "rita", Role::kReception, {"s1"}}).error().kind,
            ErrorKind::kForbidden);
  auto token = feeds.Issue({"m1", "marie", Role::kMediator, {"s1"}});
  ASSERT_TRUE(token);
  ASSERT_TRUE(Book("a", kTen));
  ASSERT_TRUE(Book("b", kTen + hours{1}));
  ASSERT_TRUE(Cancel("b"));
  auto listed = feeds.Appointments(*token);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().id, "a");
  EXPECT_EQ(feeds.Appointments("wrong").error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(feeds.Appointments("").error().kind, ErrorKind::kNotFound);
}

}  // namespace
}  // namespace relais::storage
