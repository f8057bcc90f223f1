// The communes a desk's visitors come from: the table shipped in the binary
// (built from @etalab/decoupage-administratif), searched with the communes
// each site sees most first; the counts live in memory. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/commune.h"
#include "domain/error.h"

namespace relais::app {

// The table embedded at build time, parsed once. Fails only when the build
// embedded a malformed table.
Result<std::shared_ptr<const CommuneTable>> ShippedCommunes();

// What a person typed in the commune field, resolved: one commune, nothing
// (the field was left empty: unknown), or several to choose from.
struct CommuneResolution {
  std::optional<Commune> commune;
  std::vector<Commune> choices;  // when not empty, the name was ambiguous
};

class Communes {
 public:
  explicit Communes(std::shared_ptr<const CommuneTable> table) : table_(std::move(table)) {}

  // The commune of an INSEE code, or nothing.
  std::optional<Commune> Find(std::string_view insee) const;

  // Up to `limit` communes matching `query` (CommuneTable::Match), best
  // first: the site's most frequent, then an exact name, then a name that
  // starts with the query, then the most populous.
  std::vector<Commune> Search(const std::string& site_id, std::string_view query,
                              std::size_t limit) const;

  // The site's `limit` most frequent communes, most first.
  std::vector<Commune> MostFrequent(const std::string& site_id, std::size_t limit) const;

  // Reads a code ("92002"), a datalist entry ("Antony (92002)") or a name
  // ("antony", "st denis"). A name is the commune when it is the only
  // match, or an exact match that the site sees more often than every other
  // match; otherwise it gives choices (at most
  // `max_choices`, ranked as Search ranks). An empty text is an unknown
  // commune. A text matching nothing: kInvalid "unknown_commune" naming
  // `field`.
  Result<CommuneResolution> Resolve(const std::string& site_id, std::string_view text,
                                    const std::string& field, std::size_t max_choices = 8) const;

  // Replaces the site's counts (at start-up, from storage).
  void SetCounts(const std::string& site_id,
                 const std::vector<std::pair<std::string, std::int64_t>>& counts);
  // One more visit from `insee` at the site.
  void Count(const std::string& site_id, const std::string& insee);

 private:
  std::vector<Commune> Rank(const std::string& site_id, const std::vector<CommuneMatch>& matches,
                            std::size_t limit) const;
  std::int64_t CountOf(const std::unordered_map<std::string, std::int64_t>* counts,
                       std::string_view insee) const;

  std::shared_ptr<const CommuneTable> table_;
  mutable std::mutex mutex_;
  // site → INSEE code → visits
  std::unordered_map<std::string, std::unordered_map<std::string, std::int64_t>>
      counts_;  // GUARDED_BY(mutex_)
};

}  // namespace relais::app
