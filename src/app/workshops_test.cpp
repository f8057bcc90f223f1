// The workshops' use cases over real SQLite: registering with consent and a
// contact, the waiting list and its promotion written to the outbox (and
// sent by the notifications' worker), refusals, attendance, head-counts,
// self-assessments, the figures of a period and who may do what.
#include "app/workshops.h"

#include <gtest/gtest.h>

#include "app/fake_clock.h"
#include "app/notifications.h"
#include "storage/migrations.h"
#include "storage/sql_appointment_store.h"
#include "storage/sql_notification_store.h"
#include "storage/sql_store.h"
#include "storage/sql_workshop_store.h"
#include "storage/sqlite/sqlite_database.h"
#include "tests/support/temp_dir.h"

namespace relais::app {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::sys_seconds;

// Monday 15 June 2026, 10:00 in Paris (08:00 UTC).
const sys_seconds kNow = sys_seconds{date::sys_days{date::year{2026} / 6 / 15}} + hours(8);

const Agent kMediator{"a-med", "mediator", Role::kMediator, {"s1"}};
const Agent kReception{"a-rec", "reception", Role::kReception, {"s1"}};
const Agent kFunder{"a-fun", "funder", Role::kFunder, {"s1"}};
const Agent kCoordinator{"a-coo", "coordinator", Role::kCoordinator, {"s1"}};
const Agent kElsewhere{"a-oth", "other", Role::kMediator, {"s2"}};

// Records what it is asked to send.
class Recorder final : public Messenger {
 public:
  Status Send(const Notice& notice) override {
    sent.push_back(notice);
    return {};
  }
  std::vector<Notice> sent;
};

class WorkshopsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::OpenSqlite(dir_.File("db.sqlite"));
    ASSERT_TRUE(opened);
    db_ = std::move(*opened);
    ASSERT_TRUE(storage::Migrate(*db_));
    sql_ = std::make_unique<storage::SqlStore>(*db_);
    ASSERT_TRUE(sql_->SaveSite({"s1", "Lieu", "1 rue A", "Europe/Paris", "Mo-Fr 09:00-12:00"},
                               clock_.Now()));
    for (const Agent& agent : {kMediator, kReception, kFunder, kCoordinator}) {
      ASSERT_TRUE(sql_->CreateAgent(agent, "h", clock_.Now()));
    }
    sites_ = std::make_unique<Sites>(*sql_, clock_);
    ASSERT_TRUE(sites_->Load("s1"));
    store_ = std::make_unique<storage::SqlWorkshopStore>(*db_);
    outbox_ = std::make_unique<storage::SqlNotificationStore>(*db_);
    appointments_ = std::make_unique<storage::SqlAppointmentStore>(*db_);
    workshops_ = std::make_unique<Workshops>(*store_, *sites_, clock_);
    NoticeSettings notices;
    notices.link_key = "0123456789abcdef0123456789abcdef";
    notices.wake = [this] { ++wakes_; };
    workshops_->SetNotices(notices);
    ASSERT_TRUE(workshops_->SaveWorkshop(
        kMediator,
        {"email", "Créer son adresse e-mail", "Pas à pas.", WorkshopLevel::kBeginner, "email", 1}));
    session_ = NewSession(2);
  }

  // A session of `capacity` seats tomorrow at 14:00 in Paris.
  std::string NewSession(int capacity) {
    SessionRequest request;
    request.workshop_id = "email";
    request.start = "2026-06-16T14:00:00+02:00";
    request.end = "2026-06-16T16:00:00+02:00";
    request.room = "Salle informatique";
    request.capacity = capacity;
    auto created = workshops_->CreateSession(kMediator, request);
    EXPECT_TRUE(created) << created.error().message;
    return created ? created->id : std::string();
  }

  static RegistrationRequest Person(const std::string& first, const std::string& email = "") {
    RegistrationRequest request;
    request.person = {first, "Diallo", email.empty() ? "06 12 34 56 78" : "", email, "92002"};
    request.consent = true;
    return request;
  }

  Enrolment Register(const std::string& first, const std::string& email = "") {
    auto enrolled = workshops_->Register(session_, Person(first, email), nullptr);
    EXPECT_TRUE(enrolled) << enrolled.error().message;
    return enrolled ? *enrolled : Enrolment{};
  }

  std::vector<OutboxMessage> Messages(const std::string& registration_id) {
    auto messages = outbox_->MessagesOfRegistration("s1", registration_id);
    EXPECT_TRUE(messages);
    return messages ? *messages : std::vector<OutboxMessage>{};
  }

  testing::TempDir dir_;
  FakeClock clock_{kNow};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::SqlStore> sql_;
  std::unique_ptr<Sites> sites_;
  std::unique_ptr<storage::SqlWorkshopStore> store_;
  std::unique_ptr<storage::SqlNotificationStore> outbox_;
  std::unique_ptr<storage::SqlAppointmentStore> appointments_;
  std::unique_ptr<Workshops> workshops_;
  std::string session_;
  int wakes_ = 0;
};

