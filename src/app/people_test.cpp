// The person files' use cases over real SQLite: consent, duplicates,
// private notes, the procedure lifecycle, follow-ups, referrals, erasure
// and who may do what.
#include "app/people.h"

#include <gtest/gtest.h>

#include "app/fake_clock.h"
#include "storage/migrations.h"
#include "storage/sql_audit_store.h"
#include "storage/sql_people_store.h"
#include "storage/sql_store.h"
#include "storage/sqlite/sqlite_database.h"
#include "tests/support/temp_dir.h"

namespace relais::app {
namespace {

using std::chrono::hours;
using std::chrono::sys_seconds;

// Monday 15 June 2026, 10:00 in Paris (08:00 UTC).
const sys_seconds kNow = sys_seconds{date::sys_days{date::year{2026} / 6 / 15}} + hours(8);

const Agent kMediator{"a-med", "mediator", Role::kMediator, {"s1"}};
const Agent kMediator2{"a-med2", "m2", Role::kMediator, {"s1"}};
const Agent kCoordinator{"a-coo", "coordinator", Role::kCoordinator, {"s1"}};
const Agent kReception{"a-rec", "reception", Role::kReception, {"s1"}};
const Agent kFunder{"a-fun", "funder", Role::kFunder, {"s1"}};
const Agent kElsewhere{"a-oth", "other", Role::kMediator, {"s2"}};

class PeopleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::OpenSqlite(dir_.File("db.sqlite"));
    ASSERT_TRUE(opened);
    db_ = std::move(*opened);
    ASSERT_TRUE(storage::Migrate(*db_));
    sql_ = std::make_unique<storage::SqlStore>(*db_);
    ASSERT_TRUE(sql_->SaveSite({"s1", "Lieu", "1 rue A", "Europe/Paris", "Mo-Fr 09:00-12:00"},
                               clock_.Now()));
    ASSERT_TRUE(sql_->SavePartner("s1", {"caf", "CAF"}));
    sites_ = std::make_unique<Sites>(*sql_, clock_);
    ASSERT_TRUE(sites_->Load("s1"));
    auto table = ShippedCommunes();
    ASSERT_TRUE(table);
    communes_ = std::make_unique<Communes>(*table);
    store_ = std::make_unique<storage::SqlPeopleStore>(*db_);
    audit_store_ = std::make_unique<storage::SqlAuditStore>(*db_);
    journal_ = std::make_unique<AuditJournal>(*audit_store_, clock_);
    people_ = std::make_unique<People>(*store_, *sites_, *communes_, clock_, journal_.get());
  }

  static PersonDraft Draft(const std::string& first, const std::string& last) {
    PersonDraft draft;
    draft.consent = true;
    draft.first_name = first;
    draft.last_name = last;
    return draft;
  }

  Person Create(const PersonDraft& draft) {
    auto created = people_->CreatePerson(kMediator, draft);
    EXPECT_TRUE(created) << created.error().message;
    return created ? created->person : Person{};
  }

  std::string Field(const PersonDraft& draft) {
    auto created = people_->CreatePerson(kMediator, draft);
    return created ? "(accepted)" : created.error().field;
  }

  Procedure Open(const std::string& person_id, const std::string& due = "") {
    ProcedureDraft draft;
    draft.kind = "aide-logement";
    draft.partner = "caf";
    if (!due.empty()) draft.next_action_on = due;
    draft.documents = {"Avis d'imposition", "RIB"};
    auto opened = people_->OpenProcedure(kMediator, person_id, draft);
    EXPECT_TRUE(opened) << opened.error().message;
    return opened ? *opened : Procedure{};
  }

  testing::TempDir dir_;
  FakeClock clock_{kNow};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::SqlStore> sql_;
  std::unique_ptr<Sites> sites_;
  std::unique_ptr<Communes> communes_;
  std::unique_ptr<storage::SqlPeopleStore> store_;
  std::unique_ptr<storage::SqlAuditStore> audit_store_;
  std::unique_ptr<AuditJournal> journal_;
  std::unique_ptr<People> people_;
};

TEST_F(PeopleTest, NoFileWithoutConsent) {
  PersonDraft draft = Draft("Awa", "Diallo");
  draft.consent = false;
  auto refused = people_->CreatePerson(kMediator, draft);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "consent_required");
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalid);
  EXPECT_TRUE(people_->SearchPeople(kMediator, "")->empty());
}

