#include "cli/migrate_data_command.h"

#include <iostream>
#include <memory>
#include <vector>

#include "storage/data_migration.h"
#include "storage/migrations.h"
#include "storage/postgres/postgres_database.h"
#include "storage/sqlite/sqlite_database.h"

namespace relais::cli {
namespace {

constexpr int kFailure = 1;
constexpr int kBadInput = 2;

int Refuse(const std::string& message) {
  std::cerr << "relais : " << message << "\n";
  return kBadInput;
}

int Failed(const std::string& message) {
  std::cerr << "relais : " << message << "\n";
  return kFailure;
}

// The error's message, a full stop added when it has none, then `suffix`.
int Report(const Error& error, const std::string& suffix = "") {
  std::string message = error.message;
  if (!suffix.empty() && !message.empty() && message.back() != '.') message += '.';
  std::cerr << "relais : " << message << suffix << "\n";
  return error.kind == ErrorKind::kInvalid || error.kind == ErrorKind::kMalformed ? kBadInput
                                                                                  : kFailure;
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

std::string Lines(std::int64_t n) { return std::to_string(n) + (n > 1 ? " lignes" : " ligne"); }

// The source's schema version, or the refusal's message.
Result<int> CheckSource(const std::string& from) {
  auto check = storage::CheckSqliteFile(from);
  if (!check) {
    return Fail(ErrorKind::kInvalid, check.error().code,
                "la source « " + from + " » ne peut pas être lue : " + check.error().message);
  }
  if (!check->problems.empty()) {
    return Fail(ErrorKind::kInvalid, "source_damaged",
                "la source « " + from + " » est endommagée (PRAGMA integrity_check : " +
                    check->problems.front() + ") ; restaurez d'abord une sauvegarde saine.");
  }
  const int version = check->migrations ? storage::RelaisSchemaVersion(*check->migrations) : 0;
  const int latest = storage::LatestSchemaVersion();
  if (version == 0) {
    return Fail(ErrorKind::kInvalid, "not_relais", "« " + from + " » n'est pas une base relais.");
  }
  if (version > latest) {
    return Fail(ErrorKind::kInvalid, "schema_too_new",
                "la source « " + from + " » est au schéma " + std::to_string(version) +
                    ", plus récent que celui de ce programme (" + std::to_string(latest) +
                    ") : installez une version plus récente de relais.");
  }
  if (version < latest) {
    return Fail(ErrorKind::kInvalid, "schema_too_old",
                "la source « " + from + " » est au schéma " + std::to_string(version) +
                    ", plus ancien que celui de ce programme (" + std::to_string(latest) +
                    ") : mettez-la d'abord à jour avec « relais migrate --db " + from +
                    " » (serveur arrêté), puis relancez relais migrate-data.");
  }
  return version;
}

}  // namespace

int RunMigrateData(const MigrateDataRequest& request) {
  if (storage::IsPostgresUrl(request.from)) {
    return Refuse("--from attend le fichier d'une base SQLite, pas une URL.");
  }
  if (!storage::IsPostgresUrl(request.to)) {
    return Refuse("--to attend l'URL d'une base PostgreSQL (postgresql://…).");
  }
  const std::string target_name = storage::WithoutPassword(request.to);
  const std::string untouched = " Aucune donnée n'a été copiée dans " + target_name + ".";

  auto version = CheckSource(request.from);
  if (!version) return Report(version.error(), untouched);
  auto source = storage::OpenSqlite(request.from);
  if (!source) return Report(source.error(), untouched);
  auto target = storage::OpenPostgres(request.to);
  if (!target) return Report(target.error(), untouched);

  // Refuse a target holding data before migrating it: a refusal changes nothing.
  std::vector<std::string> tables;
  Status listed = (*source)->Read([&](storage::Connection& c) -> Status {
    auto order = storage::SchemaTables(c, (*source)->Dialect());
    if (!order) return tl::unexpected(order.error());
    tables = std::move(*order);
    return {};
  });
  if (!listed) return Report(listed.error(), untouched);
  const std::string not_empty = "la base cible " + target_name +
                                " contient déjà des données ; rien n'a été modifié. Pour les "
                                "remplacer par celles de la source, ajoutez --force.";
  if (!request.force) {
    auto holding = storage::TablesWithRows(**target, tables);
    if (!holding) return Report(holding.error(), untouched);
    if (!holding->empty()) return Refuse(not_empty + " (tables : " + Join(*holding) + ")");
  }

  if (auto migrated = storage::Migrate(**target); !migrated) {
    return Report(migrated.error(), untouched);
  }
  auto copied = storage::CopyData(**source, **target, {.force = request.force});
  if (!copied) {
    if (copied.error().code == "target_not_empty") return Refuse(not_empty);
    std::string why = copied.error().message;
    if (!why.empty() && why.back() != '.') why += '.';
    return Failed("la copie a échoué et a été annulée : " + why + untouched);
  }

  std::int64_t rows = 0;
  std::cout << "Copie de " << request.from << " vers " << target_name << " (schéma " << *version
            << ") :\n";
  for (const storage::TableCopy& table : *copied) {
    std::cout << "  " << table.table << " : " << Lines(table.rows) << "\n";
    rows += table.rows;
  }
  std::cout << "Données copiées : " << copied->size() << " tables, " << Lines(rows)
            << " ; nombre de lignes et empreinte SHA-256 de chaque table identiques dans les "
               "deux bases.\n";
  return 0;
}

}  // namespace relais::cli