TEST_F(WorkshopsTest, SeatsThenTheWaitingListThenAPromotionThatIsToldThroughTheOutbox) {
  const Enrolment first = Register("Awa", "awa@exemple.fr");
  const Enrolment second = Register("Binta");
  const Enrolment third = Register("Chloé", "chloe@exemple.fr");
  EXPECT_EQ(first.registration.status, RegistrationStatus::kRegistered);
  EXPECT_EQ(second.registration.status, RegistrationStatus::kRegistered);
  EXPECT_EQ(third.registration.status, RegistrationStatus::kWaitlisted);
  EXPECT_EQ(third.registration.waitlist_position, 1);
  EXPECT_EQ(first.manage_token,
            RegistrationLinkToken("0123456789abcdef0123456789abcdef", first.registration.id))
      << "the link can be given again in later messages";
  // The confirmation, and for a seat the reminder of the day before (e-mail).
  auto of_first = Messages(first.registration.id);
  ASSERT_EQ(of_first.size(), 2u);
  EXPECT_EQ(of_first[0].kind, NoticeKind::kConfirmation);
  EXPECT_EQ(of_first[0].channel, NoticeChannel::kEmail);
  EXPECT_EQ(of_first[1].kind, NoticeKind::kReminder);
  auto of_third = Messages(third.registration.id);
  ASSERT_EQ(of_third.size(), 1u) << "no reminder while waiting";
  EXPECT_EQ(wakes_, 3);

  // The first cancels with her link: Chloé moves up and is told.
  auto wrong = workshops_->Cancel(first.registration.id, second.manage_token, nullptr);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, "registration_not_found");
  auto cancelled = workshops_->Cancel(first.registration.id, first.manage_token, nullptr);
  ASSERT_TRUE(cancelled) << cancelled.error().message;
  EXPECT_EQ(cancelled->status, RegistrationStatus::kCancelled);
  auto promoted = workshops_->Find(third.registration.id, third.manage_token, nullptr);
  ASSERT_TRUE(promoted);
  EXPECT_EQ(promoted->status, RegistrationStatus::kRegistered);
  of_third = Messages(third.registration.id);
  ASSERT_EQ(of_third.size(), 3u);
  EXPECT_EQ(of_third[1].kind, NoticeKind::kPromotion);
  EXPECT_EQ(of_third[1].status, OutboxStatus::kPending);
  EXPECT_EQ(of_third[2].kind, NoticeKind::kReminder);
  of_first = Messages(first.registration.id);
  ASSERT_EQ(of_first.size(), 3u);  // by due time, then kind
  EXPECT_EQ(of_first[0].kind, NoticeKind::kCancellation);
  EXPECT_EQ(of_first[0].status, OutboxStatus::kPending);
  EXPECT_EQ(of_first[2].kind, NoticeKind::kReminder);
  EXPECT_EQ(of_first[2].status, OutboxStatus::kDropped) << "no reminder once cancelled";

  auto again = workshops_->Cancel(first.registration.id, first.manage_token, nullptr);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "already_cancelled");
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);

  // The worker sends the promotion by e-mail with the manage link.
  Recorder email;
  NotificationSettings settings;
  settings.link_key = "0123456789abcdef0123456789abcdef";
  Notifications worker(*outbox_, *appointments_, *sites_, clock_, &email, nullptr, settings);
  worker.SetWorkshops(*store_);
  ASSERT_TRUE(worker.SendDue());
  const Notice* promotion = nullptr;
  for (const Notice& n : email.sent) {
    if (n.message.kind == NoticeKind::kPromotion) promotion = &n;
  }
  ASSERT_NE(promotion, nullptr);
  ASSERT_TRUE(promotion->registration);
  EXPECT_EQ(promotion->registration->registration.person.first_name, "Chloé");
  EXPECT_EQ(promotion->registration->workshop.title, "Créer son adresse e-mail");
  EXPECT_EQ(promotion->manage_token, third.manage_token);
  for (const Notice& n : email.sent) {
    EXPECT_NE(n.message.kind, NoticeKind::kReminder) << "reminders are due tomorrow";
  }
  EXPECT_EQ(Messages(third.registration.id)[1].status, OutboxStatus::kSent);
  // Binta gave a phone only, and SMS is not configured here: dropped.
  EXPECT_EQ(Messages(second.registration.id)[0].status, OutboxStatus::kDropped);
}

