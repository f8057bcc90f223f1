#include "storage/data_migration.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <utility>

#include "storage/catalogue.h"
#include "storage/sql_audit_store.h"

namespace relais::storage {
namespace {

constexpr std::string_view kVersionTable = "schema_migrations";
// Parameters per INSERT: under SQLite's limit (32766) and PostgreSQL's (65535).
constexpr std::size_t kMaxParameters = 8000;

bool Internal(std::string_view table) {
  return table == kVersionTable || table.substr(0, 7) == "sqlite_";
}

std::string Join(const std::vector<std::string>& names, std::string_view separator) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += separator;
    out += name;
  }
  return out;
}

std::string QuotedList(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += QuoteIdentifier(name);
  }
  return out;
}

// How one table is read and written: its columns (the source's order) and
// the positions of its primary key's columns among them.
struct TableShape {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::size_t> key;  // empty: no primary key, read in one query
};

Result<TableShape> ShapeOf(Connection& c, std::string_view dialect, const std::string& table) {
  TableShape shape{table, {}, {}};
  auto columns = ColumnNames(c, dialect, table);
  if (!columns) return tl::unexpected(columns.error());
  shape.columns = std::move(*columns);
  auto key = PrimaryKeyColumns(c, dialect, table);
  if (!key) return tl::unexpected(key.error());
  for (const auto& column : *key) {
    const auto at = std::find(shape.columns.begin(), shape.columns.end(), column);
    if (at == shape.columns.end()) {
      return StorageError("colonne de clé introuvable : " + table + "." + column);
    }
    shape.key.push_back(static_cast<std::size_t>(at - shape.columns.begin()));
  }
  return shape;
}

// Calls `page` with the rows of `shape`'s table, `page_rows` at a time in
// the order of its primary key (keyset pagination: each query starts after
// the last key seen), or all at once when it has none.
Status ReadTable(Connection& c, const TableShape& shape, int page_rows,
                 const std::function<Status(const std::vector<Row>&)>& page) {
  const std::string select =
      "SELECT " + QuotedList(shape.columns) + " FROM " + QuoteIdentifier(shape.name);
  if (shape.key.empty()) {
    auto rows = c.Query(select, {});
    if (!rows) return tl::unexpected(rows.error());
    return page(*rows);
  }
  std::vector<std::string> key_names;
  for (std::size_t i : shape.key) key_names.push_back(shape.columns[i]);
  const std::string order =
      " ORDER BY " + QuotedList(key_names) + " LIMIT " + std::to_string(page_rows);
  std::vector<std::string> marks(key_names.size(), "?");
  const std::string after =
      select + " WHERE (" + QuotedList(key_names) + ") > (" + Join(marks, ", ") + ")" + order;
  std::vector<Value> last;
  while (true) {
    auto rows = last.empty() ? c.Query(select + order, {}) : c.Query(after, last);
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return {};
    if (auto ok = page(*rows); !ok) return ok;
    if (rows->size() < static_cast<std::size_t>(page_rows)) return {};
    last.clear();
    for (std::size_t i : shape.key) last.push_back(rows->back().At(i));
  }
}

// Inserts `rows` into `shape`'s table, several rows per statement.
Status InsertRows(Connection& c, const TableShape& shape, const std::vector<Row>& rows) {
  const std::size_t width = shape.columns.size();
  const std::size_t per_statement = std::max<std::size_t>(1, kMaxParameters / width);
  std::vector<std::string> marks(width, "?");
  const std::string tuple = "(" + Join(marks, ", ") + ")";
  const std::string insert =
      "INSERT INTO " + QuoteIdentifier(shape.name) + " (" + QuotedList(shape.columns) + ") VALUES ";
  for (std::size_t start = 0; start < rows.size(); start += per_statement) {
    const std::size_t end = std::min(rows.size(), start + per_statement);
    std::string sql = insert;
    std::vector<Value> params;
    params.reserve((end - start) * width);
    for (std::size_t r = start; r < end; ++r) {
      if (r > start) sql += ", ";
      sql += tuple;
      for (std::size_t i = 0; i < width; ++i) params.push_back(rows[r].At(i));
    }
    if (auto inserted = c.Execute(sql, params); !inserted) return tl::unexpected(inserted.error());
  }
  return {};
}

Result<std::int64_t> CountRows(Connection& c, const std::string& table) {
  auto rows = c.Query("SELECT COUNT(*) FROM " + QuoteIdentifier(table), {});
  if (!rows) return tl::unexpected(rows.error());
  return rows->empty() ? 0 : (*rows)[0].Int(0);
}

Result<bool> HasRows(Connection& c, const std::string& table) {
  auto rows = c.Query("SELECT 1 FROM " + QuoteIdentifier(table) + " LIMIT 1", {});
  if (!rows) return tl::unexpected(rows.error());
  return !rows->empty();
}

