#include "cli/backup_command.h"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "storage/migrations.h"
#include "storage/postgres/postgres_database.h"
#include "storage/sqlite/sqlite_database.h"

namespace relais::cli {
namespace {

namespace fs = std::filesystem;

constexpr int kFailure = 1;
constexpr int kBadInput = 2;

int Refuse(const Error& error) {
  std::cerr << "relais : " << error.message << "\n";
  return error.kind == ErrorKind::kInvalid || error.kind == ErrorKind::kMalformed ? kBadInput
                                                                                  : kFailure;
}

int Refuse(const std::string& message) {
  std::cerr << "relais : " << message << "\n";
  return kBadInput;
}

// "840 Ko", "12,5 Mo".
std::string FrenchSize(std::uintmax_t bytes) {
  constexpr double kKibi = 1024.0;
  char text[32];
  if (bytes < 1024 * 1024) {
    std::snprintf(text, sizeof text, "%.0f Ko", static_cast<double>(bytes) / kKibi);
  } else {
    std::snprintf(text, sizeof text, "%.1f Mo", static_cast<double>(bytes) / (kKibi * kKibi));
  }
  std::string size = text;
  if (const auto dot = size.find('.'); dot != std::string::npos) size[dot] = ',';
  return size;
}

// The schema version of a checked file: 0 when it is not a relais database.
int VersionOf(const storage::SqliteFileCheck& check) {
  return check.migrations ? storage::RelaisSchemaVersion(*check.migrations) : 0;
}

// A file that holds something: the database itself or its write-ahead log.
bool HoldsData(const std::string& db) {
  std::error_code error;
  for (const std::string& file : {db, db + "-wal"}) {
    if (fs::exists(file, error) && fs::file_size(file, error) > 0) return true;
  }
  return false;
}

}  // namespace

int RunBackup(const std::string& db, const std::string& file) {
  if (storage::IsPostgresUrl(db))
    return Refuse(
        "la sauvegarde ne prend en charge que les bases SQLite ; pour PostgreSQL, utilisez "
        "pg_dump.");
  if (std::error_code error; !fs::is_regular_file(db, error)) {
    return Refuse("la base « " + db + " » n'existe pas.");
  }
  {
    auto opened = storage::OpenSqlite(db);
    if (!opened) return Refuse(opened.error());
    auto version = storage::SchemaVersion(**opened);
    if (!version) return Refuse(version.error());
    if (*version == 0) return Refuse("« " + db + " » n'est pas une base relais.");
    if (auto copied = (*opened)->Backup(file); !copied) return Refuse(copied.error());
  }
  auto check = storage::CheckSqliteFile(file);
  if (!check) return Refuse(check.error());
  if (!check->problems.empty()) {
    std::cerr << "relais : la sauvegarde « " << file
              << " » est endommagée (PRAGMA integrity_check : " << check->problems.front()
              << ") ; ne la conservez pas et recommencez.\n";
    return kFailure;
  }
  std::cout << "Sauvegarde écrite dans " << file << " : schéma " << VersionOf(*check) << ", "
            << FrenchSize(check->bytes) << ", intégrité vérifiée (PRAGMA integrity_check : ok).\n";
  return 0;
}

int RunRestore(const RestoreRequest& request) {
  const std::string untouched = " La base « " + request.db + " » n'a pas été modifiée.";
  if (storage::IsPostgresUrl(request.db)) {
    return Refuse(
        "la restauration ne prend en charge que les bases SQLite ; pour PostgreSQL, utilisez "
        "pg_restore.");
  }
  auto check = storage::CheckSqliteFile(request.from);
  if (!check) return Refuse("restauration refusée : " + check.error().message + untouched);
  if (!check->problems.empty()) {
    return Refuse("la sauvegarde « " + request.from +
                  " » est endommagée (PRAGMA integrity_check : " + check->problems.front() + ")." +
                  untouched);
  }
  const int version = VersionOf(*check);
  if (version == 0) {
    return Refuse("« " + request.from + " » n'est pas une sauvegarde d'une base relais." +
                  untouched);
  }
  if (version > storage::LatestSchemaVersion()) {
    return Refuse("la sauvegarde « " + request.from + " » est au schéma " +
                  std::to_string(version) + ", plus récent que celui de ce programme (" +
                  std::to_string(storage::LatestSchemaVersion()) +
                  ") : installez une version plus récente de relais." + untouched);
  }
  if (std::error_code error;
      fs::exists(request.db, error) && fs::equivalent(request.from, request.db, error)) {
    return Refuse("la sauvegarde et la base à restaurer sont le même fichier.");
  }
  if (HoldsData(request.db) && !request.force) {
    return Refuse("la base « " + request.db +
                  " » existe déjà et n'est pas vide ; pour la remplacer, arrêtez le serveur qui "
                  "l'utilise et ajoutez --force." +
                  untouched);
  }

  if (auto restored = storage::RestoreSqliteFile(request.from, request.db); !restored) {
    return Refuse(restored.error());
  }
  {
    auto opened = storage::OpenSqlite(request.db);
    if (!opened) return Refuse(opened.error());
    if (auto migrated = storage::Migrate(**opened); !migrated) return Refuse(migrated.error());
  }
  auto result = storage::CheckSqliteFile(request.db);
  if (!result) return Refuse(result.error());
  if (!result->problems.empty()) {
    std::cerr << "relais : la base restaurée « " << request.db
              << " » est endommagée (PRAGMA integrity_check : " << result->problems.front()
              << ").\n";
    return kFailure;
  }
  const int now = VersionOf(*result);
  std::cout << "Base " << request.db << " restaurée depuis " << request.from << " : schéma " << now;
  if (now != version) std::cout << " (mise à jour depuis le schéma " << version << ")";
  std::cout << ", " << FrenchSize(result->bytes)
            << ", intégrité vérifiée (PRAGMA integrity_check : ok).\n";
  return 0;
}

}  // namespace relais::cli
