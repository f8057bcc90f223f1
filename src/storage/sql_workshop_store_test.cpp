// The workshops' store on SQLite: the catalogue and sessions, 50 parallel
// registrations on 12 seats decided under the session's lock, the UNIQUE
// seat key as a backstop, the outbox messages of a registration, attendance,
// self-assessments, and the outbox migration keeping appointments' messages.
#include "storage/sql_workshop_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "storage/migrations.h"
#include "storage/sql_appointment_store.h"
#include "storage/sql_notification_store.h"
#include "storage/sql_store.h"
#include "storage/test_database.h"
#include "tests/support/temp_dir.h"

namespace relais::storage {
namespace {

using app::Registration;
using app::SeatDecision;
using app::SeatPlan;
using app::WorkshopSession;
using std::chrono::hours;
using std::chrono::minutes;

const app::Instant kNow{std::chrono::seconds(1'750'000'000)};
// Tuesday 8 July 2025, 12:00 UTC (14:00 in Paris).
const UtcTime kTwo{std::chrono::sys_days{std::chrono::year{2025} / 7 / 8} + hours{12}};

// The decision that admits a newcomer `id` by the domain's rule.
app::DecideSeats Admission(const std::string& id,
                           const std::vector<app::OutboxMessage>& notices = {}) {
  return [id, notices](const SeatPlan& plan) -> Result<SeatDecision> {
    std::vector<Seat> seats = app::SeatsOf(plan);
    const SeatChange placed = Admit(plan.session.capacity, seats, id, plan.next_arrival);
    Registration r;
    r.id = id;
    r.arrival = plan.next_arrival;
    r.status = placed.status;
    r.seat = placed.seat;
    r.person = {"Prénom " + id, "Nom", "0612345678", "", "92002"};
    r.consent = true;
    r.token_digest = "digest-" + id;
    SeatDecision decision;
    decision.insert = r;
    decision.notices = notices;
    return decision;
  };
}

// The decision that cancels `id` and promotes the first waiting.
app::DecideSeats Cancellation(const std::string& id) {
  return [id](const SeatPlan& plan) -> Result<SeatDecision> {
    std::vector<Seat> seats = app::SeatsOf(plan);
    auto changes = CancelSeat(plan.session.capacity, seats, id);
    if (!changes) return tl::unexpected(changes.error());
    SeatDecision decision;
    decision.changes = std::move(*changes);
    decision.drop_pending.push_back(id);
    return decision;
  };
}

class SqlWorkshopStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenTestDatabase(dir_);
    ASSERT_TRUE(opened);
    db_ = std::move(*opened);
    ASSERT_TRUE(Migrate(*db_));
    sites_ = std::make_unique<SqlStore>(*db_);
    store_ = std::make_unique<SqlWorkshopStore>(*db_);
    outbox_ = std::make_unique<SqlNotificationStore>(*db_);
    ASSERT_TRUE(
        sites_->SaveSite({"s1", "Lieu", "1 rue A", "Europe/Paris", "Mo-Fr 09:00-17:00"}, kNow));
    ASSERT_TRUE(
        sites_->SaveSite({"s2", "Autre", "2 rue B", "Europe/Paris", "Mo-Fr 09:00-17:00"}, kNow));
    ASSERT_TRUE(sites_->CreateAgent({"m1", "marie", Role::kMediator, {"s1"}}, "h", kNow));
    ASSERT_TRUE(sites_->CreateAgent({"r1", "rachid", Role::kReception, {"s1"}}, "h", kNow));
    ASSERT_TRUE(sites_->CreateAgent({"m2", "malik", Role::kMediator, {"s2"}}, "h", kNow));
    ASSERT_TRUE(
        store_->SaveWorkshop("s1", {"premiers-pas", "Premiers pas", "La souris, le clavier.",
                                    WorkshopLevel::kBeginner, "first-steps", 1}));
    ASSERT_TRUE(store_->InsertSession("s1", Session("se1", 12), kNow));
  }

  static WorkshopSession Session(const std::string& id, int capacity) {
    WorkshopSession s;
    s.id = id;
    s.workshop_id = "premiers-pas";
    s.start = kTwo;
    s.end = kTwo + hours{2};
    s.room = "Salle informatique";
    s.capacity = capacity;
    s.agent_id = "m1";
    return s;
  }

  static app::OutboxMessage Notice(const std::string& id, const std::string& registration_id,
                                   app::NoticeKind kind) {
    app::OutboxMessage m;
    m.id = id;
    m.registration_id = registration_id;
    m.kind = kind;
    m.channel = app::NoticeChannel::kSms;
    m.due_at = UtcTime{std::chrono::seconds(1'750'000'000)};
    m.next_attempt_at = m.due_at;
    return m;
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlStore> sites_;
  std::unique_ptr<SqlWorkshopStore> store_;
  std::unique_ptr<SqlNotificationStore> outbox_;
};

TEST_F(SqlWorkshopStoreTest, CatalogueAndSessionsOfASite) {
  ASSERT_TRUE(store_->SaveWorkshop(
      "s1", {"email", "Créer son adresse e-mail", "", WorkshopLevel::kBeginner, "email", 0}));
  ASSERT_TRUE(store_->SaveWorkshop("s1", {"premiers-pas", "Premiers pas (bis)", "",
                                          WorkshopLevel::kIntermediate, "first-steps", 2}));
  auto workshops = store_->ListWorkshops("s1");
  ASSERT_TRUE(workshops);
  ASSERT_EQ(workshops->size(), 2u);
  EXPECT_EQ((*workshops)[0].id, "email") << "by position";
  EXPECT_EQ((*workshops)[1].title, "Premiers pas (bis)") << "replaced";
  EXPECT_EQ((*workshops)[1].level, WorkshopLevel::kIntermediate);
  EXPECT_TRUE(store_->ListWorkshops("s2")->empty()) << "another site sees none";

  auto facilitators = store_->ListFacilitators("s1");
  ASSERT_TRUE(facilitators);
  ASSERT_EQ(facilitators->size(), 1u) << "reception does not lead workshops";
  EXPECT_EQ((*facilitators)[0].login, "marie");

  WorkshopSession unknown = Session("se2", 10);
  unknown.workshop_id = "cuisine";
  EXPECT_EQ(store_->InsertSession("s1", unknown, kNow).error().code, "unknown_workshop");
  WorkshopSession stranger = Session("se2", 10);
  stranger.agent_id = "m2";
  EXPECT_EQ(store_->InsertSession("s1", stranger, kNow).error().code, "unknown_mediator");
  EXPECT_EQ(store_->InsertSession("s2", Session("se2", 10), kNow).error().code, "unknown_workshop");

  auto sessions = store_->ListSessions("s1", kTwo - hours{1}, kTwo + hours{1});
  ASSERT_TRUE(sessions);
  ASSERT_EQ(sessions->size(), 1u);
  EXPECT_EQ((*sessions)[0].agent_login, "marie");
  EXPECT_EQ((*sessions)[0].capacity, 12);
  EXPECT_EQ((*sessions)[0].registered, 0);
  EXPECT_TRUE(store_->ListSessions("s1", kTwo + hours{1}, kTwo + hours{5})->empty());
  EXPECT_FALSE(*store_->FindSession("s2", "se1")) << "site_id is part of every key";

  ASSERT_TRUE(store_->SetWalkIns("s1", "se1", 3));
  EXPECT_EQ((*store_->FindSession("s1", "se1"))->walk_ins, 3);
  EXPECT_EQ(store_->SetWalkIns("s1", "nope", 3).error().code, "session_not_found");

  WorkshopSession moved = Session("se1", 12);
  moved.room = "Salle 2";
  moved.start = kTwo + hours{24};
  moved.end = kTwo + hours{26};
  ASSERT_TRUE(store_->UpdateSession("s1", moved));
  EXPECT_EQ((*store_->FindSession("s1", "se1"))->room, "Salle 2");
}

TEST_F(SqlWorkshopStoreTest, FiftyParallelRegistrationsOnTwelveSeats) {
  constexpr int kPeople = 50;
  std::atomic<int> ready{0};
  std::mutex mutex;
  std::vector<std::string> failures;
  std::vector<std::thread> threads;
  for (int i = 0; i < kPeople; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < kPeople) std::this_thread::yield();
      auto plan = store_->ChangeSeats("s1", "se1", Admission("p" + std::to_string(i)), kNow);
      if (!plan) {
        std::lock_guard lock(mutex);
        failures.push_back(plan.error().message);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_TRUE(failures.empty()) << failures.front();

  auto registrations = store_->ListRegistrations("s1", "se1");
  ASSERT_TRUE(registrations);
  ASSERT_EQ(registrations->size(), static_cast<std::size_t>(kPeople));
  std::set<int> seats;
  std::vector<int> positions;
  std::int64_t arrival = 0;
  for (const Registration& r : *registrations) {
    EXPECT_EQ(r.arrival, ++arrival) << "arrivals 1..50 without gaps, in order";
    if (r.status == RegistrationStatus::kRegistered) {
      EXPECT_LE(r.arrival, 12) << "the first twelve arrivals hold the seats";
      seats.insert(r.seat);
    } else {
      EXPECT_EQ(r.status, RegistrationStatus::kWaitlisted);
      positions.push_back(r.waitlist_position);
    }
  }
  EXPECT_EQ(seats, (std::set<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
  ASSERT_EQ(positions.size(), 38u);
  for (std::size_t i = 0; i < positions.size(); ++i)
    EXPECT_EQ(positions[i], static_cast<int>(i) + 1);
  auto session = store_->FindSession("s1", "se1");
  EXPECT_EQ((*session)->registered, 12);
  EXPECT_EQ((*session)->waitlisted, 38);

  // A cancellation gives the seat to the first waiting, in the same transaction.
  const Registration& holder = (*registrations)[4];
  const Registration& first_waiting = (*registrations)[12];
  auto plan = store_->ChangeSeats("s1", "se1", Cancellation(holder.id), kNow);
  ASSERT_TRUE(plan) << plan.error().message;
  auto promoted = store_->FindRegistration("s1", first_waiting.id);
  ASSERT_TRUE(promoted && *promoted);
  EXPECT_EQ((*promoted)->status, RegistrationStatus::kRegistered);
  EXPECT_EQ((*promoted)->seat, holder.seat);
  auto next = store_->FindRegistration("s1", (*registrations)[13].id);
  EXPECT_EQ((*next)->waitlist_position, 1);
  auto cancelled = store_->FindRegistration("s1", holder.id);
  EXPECT_EQ((*cancelled)->status, RegistrationStatus::kCancelled);
  EXPECT_EQ((*cancelled)->seat, 0);
}

TEST_F(SqlWorkshopStoreTest, TheSeatKeyRefusesASeatGivenTwice) {
  ASSERT_TRUE(store_->ChangeSeats("s1", "se1", Admission("a"), kNow));
  // A faulty decision giving seat 1 again: refused, nothing written.
  auto faulty = store_->ChangeSeats(
      "s1", "se1",
      [](const SeatPlan& plan) -> Result<SeatDecision> {
        Registration r;
        r.id = "b";
        r.arrival = plan.next_arrival;
        r.status = RegistrationStatus::kRegistered;
        r.seat = 1;
        r.token_digest = "d";
        SeatDecision decision;
        decision.insert = r;
        return decision;
      },
      kNow);
  ASSERT_FALSE(faulty);
  EXPECT_EQ(faulty.error().code, "seat_taken");
  EXPECT_EQ(faulty.error().kind, ErrorKind::kConflict);
  EXPECT_FALSE(*store_->FindRegistration("s1", "b"));
  auto plan = store_->ChangeSeats("s1", "se1", Admission("c"), kNow);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->next_arrival, 3) << "the refused arrival was rolled back";
  EXPECT_EQ(store_->ChangeSeats("s1", "nope", Admission("d"), kNow).error().code,
            "session_not_found");
  EXPECT_EQ(store_->ChangeSeats("s1", "se1", Cancellation("zz"), kNow).error().code,
            "registration_not_found");
}

TEST_F(SqlWorkshopStoreTest, NoticesAreWrittenWithTheDecisionAndDroppedOnCancellation) {
  ASSERT_TRUE(store_->InsertSession("s1", Session("small", 1), kNow));
  ASSERT_TRUE(store_->ChangeSeats(
      "s1", "small", Admission("a", {Notice("n1", "a", app::NoticeKind::kConfirmation)}), kNow));
  ASSERT_TRUE(store_->ChangeSeats(
      "s1", "small", Admission("b", {Notice("n2", "b", app::NoticeKind::kConfirmation)}), kNow));
  auto of_a = outbox_->MessagesOfRegistration("s1", "a");
  ASSERT_TRUE(of_a);
  ASSERT_EQ(of_a->size(), 1u);
  EXPECT_EQ((*of_a)[0].registration_id, "a");
  EXPECT_TRUE((*of_a)[0].appointment_id.empty());
  EXPECT_EQ((*of_a)[0].kind, app::NoticeKind::kConfirmation);

  // "a" cancels: its pending message is dropped, "b" moves up and is told.
  auto plan = store_->ChangeSeats(
      "s1", "small",
      [](const SeatPlan& p) -> Result<SeatDecision> {
        auto decision = Cancellation("a")(p);
        if (decision) decision->notices.push_back(Notice("n3", "b", app::NoticeKind::kPromotion));
        return decision;
      },
      kNow);
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ((*outbox_->MessagesOfRegistration("s1", "a"))[0].status, app::OutboxStatus::kDropped);
  auto due = outbox_->DueMessages("s1", UtcTime{std::chrono::seconds(1'750'000'000)}, 10);
  ASSERT_TRUE(due);
  std::set<std::string> kinds;
  for (const auto& m : *due) {
    EXPECT_EQ(m.registration_id, "b");
    kinds.insert(std::string(app::KindName(m.kind)));
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"confirmation", "promotion"}));
  EXPECT_EQ((*store_->FindRegistration("s1", "b"))->status, RegistrationStatus::kRegistered);
}

TEST_F(SqlWorkshopStoreTest, AttendanceOnlyForSeatsAndAssessmentsByPhase) {
  ASSERT_TRUE(store_->InsertSession("s1", Session("small", 1), kNow));
  ASSERT_TRUE(store_->ChangeSeats("s1", "small", Admission("a"), kNow));
  ASSERT_TRUE(store_->ChangeSeats("s1", "small", Admission("b"), kNow));
  ASSERT_TRUE(store_->SetAttendance("s1", "a", Attendance::kPresent));
  EXPECT_EQ((*store_->FindRegistration("s1", "a"))->attendance, Attendance::kPresent);
  EXPECT_EQ(store_->SetAttendance("s1", "b", Attendance::kPresent).error().code, "not_registered");
  EXPECT_EQ(store_->SetAttendance("s1", "zz", Attendance::kPresent).error().code,
            "registration_not_found");
  auto session = store_->FindSession("s1", "small");
  EXPECT_EQ((*session)->present, 1);
  ASSERT_TRUE(store_->SetAttendance("s1", "a", Attendance::kAbsent));
  session = store_->FindSession("s1", "small");
  EXPECT_EQ((*session)->present, 0);
  EXPECT_EQ((*session)->absent, 1);

  const std::size_t n = AssessmentStatements().size();
  EXPECT_TRUE(store_->FindAssessment("s1", "a")->before.empty());
  ASSERT_TRUE(store_->SaveAssessment("s1", "a", AssessmentPhase::kBefore, std::vector<int>(n, 1)));
  ASSERT_TRUE(store_->SaveAssessment("s1", "a", AssessmentPhase::kAfter, std::vector<int>(n, 3)));
  ASSERT_TRUE(store_->SaveAssessment("s1", "a", AssessmentPhase::kAfter, std::vector<int>(n, 4)));
  auto assessment = store_->FindAssessment("s1", "a");
  ASSERT_TRUE(assessment);
  EXPECT_EQ(assessment->before, std::vector<int>(n, 1));
  EXPECT_EQ(assessment->after, std::vector<int>(n, 4)) << "the phase is replaced";
  EXPECT_EQ(store_->SaveAssessment("s1", "zz", AssessmentPhase::kBefore, std::vector<int>(n, 1))
                .error()
                .code,
            "registration_not_found");
}

TEST_F(SqlWorkshopStoreTest, HistoryIsWrittenAsGiven) {
  app::SessionRecord record;
  record.session = Session("past", 3);
  record.session.start = kTwo - hours{24 * 30};
  record.session.end = record.session.start + hours{2};
  record.session.walk_ins = 2;
  for (int i = 1; i <= 4; ++i) {
    Registration r;
    r.id = "h" + std::to_string(i);
    r.arrival = i;
    r.status = i <= 3 ? RegistrationStatus::kRegistered : RegistrationStatus::kWaitlisted;
    r.seat = i <= 3 ? i : 0;
    r.attendance =
        i == 1 ? Attendance::kAbsent : (i <= 3 ? Attendance::kPresent : Attendance::kUnmarked);
    r.consent = true;
    r.person.first_name = "P";
    r.person.last_name = "N";
    r.token_digest = "d";
    record.registrations.push_back(r);
  }
  const std::size_t n = AssessmentStatements().size();
  record.assessments.push_back({"h2", {std::vector<int>(n, 2), std::vector<int>(n, 3)}});
  ASSERT_TRUE(store_->InsertHistory("s1", {record}, kNow));
  auto session = store_->FindSession("s1", "past");
  ASSERT_TRUE(session && *session);
  EXPECT_EQ((*session)->registered, 3);
  EXPECT_EQ((*session)->waitlisted, 1);
  EXPECT_EQ((*session)->present, 2);
  EXPECT_EQ((*session)->absent, 1);
  EXPECT_EQ((*session)->walk_ins, 2);
  EXPECT_EQ(store_->FindAssessment("s1", "h2")->after, std::vector<int>(n, 3));
  auto plan = store_->ChangeSeats("s1", "past", Admission("late"), kNow);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->next_arrival, 6) << "arrivals continue after the history's";
}

TEST(WorkshopMigration, TheOutboxKeepsTheAppointmentsMessages) {
  testing::TempDir dir;
  auto db = OpenTestDatabase(dir);
  ASSERT_TRUE(db);
  // The schema just before the workshops' migration, with an appointment's message.
  int workshops_version = 0;
  for (int v = 1; v <= LatestSchemaVersion(); ++v) {
    ASSERT_TRUE(Migrate(**db, v));
    auto tables = TableNames(**db);
    ASSERT_TRUE(tables);
    if (tables->count("workshop_sessions") > 0) {
      workshops_version = v;
      break;
    }
  }
  ASSERT_GT(workshops_version, 1);
  auto fresh = OpenTestDatabase(dir, "old.sqlite");
  ASSERT_TRUE(fresh);
  ASSERT_TRUE(Migrate(**fresh, workshops_version - 1));
  SqlStore sites(**fresh);
  SqlAppointmentStore appointments(**fresh);
  ASSERT_TRUE(sites.SaveSite({"s1", "Lieu", "1 rue A", "Europe/Paris", "Mo-Fr 09:00-17:00"}, kNow));
  ASSERT_TRUE(sites.CreateAgent({"m1", "marie", Role::kMediator, {"s1"}}, "h", kNow));
  ASSERT_TRUE(appointments.SaveAppointmentType(
      "s1", {"t30", "Orientation", 30, "", "", true, 0, 60, 0, 1}));
  ASSERT_TRUE(appointments.SaveMediator("s1", {"m1", "", "Mo-Fr 09:00-17:00", {"t30"}}));
  app::Appointment a;
  a.id = "a1";
  a.type_id = "t30";
  a.agent_id = "m1";
  a.start = kTwo;
  a.end = kTwo + minutes{30};
  a.busy_until = a.end;
  a.person = {"Awa", "Diallo", "0612345678", "", ""};
  a.consent = true;
  a.token_digest = "d";
  app::OutboxMessage m;
  m.id = "m-old";
  m.appointment_id = "a1";
  m.channel = app::NoticeChannel::kSms;
  m.due_at = kTwo - hours{24};
  ASSERT_TRUE(appointments.InsertAppointment("s1", a, {m}, kNow));
  ASSERT_TRUE(Migrate(**fresh));
  SqlNotificationStore outbox(**fresh);
  auto messages = outbox.MessagesOf("s1", "a1");
  ASSERT_TRUE(messages);
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ((*messages)[0].id, "m-old");
  EXPECT_TRUE((*messages)[0].registration_id.empty());
  // A message about neither, or both, is refused by the table itself.
  Status neither = (*fresh)->Write([&](Connection& c) -> Status {
    return Check(c.Execute(
        "INSERT INTO outbox (site_id, message_id, kind, channel, sequence, due_at, status, "
        "attempts, next_attempt_at, created_at) VALUES ('s1', 'x', 'reminder', 'sms', 0, 0, "
        "'pending', 0, 0, 0)",
        {}));
  });
  EXPECT_FALSE(neither);
}

}  // namespace
}  // namespace relais::storage
