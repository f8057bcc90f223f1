#include "storage/sql_people_store.h"

#include <unordered_map>

namespace relais::storage {
namespace {

using std::chrono::sys_seconds;

constexpr std::string_view kPersonColumns =
    "person_id, consent_at, consent_version, first_name, last_name, birth_year, phone, email, "
    "commune_insee, household_size, created_by, created_at, updated_at, folded_last, "
    "folded_first, phone_digits, email_folded";
constexpr std::string_view kInsertPerson =
    "INSERT INTO people (site_id, person_id, consent_at, consent_version, first_name, last_name, "
    "birth_year, phone, email, commune_insee, household_size, created_by, created_at, "
    "updated_at, folded_last, folded_first, phone_digits, email_folded) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kDeletePerson = "DELETE FROM people WHERE site_id = ? AND person_id = ?";
constexpr std::string_view kUnlinkReferrals =
    "UPDATE referrals SET person_id = NULL, reason = '' WHERE site_id = ? AND person_id = ?";

constexpr std::string_view kInsertNote =
    "INSERT INTO person_notes (site_id, note_id, person_id, author, private, text, written_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kListNotes =
    "SELECT note_id, person_id, author, private, text, written_at FROM person_notes "
    "WHERE site_id = ? AND person_id = ? ORDER BY written_at, note_id";

constexpr std::string_view kProcedureColumns =
    "procedure_id, person_id, partner, kind, status, next_action, next_action_on, assigned_to, "
    "created_at, updated_at";
constexpr std::string_view kInsertProcedure =
    "INSERT INTO procedures (site_id, procedure_id, person_id, partner, kind, status, "
    "next_action, next_action_on, assigned_to, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertDocument =
    "INSERT INTO procedure_documents (site_id, procedure_id, position, label, done) "
    "VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kInsertStep =
    "INSERT INTO procedure_steps (site_id, step_id, procedure_id, seq, at, agent, from_status, "
    "to_status, comment) VALUES (?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM procedure_steps "
    "WHERE site_id = ? AND procedure_id = ?), ?, ?, ?, ?, ?)";
constexpr std::string_view kListDocuments =
    "SELECT position, label, done FROM procedure_documents "
    "WHERE site_id = ? AND procedure_id = ? ORDER BY position";
constexpr std::string_view kListSteps =
    "SELECT step_id, at, agent, from_status, to_status, comment FROM procedure_steps "
    "WHERE site_id = ? AND procedure_id = ? ORDER BY seq";
constexpr std::string_view kUpdateStatus =
    "UPDATE procedures SET status = ?, updated_at = ? "
    "WHERE site_id = ? AND procedure_id = ? AND status = ?";
constexpr std::string_view kProcedureExists =
    "SELECT 1 FROM procedures WHERE site_id = ? AND procedure_id = ?";
constexpr std::string_view kUpdateNextAction =
    "UPDATE procedures SET next_action = ?, next_action_on = ?, updated_at = ? "
    "WHERE site_id = ? AND procedure_id = ?";
constexpr std::string_view kTouchProcedure =
    "UPDATE procedures SET updated_at = ? WHERE site_id = ? AND procedure_id = ?";
constexpr std::string_view kUpdateDocument =
    "UPDATE procedure_documents SET done = ? WHERE site_id = ? AND procedure_id = ? AND label = ?";
constexpr std::string_view kNextPosition =
    "SELECT COALESCE(MAX(position), 0) + 1 FROM procedure_documents "
    "WHERE site_id = ? AND procedure_id = ?";

constexpr std::string_view kReferralColumns =
    "referral_id, person_id, partner, service, reason, referred_by, referred_at, outcome, "
    "outcome_at";
constexpr std::string_view kInsertReferral =
    "INSERT INTO referrals (site_id, referral_id, person_id, partner, service, reason, "
    "referred_by, referred_at, outcome, outcome_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kUpdateOutcome =
    "UPDATE referrals SET outcome = ?, outcome_at = ? WHERE site_id = ? AND referral_id = ?";

std::string Sql(std::initializer_list<std::string_view> parts) {
  std::string sql;
  for (std::string_view part : parts) sql += part;
  return sql;
}

Value Optional(const std::optional<std::string>& text) {
  return text ? Value(*text) : Value();
}
Value Optional(const std::optional<int>& number) {
  return number ? Value(std::int64_t{*number}) : Value();
}
// `text` with LIKE's wildcards and its escape character escaped by '\'.
std::string EscapeLike(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

Value NonEmpty(const std::string& text) {
  return text.empty() ? Value() : Value(text);
}
Value Optional(const std::optional<sys_seconds>& at) {
  return at ? Value(Seconds(*at)) : Value();
}
Value Optional(const std::optional<ProcedureStatus>& status) {
  return status ? Value(std::string(ProcedureStatusName(*status))) : Value();
}

std::optional<std::string> TextOrNone(const Row& row, std::size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return row.Text(i);
}
std::optional<int> IntOrNone(const Row& row, std::size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return static_cast<int>(row.Int(i));
}
sys_seconds At(const Row& row, std::size_t i) {
  return sys_seconds{std::chrono::seconds{row.Int(i)}};
}

app::Person PersonFromRow(const Row& row) {
  app::Person p;
  p.id = row.Text(0);
  p.consent_at = At(row, 1);
  p.consent_version = row.Text(2);
  p.first_name = row.Text(3);
  p.last_name = row.Text(4);
  p.birth_year = IntOrNone(row, 5);
  p.phone = TextOrNone(row, 6);
  p.email = TextOrNone(row, 7);
  p.commune_insee = TextOrNone(row, 8);
  p.household_size = IntOrNone(row, 9);
  p.created_by = row.Text(10);
  p.created_at = At(row, 11);
  p.updated_at = At(row, 12);
  return p;
}

app::PersonKeys KeysFromRow(const Row& row) {
  return {row.Text(13), row.Text(14), row.Text(15), row.Text(16)};
}

Result<ProcedureStatus> StatusFrom(const std::string& text) {
  auto status = ParseProcedureStatus(text);
  if (!status) return StorageError("statut de démarche inconnu en base : " + text);
  return *status;
}

Result<app::Procedure> ProcedureFromRow(const Row& row) {
  app::Procedure p;
  p.id = row.Text(0);
  p.person_id = row.Text(1);
  p.partner = TextOrNone(row, 2);
  p.kind = row.Text(3);
  auto status = StatusFrom(row.Text(4));
  if (!status) return tl::unexpected(status.error());
  p.status = *status;
  p.next_action = TextOrNone(row, 5);
  p.next_action_on = TextOrNone(row, 6);
  p.assigned_to = row.Text(7);
  p.created_at = At(row, 8);
  p.updated_at = At(row, 9);
  return p;
}

Result<app::Referral> ReferralFromRow(const Row& row) {
  app::Referral r;
  r.id = row.Text(0);
  r.person_id = TextOrNone(row, 1);
  r.partner = TextOrNone(row, 2);
  r.service = TextOrNone(row, 3);
  r.reason = row.Text(4);
  r.referred_by = row.Text(5);
  r.referred_at = At(row, 6);
  auto outcome = ParseReferralOutcome(row.Text(7));
  if (!outcome) return StorageError("issue d'orientation inconnue en base : " + row.Text(7));
  r.outcome = *outcome;
  if (!row.IsNull(8)) r.outcome_at = At(row, 8);
  return r;
}

// Reads the documents and steps of `procedure`.
Status LoadDetails(Connection& c, const std::string& site_id, app::Procedure& procedure) {
  auto documents = c.Query(kListDocuments, {site_id, procedure.id});
  if (!documents) return tl::unexpected(documents.error());
  for (const Row& row : *documents) {
    procedure.documents.push_back({static_cast<int>(row.Int(0)), row.Text(1), row.Int(2) != 0});
  }
  auto steps = c.Query(kListSteps, {site_id, procedure.id});
  if (!steps) return tl::unexpected(steps.error());
  for (const Row& row : *steps) {
    app::ProcedureStep step;
    step.id = row.Text(0);
    step.at = At(row, 1);
    step.agent = row.Text(2);
    if (!row.IsNull(3)) {
      auto from = StatusFrom(row.Text(3));
      if (!from) return tl::unexpected(from.error());
      step.from = *from;
    }
    auto to = StatusFrom(row.Text(4));
    if (!to) return tl::unexpected(to.error());
    step.to = *to;
    step.comment = TextOrNone(row, 5);
    procedure.steps.push_back(std::move(step));
  }
  return {};
}

Status InsertStep(Connection& c, const std::string& site_id, const std::string& procedure_id,
                  const app::ProcedureStep& step) {
  return Check(
      c.Execute(kInsertStep,
                {site_id, step.id, procedure_id, site_id, procedure_id, Seconds(step.at), step.agent,
                 Optional(step.from),
                 std::string(ProcedureStatusName(step.to)), Optional(step.comment)}));
}

Status NotFound(std::string_view what) {
  return Fail(ErrorKind::kNotFound, "not_found", std::string(what));
}

}  // namespace

Status SqlPeopleStore::AddPerson(const std::string& site_id, const app::Person& p,
                                 const app::PersonKeys& keys) {
  return db_.Write([&](Connection& c) -> Status {
    return Check(c.Execute(
        kInsertPerson,
        {site_id, p.id, Seconds(p.consent_at), p.consent_version, p.first_name, p.last_name,
         Optional(p.birth_year), Optional(p.phone), Optional(p.email), Optional(p.commune_insee),
         Optional(p.household_size), p.created_by, Seconds(p.created_at), Seconds(p.updated_at),
         keys.last_name, keys.first_name, NonEmpty(keys.phone), NonEmpty(keys.email)}));
  });
}

Result<std::optional<app::Person>> SqlPeopleStore::FindPerson(const std::string& site_id,
                                                              const std::string& person_id) {
  std::optional<app::Person> person;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(
        Sql({"SELECT ", kPersonColumns, " FROM people WHERE site_id = ? AND person_id = ?"}),
        {site_id, person_id});
    if (!rows) return tl::unexpected(rows.error());
    if (!rows->empty()) person = PersonFromRow(rows->front());
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return person;
}

Result<std::vector<std::pair<app::Person, app::PersonKeys>>> SqlPeopleStore::FindCandidates(
    const std::string& site_id, const app::PersonKeys& keys) {
  std::vector<std::pair<app::Person, app::PersonKeys>> found;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(
        Sql({"SELECT ", kPersonColumns,
             " FROM people WHERE site_id = ? AND (folded_last = ? OR phone_digits = ? "
             "OR email_folded = ?) ORDER BY folded_last, folded_first, person_id LIMIT 50"}),
        {site_id, keys.last_name, NonEmpty(keys.phone), NonEmpty(keys.email)});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) found.emplace_back(PersonFromRow(row), KeysFromRow(row));
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return found;
}

Result<std::vector<app::Person>> SqlPeopleStore::SearchPeople(const std::string& site_id,
                                                              const std::string& folded,
                                                              const std::string& digits,
                                                              std::size_t limit) {
  std::vector<app::Person> people;
  Status ok = db_.Read([&](Connection& c) -> Status {
    Result<std::vector<Row>> rows;
    const auto max = static_cast<std::int64_t>(limit);
    if (folded.empty() && digits.empty()) {
      rows = c.Query(Sql({"SELECT ", kPersonColumns,
                          " FROM people WHERE site_id = ? ORDER BY updated_at DESC, person_id "
                          "LIMIT ?"}),
                     {site_id, max});
    } else {
      const Value name = NonEmpty(folded.empty() ? folded : EscapeLike(folded) + "%");
      const Value phone = NonEmpty(digits.empty() ? digits : digits + "%");
      rows = c.Query(Sql({"SELECT ", kPersonColumns,
                          " FROM people WHERE site_id = ? AND (folded_last LIKE ? ESCAPE '\\' "
                          "OR folded_first LIKE ? ESCAPE '\\' "
                          "OR folded_last || ' ' || folded_first LIKE ? ESCAPE '\\' "
                          "OR folded_first || ' ' || folded_last LIKE ? ESCAPE '\\' "
                          "OR phone_digits LIKE ?) "
                          "ORDER BY folded_last, folded_first, person_id LIMIT ?"}),
                     {site_id, name, name, name, name, phone, max});
    }
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) people.push_back(PersonFromRow(row));
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return people;
}

Result<std::int64_t> DeletePersonRows(Connection& c, const std::string& site_id,
                                      const std::string& person_id) {
  if (auto ok = Check(c.Execute(kUnlinkReferrals, {site_id, person_id})); !ok) {
    return tl::unexpected(ok.error());
  }
  return c.Execute(kDeletePerson, {site_id, person_id});
}

Status SqlPeopleStore::ErasePerson(const std::string& site_id, const std::string& person_id) {
  Status erased = db_.Write([&](Connection& c) -> Status {
    auto deleted = DeletePersonRows(c, site_id, person_id);
    if (!deleted) return tl::unexpected(deleted.error());
    if (*deleted == 0) return NotFound("Dossier inconnu.");
    return {};
  });
  if (!erased) return erased;
  // The log still holds the file's former pages: empty it.
  if (auto emptied = db_.Checkpoint(); !emptied) return tl::unexpected(emptied.error());
  return {};
}

Status SqlPeopleStore::AddNote(const std::string& site_id, const app::PersonNote& n) {
  return db_.Write([&](Connection& c) -> Status {
    return Check(c.Execute(
        kInsertNote, {site_id, n.id, n.person_id, n.author, std::int64_t{n.is_private ? 1 : 0},
                      n.text, Seconds(n.written_at)}));
  });
}

Result<std::vector<app::PersonNote>> SqlPeopleStore::ListNotes(const std::string& site_id,
                                                               const std::string& person_id) {
  std::vector<app::PersonNote> notes;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kListNotes, {site_id, person_id});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) {
      notes.push_back(
          {row.Text(0), row.Text(1), row.Text(2), row.Int(3) != 0, row.Text(4), At(row, 5)});
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return notes;
}

Status SqlPeopleStore::AddProcedure(const std::string& site_id, const app::Procedure& p) {
  return db_.Write([&](Connection& c) -> Status {
    auto inserted =
        c.Execute(kInsertProcedure, {site_id, p.id, p.person_id, Optional(p.partner), p.kind,
                                     std::string(ProcedureStatusName(p.status)),
                                     Optional(p.next_action), Optional(p.next_action_on),
                                     p.assigned_to, Seconds(p.created_at), Seconds(p.updated_at)});
    if (auto ok = Check(inserted); !ok) return ok;
    for (const app::ProcedureDocument& d : p.documents) {
      auto ok = Check(c.Execute(kInsertDocument, {site_id, p.id, std::int64_t{d.position}, d.label,
                                                  std::int64_t{d.done ? 1 : 0}}));
      if (!ok) return ok;
    }
    for (const app::ProcedureStep& step : p.steps) {
      if (auto ok = InsertStep(c, site_id, p.id, step); !ok) return ok;
    }
    return {};
  });
}

Result<std::optional<app::Procedure>> SqlPeopleStore::FindProcedure(
    const std::string& site_id, const std::string& procedure_id) {
  std::optional<app::Procedure> procedure;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(Sql({"SELECT ", kProcedureColumns,
                             " FROM procedures WHERE site_id = ? AND procedure_id = ?"}),
                        {site_id, procedure_id});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return {};
    auto found = ProcedureFromRow(rows->front());
    if (!found) return tl::unexpected(found.error());
    if (auto loaded = LoadDetails(c, site_id, *found); !loaded) return loaded;
    procedure = std::move(*found);
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return procedure;
}

Result<std::vector<app::Procedure>> SqlPeopleStore::ListProcedures(const std::string& site_id,
                                                                   const std::string& person_id) {
  std::vector<app::Procedure> procedures;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(Sql({"SELECT ", kProcedureColumns,
                             " FROM procedures WHERE site_id = ? AND person_id = ? "
                             "ORDER BY created_at, procedure_id"}),
                        {site_id, person_id});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) {
      auto found = ProcedureFromRow(row);
      if (!found) return tl::unexpected(found.error());
      if (auto loaded = LoadDetails(c, site_id, *found); !loaded) return loaded;
      procedures.push_back(std::move(*found));
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return procedures;
}

Status SqlPeopleStore::ChangeStatus(const std::string& site_id, const std::string& procedure_id,
                                    const app::ProcedureStep& step) {
  if (!step.from) return Fail(ErrorKind::kInvalid, "invalid_step", "Étape sans statut de départ.");
  return db_.Write([&](Connection& c) -> Status {
    auto updated = c.Execute(kUpdateStatus,
                             {std::string(ProcedureStatusName(step.to)), Seconds(step.at), site_id,
                              procedure_id, std::string(ProcedureStatusName(*step.from))});
    if (!updated) return tl::unexpected(updated.error());
    if (*updated == 0) {
      auto exists = c.Query(kProcedureExists, {site_id, procedure_id});
      if (!exists) return tl::unexpected(exists.error());
      if (exists->empty()) return NotFound("Démarche inconnue.");
      return Fail(ErrorKind::kConflict, "status_changed",
                  "Le statut de la démarche vient d'être changé par quelqu'un d'autre ; "
                  "rechargez le dossier.",
                  "status");
    }
    return InsertStep(c, site_id, procedure_id, step);
  });
}

Status SqlPeopleStore::SetNextAction(const std::string& site_id, const std::string& procedure_id,
                                     const std::optional<std::string>& next_action,
                                     const std::optional<std::string>& next_action_on,
                                     sys_seconds now) {
  return db_.Write([&](Connection& c) -> Status {
    auto updated = c.Execute(kUpdateNextAction, {Optional(next_action), Optional(next_action_on),
                                                 Seconds(now), site_id, procedure_id});
    if (!updated) return tl::unexpected(updated.error());
    if (*updated == 0) return NotFound("Démarche inconnue.");
    return {};
  });
}

Status SqlPeopleStore::SetDocument(const std::string& site_id, const std::string& procedure_id,
                                   const std::string& label, bool done, sys_seconds now) {
  return db_.Write([&](Connection& c) -> Status {
    auto touched = c.Execute(kTouchProcedure, {Seconds(now), site_id, procedure_id});
    if (!touched) return tl::unexpected(touched.error());
    if (*touched == 0) return NotFound("Démarche inconnue.");
    const std::int64_t flag = done ? 1 : 0;
    auto updated = c.Execute(kUpdateDocument, {flag, site_id, procedure_id, label});
    if (!updated) return tl::unexpected(updated.error());
    if (*updated > 0) return {};
    auto next = c.Query(kNextPosition, {site_id, procedure_id});
    if (!next) return tl::unexpected(next.error());
    return Check(
        c.Execute(kInsertDocument, {site_id, procedure_id, next->front().Int(0), label, flag}));
  });
}

Result<std::vector<app::FollowUp>> SqlPeopleStore::FollowUpsDue(const std::string& site_id,
                                                                const std::string& agent_id,
                                                                const std::string& today) {
  std::vector<app::FollowUp> due;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(
        "SELECT p.procedure_id, p.person_id, p.partner, p.kind, p.status, p.next_action, "
        "p.next_action_on, p.assigned_to, p.created_at, p.updated_at, o.first_name, o.last_name "
        "FROM procedures p JOIN people o ON o.site_id = p.site_id AND o.person_id = p.person_id "
        "WHERE p.site_id = ? AND p.assigned_to = ? AND p.next_action_on IS NOT NULL "
        "AND p.next_action_on <= ? AND p.status <> 'closed' "
        "ORDER BY p.next_action_on, o.last_name, p.procedure_id",
        {site_id, agent_id, today});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) {
      auto procedure = ProcedureFromRow(row);
      if (!procedure) return tl::unexpected(procedure.error());
      due.push_back({std::move(*procedure), row.Text(10), row.Text(11)});
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return due;
}

Status SqlPeopleStore::AddReferral(const std::string& site_id, const app::Referral& r) {
  return db_.Write([&](Connection& c) -> Status {
    return Check(c.Execute(kInsertReferral,
                           {site_id, r.id, Optional(r.person_id), Optional(r.partner),
                            Optional(r.service), r.reason, r.referred_by, Seconds(r.referred_at),
                            std::string(ReferralOutcomeName(r.outcome)), Optional(r.outcome_at)}));
  });
}

Result<std::optional<app::Referral>> SqlPeopleStore::FindReferral(const std::string& site_id,
                                                                  const std::string& referral_id) {
  std::optional<app::Referral> referral;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(
        Sql({"SELECT ", kReferralColumns, " FROM referrals WHERE site_id = ? AND referral_id = ?"}),
        {site_id, referral_id});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return {};
    auto found = ReferralFromRow(rows->front());
    if (!found) return tl::unexpected(found.error());
    referral = std::move(*found);
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return referral;
}

Result<std::vector<app::Referral>> SqlPeopleStore::ListReferrals(const std::string& site_id,
                                                                 const std::string& person_id) {
  std::vector<app::Referral> referrals;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(Sql({"SELECT ", kReferralColumns,
                             " FROM referrals WHERE site_id = ? AND person_id = ? "
                             "ORDER BY referred_at, referral_id"}),
                        {site_id, person_id});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) {
      auto found = ReferralFromRow(row);
      if (!found) return tl::unexpected(found.error());
      referrals.push_back(std::move(*found));
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return referrals;
}

Status SqlPeopleStore::SetReferralOutcome(const std::string& site_id,
                                          const std::string& referral_id, ReferralOutcome outcome,
                                          sys_seconds at) {
  return db_.Write([&](Connection& c) -> Status {
    auto updated = c.Execute(kUpdateOutcome, {std::string(ReferralOutcomeName(outcome)),
                                              Seconds(at), site_id, referral_id});
    if (!updated) return tl::unexpected(updated.error());
    if (*updated == 0) return NotFound("Orientation inconnue.");
    return {};
  });
}

}  // namespace relais::storage
