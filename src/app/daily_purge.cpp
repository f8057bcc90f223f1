#include "app/daily_purge.h"

#include <optional>

namespace relais::app {

std::string DescribePurge(const PurgeReport& report) {
  const PurgeCounts& c = report.counts;
  return std::string(report.dry_run ? "purge (simulation) : " : "purge : ") +
         std::to_string(c.people) + " dossier(s) supprimé(s), " + std::to_string(c.appointments) +
         " rendez-vous anonymisé(s), " + std::to_string(c.registrations) +
         " inscription(s) anonymisée(s), " + std::to_string(c.messages) +
         " message(s) envoyé(s) supprimé(s)";
}

void DailyPurge::Start() {
  std::lock_guard lock(mutex_);
  if (worker_.joinable()) return;
  stopping_ = false;
  worker_ = std::thread([this] { Run(); });
}

void DailyPurge::Stop() {
  std::thread worker;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    worker = std::move(worker_);
  }
  wake_.notify_one();
  if (worker.joinable()) worker.join();
}

int DailyPurge::runs() const {
  std::lock_guard lock(mutex_);
  return runs_;
}

void DailyPurge::Run() {
  std::optional<Instant> next;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const Instant now = clock_.Now();
    if (!next || now >= *next) {
      lock.unlock();
      auto report = retention_.Purge();
      log_(report ? DescribePurge(*report) : "purge en échec : " + report.error().message);
      lock.lock();
      ++runs_;
      next = now + std::chrono::hours(24);
    }
    wake_.wait_for(lock, poll_, [this] { return stopping_; });
  }
}

}  // namespace relais::app
