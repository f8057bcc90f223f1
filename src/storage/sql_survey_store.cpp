#include "storage/sql_survey_store.h"

#include "app/site_hours.h"  // ParseDate, FormatDate

namespace relais::storage {
namespace {

// Every statement of this store, named once.
constexpr std::string_view kInsertInvitation =
    "INSERT INTO survey_invitations (site_id, token_digest, kind, issued_on, expires_at, answered) "
    "VALUES (?, ?, ?, ?, ?, 0)";
constexpr std::string_view kFindInvitation =
    "SELECT kind, issued_on, expires_at, answered FROM survey_invitations "
    "WHERE site_id = ? AND token_digest = ? AND expires_at > ?";
// Consumes the invitation: changes one row only while it is unanswered.
constexpr std::string_view kConsumeInvitation =
    "UPDATE survey_invitations SET answered = 1 "
    "WHERE site_id = ? AND token_digest = ? AND answered = 0 AND expires_at > ?";
constexpr std::string_view kInsertAnswer =
    "INSERT INTO survey_answers (site_id, answer_id, kind, service_day, professionalism, "
    "efficiency, listening, recommend, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kListAnswers =
    "SELECT kind, service_day, professionalism, efficiency, listening, recommend, comment "
    "FROM survey_answers WHERE site_id = ? AND service_day >= ? AND service_day <= ? "
    "ORDER BY service_day, answer_id";
constexpr std::string_view kCountAnswers = "SELECT COUNT(*) FROM survey_answers WHERE site_id = ?";
constexpr std::string_view kPurgeExpired =
    "DELETE FROM survey_invitations WHERE site_id = ? AND expires_at <= ?";

Result<SurveyKind> KindFrom(const Row& row, std::size_t i) {
  auto kind = ParseSurveyKind(row.Text(i));
  if (!kind) return StorageError("type de questionnaire inconnu en base : " + row.Text(i));
  return *kind;
}

Result<date::year_month_day> DayFrom(const Row& row, std::size_t i) {
  auto day = app::ParseDate(row.Text(i), "day");
  if (!day) return StorageError("date de questionnaire illisible en base : " + row.Text(i));
  return *day;
}

std::vector<Value> AnswerParams(const std::string& site_id, const std::string& id,
                                const SurveyRecord& record) {
  const SurveyAnswer& a = record.answer;
  return {site_id,
          id,
          std::string(SurveyKindName(record.kind)),
          app::FormatDate(record.day),
          std::int64_t{a.professionalism},
          std::int64_t{a.efficiency},
          std::int64_t{a.listening},
          a.recommend ? Value(std::int64_t{*a.recommend ? 1 : 0}) : Value(),
          a.comment ? Value(*a.comment) : Value()};
}

tl::unexpected<Error> AlreadyAnswered() {
  return Fail(ErrorKind::kConflict, "survey_already_answered",
              "Ce questionnaire a déjà reçu une réponse : merci !");
}

}  // namespace

Status SqlSurveyStore::AddInvitation(const std::string& site_id,
                                     const app::SurveyInvitation& invitation) {
  return db_.Write([&](Connection& c) -> Status {
    return Check(
        c.Execute(kInsertInvitation,
                  {site_id, invitation.token_digest, std::string(SurveyKindName(invitation.kind)),
                   app::FormatDate(invitation.issued_on), Seconds(invitation.expires_at)}));
  });
}

Result<std::optional<app::SurveyInvitation>> SqlSurveyStore::FindInvitation(
    const std::string& site_id, const std::string& token_digest, UtcTime now) {
  std::optional<app::SurveyInvitation> found;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kFindInvitation, {site_id, token_digest, Seconds(now)});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return {};
    const Row& row = rows->front();
    auto kind = KindFrom(row, 0);
    if (!kind) return tl::unexpected(kind.error());
    auto day = DayFrom(row, 1);
    if (!day) return tl::unexpected(day.error());
    app::SurveyInvitation invitation;
    invitation.token_digest = token_digest;
    invitation.kind = *kind;
    invitation.issued_on = *day;
    invitation.expires_at = UtcTime{std::chrono::seconds{row.Int(2)}};
    invitation.answered = row.Int(3) != 0;
    found = std::move(invitation);
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return found;
}

