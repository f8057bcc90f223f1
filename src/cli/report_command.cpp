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

namespace {

// The format asked for, or nullptr once stderr says why.
const ReportFormat* FormatOf(const ReportRequest& request) {
  for (const ReportFormat& f : ReportFormats()) {
    if (f.name == request.format) {
      if (f.needs_output_file && request.output.empty()) {
        std::cerr << "relais : le format " << f.name << " s'écrit dans un fichier (--output).\n";
        return nullptr;
      }
      return &f;
    }
  }
  std::cerr << "relais : format inconnu « " << request.format << " » (" << ReportFormatNames()
            << ").\n";
  return nullptr;
}

// Runs `write` on stdout or on the --output file; the exit status.
int Output(const ReportRequest& request, const std::function<Status(std::ostream&)>& write) {
  if (request.output.empty()) {
    if (auto ok = write(std::cout); !ok) return Refuse(ok.error());
    std::cout.flush();
    return std::cout ? 0 : kFailure;
  }
  std::ofstream file(request.output, std::ios::binary | std::ios::trunc);
  if (!file) {
    std::cerr << "relais : impossible d'écrire « " << request.output << " ».\n";
    return kFailure;
  }
  if (auto ok = write(file); !ok) return Refuse(ok.error());
  file.close();
  if (!file) {
    std::cerr << "relais : l'écriture de « " << request.output << " » a échoué.\n";
    return kFailure;
  }
  return 0;
}

}  // namespace

int RunReport(app::Reports& reports, const std::string& site_id, const ReportRequest& request) {
  const ReportFormat* format = FormatOf(request);
  if (format == nullptr) return kBadInput;
  const int year = request.year == 0 ? reports.CurrentYear() : request.year;
  if (auto ok = app::CheckReportYear(year); !ok) return Refuse(ok.error());
  const app::Agent agent{"relais-cli", "relais report", Role::kAdmin, {site_id}};
  auto report = reports.Export(agent, app::ReportPeriod::Year(year));
  if (!report) return Refuse(report.error());
  return Output(request, [&](std::ostream& out) { return format->write(*report, out); });
}

int RunNetworkReport(app::Networks& networks, const std::string& network_id,
                     const ReportRequest& request) {
  const ReportFormat* format = FormatOf(request);
  if (format == nullptr) return kBadInput;
  const int year = request.year == 0 ? networks.CurrentYear() : request.year;
  if (auto ok = app::CheckReportYear(year); !ok) return Refuse(ok.error());
  const app::Agent agent{"relais-cli", "relais report", Role::kAdmin, {}};
  const app::ReportPeriod period = app::ReportPeriod::Year(year);
  if (format->name == "json") {
    auto activity = networks.Activity(agent, network_id, period);
    if (!activity) return Refuse(activity.error());
    return Output(request, [&](std::ostream& out) -> Status {
      out << web::NetworkActivityJson(*activity) << "\n";
      return {};
    });
  }
  auto report = networks.Export(agent, network_id, period);
  if (!report) return Refuse(report.error());
  return Output(request, [&](std::ostream& out) { return format->write(*report, out); });
}

}  // namespace relais::cli
