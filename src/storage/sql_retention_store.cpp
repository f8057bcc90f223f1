#include "storage/sql_retention_store.h"

#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "storage/sql_people_store.h"

namespace relais::storage {
namespace {

// People whose last contact is on or before the cutoff (6 times the same
// parameter): no file update, note, procedure change or step, referral or
// referral outcome after it.
constexpr std::string_view kPeopleDue =
    "SELECT p.site_id, p.person_id FROM people p WHERE p.updated_at <= ? "
    "AND NOT EXISTS (SELECT 1 FROM person_notes n WHERE n.site_id = p.site_id "
    "AND n.person_id = p.person_id AND n.written_at > ?) "
    "AND NOT EXISTS (SELECT 1 FROM procedures d WHERE d.site_id = p.site_id "
    "AND d.person_id = p.person_id AND d.updated_at > ?) "
    "AND NOT EXISTS (SELECT 1 FROM procedures d JOIN procedure_steps s "
    "ON s.site_id = d.site_id AND s.procedure_id = d.procedure_id WHERE d.site_id = p.site_id "
    "AND d.person_id = p.person_id AND s.at > ?) "
    "AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.site_id = p.site_id "
    "AND r.person_id = p.person_id AND (r.referred_at > ? OR r.outcome_at > ?))";
constexpr std::string_view kHasContact =
    "(first_name IS NOT NULL OR last_name IS NOT NULL OR phone IS NOT NULL OR email IS NOT NULL)";
constexpr std::string_view kEraseContact =
    " SET first_name = NULL, last_name = NULL, phone = NULL, email = NULL ";

// A table holding a person's contact data, and which of its rows are due.
struct ContactTable {
  std::string_view table;
  std::string_view due;  // a condition on one parameter, the cutoff
};
constexpr ContactTable kAppointments{"appointments", "WHERE starts_at <= ? AND "};
constexpr ContactTable kRegistrations{
    "workshop_registrations",
    "WHERE EXISTS (SELECT 1 FROM workshop_sessions s "
    "WHERE s.site_id = workshop_registrations.site_id "
    "AND s.session_id = workshop_registrations.session_id AND s.starts_at <= ?) AND "};
// Messages no longer waiting to leave, whose last attempt is old enough.
constexpr std::string_view kMessagesDue =
    " outbox WHERE status <> 'pending' AND COALESCE(sent_at, next_attempt_at) <= ?";

std::string Sql(std::initializer_list<std::string_view> parts) {
  std::string sql;
  for (std::string_view part : parts) sql += part;
  return sql;
}

std::vector<Value> Repeat(std::int64_t value, std::size_t times) {
  return std::vector<Value>(times, Value(value));
}

Result<std::vector<std::pair<std::string, std::string>>> PeopleDue(Connection& c,
                                                                   std::int64_t cutoff) {
  auto rows = c.Query(kPeopleDue, Repeat(cutoff, 6));
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::pair<std::string, std::string>> people;
  for (const Row& row : *rows) people.emplace_back(row.Text(0), row.Text(1));
  return people;
}

Result<std::int64_t> Count(Connection& c, const std::string& from, std::int64_t cutoff) {
  auto rows = c.Query("SELECT COUNT(*) FROM " + from, {cutoff});
  if (!rows) return tl::unexpected(rows.error());
  return rows->front().Int(0);
}

}  // namespace

Result<app::PurgeCounts> SqlRetentionStore::CountDue(const app::RetentionCutoffs& cutoffs) {
  app::PurgeCounts counts;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto people = PeopleDue(c, Seconds(cutoffs.person));
    if (!people) return tl::unexpected(people.error());
    counts.people = static_cast<std::int64_t>(people->size());
    const std::tuple<std::int64_t*, std::string, std::int64_t> kinds[] = {
        {&counts.appointments, Sql({kAppointments.table, " ", kAppointments.due, kHasContact}),
         Seconds(cutoffs.appointment)},
        {&counts.registrations, Sql({kRegistrations.table, " ", kRegistrations.due, kHasContact}),
         Seconds(cutoffs.registration)},
        {&counts.messages, std::string(kMessagesDue), Seconds(cutoffs.outbox)}};
    for (const auto& [out, from, cutoff] : kinds) {
      auto n = Count(c, from, cutoff);
      if (!n) return tl::unexpected(n.error());
      *out = *n;
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return counts;
}

Result<app::PurgeCounts> SqlRetentionStore::Purge(const app::RetentionCutoffs& cutoffs) {
  app::PurgeCounts counts;
  Status ok = db_.Write([&](Connection& c) -> Status {
    counts = {};
    auto people = PeopleDue(c, Seconds(cutoffs.person));
    if (!people) return tl::unexpected(people.error());
    for (const auto& [site_id, person_id] : *people) {
      auto deleted = DeletePersonRows(c, site_id, person_id);
      if (!deleted) return tl::unexpected(deleted.error());
      counts.people += *deleted;
    }
    const std::tuple<std::int64_t*, std::string, std::int64_t> kinds[] = {
        {&counts.appointments,
         Sql({"UPDATE ", kAppointments.table, kEraseContact, kAppointments.due, kHasContact}),
         Seconds(cutoffs.appointment)},
        {&counts.registrations,
         Sql({"UPDATE ", kRegistrations.table, kEraseContact, kRegistrations.due, kHasContact}),
         Seconds(cutoffs.registration)},
        {&counts.messages, Sql({"DELETE FROM", kMessagesDue}), Seconds(cutoffs.outbox)}};
    for (const auto& [out, sql, cutoff] : kinds) {
      auto changed = c.Execute(sql, {cutoff});
      if (!changed) return tl::unexpected(changed.error());
      *out = *changed;
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  if (auto emptied = db_.Checkpoint(); !emptied) return tl::unexpected(emptied.error());
  return counts;
}

}  // namespace relais::storage