Result<SurveyRecord> SqlSurveyStore::AnswerInvitation(const std::string& site_id,
                                                      const std::string& token_digest, UtcTime now,
                                                      const std::string& answer_id,
                                                      const SurveyAnswer& answer) {
  SurveyRecord record;
  Status ok = db_.Write([&](Connection& c) -> Status {
    auto rows = c.Query(kFindInvitation, {site_id, token_digest, Seconds(now)});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) {
      return Fail(ErrorKind::kNotFound, "survey_not_found",
                  "Ce questionnaire est introuvable ou son lien a expiré.");
    }
    const Row& row = rows->front();
    if (row.Int(3) != 0) return AlreadyAnswered();
    auto kind = KindFrom(row, 0);
    if (!kind) return tl::unexpected(kind.error());
    auto day = DayFrom(row, 1);
    if (!day) return tl::unexpected(day.error());
    auto consumed = c.Execute(kConsumeInvitation, {site_id, token_digest, Seconds(now)});
    if (!consumed) return tl::unexpected(consumed.error());
    if (*consumed != 1) return AlreadyAnswered();
    record = SurveyRecord{*kind, *day, answer};
    return Check(c.Execute(kInsertAnswer, AnswerParams(site_id, answer_id, record)));
  });
  if (!ok) return tl::unexpected(ok.error());
  return record;
}

Result<std::vector<SurveyRecord>> SqlSurveyStore::ListAnswers(const std::string& site_id,
                                                              date::year_month_day from,
                                                              date::year_month_day to) {
  std::vector<SurveyRecord> records;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kListAnswers, {site_id, app::FormatDate(from), app::FormatDate(to)});
    if (!rows) return tl::unexpected(rows.error());
    records.reserve(rows->size());
    for (const Row& row : *rows) {
      auto kind = KindFrom(row, 0);
      if (!kind) return tl::unexpected(kind.error());
      auto day = DayFrom(row, 1);
      if (!day) return tl::unexpected(day.error());
      SurveyRecord record{*kind, *day, {}};
      record.answer.professionalism = static_cast<int>(row.Int(2));
      record.answer.efficiency = static_cast<int>(row.Int(3));
      record.answer.listening = static_cast<int>(row.Int(4));
      if (!row.IsNull(5)) record.answer.recommend = row.Int(5) != 0;
      if (!row.IsNull(6)) record.answer.comment = row.Text(6);
      records.push_back(std::move(record));
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return records;
}

Status SqlSurveyStore::ImportAnswers(const std::string& site_id,
                                     const std::vector<SurveyRecord>& records,
                                     const std::vector<std::string>& ids) {
  if (ids.size() != records.size()) {
    return Fail(ErrorKind::kInvalid, "invalid_ids", "Un identifiant par réponse est attendu.");
  }
  return db_.Write([&](Connection& c) -> Status {
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (auto ok = Check(c.Execute(kInsertAnswer, AnswerParams(site_id, ids[i], records[i]))); !ok)
        return ok;
    }
    return {};
  });
}

Result<std::int64_t> SqlSurveyStore::CountAnswers(const std::string& site_id) {
  std::int64_t count = 0;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kCountAnswers, {site_id});
    if (!rows) return tl::unexpected(rows.error());
    if (!rows->empty()) count = rows->front().Int(0);
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return count;
}

Result<std::int64_t> SqlSurveyStore::PurgeExpiredInvitations(const std::string& site_id,
                                                             UtcTime now) {
  std::int64_t purged = 0;
  Status ok = db_.Write([&](Connection& c) -> Status {
    auto deleted = c.Execute(kPurgeExpired, {site_id, Seconds(now)});
    if (!deleted) return tl::unexpected(deleted.error());
    purged = *deleted;
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return purged;
}

}  // namespace relais::storage