TEST_F(PeopleTest, AFileKeepsItsFieldsAndConsent) {
  PersonDraft draft = Draft("  Awa ", "Diallo");
  draft.birth_year = 1985;
  draft.phone = "06 12 34 56 78";
  draft.email = "awa@exemple.fr";
  draft.commune_insee = "92002";
  draft.household_size = 4;
  const Person person = Create(draft);
  EXPECT_EQ(person.first_name, "Awa");
  EXPECT_EQ(person.consent_at, kNow);
  EXPECT_EQ(person.consent_version, kConsentVersion);
  EXPECT_EQ(person.created_by, "a-med");
  auto file = people_->FindPerson(kMediator, person.id);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->person, person);
}

TEST_F(PeopleTest, BadFieldsAreRefusedByName) {
  EXPECT_EQ(Field(Draft(" ", "Diallo")), "first_name");
  EXPECT_EQ(Field(Draft("Awa", "")), "last_name");
  EXPECT_EQ(Field(Draft("Awa", std::string(101, 'x'))), "last_name");
  PersonDraft d = Draft("Awa", "Diallo");
  d.birth_year = 1899;
  EXPECT_EQ(Field(d), "birth_year");
  d.birth_year = 2027;
  EXPECT_EQ(Field(d), "birth_year");
  d = Draft("Awa", "Diallo");
  d.phone = "06 12 ab";
  EXPECT_EQ(Field(d), "phone");
  d.phone = "12345";
  EXPECT_EQ(Field(d), "phone");
  d = Draft("Awa", "Diallo");
  d.email = "awa@";
  EXPECT_EQ(Field(d), "email");
  d.email = "a b@c.fr";
  EXPECT_EQ(Field(d), "email");
  d = Draft("Awa", "Diallo");
  d.commune_insee = "99999";
  EXPECT_EQ(Field(d), "commune_insee");
  d = Draft("Awa", "Diallo");
  d.household_size = 0;
  EXPECT_EQ(Field(d), "household_size");
  d.household_size = 31;
  EXPECT_EQ(Field(d), "household_size");
  EXPECT_EQ(Field(Draft("Éloïse", std::string(100, 'e') + "")), "(accepted)");
  std::string accented;
  for (int i = 0; i < 100; ++i) accented += "é";
  EXPECT_EQ(Field(Draft("É", accented)), "(accepted)") << "lengths count characters, not bytes";
  EXPECT_EQ(Field(Draft(std::string("A\0wa", 4), "Diallo")), "first_name") << "a NUL byte";
  EXPECT_EQ(Field(Draft("Awa", "Dia\x1b[2Jllo")), "last_name") << "an escape sequence";
  EXPECT_EQ(Field(Draft("Awa\tMarie", "Diallo")), "(accepted)") << "a tab is typed text";
}

TEST_F(PeopleTest, PossibleDuplicatesAreShownOnCreation) {
  PersonDraft first = Draft("Éloïse", "Lefèvre");
  first.phone = "06 12 34 56 78";
  first.email = "eloise@exemple.fr";
  const Person eloise = Create(first);
  Create(Draft("Marc", "Lefevre"));

  auto same_name = people_->CreatePerson(kMediator, Draft("eloise", "LEFEVRE"));
  ASSERT_TRUE(same_name);
  ASSERT_EQ(same_name->possible_duplicates.size(), 1u) << "Marc has another initial";
  EXPECT_EQ(same_name->possible_duplicates[0].id, eloise.id);

  PersonDraft by_phone = Draft("Zoé", "Martin");
  by_phone.phone = "+33 6 12 34 56 78";
  EXPECT_EQ(people_->CreatePerson(kMediator, by_phone)->possible_duplicates.size(), 1u);
  PersonDraft by_email = Draft("Yves", "Petit");
  by_email.email = "ELOISE@exemple.fr";
  EXPECT_EQ(people_->CreatePerson(kMediator, by_email)->possible_duplicates.size(), 1u);
  EXPECT_TRUE(
      people_->CreatePerson(kMediator, Draft("Paul", "Nouveau"))->possible_duplicates.empty());
}

