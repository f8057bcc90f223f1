// Staff accounts over real SQLite with a fake clock: TOTP at login and its
// enrolment, the per-account lockout, idle and absolute session lifetimes,
// password rules and changes, revocation, the administrator's resets.
#include "app/accounts.h"

#include <gtest/gtest.h>

#include "app/fake_clock.h"
#include "app/secrets.h"
#include "domain/totp.h"
#include "storage/migrations.h"
#include "storage/sql_audit_store.h"
#include "storage/sql_login_lockout_store.h"
#include "storage/sql_store.h"
#include "storage/sqlite/sqlite_database.h"
#include "tests/support/temp_dir.h"

namespace relais::app {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// Monday 15 June 2026, 08:00:05 UTC: 5 s into a TOTP step.
const Instant kStart = Instant(seconds(1781510405));
constexpr char kPassword[] = "Lumière-du-guichet-42";

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::OpenSqlite(dir_.File("db.sqlite"));
    ASSERT_TRUE(opened);
    db_ = std::move(*opened);
    ASSERT_TRUE(storage::Migrate(*db_));
    store_ = std::make_unique<storage::SqlStore>(*db_);
    ASSERT_TRUE(store_->SaveSite({"s1", "Lieu", "1 rue A", "Europe/Paris", "24/7"}, kStart));
    audit_store_ = std::make_unique<storage::SqlAuditStore>(*db_);
    journal_ = std::make_unique<AuditJournal>(*audit_store_, clock_);
    lockouts_ = std::make_unique<storage::SqlLoginLockoutStore>(*db_);
    accounts_ = std::make_unique<Accounts>(*store_, *lockouts_, clock_, journal_.get());
  }

  // The journal's entries of `event`, oldest first.
  std::vector<AuditEntry> Journaled(const std::string& event) {
    auto entries = audit_store_->Scan(0, 1000);
    EXPECT_TRUE(entries);
    std::erase_if(*entries, [&](const AuditEntry& e) { return e.event != event; });
    return *entries;
  }

  Agent Add(const std::string& login, const std::string& role) {
    auto agent = accounts_->AddAgent(login, role, kPassword, {"s1"});
    EXPECT_TRUE(agent) << agent.error().message;
    return *agent;
  }

  // The code of `secret` (base32) at the clock's step + `offset`.
  std::string Code(const std::string& secret, int offset = 0) {
    return *totp::CodeAt(*totp::Base32Decode(secret), totp::StepAt(clock_.Now()) + offset);
  }

  Result<NewSession> Login(const std::string& login, const std::string& password,
                           const std::string& code = "", const std::string& address = "10.0.0.1") {
    return accounts_->Login(login, password, code, address);
  }

  // Enrols `login` (signed in as `token`) and returns its secret.
  std::string Enrol(const Agent& agent) {
    auto enrollment = accounts_->BeginTotpEnrollment(agent);
    EXPECT_TRUE(enrollment);
    EXPECT_TRUE(accounts_->ConfirmTotpEnrollment(agent, Code(enrollment->secret)));
    return enrollment->secret;
  }

  testing::TempDir dir_;
  FakeClock clock_{kStart};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::SqlStore> store_;
  std::unique_ptr<storage::SqlAuditStore> audit_store_;
  std::unique_ptr<AuditJournal> journal_;
  std::unique_ptr<storage::SqlLoginLockoutStore> lockouts_;
  std::unique_ptr<Accounts> accounts_;
};