// The digest of `shape`'s table as `c` reads it.
Result<TableDigest> DigestOf(Connection& c, const TableShape& shape, int page_rows) {
  TableDigest digest;
  Status read = ReadTable(c, shape, page_rows, [&](const std::vector<Row>& rows) -> Status {
    for (const Row& row : rows) digest.Add(row);
    return {};
  });
  if (!read) return tl::unexpected(read.error());
  return digest;
}

// PostgreSQL: each identity or serial column's sequence set past the
// largest value of the column (left alone when the table is empty).
Status AdvanceSequences(Connection& c, const std::string& table) {
  auto columns = c.Query(
      "SELECT column_name FROM information_schema.columns "
      "WHERE table_schema = current_schema() AND table_name = ? "
      "AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')",
      {table});
  if (!columns) return tl::unexpected(columns.error());
  for (const Row& column : *columns) {
    const std::string name = column.Text(0);
    auto set = c.Query("SELECT setval(pg_get_serial_sequence(?, ?), MAX(" + QuoteIdentifier(name) +
                           ")) FROM " + QuoteIdentifier(table) + " HAVING MAX(" +
                           QuoteIdentifier(name) + ") IS NOT NULL",
                       {QuoteIdentifier(table), name});
    if (!set) return tl::unexpected(set.error());
  }
  return {};
}

}  // namespace

std::string CanonicalRow(const Row& row) {
  std::string out = std::to_string(row.size()) + "|";
  for (std::size_t i = 0; i < row.size(); ++i) {
    const Value& value = row.At(i);
    if (std::holds_alternative<std::monostate>(value)) {
      out += "n;";
    } else if (const auto* n = std::get_if<std::int64_t>(&value)) {
      out += "i" + std::to_string(*n) + ";";
    } else if (const auto* d = std::get_if<double>(&value)) {
      char text[64];
      const auto written = std::to_chars(text, text + sizeof text, *d);
      out += "r";
      out.append(text, written.ptr);
      out += ";";
    } else {
      const auto& s = std::get<std::string>(value);
      out += "t" + std::to_string(s.size()) + ":" + s;
    }
  }
  return out;
}

void TableDigest::Add(const Row& row) {
  const std::string bytes = CanonicalRow(row);
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  unsigned carry = 0;
  for (std::size_t i = sum_.size(); i-- > 0;) {
    const unsigned total = sum_[i] + digest[i] + carry;
    sum_[i] = static_cast<unsigned char>(total & 0xff);
    carry = total >> 8;
  }
  ++rows_;
}

std::string TableDigest::Hex() const {
  std::string hex(sum_.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), sum_.data(), sum_.size());
  hex.pop_back();
  return hex;
}

Result<std::vector<std::string>> SchemaTables(Connection& c, std::string_view dialect) {
  auto names = TableNames(c, dialect);
  if (!names) return tl::unexpected(names.error());
  std::map<std::string, std::set<std::string>> parents;  // table -> tables it references
  for (const auto& table : *names) {
    if (Internal(table)) continue;
    auto referenced = ReferencedTables(c, dialect, table);
    if (!referenced) return tl::unexpected(referenced.error());
    parents[table] = std::move(*referenced);
  }
  for (auto& [table, referenced] : parents) {
    std::erase_if(referenced, [&](const std::string& p) { return parents.count(p) == 0; });
  }
  // Kahn's algorithm; `ready` keeps ties in name order.
  std::vector<std::string> order;
  std::set<std::string> ready;
  for (const auto& [table, referenced] : parents) {
    if (referenced.empty()) ready.insert(table);
  }
  while (!ready.empty()) {
    const std::string table = *ready.begin();
    ready.erase(ready.begin());
    order.push_back(table);
    for (auto& [child, referenced] : parents) {
      if (referenced.erase(table) > 0 && referenced.empty()) ready.insert(child);
    }
  }
  if (order.size() != parents.size()) {
    return Fail(ErrorKind::kInvalid, "foreign_key_cycle",
                "les clés étrangères des tables forment un cycle : aucun ordre de copie ne les "
                "respecte.");
  }
  return order;
}

Result<std::vector<std::string>> TablesWithRows(Database& db,
                                                const std::vector<std::string>& tables) {
  std::vector<std::string> holding;
  Status read = db.Read([&](Connection& c) -> Status {
    auto existing = TableNames(c, db.Dialect());
    if (!existing) return tl::unexpected(existing.error());
    for (const auto& table : tables) {
      if (existing->count(table) == 0) continue;
      auto has = HasRows(c, table);
      if (!has) return tl::unexpected(has.error());
      if (*has) holding.push_back(table);
    }
    return {};
  });
  if (!read) return tl::unexpected(read.error());
  return holding;
}