TEST_F(PeopleTest, SearchIgnoresAccentsAndCase) {
  const Person eloise = Create(Draft("Éloïse", "Lefèvre"));
  PersonDraft marc = Draft("Marc", "Durand");
  marc.phone = "06 98 76 54 32";
  Create(marc);
  auto found = people_->SearchPeople(kMediator, "LEFEV");
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].id, eloise.id);
  EXPECT_EQ(people_->SearchPeople(kMediator, "eloise")->size(), 1u);
  EXPECT_EQ(people_->SearchPeople(kMediator, "06 98")->size(), 1u);
  EXPECT_EQ(people_->SearchPeople(kMediator, "")->size(), 2u);
}

TEST_F(PeopleTest, PrivateNotesAreShownToTheirAuthorOnly) {
  const Person person = Create(Draft("Awa", "Diallo"));
  ASSERT_TRUE(people_->AddNote(kMediator, person.id, "Note partagée", false));
  clock_.Advance(std::chrono::seconds(1));  // notes are listed by time
  ASSERT_TRUE(people_->AddNote(kMediator, person.id, "Note privée", true));
  clock_.Advance(std::chrono::seconds(1));
  ASSERT_TRUE(people_->AddNote(kMediator2, person.id, "Privée de m2", true));
  auto mine = people_->FindPerson(kMediator, person.id);
  ASSERT_EQ(mine->notes.size(), 2u);
  EXPECT_EQ(mine->notes[1].text, "Note privée");
  auto theirs = people_->FindPerson(kMediator2, person.id);
  ASSERT_EQ(theirs->notes.size(), 2u);
  EXPECT_EQ(theirs->notes[0].text, "Note partagée");
  EXPECT_EQ(theirs->notes[1].text, "Privée de m2");
  EXPECT_EQ(people_->FindPerson(kCoordinator, person.id)->notes.size(), 1u)
      << "not even a coordinator reads another's private note";
  EXPECT_EQ(people_->AddNote(kMediator, person.id, "  ", false).error().field, "text");
  EXPECT_EQ(people_->AddNote(kMediator, "nope", "x", false).error().kind, ErrorKind::kNotFound);
}

TEST_F(PeopleTest, TheLifecycleRecordsStepsAndRefusesSkips) {
  const Person person = Create(Draft("Awa", "Diallo"));
  const Procedure opened = Open(person.id);
  EXPECT_EQ(opened.status, ProcedureStatus::kToDo);
  ASSERT_EQ(opened.steps.size(), 1u);
  EXPECT_EQ(opened.documents.size(), 2u);

  auto skip = people_->ChangeStatus(kMediator, opened.id, "granted", std::nullopt);
  ASSERT_FALSE(skip);
  EXPECT_EQ(skip.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(skip.error().code, "invalid_transition");
  EXPECT_EQ(people_->ChangeStatus(kMediator, opened.id, "done", std::nullopt).error().field,
            "status");
  EXPECT_EQ(people_->ChangeStatus(kMediator, "nope", "in_progress", std::nullopt).error().kind,
            ErrorKind::kNotFound);

  for (const char* status : {"in_progress", "submitted", "granted", "closed"}) {
    auto moved = people_->ChangeStatus(kMediator2, opened.id, status, "Étape");
    ASSERT_TRUE(moved) << status << ": " << moved.error().message;
    EXPECT_EQ(ProcedureStatusName(moved->status), status);
  }
  auto done = people_->FindPerson(kMediator, person.id)->procedures.at(0);
  ASSERT_EQ(done.steps.size(), 5u);
  EXPECT_EQ(done.steps[2].from, ProcedureStatus::kInProgress);
  EXPECT_EQ(done.steps[2].to, ProcedureStatus::kSubmitted);
  EXPECT_EQ(done.steps[2].agent, "a-med2");
  EXPECT_EQ(done.steps[2].comment, "Étape");
}

TEST_F(PeopleTest, ProceduresCheckKindPartnerAndDates) {
  const Person person = Create(Draft("Awa", "Diallo"));
  ProcedureDraft draft;
  draft.kind = "nope";
  EXPECT_EQ(people_->OpenProcedure(kMediator, person.id, draft).error().field, "kind");
  draft.kind = "prime-activite";
  draft.partner = "unknown";
  EXPECT_EQ(people_->OpenProcedure(kMediator, person.id, draft).error().field, "partner");
  draft.partner.reset();
  draft.next_action_on = "2026-13-01";
  EXPECT_EQ(people_->OpenProcedure(kMediator, person.id, draft).error().field, "next_action_on");
  draft.next_action_on.reset();
  EXPECT_EQ(people_->OpenProcedure(kMediator, "nope", draft).error().kind, ErrorKind::kNotFound);
  auto opened = people_->OpenProcedure(kMediator, person.id, draft);
  ASSERT_TRUE(opened);
  auto next = people_->SetNextAction(kMediator, opened->id, "Appeler la CAF", "2026-06-20");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->next_action, "Appeler la CAF");
  EXPECT_EQ(next->next_action_on, "2026-06-20");
  EXPECT_EQ(people_->SetNextAction(kMediator, opened->id, "x", "demain").error().field,
            "next_action_on");
  auto checked = people_->SetDocument(kMediator, opened->id, "Justificatif de domicile", true);
  ASSERT_TRUE(checked);
  ASSERT_EQ(checked->documents.size(), 1u);
  EXPECT_TRUE(checked->documents[0].done);
  checked = people_->SetDocument(kMediator, opened->id, "Justificatif de domicile", false);
  EXPECT_FALSE(checked->documents[0].done);
  EXPECT_EQ(people_->SetDocument(kMediator, opened->id, "", true).error().field, "label");
}