TEST_F(AccountsTest, AnAdminWithoutTotpReachesOnlyEnrolmentUntilEnrolled) {
  const Agent admin = Add("marie", "admin");
  auto session = Login("marie", kPassword);
  ASSERT_TRUE(session) << session.error().message;
  EXPECT_TRUE(session->enrollment_required);
  auto gated = accounts_->Authenticate(session->token);
  ASSERT_FALSE(gated);
  EXPECT_EQ(gated.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(gated.error().code, "totp_enrollment_required");
  auto pending = accounts_->Session(session->token);
  ASSERT_TRUE(pending);
  EXPECT_TRUE(pending->enrollment_required);

  auto enrollment = accounts_->BeginTotpEnrollment(admin);
  ASSERT_TRUE(enrollment);
  EXPECT_EQ(enrollment->secret.size(), 32u) << "20 bytes in base32";
  EXPECT_EQ(enrollment->uri.rfind("otpauth://totp/relais:marie?secret=" + enrollment->secret, 0),
            0u);
  EXPECT_EQ(accounts_->BeginTotpEnrollment(admin)->secret, enrollment->secret)
      << "reloading the page keeps the secret being scanned";
  auto wrong = accounts_->ConfirmTotpEnrollment(admin, Code(enrollment->secret, 3));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, "totp_invalid");
  EXPECT_EQ(wrong.error().field, "code");
  EXPECT_FALSE(accounts_->Authenticate(session->token));

  ASSERT_TRUE(accounts_->ConfirmTotpEnrollment(admin, Code(enrollment->secret)));
  EXPECT_TRUE(accounts_->Authenticate(session->token)) << "the same session, now enrolled";
  EXPECT_EQ(accounts_->BeginTotpEnrollment(admin).error().code, "totp_already_enabled");

  ASSERT_TRUE(accounts_->Logout(session->token));
  auto without_code = Login("marie", kPassword);
  ASSERT_FALSE(without_code);
  EXPECT_EQ(without_code.error().kind, ErrorKind::kUnauthenticated);
  EXPECT_EQ(without_code.error().code, "totp_required");
  EXPECT_EQ(Login("marie", kPassword, Code(enrollment->secret)).error().code, "totp_invalid")
      << "the code that confirmed enrolment does not serve again";
  clock_.Advance(seconds(30));
  auto with_code = Login("marie", kPassword, Code(enrollment->secret));
  ASSERT_TRUE(with_code);
  EXPECT_FALSE(with_code->enrollment_required);
  EXPECT_TRUE(accounts_->Authenticate(with_code->token));
}

TEST_F(AccountsTest, ACodeServesOnceWithinOneStepEitherSide) {
  const Agent admin = Add("marie", "admin");
  ASSERT_TRUE(Login("marie", kPassword));
  const std::string secret = Enrol(admin);
  clock_.Advance(minutes(5));
  const std::string code = Code(secret, -1);
  EXPECT_TRUE(Login("marie", kPassword, code)) << "the previous step's code";
  auto replayed = Login("marie", kPassword, code);
  ASSERT_FALSE(replayed);
  EXPECT_EQ(replayed.error().code, "totp_invalid");
  EXPECT_TRUE(Login("marie", kPassword, Code(secret, 1))) << "the next step's code";
  EXPECT_FALSE(Login("marie", kPassword, Code(secret, 0))) << "older than one already used";
  clock_.Advance(minutes(5));
  EXPECT_EQ(Login("marie", kPassword, Code(secret, 3)).error().code, "totp_invalid");
  EXPECT_EQ(Login("marie", kPassword, Code(secret, -3)).error().code, "totp_invalid");
  EXPECT_EQ(Login("marie", kPassword, "12345").error().code, "totp_invalid");
}

TEST_F(AccountsTest, AMediatorMayEnrolAndThenNeedsTheCode) {
  const Agent mediator = Add("lea", "mediator");
  auto session = Login("lea", kPassword);
  ASSERT_TRUE(session);
  EXPECT_FALSE(session->enrollment_required);
  EXPECT_TRUE(accounts_->Authenticate(session->token));
  const std::string secret = Enrol(mediator);
  clock_.Advance(seconds(30));
  EXPECT_EQ(Login("lea", kPassword).error().code, "totp_required");
  EXPECT_TRUE(Login("lea", kPassword, Code(secret)));
}

TEST_F(AccountsTest, FiveFailuresLockTheAccountForFifteenMinutes) {
  Add("lea", "mediator");
  Add("paul", "mediator");
  for (int i = 0; i < 5; ++i) {
    if (i > 0) clock_.Advance(minutes(2));
    // From five addresses: the lockout is the account's, not the address's.
    auto failed = Login("lea", "not-the-password", "", "10.0.0." + std::to_string(i));
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().code, "invalid_credentials");
  }
  auto locked = Login("lea", kPassword, "", "10.0.1.1");
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().kind, ErrorKind::kRateLimited);
  EXPECT_EQ(locked.error().code, "account_locked");
  EXPECT_NE(locked.error().message.find("15 minutes"), std::string::npos) << locked.error().message;
  EXPECT_TRUE(Login("paul", kPassword, "", "10.0.1.1")) << "other accounts are not locked";
  clock_.Advance(minutes(14));
  EXPECT_EQ(Login("lea", kPassword, "", "10.0.1.1").error().code, "account_locked");
  clock_.Advance(minutes(1));
  EXPECT_TRUE(Login("lea", kPassword, "", "10.0.1.1"));
}