TEST_F(WorkshopsTest, RefusalsOfARegistration) {
  RegistrationRequest no_consent = Person("Awa");
  no_consent.consent = false;
  auto refused = workshops_->Register(session_, no_consent, nullptr);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "consent_required");
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalid);

  RegistrationRequest no_contact = Person("Awa");
  no_contact.person.phone.clear();
  EXPECT_EQ(workshops_->Register(session_, no_contact, nullptr).error().code, "contact_required");
  EXPECT_TRUE(workshops_->Register(session_, no_contact, &kReception))
      << "at the desk, a name is enough";

  RegistrationRequest bad_phone = Person("Awa");
  bad_phone.person.phone = "123";
  EXPECT_EQ(workshops_->Register(session_, bad_phone, nullptr).error().field, "person.phone");

  auto unknown = workshops_->Register("nope", Person("Awa"), nullptr);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "session_not_found");
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);

  clock_.Set(kNow + days(1) + hours(4));  // 14:00 the next day: started
  auto late = workshops_->Register(session_, Person("Awa"), nullptr);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, "session_past");
  EXPECT_EQ(late.error().kind, ErrorKind::kConflict);

  EXPECT_EQ(workshops_->Register(session_, Person("Awa"), &kFunder).error().kind,
            ErrorKind::kForbidden);
  EXPECT_EQ(workshops_->Cancel("x", "", nullptr).error().code, "registration_not_found");
}

TEST_F(WorkshopsTest, MoreSeatsMoveTheWaitingUp) {
  for (const char* name : {"A", "B", "C", "D", "E"}) Register(name);
  SessionRequest request;
  request.workshop_id = "email";
  request.start = "2026-06-16T14:00:00+02:00";
  request.end = "2026-06-16T16:00:00+02:00";
  request.room = "Salle 2";
  request.capacity = 4;
  auto updated = workshops_->UpdateSession(kMediator, session_, request);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->capacity, 4);
  EXPECT_EQ(updated->registered, 4);
  EXPECT_EQ(updated->waitlisted, 1);
  EXPECT_EQ(updated->room, "Salle 2");
  request.capacity = 3;
  EXPECT_EQ(workshops_->UpdateSession(kMediator, session_, request).error().code,
            "capacity_below_registered");
  request.capacity = 4;
  request.start = "2026-06-17T14:00:00+02:00";
  request.end = "2026-06-17T16:00:00+02:00";
  EXPECT_EQ(workshops_->UpdateSession(kMediator, session_, request).error().code,
            "session_has_registrations");
  EXPECT_EQ(workshops_->UpdateSession(kReception, session_, request).error().kind,
            ErrorKind::kForbidden);
}

TEST_F(WorkshopsTest, SessionsAreCheckedWhenCreated) {
  SessionRequest request;
  request.workshop_id = "email";
  request.start = "2026-06-16T14:00:00+02:00";
  request.end = "2026-06-16T13:00:00+02:00";
  request.room = "Salle";
  EXPECT_EQ(workshops_->CreateSession(kMediator, request).error().code, "invalid_session_time");
  request.end = "2026-06-16T16:00:00+02:00";
  request.capacity = 0;
  EXPECT_EQ(workshops_->CreateSession(kMediator, request).error().code, "invalid_capacity");
  request.capacity = 10;
  request.room = " ";
  EXPECT_EQ(workshops_->CreateSession(kMediator, request).error().code, "invalid_room");
  request.room = "Salle";
  request.workshop_id = "cuisine";
  EXPECT_EQ(workshops_->CreateSession(kMediator, request).error().code, "unknown_workshop");
  request.workshop_id = "email";
  request.agent_id = kReception.id;
  EXPECT_EQ(workshops_->CreateSession(kMediator, request).error().code, "unknown_mediator");
  request.agent_id.clear();
  EXPECT_EQ(workshops_->CreateSession(kReception, request).error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(workshops_->CreateSession(kElsewhere, request).error().kind, ErrorKind::kForbidden);
  auto created = workshops_->CreateSession(kCoordinator, request);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->agent_login, "coordinator") << "led by whoever created it by default";

  EXPECT_EQ(
      workshops_->SaveWorkshop(kMediator, {"Bad Id", "T", "", WorkshopLevel::kBeginner, "email", 0})
          .error()
          .field,
      "id");
  EXPECT_EQ(
      workshops_->SaveWorkshop(kMediator, {"x", "T", "", WorkshopLevel::kBeginner, "cooking", 0})
          .error()
          .field,
      "theme");
}

