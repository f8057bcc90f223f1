#include "cli/report_command.h"

#include <fstream>
#include <iostream>

#include "web/report_csv.h"
#include "web/report_json.h"
#include "web/report_xlsx.h"

namespace relais::cli {
namespace {

constexpr int kFailure = 1;
constexpr int kBadInput = 2;

int Refuse(const Error& error) {
  std::cerr << "relais : " << error.message << "\n";
  return error.kind == ErrorKind::kInvalid || error.kind == ErrorKind::kMalformed ? kBadInput
                                                                                  : kFailure;
}

}  // namespace

const std::vector<ReportFormat>& ReportFormats() {
  static const std::vector<ReportFormat> kFormats = {
      {"json", false,
       [](const app::ActivityComparison& report, std::ostream& out) -> Status {
         out << web::ActivityJson(report) << "\n";
         return {};
       }},
      {"csv", false,
       [](const app::ActivityComparison& report, std::ostream& out) -> Status {
         out << web::ActivityCsv(report);
         return {};
       }},
      {"xlsx", true,
       [](const app::ActivityComparison& report, std::ostream& out) -> Status {
         auto bytes = web::ActivityXlsx(report);
         if (!bytes) return tl::unexpected(bytes.error());
         out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
         return {};
       }},
  };
  return kFormats;
}

std::string ReportFormatNames() {
  std::string names;
  for (const ReportFormat& format : ReportFormats()) {
    if (!names.empty()) names += ", ";
    names += format.name;
  }
  return names;
}

int RunReport(app::Reports& reports, const std::string& site_id, const ReportRequest& request) {
  const ReportFormat* format = nullptr;
  for (const ReportFormat& f : ReportFormats()) {
    if (f.name == request.format) format = &f;
  }
  if (format == nullptr) {
    std::cerr << "relais : format inconnu « " << request.format << " » (" << ReportFormatNames()
              << ").\n";
    return kBadInput;
  }
  if (format->needs_output_file && request.output.empty()) {
    std::cerr << "relais : le format " << format->name << " s'écrit dans un fichier (--output).\n";
    return kBadInput;
  }
  const int year = request.year == 0 ? reports.CurrentYear() : request.year;
  if (auto ok = app::CheckReportYear(year); !ok) return Refuse(ok.error());
  const app::Agent agent{"relais-cli", "relais report", Role::kAdmin, {site_id}};
  auto report = reports.Export(agent, app::ReportPeriod::Year(year));
  if (!report) return Refuse(report.error());

  if (request.output.empty()) {
    if (auto ok = format->write(*report, std::cout); !ok) return Refuse(ok.error());
    std::cout.flush();
    return std::cout ? 0 : kFailure;
  }
  std::ofstream file(request.output, std::ios::binary | std::ios::trunc);
  if (!file) {
    std::cerr << "relais : impossible d'écrire « " << request.output << " ».\n";
    return kFailure;
  }
  if (auto ok = format->write(*report, file); !ok) return Refuse(ok.error());
  file.close();
  if (!file) {
    std::cerr << "relais : l'écriture de « " << request.output << " » a échoué.\n";
    return kFailure;
  }
  return 0;
}

int RunNetworkReport(app::Networks& networks, const std::string& network_id,
                     const ReportRequest& request) {
  if (request.format != "json") {
    std::cerr << "relais : le rapport d'un réseau s'écrit en json.\n";
    return kBadInput;
  }
  const int year = request.year == 0 ? networks.CurrentYear() : request.year;
  if (auto ok = app::CheckReportYear(year); !ok) return Refuse(ok.error());
  const app::Agent agent{"relais-cli", "relais report", Role::kAdmin, {}};
  auto report = networks.Activity(agent, network_id, app::ReportPeriod::Year(year));
  if (!report) return Refuse(report.error());
  const std::string text = web::NetworkActivityJson(*report) + "\n";
  if (request.output.empty()) {
    std::cout << text;
    std::cout.flush();
    return std::cout ? 0 : kFailure;
  }
  std::ofstream file(request.output, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) {
    std::cerr << "relais : l'écriture de « " << request.output << " » a échoué.\n";
    return kFailure;
  }
  return 0;
}

}  // namespace relais::cli
