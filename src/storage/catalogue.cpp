#include "storage/catalogue.h"

#include <utility>

namespace relais::storage {
namespace {

bool IsSqlite(std::string_view dialect) { return dialect == "sqlite"; }

// The first column of every row `sql` returns, in order.
Result<std::vector<std::string>> Names(Connection& c, const std::string& sql,
                                       const std::vector<Value>& params) {
  auto rows = c.Query(sql, params);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::string> names;
  names.reserve(rows->size());
  for (const Row& row : *rows) names.push_back(row.Text(0));
  return names;
}

// `read` run in a read transaction of `db`.
template <typename T, typename F>
Result<T> InRead(Database& db, F read) {
  Result<T> out = T{};
  Status ok = db.Read([&](Connection& c) -> Status {
    out = read(c);
    if (!out) return tl::unexpected(out.error());
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return out;
}

}  // namespace

Result<std::set<std::string>> TableNames(Connection& c, std::string_view dialect) {
  auto names = Names(c,
                     IsSqlite(dialect) ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                                       : "SELECT table_name FROM information_schema.tables "
                                         "WHERE table_schema = current_schema() "
                                         "AND table_type = 'BASE TABLE'",
                     {});
  if (!names) return tl::unexpected(names.error());
  return std::set<std::string>(names->begin(), names->end());
}

Result<std::vector<std::string>> ColumnNames(Connection& c, std::string_view dialect,
                                             const std::string& table) {
  if (IsSqlite(dialect)) {
    return Names(c, "SELECT name FROM pragma_table_info(?) ORDER BY cid", {table});
  }
  return Names(c,
               "SELECT column_name FROM information_schema.columns "
               "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
               {table});
}

Result<std::vector<std::string>> PrimaryKeyColumns(Connection& c, std::string_view dialect,
                                                   const std::string& table) {
  if (IsSqlite(dialect)) {
    return Names(c, "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", {table});
  }
  return Names(c,
               "SELECT k.column_name FROM information_schema.table_constraints t "
               "JOIN information_schema.key_column_usage k "
               "ON k.constraint_schema = t.constraint_schema "
               "AND k.constraint_name = t.constraint_name "
               "WHERE t.table_schema = current_schema() AND t.table_name = ? "
               "AND t.constraint_type = 'PRIMARY KEY' ORDER BY k.ordinal_position",
               {table});
}

Result<std::set<std::string>> ReferencedTables(Connection& c, std::string_view dialect,
                                               const std::string& table) {
  auto names =
      IsSqlite(dialect)
          ? Names(c, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)", {table})
          : Names(c,
                  "SELECT DISTINCT parent.relname FROM pg_catalog.pg_constraint k "
                  "JOIN pg_catalog.pg_class child ON child.oid = k.conrelid "
                  "JOIN pg_catalog.pg_class parent ON parent.oid = k.confrelid "
                  "JOIN pg_catalog.pg_namespace n ON n.oid = child.relnamespace "
                  "WHERE k.contype = 'f' AND n.nspname = current_schema() AND child.relname = ?",
                  {table});
  if (!names) return tl::unexpected(names.error());
  std::set<std::string> referenced(names->begin(), names->end());
  referenced.erase(table);
  return referenced;
}

Result<std::set<std::string>> TableNames(Database& db) {
  return InRead<std::set<std::string>>(db,
                                       [&](Connection& c) { return TableNames(c, db.Dialect()); });
}

Result<std::vector<std::string>> ColumnNames(Database& db, const std::string& table) {
  return InRead<std::vector<std::string>>(
      db, [&](Connection& c) { return ColumnNames(c, db.Dialect(), table); });
}

std::string QuoteIdentifier(std::string_view name) {
  std::string quoted = "\"";
  for (char ch : name) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  quoted += '"';
  return quoted;
}

}  // namespace relais::storage
