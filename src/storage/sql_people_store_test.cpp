// The person files' store over real SQLite: rows read back as stored,
// candidates and search on folded keys, the status change guarded by the
// expected status, the checklist, follow-ups, erasure and site isolation.
#include "storage/sql_people_store.h"

#include <gtest/gtest.h>

#include "app/people.h"
#include "storage/migrations.h"
#include "storage/sql_store.h"
#include "storage/test_database.h"
#include "tests/support/temp_dir.h"

namespace relais::storage {
namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;
const app::Instant kNow{seconds(1'750'000'000)};
const sys_seconds kAt{seconds(1'750'000'000)};

class SqlPeopleStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenTestDatabase(dir_);
    ASSERT_TRUE(opened);
    db_ = std::move(*opened);
    ASSERT_TRUE(Migrate(*db_));
    SqlStore sites(*db_);
    ASSERT_TRUE(sites.SaveSite({"s1", "Lieu", "1 rue A", "Europe/Paris", "24/7"}, kNow));
    ASSERT_TRUE(sites.SaveSite({"s2", "Autre", "2 rue B", "Europe/Paris", "24/7"}, kNow));
    store_ = std::make_unique<SqlPeopleStore>(*db_);
  }

  static app::Person Person(const std::string& id, const std::string& first,
                            const std::string& last) {
    app::Person p;
    p.id = id;
    p.consent_at = kAt;
    p.consent_version = "v1";
    p.first_name = first;
    p.last_name = last;
    p.created_by = "agent-1";
    p.created_at = p.updated_at = kAt;
    return p;
  }

  void Add(const std::string& site, const app::Person& p) {
    ASSERT_TRUE(
        store_->AddPerson(site, p, app::KeysOf(p.first_name, p.last_name, p.phone, p.email)));
  }

  static app::Procedure Procedure(const std::string& id, const std::string& person,
                                  std::optional<std::string> due = std::nullopt) {
    app::Procedure p;
    p.id = id;
    p.person_id = person;
    p.kind = "aide-logement";
    p.partner = "caf";
    p.next_action = "Rappeler";
    p.next_action_on = due;
    p.assigned_to = "agent-1";
    p.created_at = p.updated_at = kAt;
    p.documents = {{1, "Avis d'imposition", false}, {2, "RIB", true}};
    p.steps = {{"st-" + id, kAt, "agent-1", std::nullopt, ProcedureStatus::kToDo, std::nullopt}};
    return p;
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlPeopleStore> store_;
};

TEST_F(SqlPeopleStoreTest, APersonIsReadBackAsStored) {
  app::Person full = Person("p1", "Éloïse", "N'Diaye-Lefèvre");
  full.birth_year = 1980;
  full.phone = "+33 6 12 34 56 78";
  full.email = "Eloise@Exemple.fr";
  full.commune_insee = "92002";
  full.household_size = 3;
  Add("s1", full);
  Add("s1", Person("p2", "A", "B"));
  EXPECT_EQ(**store_->FindPerson("s1", "p1"), full);
  EXPECT_EQ(**store_->FindPerson("s1", "p2"), Person("p2", "A", "B")) << "unknowns stay NULL";
  EXPECT_FALSE(*store_->FindPerson("s2", "p1")) << "another site sees nothing";
  EXPECT_FALSE(*store_->FindPerson("s1", "nope"));
}

TEST_F(SqlPeopleStoreTest, CandidatesMatchFoldedNamePhoneOrEmail) {
  app::Person a = Person("p1", "Éloïse", "LEFÈVRE");
  a.phone = "06 12 34 56 78";
  Add("s1", a);
  app::Person b = Person("p2", "Marc", "Durand");
  b.email = "marc@exemple.fr";
  Add("s1", b);
  Add("s2", Person("p3", "Eloise", "Lefevre"));
  auto by_name = store_->FindCandidates("s1", app::KeysOf("eloise", "lefevre", {}, {}));
  ASSERT_TRUE(by_name);
  ASSERT_EQ(by_name->size(), 1u);
  EXPECT_EQ((*by_name)[0].first.id, "p1");
  EXPECT_EQ((*by_name)[0].second.first_name, "eloise");
  EXPECT_EQ(store_->FindCandidates("s1", app::KeysOf("X", "Y", "+33612345678", {}))->size(), 1u);
  EXPECT_EQ(store_->FindCandidates("s1", app::KeysOf("X", "Y", {}, "MARC@exemple.fr"))->size(), 1u);
  EXPECT_TRUE(store_->FindCandidates("s1", app::KeysOf("X", "Y", {}, {}))->empty())
      << "empty phone and e-mail keys match nothing";
}

TEST_F(SqlPeopleStoreTest, SearchFoldsNamesAndTreatsWildcardsLiterally) {
  Add("s1", Person("p1", "Éloïse", "Lefèvre"));
  Add("s1", Person("p2", "Marc", "Durand"));
  app::Person odd = Person("p3", "%", "_%");
  Add("s1", odd);
  EXPECT_EQ(store_->SearchPeople("s1", "lef", "", 50)->size(), 1u);
  EXPECT_EQ(store_->SearchPeople("s1", "eloise lef", "", 50)->size(), 1u);
  EXPECT_EQ(store_->SearchPeople("s1", "lefevre eloise", "", 50)->size(), 1u);
  EXPECT_EQ(store_->SearchPeople("s1", "zz", "", 50)->size(), 0u);
  auto wild = store_->SearchPeople("s1", "_", "", 50);
  ASSERT_EQ(wild->size(), 1u);
  EXPECT_EQ((*wild)[0].id, "p3");
  EXPECT_EQ(store_->SearchPeople("s1", "", "", 50)->size(), 3u);
  EXPECT_EQ(store_->SearchPeople("s1", "", "", 2)->size(), 2u);
  EXPECT_EQ(store_->SearchPeople("s2", "lef", "", 50)->size(), 0u);
}

TEST_F(SqlPeopleStoreTest, AProcedureKeepsItsChecklistAndHistory) {
  Add("s1", Person("p1", "A", "B"));
  const app::Procedure p = Procedure("d1", "p1", "2025-06-20");
  ASSERT_TRUE(store_->AddProcedure("s1", p));
  EXPECT_EQ(**store_->FindProcedure("s1", "d1"), p);
  EXPECT_EQ(*store_->ListProcedures("s1", "p1"), std::vector<app::Procedure>{p});
  EXPECT_FALSE(*store_->FindProcedure("s2", "d1"));

  const app::ProcedureStep step{"st2",
                                kAt + seconds(10),
                                "agent-2",
                                ProcedureStatus::kToDo,
                                ProcedureStatus::kInProgress,
                                "Dossier commencé"};
  ASSERT_TRUE(store_->ChangeStatus("s1", "d1", step));
  auto changed = **store_->FindProcedure("s1", "d1");
  EXPECT_EQ(changed.status, ProcedureStatus::kInProgress);
  ASSERT_EQ(changed.steps.size(), 2u);
  EXPECT_EQ(changed.steps[1], step);
  EXPECT_EQ(changed.updated_at, kAt + seconds(10));

  auto stale = store_->ChangeStatus("s1", "d1", step);
  ASSERT_FALSE(stale) << "the status is no longer to_do";
  EXPECT_EQ(stale.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(store_->ChangeStatus("s1", "zz", step).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ((**store_->FindProcedure("s1", "d1")).steps.size(), 2u) << "no step for a refusal";
}

TEST_F(SqlPeopleStoreTest, TheChecklistTogglesAndGrows) {
  Add("s1", Person("p1", "A", "B"));
  ASSERT_TRUE(store_->AddProcedure("s1", Procedure("d1", "p1")));
  ASSERT_TRUE(store_->SetDocument("s1", "d1", "Avis d'imposition", true, kAt));
  ASSERT_TRUE(store_->SetDocument("s1", "d1", "RIB", false, kAt));
  ASSERT_TRUE(store_->SetDocument("s1", "d1", "Bail", true, kAt));
  EXPECT_EQ((**store_->FindProcedure("s1", "d1")).documents,
            (std::vector<app::ProcedureDocument>{
                {1, "Avis d'imposition", true}, {2, "RIB", false}, {3, "Bail", true}}));
  EXPECT_EQ(store_->SetDocument("s1", "zz", "RIB", true, kAt).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(store_->SetDocument("s2", "d1", "RIB", true, kAt).error().kind, ErrorKind::kNotFound);
}

TEST_F(SqlPeopleStoreTest, FollowUpsAreTheAgentsDueAndOpenProcedures) {
  Add("s1", Person("p1", "Awa", "Diallo"));
  ASSERT_TRUE(store_->AddProcedure("s1", Procedure("late", "p1", "2025-06-01")));
  ASSERT_TRUE(store_->AddProcedure("s1", Procedure("today", "p1", "2025-06-15")));
  ASSERT_TRUE(store_->AddProcedure("s1", Procedure("later", "p1", "2025-06-16")));
  ASSERT_TRUE(store_->AddProcedure("s1", Procedure("undated", "p1")));
  app::Procedure other = Procedure("other", "p1", "2025-06-01");
  other.assigned_to = "agent-2";
  ASSERT_TRUE(store_->AddProcedure("s1", other));
  app::Procedure closed = Procedure("closed", "p1", "2025-06-01");
  closed.status = ProcedureStatus::kClosed;
  ASSERT_TRUE(store_->AddProcedure("s1", closed));
  auto due = store_->FollowUpsDue("s1", "agent-1", "2025-06-15");
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].procedure.id, "late");
  EXPECT_EQ((*due)[1].procedure.id, "today");
  EXPECT_EQ((*due)[0].last_name, "Diallo");
  ASSERT_TRUE(store_->SetNextAction("s1", "late", std::nullopt, std::nullopt, kAt));
  EXPECT_EQ(store_->FollowUpsDue("s1", "agent-1", "2025-06-15")->size(), 1u);
  EXPECT_EQ(store_->SetNextAction("s1", "zz", std::nullopt, std::nullopt, kAt).error().kind,
            ErrorKind::kNotFound);
}

TEST_F(SqlPeopleStoreTest, ReferralsRecordTheirOutcome) {
  Add("s1", Person("p1", "A", "B"));
  app::Referral r{"r1",          "p1",      "caf", std::nullopt,
                  "Dossier APL", "agent-1", kAt,   ReferralOutcome::kUnknown,
                  std::nullopt};
  ASSERT_TRUE(store_->AddReferral("s1", r));
  EXPECT_EQ(**store_->FindReferral("s1", "r1"), r);
  ASSERT_TRUE(store_->SetReferralOutcome("s1", "r1", ReferralOutcome::kReached, kAt + seconds(5)));
  r.outcome = ReferralOutcome::kReached;
  r.outcome_at = kAt + seconds(5);
  EXPECT_EQ(*store_->ListReferrals("s1", "p1"), std::vector<app::Referral>{r});
  EXPECT_EQ(store_->SetReferralOutcome("s2", "r1", ReferralOutcome::kReached, kAt).error().kind,
            ErrorKind::kNotFound);
}

TEST_F(SqlPeopleStoreTest, ErasureDeletesTheFileAndUnlinksReferrals) {
  Add("s1", Person("p1", "A", "B"));
  Add("s1", Person("p2", "C", "D"));
  ASSERT_TRUE(store_->AddNote("s1", {"n1", "p1", "agent-1", true, "Note", kAt}));
  ASSERT_TRUE(store_->AddProcedure("s1", Procedure("d1", "p1")));
  ASSERT_TRUE(store_->AddReferral("s1", {"r1", "p1", std::nullopt, "Épicerie sociale", "Aide",
                                         "agent-1", kAt, ReferralOutcome::kUnknown, std::nullopt}));
  ASSERT_TRUE(store_->AddNote("s1", {"n2", "p2", "agent-1", false, "Autre", kAt}));
  ASSERT_TRUE(store_->ErasePerson("s1", "p1"));
  EXPECT_FALSE(*store_->FindPerson("s1", "p1"));
  EXPECT_TRUE(store_->ListNotes("s1", "p1")->empty());
  EXPECT_FALSE(*store_->FindProcedure("s1", "d1"));
  auto referral = **store_->FindReferral("s1", "r1");
  EXPECT_FALSE(referral.person_id) << "the referral stays for the statistics, unlinked";
  EXPECT_EQ(store_->ListNotes("s1", "p2")->size(), 1u) << "others untouched";
  Status none = db_->Read([](Connection& c) -> Status {
    for (const char* table : {"procedure_documents", "procedure_steps", "person_notes"}) {
      auto rows = c.Query(
          std::string("SELECT COUNT(*) FROM ") + table + " WHERE site_id = 's1' AND " +
              (std::string(table) == "person_notes" ? "person_id = 'p1'" : "procedure_id = 'd1'"),
          {});
      if (!rows) return tl::unexpected(rows.error());
      EXPECT_EQ(rows->front().Int(0), 0) << table;
    }
    return {};
  });
  ASSERT_TRUE(none);
  EXPECT_EQ(store_->ErasePerson("s1", "p1").error().kind, ErrorKind::kNotFound);
}

}  // namespace
}  // namespace relais::storage
