// Copies the whole content of a relais database into another one, e.g. a
// desk's SQLite file into PostgreSQL (`relais migrate-data`), and proves the
// copy: every row, every column, checked on both sides before the target
// commits.
//
// Contract of CopyData(source, target):
// - Both databases are already at the same schema (the caller checks the
//   source's version and migrates the target). The tables copied are the
//   source's (schema_migrations, which each side keeps for itself, and
//   SQLite's own sqlite_… tables excepted); each must exist in the target
//   with the same columns, else nothing is done ("schema_mismatch").
// - Everything happens in one Write of the target: the copy is committed
//   whole or not at all. The source is read in one Read (one snapshot).
// - A target table holding a row refuses the copy ("target_not_empty"),
//   unless options.force, which first deletes every row of those tables in
//   the same transaction (children before parents).
// - Tables are copied parents first (an order read from the foreign keys of
//   the source's catalogue), all columns by name, rows as read (NULL, integer,
//   real, text), in multi-row INSERTs.
// - On a PostgreSQL target, the sequence behind an identity or serial column
//   is set past the largest value copied. (relais's schema has none today:
//   its ids are made by the application, the audit journal numbers its rows
//   itself; this keeps a future one right.)
// - Then, inside the same transaction, each table is read back from the
//   target: its row count and its TableDigest must equal the source's, or
//   the transaction is rolled back ("copy_mismatch", naming the tables).
// REQUIRES: source and target are different databases; nothing writes to
// the source meanwhile (what is written after the snapshot is not copied).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.h"

namespace relais::storage {

// The bytes that stand for one row in a TableDigest: each value tagged with
// its type, so that NULL and '', the integer 1 and the text '1', ('a','bc')
// and ('ab','c') never encode alike. Reals are written in their shortest
// exact decimal form (std::to_chars), so a double that went through either
// driver encodes as it did before.
std::string CanonicalRow(const Row& row);

// A checksum of a table's rows that does not depend on their order (a
// PostgreSQL collation may order text keys unlike SQLite): the SHA-256
// digests of the rows' CanonicalRow, added as 256-bit integers modulo
// 2^256, with the number of rows. Not meant to resist someone choosing rows
// to forge a collision; meant to catch any row lost, added or changed.
class TableDigest {
 public:
  void Add(const Row& row);
  std::int64_t rows() const { return rows_; }
  // 64 hexadecimal digits.
  std::string Hex() const;
  bool operator==(const TableDigest& other) const = default;

 private:
  std::array<unsigned char, 32> sum_{};  // big-endian
  std::int64_t rows_ = 0;
};

// The tables of the schema of the database `c` is connected to (without
// schema_migrations and SQLite's own tables), each after the tables its
// foreign keys reference, ties by name. Fails with "foreign_key_cycle" when
// no such order exists.
Result<std::vector<std::string>> SchemaTables(Connection& c, std::string_view dialect);

// Those of `tables` that exist in `db` and hold at least one row.
Result<std::vector<std::string>> TablesWithRows(Database& db,
                                                const std::vector<std::string>& tables);

struct DataCopyOptions {
  bool force = false;    // empty the target's tables first
  int page_rows = 1000;  // rows read per query
};

// What was copied and checked, per table, in the order of the copy.
struct TableCopy {
  std::string table;
  std::int64_t rows = 0;
  std::string checksum;  // TableDigest::Hex, equal on both sides
};

Result<std::vector<TableCopy>> CopyData(Database& source, Database& target,
                                        const DataCopyOptions& options = {});

}  // namespace relais::storage