TEST_F(AccountsTest, WrongCodesCountTowardTheLockout) {
  const Agent admin = Add("marie", "admin");
  ASSERT_TRUE(Login("marie", kPassword));
  const std::string secret = Enrol(admin);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Login("marie", kPassword, Code(secret, 5)).error().code, "totp_invalid");
  }
  clock_.Advance(seconds(30));
  EXPECT_EQ(Login("marie", kPassword, Code(secret)).error().code, "account_locked");
}

TEST_F(AccountsTest, ASuccessAndAMissingCodeDoNotLock) {
  const Agent admin = Add("marie", "admin");
  ASSERT_TRUE(Login("marie", kPassword));
  const std::string secret = Enrol(admin);
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(Login("marie", "not-the-password"));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Login("marie", kPassword).error().code, "totp_required");
  clock_.Advance(seconds(30));
  ASSERT_TRUE(Login("marie", kPassword, Code(secret))) << "four failures, the code not counted";
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(Login("marie", "not-the-password"));
  clock_.Advance(seconds(30));
  EXPECT_TRUE(Login("marie", kPassword, Code(secret))) << "the success forgot the first four";
}

// What a second relais process on the database, or this one restarted, sees.
TEST_F(AccountsTest, TheLockHoldsForEveryProcessOnTheDatabaseAndAfterARestart) {
  Add("lea", "mediator");
  auto again = storage::OpenSqlite(dir_.File("db.sqlite"));
  ASSERT_TRUE(again);
  storage::SqlStore other_store(**again);
  storage::SqlLoginLockoutStore other_lockouts(**again);
  Accounts other(other_store, other_lockouts, clock_);
  for (int i = 0; i < 5; ++i) {
    Accounts& accounts = i % 2 == 0 ? *accounts_ : other;
    EXPECT_EQ(
        accounts.Login("lea", "not-the-password", "", "10.0.0." + std::to_string(i)).error().code,
        "invalid_credentials");
  }
  EXPECT_EQ(other.Login("lea", kPassword, "", "10.0.1.1").error().code, "account_locked");
  accounts_ = std::make_unique<Accounts>(*store_, *lockouts_, clock_, journal_.get());
  EXPECT_EQ(Login("lea", kPassword).error().code, "account_locked") << "after a restart";
  EXPECT_EQ(Login("LEA", kPassword).error().code, "account_locked") << "whatever the case";
}

