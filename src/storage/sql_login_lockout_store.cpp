#include "storage/sql_login_lockout_store.h"

namespace relais::storage {
namespace {

// Every statement of this store, named once.
constexpr std::string_view kFindLockout =
    "SELECT failures, window_start, locked_until FROM login_lockouts WHERE lockout_key = ?";
constexpr std::string_view kCreateLockout =
    "INSERT INTO login_lockouts (lockout_key, failures, window_start, locked_until) "
    "VALUES (?, 0, 0, 0) ON CONFLICT (lockout_key) DO NOTHING";
// Changes nothing but takes the row's lock until commit (PostgreSQL: as
// SELECT … FOR UPDATE would; SQLite: the writer holds the whole database).
constexpr std::string_view kLockLockout =
    "UPDATE login_lockouts SET failures = failures WHERE lockout_key = ?";
constexpr std::string_view kSaveLockout =
    "UPDATE login_lockouts SET failures = ?, window_start = ?, locked_until = ? "
    "WHERE lockout_key = ?";
constexpr std::string_view kResetLockout = "DELETE FROM login_lockouts WHERE lockout_key = ?";
// Forgettable (domain/lockout.h): the window and the lock both over.
constexpr std::string_view kPruneLockouts =
    "DELETE FROM login_lockouts WHERE window_start <= ? AND locked_until <= ?";

LockoutState::Instant FromSeconds(std::int64_t seconds) {
  return LockoutState::Instant(std::chrono::seconds(seconds));
}

// The state in `c`, or the empty state for an unknown key.
Result<LockoutState> FindIn(Connection& c, const std::string& key) {
  auto rows = c.Query(kFindLockout, {key});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return LockoutState{};
  const Row& row = rows->front();
  return LockoutState{row.Int(0), FromSeconds(row.Int(1)), FromSeconds(row.Int(2))};
}

}  // namespace

Result<LockoutState> SqlLoginLockoutStore::FindLockout(const std::string& key) {
  LockoutState state;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto found = FindIn(c, key);
    if (!found) return tl::unexpected(found.error());
    state = *found;
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return state;
}

// Race-free across processes: the row exists (created empty when new), then
// its lock is taken before it is read, so that a racing transaction waits
// and then reads this one's count (PostgreSQL under READ COMMITTED reads
// anew at each statement). A bare read-then-write would lose failures there.
Result<LockoutState> SqlLoginLockoutStore::RecordLoginFailure(const std::string& key,
                                                              const LockoutRule& rule,
                                                              app::Instant now) {
  const auto at = std::chrono::floor<std::chrono::seconds>(now);  // as stored
  LockoutState after;
  Status ok = db_.Write([&](Connection& c) -> Status {
    if (auto created = Check(c.Execute(kCreateLockout, {key})); !created) return created;
    if (auto locked = Check(c.Execute(kLockLockout, {key})); !locked) return locked;
    auto before = FindIn(c, key);
    if (!before) return tl::unexpected(before.error());
    after = AfterFailure(rule, *before, at);
    return Check(c.Execute(kSaveLockout, {after.failures, Seconds(after.window_start),
                                          Seconds(after.locked_until), key}));
  });
  if (!ok) return tl::unexpected(ok.error());
  return after;
}

Status SqlLoginLockoutStore::ResetLockout(const std::string& key) {
  return db_.Write([&](Connection& c) -> Status { return Check(c.Execute(kResetLockout, {key})); });
}

Result<std::int64_t> SqlLoginLockoutStore::PruneLockouts(const LockoutRule& rule,
                                                         app::Instant now) {
  std::int64_t pruned = 0;
  Status ok = db_.Write([&](Connection& c) -> Status {
    auto deleted = c.Execute(kPruneLockouts, {Seconds(now - rule.window), Seconds(now)});
    if (!deleted) return tl::unexpected(deleted.error());
    pruned = *deleted;
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return pruned;
}

}  // namespace relais::storage
