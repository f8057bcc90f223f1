// The appointments' store on SQLite: the overlap constraint refuses a second
// booking on a mediator's time by itself, with no in-memory schedule in front.
#include "storage/sql_appointment_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "storage/migrations.h"
#include "storage/sql_store.h"
#include "storage/test_database.h"
#include "tests/support/temp_dir.h"

namespace relais::storage {
namespace {

using app::Appointment;
using app::AppointmentChange;
using app::AppointmentStatus;
using std::chrono::hours;
using std::chrono::minutes;

const app::Instant kNow{std::chrono::seconds(1'750'000'000)};
// Monday 7 July 2025, 08:00 UTC (10:00 in Paris).
const UtcTime kTen{std::chrono::sys_days{std::chrono::year{2025} / 7 / 7} + hours{8}};

class SqlAppointmentStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenTestDatabase(dir_);
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
    ASSERT_TRUE(Migrate(*db_));
    sites_ = std::make_unique<SqlStore>(*db_);
    store_ = std::make_unique<SqlAppointmentStore>(*db_);
    ASSERT_TRUE(
        sites_->SaveSite({"s1", "Lieu", "1 rue A", "Europe/Paris", "Mo-Fr 09:00-17:00"}, kNow));
    ASSERT_TRUE(sites_->CreateAgent({"m1", "marie", Role::kMediator, {"s1"}}, "h", kNow));
    ASSERT_TRUE(sites_->CreateAgent({"m2", "malik", Role::kMediator, {"s1"}}, "h", kNow));
    ASSERT_TRUE(
        store_->SaveAppointmentType("s1", {"t30", "Orientation", 30, "", "", true, 0, 60, 0, 1}));
    ASSERT_TRUE(store_->SaveMediator("s1", {"m1", "", "Mo-Fr 09:00-17:00", {"t30"}}));
    ASSERT_TRUE(store_->SaveMediator("s1", {"m2", "", "Mo-Fr 09:00-17:00", {"t30"}}));
  }

  // A booking of `agent` from kTen + `from` minutes, `length` minutes long,
  // busy `buffer` minutes more.
  static Appointment Booking(const std::string& id, const std::string& agent, int from,
                             int length = 30, int buffer = 0) {
    Appointment a;
    a.id = id;
    a.type_id = "t30";
    a.agent_id = agent;
    a.start = kTen + minutes{from};
    a.end = a.start + minutes{length};
    a.busy_until = a.end + minutes{buffer};
    a.person = {"Awa", "Diallo", "0612345678", "awa@exemple.fr", "92002"};
    a.consent = true;
    a.token_digest = "digest-" + id;
    return a;
  }

  Status Insert(const Appointment& a) { return store_->InsertAppointment("s1", a, {}, kNow); }

  bool Exists(const std::string& id) {
    auto found = store_->FindAppointment("s1", id);
    return found && found->has_value();
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlStore> sites_;
  std::unique_ptr<SqlAppointmentStore> store_;
};

TEST_F(SqlAppointmentStoreTest, TheKeyRefusesAnOverlapOnOneMediator) {
  ASSERT_TRUE(Insert(Booking("a", "m1", 0)));
  Status overlapping = Insert(Booking("b", "m1", 15));
  ASSERT_FALSE(overlapping);
  EXPECT_EQ(overlapping.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(overlapping.error().code, "slot_taken");
  EXPECT_FALSE(Exists("b")) << "the refused booking left nothing behind";
  // Inside, around, or starting at the same instant: all refused.
  EXPECT_FALSE(Insert(Booking("c", "m1", 5, 10)));
  EXPECT_FALSE(Insert(Booking("d", "m1", -15, 60)));
  EXPECT_FALSE(Insert(Booking("e", "m1", 0)));
  // Another mediator, or touching times, are fine.
  EXPECT_TRUE(Insert(Booking("f", "m2", 15)));
  EXPECT_TRUE(Insert(Booking("g", "m1", 30)));
  EXPECT_TRUE(Insert(Booking("h", "m1", -30)));
  auto busy = store_->ListBusyAppointments("s1", kTen - hours{1});
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->size(), 4u);
}

TEST_F(SqlAppointmentStoreTest, TheBufferIsBusyToo) {
  ASSERT_TRUE(Insert(Booking("a", "m1", 0, 45, 15)));  // busy until 10:60
  EXPECT_FALSE(Insert(Booking("b", "m1", 45)));
  EXPECT_TRUE(Insert(Booking("c", "m1", 60)));
}

TEST_F(SqlAppointmentStoreTest, OneOfManyConcurrentWritersWins) {
  constexpr int kThreads = 16;
  std::atomic<int> booked{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      // Each its own start within the same half-hour, all on m1.
      Status inserted = Insert(Booking("x" + std::to_string(i), "m1", (i % 3) * 5));
      if (inserted) {
        ++booked;
      } else if (inserted.error().code == "slot_taken") {
        ++refused;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(booked.load(), 1);
  EXPECT_EQ(refused.load(), kThreads - 1);
  EXPECT_EQ(store_->ListBusyAppointments("s1", kTen - hours{1})->size(), 1u);
}

TEST_F(SqlAppointmentStoreTest, CancellingGivesTheUnitsBack) {
  ASSERT_TRUE(Insert(Booking("a", "m1", 0)));
  auto cancelled = store_->ChangeAppointment(
      "s1", "a",
      [](const Appointment&) -> Result<AppointmentChange> {
        AppointmentChange change;
        change.status = AppointmentStatus::kCancelled;
        change.release_units = true;
        return change;
      },
      kNow);
  ASSERT_TRUE(cancelled) << cancelled.error().message;
  EXPECT_EQ(cancelled->status, AppointmentStatus::kCancelled);
  EXPECT_EQ(cancelled->agent_login, "marie");
  EXPECT_TRUE(Insert(Booking("b", "m1", 15)));
  EXPECT_TRUE(store_->ListBusyAppointments("s1", kTen - hours{1})->size() == 1u);
}

TEST_F(SqlAppointmentStoreTest, AMoveIsOneTransaction) {
  ASSERT_TRUE(Insert(Booking("a", "m1", 0)));
  ASSERT_TRUE(Insert(Booking("b", "m1", 60)));
  const auto move_a_to = [&](int from, const std::string& agent) {
    const app::Placement place{agent, kTen + minutes{from}, kTen + minutes{from + 30},
                               kTen + minutes{from + 30}};
    return store_->ChangeAppointment(
        "s1", "a",
        [place](const Appointment&) -> Result<AppointmentChange> {
          AppointmentChange change;
          change.place = place;
          return change;
        },
        kNow);
  };
  auto refused = move_a_to(45, "m1");  // onto b
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "slot_taken");
  // Nothing changed: a still holds 10:00-10:30.
  EXPECT_EQ((*store_->FindAppointment("s1", "a"))->start, kTen);
  EXPECT_FALSE(Insert(Booking("c", "m1", 0)));
  // Onto its own time shifted by a quarter: its old units are freed first.
  auto shifted = move_a_to(15, "m1");
  ASSERT_TRUE(shifted) << shifted.error().message;
  EXPECT_EQ(shifted->start, kTen + minutes{15});
  EXPECT_TRUE(Insert(Booking("d", "m1", -15, 30)));
  // To another mediator.
  auto other = move_a_to(60, "m2");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->agent_login, "malik");
  EXPECT_TRUE(Insert(Booking("e", "m1", 15, 15)));
}

TEST_F(SqlAppointmentStoreTest, ARefusalOfTheDecisionChangesNothing) {
  ASSERT_TRUE(Insert(Booking("a", "m1", 0)));
  auto refused = store_->ChangeAppointment(
      "s1", "a",
      [](const Appointment&) -> Result<AppointmentChange> {
        return Fail(ErrorKind::kConflict, "already_cancelled", "Déjà annulé.");
      },
      kNow);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "already_cancelled");
  auto unknown = store_->ChangeAppointment(
      "s1", "nope",
      [](const Appointment&) -> Result<AppointmentChange> { return AppointmentChange{}; }, kNow);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ((*store_->FindAppointment("s1", "a"))->status, AppointmentStatus::kBooked);
}

TEST_F(SqlAppointmentStoreTest, PersonalDetailsOnlyWithConsent) {
  Appointment with = Booking("a", "m1", 0);
  Appointment without = Booking("b", "m2", 0);
  without.consent = false;
  ASSERT_TRUE(Insert(with));
  ASSERT_TRUE(Insert(without));
  auto a = *store_->FindAppointment("s1", "a");
  auto b = *store_->FindAppointment("s1", "b");
  EXPECT_EQ(a->person.first_name, "Awa");
  EXPECT_EQ(a->person.commune_insee, "92002");
  EXPECT_TRUE(a->consent);
  EXPECT_TRUE(b->person.first_name.empty());
  EXPECT_TRUE(b->person.phone.empty());
  EXPECT_FALSE(b->consent);
  auto day = store_->ListAppointments("s1", kTen - hours{2}, kTen + hours{10});
  ASSERT_TRUE(day);
  ASSERT_EQ(day->size(), 2u);
  EXPECT_EQ((*day)[0].agent_login, "malik") << "same start: by mediator login";
}

TEST_F(SqlAppointmentStoreTest, TypesMediatorsAndAbsences) {
  ASSERT_TRUE(store_->SaveAppointmentType(
      "s1", {"caf", "Allocation logement (CAF)", 45, "caf", "RIB", false, 120, 30, 15, 0}));
  auto types = store_->ListAppointmentTypes("s1");
  ASSERT_TRUE(types);
  ASSERT_EQ(types->size(), 2u);
  EXPECT_EQ((*types)[0].id, "caf") << "by position";
  EXPECT_FALSE((*types)[0].online);
  EXPECT_EQ((*types)[0].buffer_minutes, 15);
  ASSERT_TRUE(store_->SaveMediator("s1", {"m1", "", "Mo 09:00-12:00", {"t30", "caf"}}));
  auto mediators = store_->ListMediators("s1");
  ASSERT_TRUE(mediators);
  ASSERT_EQ(mediators->size(), 2u);
  EXPECT_EQ((*mediators)[0].login, "malik");
  EXPECT_EQ((*mediators)[1].weekly_hours, "Mo 09:00-12:00");
  EXPECT_EQ((*mediators)[1].type_ids, (std::vector<std::string>{"caf", "t30"}));
  EXPECT_FALSE(store_->SaveMediator("s1", {"m1", "", "Mo 09:00-12:00", {"unknown-type"}}));
  ASSERT_TRUE(store_->SaveAbsence("s1", {"abs1", "m1", {kTen, kTen + hours{2}}, "Formation"}));
  EXPECT_EQ(store_->ListAbsences("s1", kTen)->size(), 1u);
  EXPECT_EQ(store_->ListAbsences("s1", kTen + hours{2})->size(), 0u);
}

}  // namespace
}  // namespace relais::storage
