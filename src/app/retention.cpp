#include "app/retention.h"

#include <date/date.h>

#include <string>

namespace relais::app {

using std::chrono::sys_seconds;

Status CheckRetention(const RetentionPolicy& policy) {
  const std::pair<const char*, int> fields[] = {{"person_months", policy.person_months},
                                                {"appointment_months", policy.appointment_months},
                                                {"registration_months", policy.registration_months},
                                                {"outbox_months", policy.outbox_months}};
  for (const auto& [field, months] : fields) {
    if (months < 1 || months > kMaxRetentionMonths) {
      return Fail(
          ErrorKind::kInvalid, "invalid_retention",
          "Une durée de conservation va de 1 à " + std::to_string(kMaxRetentionMonths) + " mois.",
          field);
    }
  }
  return {};
}

sys_seconds MonthsBefore(sys_seconds now, int months) {
  const date::sys_days day = std::chrono::floor<date::days>(now);
  const auto time_of_day = now - day;
  date::year_month_day ymd{day};
  ymd = ymd - date::months{months};
  if (!ymd.ok()) ymd = ymd.year() / ymd.month() / date::last;
  return date::sys_days{ymd} + time_of_day;
}

RetentionCutoffs CutoffsAt(const RetentionPolicy& policy, sys_seconds now) {
  return {MonthsBefore(now, policy.person_months), MonthsBefore(now, policy.appointment_months),
          MonthsBefore(now, policy.registration_months), MonthsBefore(now, policy.outbox_months)};
}

Result<PurgeReport> Retention::Purge(bool dry_run) {
  PurgeReport report;
  report.dry_run = dry_run;
  report.cutoffs = CutoffsAt(policy_, std::chrono::floor<std::chrono::seconds>(clock_.Now()));
  auto counts = dry_run ? store_.CountDue(report.cutoffs) : store_.Purge(report.cutoffs);
  if (!counts) return tl::unexpected(counts.error());
  report.counts = *counts;
  if (!dry_run && journal_ != nullptr) {
    const std::string subject = "people=" + std::to_string(counts->people) +
                                " appointments=" + std::to_string(counts->appointments) +
                                " registrations=" + std::to_string(counts->registrations) +
                                " messages=" + std::to_string(counts->messages);
    if (auto ok = journal_->Record("", "", audit_event::kPurge, subject); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  return report;
}

}  // namespace relais::app
