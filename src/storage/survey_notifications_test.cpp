// An appointment marked seen invites its person to the satisfaction survey
// through the outbox, over real SQLite: the invitation is written in the
// status change's transaction, its token issued only as the message leaves
// (the outbox row holds none), and the link answers the survey once.
#include <gtest/gtest.h>

#include <mutex>

#include "app/appointments.h"
#include "app/fake_clock.h"
#include "app/notifications.h"
#include "app/surveys.h"
#include "storage/migrations.h"
#include "storage/sql_appointment_store.h"
#include "storage/sql_notification_store.h"
#include "storage/sql_store.h"
#include "storage/sql_survey_store.h"
#include "storage/test_database.h"
#include "tests/support/temp_dir.h"

namespace relais::storage {
namespace {

using app::NoticeKind;
using app::OutboxStatus;
using std::chrono::hours;
using std::chrono::minutes;

// Monday 7 July 2025, 08:00 UTC (10:00 in Paris).
const UtcTime kTen{std::chrono::sys_days{std::chrono::year{2025} / 7 / 7} + hours{8}};

using app::FakeClock;

class FakeMessenger final : public app::Messenger {
 public:
  Status Send(const app::Notice& notice) override {
    sent.push_back(notice);
    return {};
  }
  std::vector<app::Notice> sent;
};

const app::Agent kMediator{"m1", "marie", Role::kMediator, {"s1"}};

class SurveyNotificationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.Set(kTen - hours{48});
    auto opened = OpenTestDatabase(dir_);
    ASSERT_TRUE(opened);
    db_ = std::move(*opened);
    ASSERT_TRUE(Migrate(*db_));
    sql_ = std::make_unique<SqlStore>(*db_);
    ASSERT_TRUE(sql_->SaveSite({"s1", "PIMMS d'Antony", "1 place du Marché, 92160 Antony",
                                "Europe/Paris", "Mo-Fr 09:00-17:00"},
                               clock_.Now()));
    ASSERT_TRUE(sql_->CreateAgent(kMediator, "h", clock_.Now()));
    appointment_store_ = std::make_unique<SqlAppointmentStore>(*db_);
    ASSERT_TRUE(appointment_store_->SaveAppointmentType(
        "s1", {"t30", "Orientation", 30, "", "", true, 0, 60, 0, 1}));
    ASSERT_TRUE(appointment_store_->SaveMediator("s1", {"m1", "", "Mo-Fr 09:00-17:00", {"t30"}}));
    sites_ = std::make_unique<app::Sites>(*sql_, clock_);
    ASSERT_TRUE(sites_->Load("s1"));
    appointments_ = std::make_unique<app::Appointments>(*appointment_store_, *sites_, clock_);
    ASSERT_TRUE(appointments_->Load());
    outbox_ = std::make_unique<SqlNotificationStore>(*db_);
    survey_store_ = std::make_unique<SqlSurveyStore>(*db_);
    surveys_ = std::make_unique<app::Surveys>(*survey_store_, *sites_, clock_);
    app::NotificationSettings settings;
    settings.survey_token = [this]() -> Result<std::string> {
      auto invited = surveys_->Invite(SurveyKind::kAppointment);
      if (!invited) return tl::unexpected(invited.error());
      return invited->token;
    };
    worker_ = std::make_unique<app::Notifications>(*outbox_, *appointment_store_, *sites_, clock_,
                                                   &email_, &sms_, settings);
  }

  std::string Book(const std::string& email, const std::string& phone) {
    app::BookingRequest request;
    request.type_id = "t30";
    request.start = "2025-07-07T10:00:00+02:00";
    request.person = {"Awa", "Diallo", phone, email, ""};
    request.consent = true;
    auto booked = appointments_->Book(request, nullptr);
    EXPECT_TRUE(booked) << booked.error().message;
    return booked ? booked->appointment.id : std::string();
  }

  int Count(const std::string& id, NoticeKind kind, OutboxStatus status) {
    auto messages = outbox_->MessagesOf("s1", id);
    EXPECT_TRUE(messages);
    int n = 0;
    for (const auto& m : *messages) n += m.kind == kind && m.status == status;
    return n;
  }

  testing::TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlStore> sql_;
  std::unique_ptr<SqlAppointmentStore> appointment_store_;
  std::unique_ptr<app::Sites> sites_;
  std::unique_ptr<app::Appointments> appointments_;
  std::unique_ptr<SqlNotificationStore> outbox_;
  std::unique_ptr<SqlSurveyStore> survey_store_;
  std::unique_ptr<app::Surveys> surveys_;
  FakeMessenger email_;
  FakeMessenger sms_;
  std::unique_ptr<app::Notifications> worker_;
};

