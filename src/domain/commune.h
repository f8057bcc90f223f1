// The French communes (current ones, by INSEE code), found by code and by
// name. Pure: the table reads a text given to it. Immutable once parsed, so
// any thread may read it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"

namespace relais {

// One commune; the views point into the text the table was parsed from.
struct Commune {
  std::string_view insee;       // "92002"; Corsica's start with 2A or 2B
  std::string_view name;        // "Antony"
  std::string_view department;  // "92", "2A", "974"
  std::uint32_t population = 0;
};

// A name as search compares it: lower case, accents and ligatures folded
// ("Œ" → "oe"), every run of other characters (hyphens, apostrophes,
// spaces) one space, trimmed: "L'Haÿ-les-Roses" → "l hay les roses".
std::string FoldName(std::string_view text);

// True for the shape of an INSEE commune code: two digits (or 2A, 2B), then
// three digits. Letters in either case.
bool LooksLikeInseeCode(std::string_view text);

// How well a name matched a query, best first.
enum class NameMatch {
  kExact,   // the whole name (or the whole code)
  kPrefix,  // the start of the name (or of the code)
  kWord,    // the start of a later word of the name
};

struct CommuneMatch {
  const Commune* commune = nullptr;
  NameMatch match = NameMatch::kWord;
};

class CommuneTable {
 public:
  // Parses lines "code<TAB>name<TAB>department<TAB>population", sorted by
  // code (web/tools/communes.mjs writes them). `tsv` must outlive the table.
  // kInvalid naming the line when one is malformed or out of order.
  static Result<CommuneTable> Parse(std::string_view tsv);

  std::size_t size() const { return communes_.size(); }

  // The commune of `insee` (either case), or nullptr.
  const Commune* Find(std::string_view insee) const;

  // Every commune matching `query`, in code order. Digits (and 2A/2B) match
  // codes by prefix; otherwise the folded query matches the folded name
  // whole, at its start or at the start of a later word, and "st" and "ste"
  // also read "saint" and "sainte" ("st maur" finds Saint-Maur-des-Fossés).
  // An empty query matches nothing.
  std::vector<CommuneMatch> Match(std::string_view query) const;

 private:
  std::vector<Commune> communes_;    // by code
  std::vector<std::string> folded_;  // FoldName of each name, same order
};

}  // namespace relais