TEST_F(AccountsTest, TheLockoutKeyIsADigestNeverTheLoginTyped) {
  EXPECT_EQ(LockoutKey("ABC"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
      << "SHA-256 of the lowercased login";
  EXPECT_FALSE(Login("Lumière-du-guichet-42", "x"));
  ASSERT_TRUE(db_->Read([](storage::Connection& c) -> Status {
    auto rows = c.Query("SELECT lockout_key FROM login_lockouts", {});
    if (!rows) return tl::unexpected(rows.error());
    EXPECT_EQ(rows->size(), 1u);
    for (const storage::Row& row : *rows) {
      EXPECT_EQ(row.Text(0), LockoutKey("lumière-du-guichet-42"));
      EXPECT_EQ(row.Text(0).find("guichet"), std::string::npos);
    }
    return {};
  }));
}

// A lockout store that cannot read or write, as a database gone away.
class BrokenLockouts final : public LoginLockoutStore {
 public:
  Result<LockoutState> FindLockout(const std::string&) override {
    if (reads) return LockoutState{};
    return Broken();
  }
  Result<LockoutState> RecordLoginFailure(const std::string&, const LockoutRule&,
                                          Instant) override {
    return Broken();
  }
  Status ResetLockout(const std::string&) override { return Broken(); }
  Result<std::int64_t> PruneLockouts(const LockoutRule&, Instant) override { return Broken(); }

  bool reads = false;  // FindLockout works: only writes fail

 private:
  static tl::unexpected<Error> Broken() {
    return Fail(ErrorKind::kUnavailable, "storage_error", "base indisponible");
  }
};

TEST_F(AccountsTest, ALockoutThatCannotBeKeptRefusesTheLogin) {
  Add("lea", "mediator");
  BrokenLockouts broken;
  Accounts accounts(*store_, broken, clock_);
  for (const char* password : {"not-the-password", kPassword}) {
    auto refused = accounts.Login("lea", password, "", "10.0.0.1");
    ASSERT_FALSE(refused) << password;
    EXPECT_EQ(refused.error().kind, ErrorKind::kUnavailable);
    EXPECT_EQ(refused.error().code, "lockout_unavailable");
    EXPECT_NE(refused.error().message.find("Réessayez"), std::string::npos);
  }
  broken.reads = true;
  auto unrecorded = accounts.Login("lea", "not-the-password", "", "10.0.0.1");
  ASSERT_FALSE(unrecorded);
  EXPECT_EQ(unrecorded.error().code, "lockout_unavailable") << "a failure that cannot count";
  EXPECT_TRUE(accounts.Login("lea", kPassword, "", "10.0.0.1")) << "nothing to reset";
}

TEST_F(AccountsTest, AnIdleSessionEndsAfterTwoHoursAndAnyUseWithinKeepsItAlive) {
  Add("lea", "mediator");
  auto session = Login("lea", kPassword);
  ASSERT_TRUE(session);
  for (int i = 0; i < 5; ++i) {
    clock_.Advance(hours(1) + minutes(59));
    ASSERT_TRUE(accounts_->Authenticate(session->token)) << i;
  }
  clock_.Advance(hours(2) + seconds(1));
  auto idle = accounts_->Authenticate(session->token);
  ASSERT_FALSE(idle);
  EXPECT_EQ(idle.error().kind, ErrorKind::kUnauthenticated);
  EXPECT_EQ(idle.error().code, "session_idle");
  EXPECT_FALSE(accounts_->Authenticate(session->token)) << "and it stays ended";
}

TEST_F(AccountsTest, AnActiveSessionStillEndsAfterTwelveHours) {
  Add("lea", "mediator");
  auto session = Login("lea", kPassword);
  ASSERT_TRUE(session);
  for (int i = 0; i < 11; ++i) {
    clock_.Advance(hours(1));
    ASSERT_TRUE(accounts_->Authenticate(session->token)) << i;
  }
  clock_.Advance(hours(1));
  EXPECT_EQ(accounts_->Authenticate(session->token).error().code, "unauthenticated");
}

TEST_F(AccountsTest, NewPasswordsFollowTheRules) {
  const auto refused = [&](const std::string& login, const std::string& password) {
    auto added = accounts_->AddAgent(login, "mediator", password, {"s1"});
    EXPECT_FALSE(added) << password;
    EXPECT_EQ(added.error().kind, ErrorKind::kInvalid);
    EXPECT_EQ(added.error().field, "password");
    return added ? std::string() : added.error().code;
  };
  EXPECT_EQ(refused("lea", "Court-de-11"), "password_too_short");
  EXPECT_EQ(refused("lea", "éééééééééé1"), "password_too_short") << "characters, not bytes";
  EXPECT_EQ(refused("lea", "MonNomEstLEA-2026"), "password_contains_login");
  EXPECT_EQ(refused("lea", "administrator123"), "password_common");
  EXPECT_EQ(refused("lea", "abcdefghijkl"), "password_common");
  EXPECT_EQ(refused("lea", "123456789012"), "password_common");
  EXPECT_TRUE(accounts_->AddAgent("lea", "mediator", kPassword, {"s1"}));
}

TEST_F(AccountsTest, ChangingThePasswordEndsTheOtherSessions) {
  const Agent lea = Add("lea", "mediator");
  auto here = Login("lea", kPassword);
  auto elsewhere = Login("lea", kPassword);
  ASSERT_TRUE(here && elsewhere);
  auto wrong = accounts_->ChangePassword(lea, here->token, "pas le bon", "Un-autre-secret-solide");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, "wrong_password");
  EXPECT_EQ(wrong.error().field, "current_password");
  auto weak = accounts_->ChangePassword(lea, here->token, kPassword, "court");
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().code, "password_too_short");
  EXPECT_EQ(weak.error().field, "new_password");
  EXPECT_TRUE(accounts_->Authenticate(elsewhere->token)) << "a refused change revokes nothing";

  ASSERT_TRUE(accounts_->ChangePassword(lea, here->token, kPassword, "Un-autre-secret-solide"));
  EXPECT_TRUE(accounts_->Authenticate(here->token));
  EXPECT_EQ(accounts_->Authenticate(elsewhere->token).error().code, "unauthenticated");
  EXPECT_EQ(Login("lea", kPassword).error().code, "invalid_credentials");
  EXPECT_TRUE(Login("lea", "Un-autre-secret-solide"));
}