TEST_F(WorkshopsTest, TheComingListShowsSessionsNotYetStarted) {
  Register("Awa");
  auto coming = workshops_->Coming();
  ASSERT_TRUE(coming);
  ASSERT_EQ(coming->size(), 1u);
  ASSERT_EQ((*coming)[0].sessions.size(), 1u);
  EXPECT_EQ((*coming)[0].sessions[0].registered, 1);
  clock_.Set(kNow + days(1) + hours(5));
  coming = workshops_->Coming();
  ASSERT_TRUE(coming);
  EXPECT_TRUE((*coming)[0].sessions.empty());
}

TEST_F(WorkshopsTest, AttendanceHeadCountsAndSelfAssessment) {
  const Enrolment a = Register("Awa");
  Register("Binta");
  const Enrolment c = Register("Chloé");
  auto early = workshops_->SetAttendance(kReception, a.registration.id, "present");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, "not_started");
  EXPECT_EQ(workshops_->SetHeadCount(kReception, session_, 2).error().code, "not_started");

  clock_.Set(kNow + days(1) + hours(4));  // the session's start
  auto present = workshops_->SetAttendance(kReception, a.registration.id, "present");
  ASSERT_TRUE(present) << present.error().message;
  EXPECT_EQ(present->attendance, Attendance::kPresent);
  EXPECT_EQ(workshops_->SetAttendance(kReception, c.registration.id, "present").error().code,
            "not_registered");
  EXPECT_EQ(workshops_->SetAttendance(kReception, a.registration.id, "maybe").error().code,
            "invalid_attendance");
  EXPECT_EQ(workshops_->SetAttendance(kFunder, a.registration.id, "present").error().kind,
            ErrorKind::kForbidden);
  auto counted = workshops_->SetHeadCount(kReception, session_, 3);
  ASSERT_TRUE(counted);
  EXPECT_EQ(counted->walk_ins, 3);
  EXPECT_EQ(workshops_->SetHeadCount(kReception, session_, -1).error().code, "invalid_head_count");

  const std::size_t n = AssessmentStatements().size();
  ASSERT_TRUE(
      workshops_->SaveAssessment(kMediator, a.registration.id, "before", std::vector<int>(n, 1)));
  ASSERT_TRUE(
      workshops_->SaveAssessment(kMediator, a.registration.id, "after", std::vector<int>(n, 3)));
  EXPECT_EQ(
      workshops_->SaveAssessment(kMediator, a.registration.id, "during", std::vector<int>(n, 3))
          .error()
          .code,
      "invalid_phase");
  EXPECT_EQ(
      workshops_->SaveAssessment(kMediator, a.registration.id, "after", std::vector<int>(n, 5))
          .error()
          .code,
      "invalid_score");
  auto assessment = workshops_->FindAssessment(kMediator, a.registration.id);
  ASSERT_TRUE(assessment);
  EXPECT_EQ(assessment->before, std::vector<int>(n, 1));
  EXPECT_EQ(assessment->after, std::vector<int>(n, 3));
}

TEST_F(WorkshopsTest, TheFiguresOfAPeriodForTheReports) {
  const Enrolment a = Register("Awa");
  const Enrolment b = Register("Binta");
  Register("Chloé");
  const date::sys_days june1{date::year{2026} / 6 / 1};
  const date::sys_days june30{date::year{2026} / 6 / 30};
  auto before = workshops_->Activity(kCoordinator, june1, june30);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->sessions, 0) << "a session not yet held has no figures";

  clock_.Set(kNow + days(1) + hours(7));  // after the session
  ASSERT_TRUE(workshops_->SetAttendance(kMediator, a.registration.id, "present"));
  ASSERT_TRUE(workshops_->SetAttendance(kMediator, b.registration.id, "absent"));
  ASSERT_TRUE(workshops_->SetHeadCount(kMediator, session_, 1));
  auto activity = workshops_->Activity(kFunder, june1, june30);
  ASSERT_TRUE(activity) << activity.error().message;
  EXPECT_EQ(activity->sessions, 1);
  EXPECT_EQ(activity->seats, 2);
  EXPECT_EQ(activity->registered, 2);
  EXPECT_EQ(activity->waitlisted, 1);
  EXPECT_EQ(activity->present, 1);
  EXPECT_EQ(activity->absent, 1);
  EXPECT_EQ(activity->walk_ins, 1);
  EXPECT_EQ(activity->participants, 2);
  EXPECT_DOUBLE_EQ(activity->fill_rate, 1.0);
  EXPECT_DOUBLE_EQ(activity->attendance_rate, 0.5);
  EXPECT_EQ(workshops_->Activity(kReception, june1, june30).error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(workshops_->Activity(kFunder, june30, june1).error().code, "invalid_period");
  auto july = workshops_->Activity(kFunder, june30 + days(1), june30 + days(31));
  ASSERT_TRUE(july);
  EXPECT_EQ(july->sessions, 0);
}

}  // namespace
}  // namespace relais::app