Result<std::vector<TableCopy>> CopyData(Database& source, Database& target,
                                        const DataCopyOptions& options) {
  const int page_rows = std::max(1, options.page_rows);
  std::vector<TableCopy> copies;
  Status written = target.Write([&](Connection& t) -> Status {
    return source.Read([&](Connection& s) -> Status {
      copies.clear();
      auto tables = SchemaTables(s, source.Dialect());
      if (!tables) return tl::unexpected(tables.error());
      auto target_tables = TableNames(t, target.Dialect());
      if (!target_tables) return tl::unexpected(target_tables.error());

      // The same tables and columns on both sides, before anything changes.
      std::vector<TableShape> shapes;
      std::vector<std::string> differing;
      for (const auto& table : *tables) {
        auto shape = ShapeOf(s, source.Dialect(), table);
        if (!shape) return tl::unexpected(shape.error());
        if (target_tables->count(table) == 0) {
          differing.push_back(table + " (absente)");
          continue;
        }
        auto columns = ColumnNames(t, target.Dialect(), table);
        if (!columns) return tl::unexpected(columns.error());
        if (std::set<std::string>(columns->begin(), columns->end()) !=
            std::set<std::string>(shape->columns.begin(), shape->columns.end())) {
          differing.push_back(table + " (colonnes différentes)");
        }
        shapes.push_back(std::move(*shape));
      }
      if (!differing.empty()) {
        return Fail(ErrorKind::kInvalid, "schema_mismatch",
                    "les schémas des deux bases diffèrent : " + Join(differing, ", ") + ".");
      }

      std::vector<std::string> holding;
      for (const auto& table : *tables) {
        auto has = HasRows(t, table);
        if (!has) return tl::unexpected(has.error());
        if (*has) holding.push_back(table);
      }
      if (!holding.empty() && !options.force) {
        return Fail(
            ErrorKind::kInvalid, "target_not_empty",
            "la base cible contient déjà des données (tables " + Join(holding, ", ") + ").");
      }
      if (!holding.empty()) {  // children first; the journal's guard lifted meanwhile
        if (auto lifted = LiftAuditGuard(t, target.Dialect()); !lifted) return lifted;
        for (auto table = tables->rbegin(); table != tables->rend(); ++table) {
          if (auto deleted = t.Execute("DELETE FROM " + QuoteIdentifier(*table), {}); !deleted) {
            return tl::unexpected(deleted.error());
          }
        }
        if (auto restored = RestoreAuditGuard(t, target.Dialect()); !restored) return restored;
      }

      std::vector<TableDigest> expected;
      for (const TableShape& shape : shapes) {
        auto count = CountRows(s, shape.name);
        if (!count) return tl::unexpected(count.error());
        TableDigest digest;
        Status copied = ReadTable(s, shape, page_rows, [&](const std::vector<Row>& rows) -> Status {
          for (const Row& row : rows) digest.Add(row);
          return InsertRows(t, shape, rows);
        });
        if (!copied) {
          return Fail(copied.error().kind, copied.error().code,
                      "copie de la table " + shape.name + " : " + copied.error().message);
        }
        if (digest.rows() != *count) {
          return StorageError("la table " + shape.name + " de la source compte " +
                              std::to_string(*count) + " lignes, mais " +
                              std::to_string(digest.rows()) + " ont été lues par sa clé");
        }
        if (target.Dialect() == "postgresql") {
          if (auto advanced = AdvanceSequences(t, shape.name); !advanced) return advanced;
        }
        expected.push_back(digest);
      }

      // Read back inside the same transaction: a difference rolls it back.
      std::vector<std::string> mismatched;
      for (std::size_t i = 0; i < shapes.size(); ++i) {
        auto count = CountRows(t, shapes[i].name);
        if (!count) return tl::unexpected(count.error());
        auto digest = DigestOf(t, shapes[i], page_rows);
        if (!digest) return tl::unexpected(digest.error());
        if (*count != expected[i].rows() || !(*digest == expected[i])) {
          mismatched.push_back(shapes[i].name + " (" + std::to_string(expected[i].rows()) +
                               " lignes dans la source, " + std::to_string(*count) +
                               " dans la cible)");
          continue;
        }
        copies.push_back({shapes[i].name, expected[i].rows(), expected[i].Hex()});
      }
      if (!mismatched.empty()) {
        return Fail(ErrorKind::kUnavailable, "copy_mismatch",
                    "la copie relue ne correspond pas à la source (nombre de lignes ou "
                    "empreinte) pour : " +
                        Join(mismatched, ", ") + ".");
      }
      return {};
    });
  });
  if (!written) return tl::unexpected(written.error());
  return copies;
}

}  // namespace relais::storage