TEST_F(PeopleTest, FollowUpsDueAreMineDueAndOpen) {
  const Person person = Create(Draft("Awa", "Diallo"));
  const Procedure late = Open(person.id, "2026-06-10");
  const Procedure today = Open(person.id, "2026-06-15");
  Open(person.id, "2026-06-16");
  Open(person.id);
  const Procedure closed = Open(person.id, "2026-06-01");
  ASSERT_TRUE(people_->ChangeStatus(kMediator, closed.id, "closed", std::nullopt));
  auto due = people_->FollowUpsDue(kMediator);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].procedure.id, late.id);
  EXPECT_EQ((*due)[1].procedure.id, today.id);
  EXPECT_EQ((*due)[0].last_name, "Diallo");
  EXPECT_TRUE(people_->FollowUpsDue(kMediator2)->empty());
  EXPECT_EQ(people_->FollowUpsDue(kMediator, "2026-06-16")->size(), 3u);
  EXPECT_EQ(people_->FollowUpsDue(kMediator, "16/06/2026").error().field, "date");
}

TEST_F(PeopleTest, ReferralsNeedAPartnerOrAServiceAndAReason) {
  const Person person = Create(Draft("Awa", "Diallo"));
  ReferralDraft draft;
  draft.reason = "Dossier APL bloqué";
  EXPECT_EQ(people_->Refer(kMediator, draft).error().field, "partner");
  draft.partner = "caf";
  draft.service = "CCAS";
  EXPECT_EQ(people_->Refer(kMediator, draft).error().field, "partner");
  draft.service.reset();
  draft.partner = "nope";
  EXPECT_EQ(people_->Refer(kMediator, draft).error().field, "partner");
  draft.partner = "caf";
  draft.person_id = "nope";
  EXPECT_EQ(people_->Refer(kMediator, draft).error().field, "person_id");
  draft.person_id = person.id;
  draft.reason = " ";
  EXPECT_EQ(people_->Refer(kMediator, draft).error().field, "reason");
  draft.reason = "Dossier APL bloqué";
  auto referral = people_->Refer(kMediator, draft);
  ASSERT_TRUE(referral);
  EXPECT_EQ(referral->outcome, ReferralOutcome::kUnknown);
  EXPECT_EQ(people_->RecordOutcome(kMediator, referral->id, "maybe").error().field, "outcome");
  EXPECT_EQ(people_->RecordOutcome(kMediator, "nope", "reached").error().kind,
            ErrorKind::kNotFound);
  auto reached = people_->RecordOutcome(kMediator, referral->id, "not_reached");
  ASSERT_TRUE(reached);
  EXPECT_EQ(reached->outcome, ReferralOutcome::kNotReached);
  EXPECT_EQ(reached->outcome_at, kNow);
  ReferralDraft anonymous;
  anonymous.service = "Épicerie sociale";
  anonymous.reason = "Aide alimentaire";
  EXPECT_TRUE(people_->Refer(kMediator, anonymous));
  EXPECT_EQ(people_->FindPerson(kMediator, person.id)->referrals.size(), 1u);
}

