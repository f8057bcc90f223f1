#include "app/reports.h"

#include <algorithm>
#include <unordered_map>

#include "app/departments.h"
#include "app/site_hours.h"
#include "app/visits.h"

namespace relais::app {
namespace {

date::sys_days SameDayYearBefore(date::sys_days day) {
  const date::year_month_day ymd{day};
  date::year_month_day before{ymd.year() - date::years{1}, ymd.month(), ymd.day()};
  if (!before.ok())
    before = date::year_month_day_last{before.year(), date::month_day_last{ymd.month()}};
  return date::sys_days{before};
}

}  // namespace

ReportPeriod ReportPeriod::Year(int year) {
  return {date::sys_days{date::year{year} / date::January / 1},
          date::sys_days{date::year{year} / date::December / 31}};
}

ReportPeriod ReportPeriod::YearBefore() const {
  return {SameDayYearBefore(from), SameDayYearBefore(to)};
}

Result<ReportPeriod> ReportPeriod::Between(const std::string& from, const std::string& to) {
  auto first = ParseDate(from, "from");
  if (!first) return tl::unexpected(first.error());
  auto last = ParseDate(to, "to");
  if (!last) return tl::unexpected(last.error());
  return ReportPeriod{date::sys_days{*first}, date::sys_days{*last}};
}

Status CheckReportYear(int year) {
  if (year < kFirstReportYear || year > kLastReportYear) {
    return Fail(ErrorKind::kInvalid, "invalid_year",
                "L'année d'un rapport va de " + std::to_string(kFirstReportYear) + " à " +
                    std::to_string(kLastReportYear) + ".",
                "year");
  }
  return {};
}

LabelLookup ReportLabels(const std::vector<Partner>& partners) {
  auto names = std::make_shared<std::unordered_map<std::string, std::string>>();
  for (const Partner& partner : partners) names->emplace(partner.code, partner.name);
  return LabelLookup([names](Dimension dimension, std::string_view key) -> std::string {
    switch (dimension) {
      case Dimension::kPartner: {
        if (key.empty()) return "Sans partenaire";
        auto it = names->find(std::string(key));
        return it != names->end() ? it->second : std::string(key);
      }
      case Dimension::kTheme:
        return std::string(ThemeLabel(key));
      case Dimension::kOutcome: {
        auto outcome = ParseOutcome(key);
        return outcome ? std::string(OutcomeLabel(*outcome)) : std::string(key);
      }
      case Dimension::kChannel: {
        auto channel = ParseChannel(key);
        return channel ? std::string(ChannelLabel(*channel)) : std::string(key);
      }
      default:
        return std::string(key);
    }
  });
}

Status CheckReportPeriod(const ReportPeriod& period) {
  if (period.to < period.from) {
    return Fail(ErrorKind::kInvalid, "invalid_period", "Le dernier jour précède le premier.", "to");
  }
  if ((period.to - period.from).count() + 1 > kMaxReportDays) {
    return Fail(ErrorKind::kInvalid, "invalid_period",
                "Un rapport couvre " + std::to_string(kMaxReportDays) + " jours au plus.", "to");
  }
  const date::year_month_day first{period.from};
  const date::year_month_day last{period.to};
  if (static_cast<int>(first.year()) < kFirstReportYear ||
      static_cast<int>(last.year()) > kLastReportYear) {
    return Fail(ErrorKind::kInvalid, "invalid_period",
                "Un rapport porte sur les années " + std::to_string(kFirstReportYear) + " à " +
                    std::to_string(kLastReportYear) + ".",
                "from");
  }
  return {};
}

Reports::Reports(ReportStore& store, Sites& sites, const Communes& communes, const Clock& clock,
                 AuditJournal* journal)
    : store_(store), sites_(sites), communes_(communes), clock_(clock), journal_(journal) {}

Status Reports::MayAt(const Agent& agent, Action action) const {
  if (auto allowed = AuthorizeAt(agent, action, sites_.Current()->id); !allowed) return allowed;
  return {};
}

int Reports::CurrentYear() const {
  const auto now = std::chrono::floor<std::chrono::seconds>(clock_.Now());
  return static_cast<int>(sites_.CurrentHours()->LocalDate(now).year());
}

CommuneLookup Reports::CommuneFactsLookup() const {
  auto departments = ShippedDepartments();
  std::shared_ptr<const DepartmentTable> table = departments ? *departments : nullptr;
  const Communes* communes = &communes_;
  return [communes, table](std::string_view insee) -> std::optional<CommuneFacts> {
    auto commune = communes->Find(insee);
    if (!commune) return std::nullopt;
    CommuneFacts facts;
    facts.name = std::string(commune->name);
    facts.department = std::string(commune->department);
    if (table) facts.department_name = std::string(table->Name(commune->department));
    return facts;
  };
}

Result<LabelLookup> Reports::Labels() const {
  auto partners = sites_.Partners();
  if (!partners) return tl::unexpected(partners.error());
  return ReportLabels(*partners);
}

Result<ActivityComparison> Reports::Activity(const Agent& agent, const ReportPeriod& period) {
  if (auto allowed = MayAt(agent, Action::kViewReports); !allowed) {
    return tl::unexpected(allowed.error());
  }
  if (auto ok = CheckReportPeriod(period); !ok) return tl::unexpected(ok.error());
  const auto site = sites_.Current();
  auto labels = Labels();
  if (!labels) return tl::unexpected(labels.error());
  const CommuneLookup communes = CommuneFactsLookup();

  ActivityComparison comparison;
  comparison.site_name = site->name;
  auto current = store_.ReportRollups(site->id, period.from, period.to);
  if (!current) return tl::unexpected(current.error());
  comparison.current = BuildActivityReport(period.from, period.to, *current, communes, *labels);
  const ReportPeriod before = period.YearBefore();
  auto previous = store_.ReportRollups(site->id, before.from, before.to);
  if (!previous) return tl::unexpected(previous.error());
  comparison.previous = BuildActivityReport(before.from, before.to, *previous, communes, *labels);
  return comparison;
}

Result<ActivityComparison> Reports::Export(const Agent& agent, const ReportPeriod& period) {
  if (auto allowed = MayAt(agent, Action::kExportReports); !allowed) {
    return tl::unexpected(allowed.error());
  }
  auto comparison = Activity(agent, period);
  if (comparison && journal_ != nullptr) {
    const std::string subject = "activity " + app::FormatDate(date::year_month_day{period.from}) +
                                ".." + app::FormatDate(date::year_month_day{period.to});
    if (auto ok =
            journal_->Record(sites_.Current()->id, agent, audit_event::kReportExport, subject);
        !ok) {
      return tl::unexpected(ok.error());
    }
  }
  return comparison;
}

Result<FundingSplit> Reports::Funding(const Agent& agent, int year, std::int64_t budget_cents) {
  if (auto allowed = MayAt(agent, Action::kViewFunding); !allowed) {
    return tl::unexpected(allowed.error());
  }
  if (auto ok = CheckReportYear(year); !ok) return tl::unexpected(ok.error());
  if (budget_cents < 0 || budget_cents > kMaxFundingCents) {
    return Fail(ErrorKind::kInvalid, "invalid_budget", "Le budget va de 0 à 1 milliard d'euros.",
                "budget");
  }
  const std::string& site_id = sites_.Current()->id;
  auto members = store_.ListMembers(site_id);
  if (!members) return tl::unexpected(members.error());
  const ReportPeriod period = ReportPeriod::Year(year);
  auto totals = store_.RollupTotals(site_id, Dimension::kCommune, period.from, period.to);
  if (!totals) return tl::unexpected(totals.error());
  std::unordered_map<std::string, std::int64_t> visits(totals->begin(), totals->end());
  std::unordered_map<std::string, std::string> names;
  for (const Member& member : *members) {
    if (!member.commune_insee) continue;
    if (auto commune = communes_.Find(*member.commune_insee)) {
      names.emplace(*member.commune_insee, std::string(commune->name));
    }
  }
  return SplitFunding(budget_cents, *members, visits, names);
}

Result<std::vector<Member>> Reports::Members(const Agent& agent) {
  if (auto allowed = MayAt(agent, Action::kManageMembers); !allowed) {
    return tl::unexpected(allowed.error());
  }
  return store_.ListMembers(sites_.Current()->id);
}

Result<Member> Reports::SaveMember(const Agent& agent, const Member& draft) {
  if (auto allowed = MayAt(agent, Action::kManageMembers); !allowed) {
    return tl::unexpected(allowed.error());
  }
  Member member = draft;
  if (auto ok = CheckMember(member); !ok) return tl::unexpected(ok.error());
  if (member.commune_insee) {
    auto commune = communes_.Find(*member.commune_insee);
    if (!commune) {
      return Fail(ErrorKind::kInvalid, "unknown_commune",
                  "Code INSEE de commune inconnu (5 caractères, par exemple 92002).",
                  "commune_insee");
    }
    member.commune_insee = std::string(commune->insee);
  }
  if (auto saved = store_.SaveMember(sites_.Current()->id, member); !saved) {
    return tl::unexpected(saved.error());
  }
  return member;
}

Status Reports::DeleteMember(const Agent& agent, const std::string& member_id) {
  if (auto allowed = MayAt(agent, Action::kManageMembers); !allowed) return allowed;
  return store_.DeleteMember(sites_.Current()->id, member_id);
}

}  // namespace relais::app
