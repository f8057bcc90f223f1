// The composition root: reads the configuration, opens the database, wires
// the application and runs one command.
#include <unistd.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "app/accounts.h"
#include "app/appointment_settings.h"
#include "app/appointments.h"
#include "app/daily_purge.h"
#include "app/demo.h"
#include "app/demo_history.h"
#include "app/demo_workshops.h"
#include "app/people.h"
#include "app/queue.h"
#include "app/reports.h"
#include "app/sites.h"
#include "app/surveys.h"
#include "app/visits.h"
#include "cli/backup_command.h"
#include "cli/config.h"
#include "cli/hours_command.h"
#include "cli/migrate_data_command.h"
#include "cli/notification_runtime.h"
#include "cli/purge_command.h"
#include "cli/report_command.h"
#include "storage/migrations.h"
#include "storage/postgres/postgres_database.h"
#include "storage/sql_appointment_store.h"
#include "storage/sql_audit_store.h"
#include "storage/sql_login_lockout_store.h"
#include "storage/sql_network_store.h"
#include "storage/sql_people_store.h"
#include "storage/sql_queue_store.h"
#include "storage/sql_report_store.h"
#include "storage/sql_retention_store.h"
#include "storage/sql_store.h"
#include "storage/sql_survey_store.h"
#include "storage/sql_visit_store.h"
#include "storage/sql_workshop_store.h"
#include "storage/sqlite/sqlite_database.h"
#include "web/server.h"