TEST_F(SurveyNotificationsTest, ASeenAppointmentSendsOneInvitationByEmail) {
  const std::string id = Book("awa@exemple.fr", "0612345678");
  ASSERT_TRUE(worker_->SendDue());  // the confirmations
  email_.sent.clear();
  sms_.sent.clear();

  clock_.Set(kTen + minutes{40});
  ASSERT_TRUE(appointments_->SetStatus(id, "seen", kMediator));
  EXPECT_EQ(Count(id, NoticeKind::kSurvey, OutboxStatus::kPending), 1) << "e-mail only";
  auto handled = worker_->SendDue();
  ASSERT_TRUE(handled) << handled.error().message;
  ASSERT_EQ(email_.sent.size(), 1u);
  EXPECT_TRUE(sms_.sent.empty());
  const app::Notice& notice = email_.sent.front();
  EXPECT_EQ(notice.message.kind, NoticeKind::kSurvey);
  ASSERT_EQ(notice.survey_token.size(), 43u);
  EXPECT_EQ(Count(id, NoticeKind::kSurvey, OutboxStatus::kSent), 1);

  // The outbox keeps no token; the invitation no appointment.
  auto messages = outbox_->MessagesOf("s1", id);
  for (const auto& m : *messages) {
    EXPECT_EQ(m.id.find(notice.survey_token), std::string::npos);
    EXPECT_EQ(m.last_error.find(notice.survey_token), std::string::npos);
  }
  auto invitation = surveys_->Find(notice.survey_token);
  ASSERT_TRUE(invitation);
  EXPECT_EQ(invitation->kind, SurveyKind::kAppointment);
  EXPECT_EQ(invitation->issued_on, date::year{2025} / 7 / 7);

  auto answered = surveys_->Answer(notice.survey_token, SurveyAnswer{5, 5, 4, true, {}});
  ASSERT_TRUE(answered);
  EXPECT_EQ(answered->kind, SurveyKind::kAppointment);
  EXPECT_FALSE(surveys_->Answer(notice.survey_token, SurveyAnswer{5, 5, 4, true, {}}));

  ASSERT_TRUE(worker_->SendDue());
  EXPECT_EQ(email_.sent.size(), 1u) << "sent once";
}

TEST_F(SurveyNotificationsTest, BySmsWithoutAnAddressAndNeverOnceNoLongerSeen) {
  const std::string by_sms = Book("", "0612345678");
  ASSERT_TRUE(worker_->SendDue());
  sms_.sent.clear();
  clock_.Set(kTen + minutes{40});
  ASSERT_TRUE(appointments_->SetStatus(by_sms, "seen", kMediator));
  // Corrected to "no show" before the worker's pass: the invitation is dropped.
  ASSERT_TRUE(appointments_->SetStatus(by_sms, "no_show", kMediator));
  ASSERT_TRUE(worker_->SendDue());
  EXPECT_TRUE(sms_.sent.empty());
  EXPECT_EQ(Count(by_sms, NoticeKind::kSurvey, OutboxStatus::kDropped), 1);

  clock_.Set(kTen + minutes{45});
  ASSERT_TRUE(appointments_->SetStatus(by_sms, "seen", kMediator));
  ASSERT_TRUE(worker_->SendDue());
  ASSERT_EQ(sms_.sent.size(), 1u);
  EXPECT_EQ(sms_.sent.front().message.kind, NoticeKind::kSurvey);
  EXPECT_TRUE(surveys_->Find(sms_.sent.front().survey_token));
}

TEST_F(SurveyNotificationsTest, WithoutSurveysTheInvitationIsDropped) {
  app::NotificationSettings bare;
  app::Notifications worker(*outbox_, *appointment_store_, *sites_, clock_, &email_, &sms_, bare);
  const std::string id = Book("awa@exemple.fr", "");
  clock_.Set(kTen + minutes{40});
  ASSERT_TRUE(appointments_->SetStatus(id, "seen", kMediator));
  email_.sent.clear();
  ASSERT_TRUE(worker.SendDue());
  for (const auto& notice : email_.sent) EXPECT_NE(notice.message.kind, NoticeKind::kSurvey);
  EXPECT_EQ(Count(id, NoticeKind::kSurvey, OutboxStatus::kDropped), 1);
}

}  // namespace
}  // namespace relais::storage