TEST_F(PeopleTest, ErasureRemovesThePersonalData) {
  const Person person = Create(Draft("Awa", "Diallo"));
  ASSERT_TRUE(people_->AddNote(kMediator, person.id, "Note", true));
  Open(person.id, "2026-06-01");
  ReferralDraft draft;
  draft.person_id = person.id;
  draft.partner = "caf";
  draft.reason = "APL";
  auto referral = people_->Refer(kMediator, draft);
  ASSERT_TRUE(referral);
  ASSERT_TRUE(people_->ErasePerson(kCoordinator, person.id));
  EXPECT_EQ(people_->FindPerson(kMediator, person.id).error().kind, ErrorKind::kNotFound);
  EXPECT_TRUE(people_->SearchPeople(kMediator, "diallo")->empty());
  EXPECT_TRUE(people_->FollowUpsDue(kMediator)->empty());
  EXPECT_FALSE((**store_->FindReferral("s1", referral->id)).person_id);
  EXPECT_EQ(people_->ErasePerson(kMediator, person.id).error().kind, ErrorKind::kNotFound);
}

TEST_F(PeopleTest, AFilesHistoryShowsWhoOpenedItNewestFirstToCoordinatorsOnly) {
  ASSERT_TRUE(sql_->CreateAgent(kMediator, "x", clock_.Now()));
  ASSERT_TRUE(sql_->CreateAgent(kMediator2, "x", clock_.Now()));
  const Person person = Create(Draft("Awa", "Diallo"));
  const Person other = Create(Draft("Binta", "Camara"));
  clock_.Advance(std::chrono::minutes(5));
  ASSERT_TRUE(people_->FindPerson(kMediator2, person.id));
  ASSERT_TRUE(people_->FindPerson(kMediator2, other.id));
  clock_.Advance(std::chrono::minutes(5));
  ASSERT_TRUE(people_->ExportPerson(kMediator, person.id));

  auto history = people_->AccessHistory(kCoordinator, person.id);
  ASSERT_TRUE(history) << history.error().message;
  ASSERT_EQ(history->size(), 3u) << "the other file's read is not in this one";
  EXPECT_EQ((*history)[0].event, audit_event::kPersonExport);
  EXPECT_EQ((*history)[0].agent_login, "mediator");
  EXPECT_EQ((*history)[1].event, audit_event::kPersonRead);
  EXPECT_EQ((*history)[1].agent_login, "m2");
  EXPECT_EQ((*history)[2].event, audit_event::kPersonCreate);
  EXPECT_EQ((*history)[0].at - (*history)[2].at, 600);

  for (const Agent* agent : {&kMediator, &kReception, &kFunder}) {
    EXPECT_EQ(people_->AccessHistory(*agent, person.id).error().kind, ErrorKind::kForbidden);
  }
  const Agent elsewhere{"a-coo2", "coord2", Role::kCoordinator, {"s2"}};
  EXPECT_EQ(people_->AccessHistory(elsewhere, person.id).error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(people_->AccessHistory(kCoordinator, "unknown").error().kind, ErrorKind::kNotFound);
  auto again = people_->AccessHistory(kCoordinator, person.id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->size(), 3u) << "reading the history is not itself an access to the file";
}

TEST_F(PeopleTest, FundersReceptionAndOtherSitesAreRefused) {
  const Person person = Create(Draft("Awa", "Diallo"));
  for (const Agent* agent : {&kFunder, &kReception, &kElsewhere}) {
    EXPECT_EQ(people_->CreatePerson(*agent, Draft("A", "B")).error().kind, ErrorKind::kForbidden);
    EXPECT_EQ(people_->FindPerson(*agent, person.id).error().kind, ErrorKind::kForbidden);
    EXPECT_EQ(people_->SearchPeople(*agent, "").error().kind, ErrorKind::kForbidden);
    EXPECT_EQ(people_->ErasePerson(*agent, person.id).error().kind, ErrorKind::kForbidden);
    EXPECT_EQ(people_->FollowUpsDue(*agent).error().kind, ErrorKind::kForbidden);
    ReferralDraft draft;
    draft.service = "CCAS";
    draft.reason = "x";
    EXPECT_EQ(people_->Refer(*agent, draft).error().kind, ErrorKind::kForbidden);
  }
  EXPECT_TRUE(people_->FindPerson(kMediator, person.id)) << "nothing was erased";
}

}  // namespace
}  // namespace relais::app