TEST_F(AccountsTest, RevokingEndsEverySessionOfTheAgent) {
  Add("lea", "mediator");
  Add("paul", "mediator");
  auto one = Login("lea", kPassword);
  auto two = Login("lea", kPassword);
  auto other = Login("paul", kPassword);
  ASSERT_TRUE(one && two && other);
  EXPECT_EQ(*accounts_->RevokeSessions("lea"), 2);
  EXPECT_FALSE(accounts_->Authenticate(one->token));
  EXPECT_FALSE(accounts_->Authenticate(two->token));
  EXPECT_TRUE(accounts_->Authenticate(other->token));
  EXPECT_EQ(accounts_->RevokeSessions("nobody").error().kind, ErrorKind::kNotFound);
}

TEST_F(AccountsTest, AForgottenPasswordIsResetAndEndsEverySession) {
  const Agent lea = Add("lea", "mediator");
  auto session = Login("lea", kPassword);
  ASSERT_TRUE(session);
  auto weak = accounts_->ResetPassword("lea", "lea-lea-lea-lea");
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().field, "password");
  EXPECT_TRUE(accounts_->Authenticate(session->token)) << "a refused reset changes nothing";
  EXPECT_TRUE(Journaled(audit_event::kAccountReset).empty());

  ASSERT_TRUE(accounts_->ResetPassword("lea", "Un-autre-secret-solide"));
  EXPECT_FALSE(accounts_->Authenticate(session->token));
  EXPECT_EQ(Login("lea", kPassword).error().code, "invalid_credentials");
  EXPECT_TRUE(Login("lea", "Un-autre-secret-solide"));
  const auto resets = Journaled(audit_event::kAccountReset);
  ASSERT_EQ(resets.size(), 1u);
  EXPECT_EQ(resets[0].subject, "password " + lea.id);
  EXPECT_EQ(accounts_->ResetPassword("nobody", "Un-autre-secret-solide").error().kind,
            ErrorKind::kNotFound);
}

TEST_F(AccountsTest, ALostPhoneIsResetAndTheCoordinatorEnrolsANewOne) {
  const Agent marie = Add("marie", "coordinator");
  ASSERT_TRUE(Login("marie", kPassword));
  const std::string lost = Enrol(marie);
  clock_.Advance(seconds(30));
  auto session = Login("marie", kPassword, Code(lost));
  ASSERT_TRUE(session);

  ASSERT_TRUE(accounts_->ResetTotp("marie"));
  EXPECT_FALSE(accounts_->Authenticate(session->token)) << "the sessions end";
  clock_.Advance(seconds(30));
  auto again = Login("marie", kPassword);
  ASSERT_TRUE(again) << "the password alone opens the enrolment";
  EXPECT_TRUE(again->enrollment_required);
  auto enrollment = accounts_->BeginTotpEnrollment(marie);
  ASSERT_TRUE(enrollment);
  EXPECT_NE(enrollment->secret, lost) << "a new secret for the new phone";
  ASSERT_TRUE(accounts_->ConfirmTotpEnrollment(marie, Code(enrollment->secret)));
  clock_.Advance(seconds(30));
  EXPECT_EQ(Login("marie", kPassword, Code(lost)).error().code, "totp_invalid")
      << "the lost phone's codes no longer serve";
  EXPECT_TRUE(Login("marie", kPassword, Code(enrollment->secret)));
  const auto resets = Journaled(audit_event::kAccountReset);
  ASSERT_EQ(resets.size(), 1u);
  EXPECT_EQ(resets[0].subject, "totp " + marie.id);
  EXPECT_EQ(accounts_->ResetTotp("nobody").error().kind, ErrorKind::kNotFound);
}

}  // namespace
}  // namespace relais::app
