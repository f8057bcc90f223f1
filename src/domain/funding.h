// The GIP's members (membres du groupement d'intérêt public) and the split
// of a year's budget between them by their funding key. Pure: no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/error.h"

namespace relais {

// What kind of body a member is.
enum class MemberKind {
  kCommune,         // commune
  kDepartment,      // conseil départemental
  kState,           // État (préfecture, emplois aidés, FNADT…)
  kCcas,            // centre communal d'action sociale
  kSocialLandlord,  // bailleur social
  kOther,           // autre (opérateur, association…)
};
inline constexpr MemberKind kMemberKinds[] = {MemberKind::kCommune,        MemberKind::kDepartment,
                                              MemberKind::kState,          MemberKind::kCcas,
                                              MemberKind::kSocialLandlord, MemberKind::kOther};
std::string_view MemberKindName(
    MemberKind kind);  // "commune", "department", "state", "ccas", "social_landlord", "other"
std::string_view MemberKindLabel(MemberKind kind);  // "Commune", "Département", …
std::optional<MemberKind> ParseMemberKind(std::string_view name);

// How a member's contribution is set (clé de répartition).
enum class FundingKey {
  kFixed,  // a fixed amount each year
  kUsage,  // communes only: a share of what the fixed amounts leave, in
           // proportion to their residents' visits in the year
};
std::string_view FundingKeyName(FundingKey key);  // "fixed", "usage"
std::optional<FundingKey> ParseFundingKey(std::string_view name);

inline constexpr std::int64_t kMaxFundingCents = 100'000'000'000;  // 10^9 euros

struct Member {
  std::string id;    // a slug: lower-case letters, digits and hyphens, 1 to 64
  std::string name;  // "Ville d'Antony"
  MemberKind kind = MemberKind::kOther;
  std::optional<std::string> commune_insee;  // communes: their INSEE code
  FundingKey key = FundingKey::kFixed;
  std::int64_t fixed_cents = 0;  // kFixed: the amount; kUsage: 0
  int position = 0;              // order in lists, smallest first

  friend bool operator==(const Member&, const Member&) = default;
};

// Success, or kInvalid naming the field: "id" (not a slug), "name" (empty
// or over 200 bytes), "commune_insee" (missing for a commune, or given for
// another kind), "key" (usage for a member that is not a commune),
// "fixed_amount" (negative, over kMaxFundingCents, or not 0 under usage).
// The INSEE code's existence is the caller's to check.
Status CheckMember(const Member& member);

// One member's part of the budget.
struct MemberShare {
  std::string id;
  std::string name;
  MemberKind kind = MemberKind::kOther;
  FundingKey key = FundingKey::kFixed;
  std::optional<std::string> commune_insee;
  std::int64_t amount_cents = 0;
  std::int64_t share_basis_points = 0;  // 1/10,000 of the budget
  double share = 0;                     // share_basis_points / 10,000

  friend bool operator==(const MemberShare&, const MemberShare&) = default;
};

// A usage member commune and the visits that set its part.
struct CommuneUsage {
  std::string insee;
  std::string name;
  std::int64_t visits = 0;  // its residents' visits in the year
  double share = 0;         // visits / the visits of every usage member commune (0 when none)

  friend bool operator==(const CommuneUsage&, const CommuneUsage&) = default;
};

struct FundingSplit {
  std::int64_t budget_cents = 0;
  std::int64_t fixed_cents = 0;        // what the fixed amounts cover
  std::int64_t usage_cents = 0;        // budget − fixed: what the usage communes share
  std::vector<MemberShare> members;    // in the members' order
  std::vector<CommuneUsage> communes;  // the usage members, most visits first
};

// Splits `budget_cents`:
//  1. each fixed member pays its fixed amount;
//  2. what remains (budget − the fixed amounts) is split between the usage
//     members in proportion to their residents' visits (`visits` by INSEE
//     code; a commune absent from it had none): a commune with no visits
//     pays nothing. Exact parts are rounded down to the cent and the cents
//     left go one each to the largest remainders (ties: the members' order),
//     so the amounts sum to the budget to the cent.
// Shares are amounts / budget in basis points, rounded the same way
// (largest remainder), so they sum to exactly 10,000 (100 %); with a zero
// budget every share is 0.
// Fails with kInvalid, field "budget": "invalid_budget" when the budget is
// negative or over kMaxFundingCents; "budget_below_fixed" when the fixed
// amounts exceed it; "no_usage_visits" when something remains and no usage
// member had a visit (nobody to pay it). `commune_names` names the usage
// communes in `communes` (missing: the member's name).
Result<FundingSplit> SplitFunding(
    std::int64_t budget_cents, const std::vector<Member>& members,
    const std::unordered_map<std::string, std::int64_t>& visits,
    const std::unordered_map<std::string, std::string>& commune_names = {});

// Largest-remainder rounding: splits `total` (≥ 0) in proportion to
// `weights` (≥ 0, not all 0); the parts sum to `total`; ties go to the
// earlier weight.
std::vector<std::int64_t> SplitByLargestRemainder(std::int64_t total,
                                                  const std::vector<std::int64_t>& weights);

}  // namespace relais