namespace relais::cli {
namespace {

constexpr int kFailure = 1;
constexpr int kBadInput = 2;

int Report(const Error& error) {
  std::cerr << "relais : " << error.message << "\n";
  return error.kind == ErrorKind::kInvalid || error.kind == ErrorKind::kMalformed ? kBadInput
                                                                                  : kFailure;
}

// Everything a command needs, opened from the configuration.
struct Runtime {
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<storage::SqlStore> store;
  app::SystemClock clock;
  std::unique_ptr<app::Sites> sites;
  std::unique_ptr<storage::SqlAuditStore> audit_store;
  std::unique_ptr<app::AuditJournal> audit;
  std::unique_ptr<storage::SqlLoginLockoutStore> lockout_store;
  std::unique_ptr<app::Accounts> accounts;
  std::unique_ptr<storage::SqlAppointmentStore> appointment_store;
  std::unique_ptr<app::Appointments> appointments;
  std::unique_ptr<app::AppointmentSettings> appointment_settings;
  std::unique_ptr<storage::SqlVisitStore> visit_store;
  std::unique_ptr<app::Communes> communes;
  std::unique_ptr<app::Visits> visits;
  std::unique_ptr<storage::SqlQueueStore> queue_store;
  std::unique_ptr<app::Queue> queue;
  std::unique_ptr<storage::SqlPeopleStore> people_store;
  std::unique_ptr<app::People> people;
  std::unique_ptr<storage::SqlSurveyStore> survey_store;
  std::unique_ptr<app::Surveys> surveys;
  std::unique_ptr<storage::SqlReportStore> report_store;
  std::unique_ptr<app::Reports> reports;
  std::unique_ptr<storage::SqlNetworkStore> network_store;
  std::unique_ptr<app::Networks> networks;
  std::unique_ptr<storage::SqlWorkshopStore> workshop_store;
  std::unique_ptr<app::Workshops> workshops;
};

Result<std::unique_ptr<Runtime>> Open(const Config& config) {
  auto db = storage::IsPostgresUrl(config.db) ? storage::OpenPostgres(config.db)
                                              : storage::OpenSqlite(config.db);
  if (!db) return tl::unexpected(db.error());
  if (auto migrated = storage::Migrate(**db); !migrated) return tl::unexpected(migrated.error());
  auto runtime = std::make_unique<Runtime>();
  runtime->db = std::move(*db);
  runtime->store = std::make_unique<storage::SqlStore>(*runtime->db);
  runtime->sites = std::make_unique<app::Sites>(*runtime->store, runtime->clock);
  runtime->audit_store = std::make_unique<storage::SqlAuditStore>(*runtime->db);
  runtime->audit = std::make_unique<app::AuditJournal>(*runtime->audit_store, runtime->clock);
  runtime->lockout_store = std::make_unique<storage::SqlLoginLockoutStore>(*runtime->db);
  runtime->accounts = std::make_unique<app::Accounts>(*runtime->store, *runtime->lockout_store,
                                                      runtime->clock, runtime->audit.get());
  runtime->appointment_store = std::make_unique<storage::SqlAppointmentStore>(*runtime->db);
  runtime->appointments = std::make_unique<app::Appointments>(*runtime->appointment_store,
                                                              *runtime->sites, runtime->clock);
  runtime->appointment_settings = std::make_unique<app::AppointmentSettings>(
      *runtime->appointments, *runtime->appointment_store, *runtime->store, *runtime->sites,
      runtime->clock);
  auto communes = app::ShippedCommunes();
  if (!communes) return tl::unexpected(communes.error());
  runtime->visit_store = std::make_unique<storage::SqlVisitStore>(*runtime->db);
  runtime->communes = std::make_unique<app::Communes>(*communes);
  runtime->visits = std::make_unique<app::Visits>(*runtime->visit_store, *runtime->sites,
                                                  *runtime->communes, runtime->clock);
  runtime->queue_store = std::make_unique<storage::SqlQueueStore>(*runtime->db);
  runtime->queue =
      std::make_unique<app::Queue>(*runtime->queue_store, *runtime->sites, runtime->clock);
  runtime->people_store = std::make_unique<storage::SqlPeopleStore>(*runtime->db);
  runtime->people =
      std::make_unique<app::People>(*runtime->people_store, *runtime->sites, *runtime->communes,
                                    runtime->clock, runtime->audit.get());
  runtime->survey_store = std::make_unique<storage::SqlSurveyStore>(*runtime->db);
  runtime->surveys =
      std::make_unique<app::Surveys>(*runtime->survey_store, *runtime->sites, runtime->clock);
  runtime->report_store = std::make_unique<storage::SqlReportStore>(*runtime->db);
  runtime->reports =
      std::make_unique<app::Reports>(*runtime->report_store, *runtime->sites, *runtime->communes,
                                     runtime->clock, runtime->audit.get());
  runtime->network_store = std::make_unique<storage::SqlNetworkStore>(*runtime->db);
  runtime->networks = std::make_unique<app::Networks>(
      *runtime->network_store, *runtime->report_store, *runtime->store, *runtime->reports,
      *runtime->sites, runtime->audit.get());
  runtime->workshop_store = std::make_unique<storage::SqlWorkshopStore>(*runtime->db);
  runtime->workshops =
      std::make_unique<app::Workshops>(*runtime->workshop_store, *runtime->sites, runtime->clock);
  return runtime;
}

// The access log is written by a background thread so that no request
// waits on the terminal or the log file; a full queue drops the oldest lines.
void UseAsyncLog() {
  spdlog::init_thread_pool(8192, 1);
  auto logger = spdlog::create_async_nb<spdlog::sinks::stdout_sink_mt>("relais");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S%z %l %v");
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

int ServeSite(const Config& config, Runtime& runtime) {
  web::BlockStopSignals();  // before the log, mail and purge threads start
  UseAsyncLog();
  if (auto loaded = runtime.sites->Load(config.site.id); !loaded) return Report(loaded.error());
  auto notifications = StartNotifications(
      config, *runtime.db, *runtime.appointment_store, *runtime.sites, *runtime.appointments,
      runtime.clock, runtime.surveys.get(), runtime.workshops.get(), runtime.workshop_store.get());
  if (!notifications) return Report(notifications.error());
  if (auto loaded = runtime.appointments->Load(); !loaded) return Report(loaded.error());
  if (auto loaded = runtime.visits->Load(); !loaded) return Report(loaded.error());
  if (auto loaded = runtime.queue->Load(); !loaded) return Report(loaded.error());
  storage::SqlRetentionStore retention_store(*runtime.db);
  app::Retention retention(retention_store, config.retention, runtime.clock, runtime.audit.get());
  app::DailyPurge daily_purge(retention, runtime.clock,
                              [](const std::string& line) { spdlog::info("{}", line); });
  daily_purge.Start();
  web::Services services{*runtime.sites, *runtime.accounts, *runtime.appointments,
                         runtime.clock,  *runtime.visits,   *runtime.appointment_settings,
                         *runtime.queue, *runtime.people};
  services.calendar_feeds = (*notifications)->feeds.get();
  services.public_url = PublicUrl(config);
  services.workshops = runtime.workshops.get();
  app::DeskIndicators desk_indicators(*runtime.queue_store, *runtime.appointment_store,
                                      *runtime.sites, runtime.clock);
  services.desk_indicators = &desk_indicators;
  services.reports = runtime.reports.get();
  services.networks = runtime.networks.get();
  services.surveys = runtime.surveys.get();
  web::PublicLimits public_limits(config.public_limit, runtime.clock);
  services.public_limits = &public_limits;
  services.retention = &config.retention;
  web::ServerOptions options;
  options.host = config.host;
  options.port = config.port;
  options.io_threads = config.io_threads;
  options.workers = config.workers;
  options.max_body_bytes = config.max_body_kib * 1024;
  options.trust_proxy = config.trust_proxy;
  auto served = web::Serve(options, services);
  daily_purge.Stop();
  (*notifications)->worker->Stop();
  spdlog::shutdown();
  if (!served) return Report(served.error());
  return 0;
}

int Serve(const Config& config) {
  auto runtime = Open(config);
  if (!runtime) return Report(runtime.error());
  auto existing = (*runtime)->store->FindSite(config.site.id);
  if (!existing) return Report(existing.error());
  if (!*existing) {
    if (auto saved = (*runtime)->sites->Save(config.site); !saved) return Report(saved.error());
    spdlog::info("lieu « {} » créé ; complétez-le dans la configuration", config.site.id);
  }
  return ServeSite(config, **runtime);
}

// The demo desk's visits since 2024 (app/demo_history.h), logged by the
// demo mediator.
Status BuildDemoHistory(Runtime& runtime) {
  if (auto loaded = runtime.sites->Load(app::kDemoSiteId); !loaded) return loaded;
  auto mediator = runtime.store->FindAgentByLogin("mediator");
  if (!mediator) return tl::unexpected(mediator.error());
  if (!*mediator) return {};
  const auto hours = runtime.sites->CurrentHours();
  const auto now = std::chrono::floor<std::chrono::seconds>(runtime.clock.Now());
  return app::BuildDemoHistory(*runtime.visit_store, app::kDemoSiteId, *hours,
                               (*mediator)->agent.id, hours->LocalDate(now));
}

int Demo(Config config) {
  auto runtime = Open(config);
  if (!runtime) return Report(runtime.error());
  auto accounts = app::BuildDemoDesk(*(*runtime)->sites, *(*runtime)->accounts, *(*runtime)->store);
  if (!accounts) return Report(accounts.error());
  if (auto booked = app::BuildDemoAppointments(*(*runtime)->appointment_store, *(*runtime)->store);
      !booked) {
    return Report(booked.error());
  }
  if (auto members = app::BuildDemoMembers(*(*runtime)->report_store); !members) {
    return Report(members.error());
  }
  if (auto surveys = app::BuildDemoSurveys(*(*runtime)->survey_store, (*runtime)->clock);
      !surveys) {
    return Report(surveys.error());
  }
  if (auto history = BuildDemoHistory(**runtime); !history) return Report(history.error());
  if (auto workshops = app::BuildDemoWorkshops(*(*runtime)->workshop_store, *(*runtime)->store,
                                               *(*runtime)->sites, (*runtime)->clock);
      !workshops) {
    return Report(workshops.error());
  }
  std::cout << "Lieu de démonstration : PIMMS Médiation d'Antony (base "
            << storage::WithoutPassword(config.db) << ")\n"
            << "Comptes de démonstration (mot de passe « " << app::kDemoPassword << " ») :\n";
  for (const auto& account : *accounts) {
    std::cout << "  " << account.login << (account.totp ? " (double authentification)" : "")
              << "\n";
  }
  std::cout << "Secret TOTP de démonstration (admin, coordinator) : " << app::kDemoTotpSecret
            << "\n  à saisir dans une application d'authentification (codes à 6 chiffres, 30 s).\n";
  std::cout << "Adresse : http://" << config.host << ":" << config.port << "/" << std::endl;
  config.site.id = app::kDemoSiteId;
  if (config.sms.provider == "none") config.sms.provider = "log";  // SMS only logged
  return ServeSite(config, **runtime);
}

int Migrate(const Config& config) {
  auto runtime = Open(config);
  if (!runtime) return Report(runtime.error());
  auto version = storage::SchemaVersion(*(*runtime)->db);
  if (!version) return Report(version.error());
  std::cout << "Base " << storage::WithoutPassword(config.db) << " au schéma " << *version << ".\n";
  return 0;
}

// A new password, one line of standard input; nothing (said on stderr)
// when it is empty.
std::optional<std::string> ReadPassword() {
  if (isatty(STDIN_FILENO))
    std::cerr << "Mot de passe (au moins 12 caractères, sans l'identifiant), puis Entrée : ";
  std::string password;
  if (std::getline(std::cin, password) && !password.empty() && password.back() == '\r') {
    password.pop_back();
  }
  if (password.empty()) {
    std::cerr << "relais : le mot de passe se lit sur l'entrée standard, et il est vide.\n";
    return std::nullopt;
  }
  return password;
}

int AddUser(const Config& config, const std::string& login, const std::string& role,
            std::vector<std::string> sites) {
  const auto password = ReadPassword();
  if (!password) return kBadInput;
  auto runtime = Open(config);
  if (!runtime) return Report(runtime.error());
  if (sites.empty()) sites.push_back(config.site.id);
  for (const auto& site : sites) {
    auto found = (*runtime)->store->FindSite(site);
    if (!found) return Report(found.error());
    if (!*found) {
      std::cerr << "relais : le lieu « " << site << " » n'existe pas dans "
                << storage::WithoutPassword(config.db) << ".\n";
      return kBadInput;
    }
  }
  auto agent = (*runtime)->accounts->AddAgent(login, role, *password, sites);
  if (!agent) return Report(agent.error());
  std::cout << "Compte « " << agent->login << " » créé (rôle " << RoleName(agent->role) << ").\n";
  return 0;
}

// `relais audit verify`: 0 when every row of the journal holds, 1 with
// the first row that does not.
int VerifyAudit(const Config& config) {
  auto runtime = Open(config);
  if (!runtime) return Report(runtime.error());
  auto check = (*runtime)->audit->Verify();
  if (!check) return Report(check.error());
  if (check->broken_at) {
    std::cerr << "relais : journal d'audit altéré : l'entrée n° " << *check->broken_at
              << " ne suit pas la chaîne (" << check->entries << " entrées intègres avant elle).\n";
    return kFailure;
  }
  std::cout << "Journal d'audit intègre : " << check->entries
            << " entrées ; empreinte de la dernière : " << check->head_hash << ".\n";
  return 0;
}

// Ends every session of `login` (a lost phone, a departure).
int RevokeUser(const Config& config, const std::string& login) {
  auto runtime = Open(config);
  if (!runtime) return Report(runtime.error());
  auto revoked = (*runtime)->accounts->RevokeSessions(login);
  if (!revoked) return Report(revoked.error());
  std::cout << "Sessions de « " << login << " » fermées : " << *revoked << ".\n";
  return 0;
}

// `relais user reset-password LOGIN` (the new one on standard input) and
// `relais user reset-totp LOGIN` (a lost phone): both end every session.
int ResetUser(const Config& config, const std::string& login, bool totp) {
  std::optional<std::string> password;
  if (!totp) {
    password = ReadPassword();
    if (!password) return kBadInput;
  }
  auto runtime = Open(config);
  if (!runtime) return Report(runtime.error());
  app::Accounts& accounts = *(*runtime)->accounts;
  if (auto reset = totp ? accounts.ResetTotp(login) : accounts.ResetPassword(login, *password);
      !reset) {
    return Report(reset.error());
  }
  std::cout << (totp ? "Double authentification de « " + login +
                           " » retirée : un administrateur ou un coordinateur la réactive à sa "
                           "prochaine connexion.\n"
                     : "Mot de passe de « " + login + " » remplacé.\n")
            << "Ses sessions ouvertes sont fermées.\n";
  return 0;
}

// The report of `site_id`; with no site named, the configured one, or the
// database's only site (a demo database holds "antony").
int ReportCommand(const Config& config, std::string site_id, const ReportRequest& request) {
  auto runtime = Open(config);
  if (!runtime) return Report(runtime.error());
  if (site_id.empty()) {
    site_id = config.site.id;
    auto sites = (*runtime)->store->ListSites();
    if (!sites) return Report(sites.error());
    if (sites->size() == 1) site_id = sites->front().id;
  }
  if (auto loaded = (*runtime)->sites->Load(site_id); !loaded) return Report(loaded.error());
  if (auto loaded = (*runtime)->visits->Load(); !loaded) return Report(loaded.error());
  return RunReport(*(*runtime)->reports, site_id, request);
}

// A network's report, served as from its first site (the configured site
// when it has none): that site's time zone gives the current year.
int NetworkReportCommand(const Config& config, const std::string& network_id,
                         const ReportRequest& request) {
  auto runtime = Open(config);
  if (!runtime) return Report(runtime.error());
  auto network = (*runtime)->network_store->FindNetwork(network_id);
  if (!network) return Report(network.error());
  if (!*network) {
    std::cerr << "relais : le réseau « " << network_id << " » n'existe pas.\n";
    return kBadInput;
  }
  const std::string site_id =
      (*network)->site_ids.empty() ? config.site.id : (*network)->site_ids.front();
  if (auto loaded = (*runtime)->sites->Load(site_id); !loaded) return Report(loaded.error());
  return RunNetworkReport(*(*runtime)->networks, network_id, request);
}

// `relais network add` and `add-site`, as an administrator.
int NetworkCommand(const Config& config, const std::string& network_id, const std::string& name,
                   const std::vector<std::string>& sites) {
  auto runtime = Open(config);
  if (!runtime) return Report(runtime.error());
  const app::Agent admin{"relais-cli", "relais network", Role::kAdmin, {}};
  if (!name.empty()) {
    auto saved = (*runtime)->networks->Save(admin, network_id, name);
    if (!saved) return Report(saved.error());
    std::cout << "Réseau « " << saved->id << " » enregistré (" << saved->name << ").\n";
  }
  for (const std::string& site : sites) {
    if (auto added = (*runtime)->networks->AddSite(admin, network_id, site); !added) {
      return Report(added.error());
    }
    std::cout << "Lieu « " << site << " » dans le réseau « " << network_id << " ».\n";
  }
  return 0;
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App cli{"relais : le logiciel des lieux de médiation (PIMMS, France Services)"};
  cli.require_subcommand(1);
  std::string config_file;
  std::string db;
  std::string listen;
  cli.add_option("--config", config_file, "Fichier de configuration TOML")
      ->envname("RELAIS_CONFIG");

  const auto add_db = [&](CLI::App* command) {
    command->add_option("--db", db, "Base de données : fichier SQLite");
  };
  const auto add_listen = [&](CLI::App* command) {
    command->add_option("--listen", listen, "Adresse d'écoute HÔTE:PORT (127.0.0.1:8080)");
  };

  auto* serve = cli.add_subcommand("serve", "Sert le lieu configuré");
  add_db(serve);
  add_listen(serve);
  auto* demo = cli.add_subcommand("demo", "Crée et sert le lieu de démonstration (PIMMS d'Antony)");
  add_db(demo);
  add_listen(demo);
  auto* migrate = cli.add_subcommand("migrate", "Crée ou met à jour le schéma de la base");
  add_db(migrate);
  auto* migrate_data = cli.add_subcommand(
      "migrate-data", "Copie toute une base SQLite dans PostgreSQL, vérifiée table par table");
  MigrateDataRequest migrate_data_request;
  migrate_data->add_option("--from", migrate_data_request.from, "Base SQLite à copier")->required();
  migrate_data->add_option("--to", migrate_data_request.to, "Base PostgreSQL (postgresql://…)")
      ->required();
  migrate_data->add_flag("--force", migrate_data_request.force,
                         "Remplace les données que la base PostgreSQL contient déjà");
  auto* user = cli.add_subcommand("user", "Gère les comptes des agents");
  user->require_subcommand(1);
  auto* user_add =
      user->add_subcommand("add", "Crée un compte (mot de passe lu sur l'entrée standard)");
  std::string login;
  std::string role;
  std::vector<std::string> user_sites;
  user_add->add_option("--login", login, "Identifiant")->required();
  user_add->add_option("--role", role, "Rôle : admin, coordinator, mediator, reception, funder")
      ->required();
  user_add->add_option("--site", user_sites, "Lieu(x) du compte (le lieu configuré par défaut)");
  add_db(user_add);
  auto* user_revoke =
      user->add_subcommand("revoke", "Ferme toutes les sessions ouvertes d'un compte");
  std::string account_login;
  user_revoke->add_option("LOGIN", account_login, "Identifiant")->required();
  add_db(user_revoke);
  auto* user_reset_password = user->add_subcommand(
      "reset-password", "Remplace un mot de passe oublié (lu sur l'entrée standard)");
  user_reset_password->add_option("LOGIN", account_login, "Identifiant")->required();
  add_db(user_reset_password);
  auto* user_reset_totp = user->add_subcommand(
      "reset-totp", "Retire la double authentification d'un compte (téléphone perdu)");
  user_reset_totp->add_option("LOGIN", account_login, "Identifiant")->required();
  add_db(user_reset_totp);
  auto* backup = cli.add_subcommand("backup", "Sauvegarde la base, à chaud et de façon cohérente");
  std::string backup_file;
  backup->add_option("FILE", backup_file, "Fichier de sauvegarde à créer")->required();
  add_db(backup);
  auto* restore = cli.add_subcommand(
      "restore", "Restaure une sauvegarde vérifiée dans la base (serveur arrêté)");
  RestoreRequest restore_request;
  restore->add_option("--from", restore_request.from, "Sauvegarde à restaurer")->required();
  restore->add_flag("--force", restore_request.force, "Remplace une base qui n'est pas vide");
  add_db(restore);
  auto* hours =
      cli.add_subcommand("hours", "Affiche les plages d'ouverture d'une valeur opening_hours");
  std::string hours_value;
  std::string from;
  std::string to;
  std::string timezone = "Europe/Paris";
  bool alsace_moselle = false;
  bool batch = false;
  hours->add_option("VALUE", hours_value, "Horaires au format OpenStreetMap opening_hours");
  hours->add_option("--from", from, "Premier jour (AAAA-MM-JJ)");
  hours->add_option("--to", to, "Dernier jour inclus (AAAA-MM-JJ)");
  hours->add_option("--timezone", timezone, "Fuseau horaire (Europe/Paris)");
  hours->add_flag("--alsace-moselle", alsace_moselle, "Jours fériés d'Alsace-Moselle");
  hours->add_flag("--batch", batch, "Lit des lignes VALEUR<TAB>DU<TAB>AU sur l'entrée standard");
  auto* holidays =
      cli.add_subcommand("holidays", "Affiche les jours fériés français de plusieurs années");
  int from_year = 0;
  int to_year = 0;
  holidays->add_option("--from-year", from_year, "Première année")
      ->required()
      ->check(CLI::Range(1583, 9999));
  holidays->add_option("--to-year", to_year, "Dernière année")
      ->required()
      ->check(CLI::Range(1583, 9999));
  holidays->add_flag("--alsace-moselle", alsace_moselle, "Jours fériés d'Alsace-Moselle");

  auto* report = cli.add_subcommand("report", "Affiche le rapport d'activité d'une année");
  ReportRequest report_request;
  std::string report_site;
  report->add_option("--year", report_request.year, "Année (l'année en cours par défaut)")
      ->check(CLI::Range(app::kFirstReportYear, app::kLastReportYear));
  report->add_option("--format", report_request.format, "Format : " + ReportFormatNames());
  report->add_option("--output", report_request.output,
                     "Fichier à écrire (la sortie standard par défaut)");
  report->add_option("--site", report_site,
                     "Lieu (par défaut le lieu configuré, ou le seul lieu de la base)");
  std::string report_network;
  report->add_option("--network", report_network, "Réseau : le rapport consolidé de ses lieux")
      ->excludes("--site");
  add_db(report);

  auto* network = cli.add_subcommand("network", "Gère les réseaux de lieux");
  network->require_subcommand(1);
  std::string network_id;
  std::string network_name;
  std::vector<std::string> network_sites;
  auto* network_add = network->add_subcommand("add", "Crée ou renomme un réseau");
  network_add->add_option("--id", network_id, "Identifiant (minuscules, chiffres, tirets)")
      ->required();
  network_add->add_option("--name", network_name, "Nom du réseau")->required();
  network_add->add_option("--site", network_sites, "Lieu(x) à y mettre");
  add_db(network_add);
  auto* network_add_site =
      network->add_subcommand("add-site", "Met un ou des lieux dans un réseau");
  network_add_site->add_option("--network", network_id, "Identifiant du réseau")->required();
  network_add_site->add_option("--site", network_sites, "Lieu(x) à y mettre")->required();
  add_db(network_add_site);

  auto* audit = cli.add_subcommand("audit", "Journal d'audit des accès aux dossiers");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand(
      "verify", "Vérifie que le journal n'a été ni modifié ni tronqué en son milieu");
  add_db(audit_verify);

  auto* purge = cli.add_subcommand(
      "purge", "Anonymise les données personnelles dont la durée de conservation est passée");
  PurgeRequest purge_request;
  purge->add_flag("--dry-run", purge_request.dry_run, "Compte sans rien modifier");
  purge->add_option("--now", purge_request.now,
                    "Date de référence RFC 3339 (maintenant par défaut)");
  add_db(purge);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }

  if (hours->parsed()) {
    if (batch) return RunHoursBatch(alsace_moselle, timezone);
    if (hours_value.empty() || from.empty() || to.empty()) {
      std::cerr << "relais : hours demande VALEUR, --from et --to (ou --batch).\n";
      return kBadInput;
    }
    return RunHours(hours_value, from, to, alsace_moselle, timezone);
  }
  if (holidays->parsed()) return RunHolidays(from_year, to_year, alsace_moselle);
  if (migrate_data->parsed()) return RunMigrateData(migrate_data_request);

  auto config = LoadConfig(config_file, ProcessEnvironment());
  if (!config) return Report(config.error());
  if (demo->parsed() && db.empty()) config->db = "relais-demo.sqlite";
  if (!db.empty()) config->db = db;
  if (!listen.empty()) {
    if (auto ok = SetListen(*config, listen); !ok) return Report(ok.error());
  }

  if (serve->parsed()) return Serve(*config);
  if (demo->parsed()) return Demo(*config);
  if (migrate->parsed()) return Migrate(*config);
  if (user_add->parsed()) return AddUser(*config, login, role, user_sites);
  if (user_revoke->parsed()) return RevokeUser(*config, account_login);
  if (user_reset_password->parsed()) return ResetUser(*config, account_login, false);
  if (user_reset_totp->parsed()) return ResetUser(*config, account_login, true);
  if (backup->parsed()) return RunBackup(config->db, backup_file);
  if (restore->parsed()) {
    restore_request.db = config->db;
    return RunRestore(restore_request);
  }
  if (audit_verify->parsed()) return VerifyAudit(*config);
  if (report->parsed()) {
    if (!report_network.empty()) {
      return NetworkReportCommand(*config, report_network, report_request);
    }
    return ReportCommand(*config, report_site, report_request);
  }
  if (network_add->parsed() || network_add_site->parsed()) {
    return NetworkCommand(*config, network_id, network_add->parsed() ? network_name : "",
                          network_sites);
  }
  if (purge->parsed()) {
    auto runtime = Open(*config);
    if (!runtime) return Report(runtime.error());
    return RunPurge(*(*runtime)->db, config->retention, purge_request);
  }
  return kBadInput;
}

}  // namespace relais::cli

int main(int argc, char** argv) {
  return relais::cli::Main(argc, argv);
}
