#include "domain/funding.h"

#include <algorithm>
#include <numeric>

namespace relais {
namespace {

struct KindEntry {
  MemberKind kind;
  std::string_view name;
  std::string_view label;
};
constexpr KindEntry kKindEntries[] = {
    {MemberKind::kCommune, "commune", "Commune"},
    {MemberKind::kDepartment, "department", "Département"},
    {MemberKind::kState, "state", "État"},
    {MemberKind::kCcas, "ccas", "CCAS"},
    {MemberKind::kSocialLandlord, "social_landlord", "Bailleur social"},
    {MemberKind::kOther, "other", "Autre"},
};

constexpr std::size_t kMaxMemberName = 200;
constexpr std::size_t kMaxMemberId = 64;

bool IsSlug(std::string_view text) {
  if (text.empty() || text.size() > kMaxMemberId) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace

std::string_view MemberKindName(MemberKind kind) {
  for (const auto& e : kKindEntries) {
    if (e.kind == kind) return e.name;
  }
  return "other";
}

std::string_view MemberKindLabel(MemberKind kind) {
  for (const auto& e : kKindEntries) {
    if (e.kind == kind) return e.label;
  }
  return "Autre";
}

std::optional<MemberKind> ParseMemberKind(std::string_view name) {
  for (const auto& e : kKindEntries) {
    if (e.name == name) return e.kind;
  }
  return std::nullopt;
}

std::string_view FundingKeyName(FundingKey key) {
  return key == FundingKey::kUsage ? "usage" : "fixed";
}

std::optional<FundingKey> ParseFundingKey(std::string_view name) {
  if (name == "fixed") return FundingKey::kFixed;
  if (name == "usage") return FundingKey::kUsage;
  return std::nullopt;
}

Status CheckMember(const Member& member) {
  if (!IsSlug(member.id)) {
    return Fail(ErrorKind::kInvalid, "invalid_member_id",
                "L'identifiant d'un membre s'écrit en minuscules, chiffres et tirets (64 au plus).",
                "id");
  }
  if (member.name.empty() || member.name.size() > kMaxMemberName) {
    return Fail(ErrorKind::kInvalid, "invalid_name",
                "Le nom du membre est obligatoire (200 caractères au plus).", "name");
  }
  if (member.kind == MemberKind::kCommune && !member.commune_insee) {
    return Fail(ErrorKind::kInvalid, "missing_commune",
                "Une commune membre a besoin de son code INSEE.", "commune_insee");
  }
  if (member.kind != MemberKind::kCommune && member.commune_insee) {
    return Fail(ErrorKind::kInvalid, "unexpected_commune",
                "Seule une commune membre porte un code INSEE.", "commune_insee");
  }
  if (member.key == FundingKey::kUsage && member.kind != MemberKind::kCommune) {
    return Fail(ErrorKind::kInvalid, "usage_key_for_communes",
                "La clé à l'usage ne vaut que pour les communes ; les autres membres versent un "
                "montant fixe.",
                "key");
  }
  if (member.fixed_cents < 0 || member.fixed_cents > kMaxFundingCents) {
    return Fail(ErrorKind::kInvalid, "invalid_amount",
                "Le montant fixe va de 0 à 1 milliard d'euros.", "fixed_amount");
  }
  if (member.key == FundingKey::kUsage && member.fixed_cents != 0) {
    return Fail(ErrorKind::kInvalid, "amount_with_usage_key",
                "Un membre à la clé d'usage n'a pas de montant fixe.", "fixed_amount");
  }
  return {};
}

std::vector<std::int64_t> SplitByLargestRemainder(std::int64_t total,
                                                  const std::vector<std::int64_t>& weights) {
  std::vector<std::int64_t> parts(weights.size(), 0);
  __int128 sum = 0;
  for (std::int64_t w : weights) sum += w;
  if (sum <= 0 || total <= 0) return parts;
  std::vector<__int128> remainders(weights.size(), 0);
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const __int128 exact = static_cast<__int128>(total) * weights[i];
    parts[i] = static_cast<std::int64_t>(exact / sum);
    remainders[i] = exact % sum;
    given += parts[i];
  }
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  for (std::size_t i = 0; given < total && i < order.size(); ++i) {
    ++parts[order[i]];
    ++given;
  }
  return parts;
}

Result<FundingSplit> SplitFunding(
    std::int64_t budget_cents, const std::vector<Member>& members,
    const std::unordered_map<std::string, std::int64_t>& visits,
    const std::unordered_map<std::string, std::string>& commune_names) {
  if (budget_cents < 0 || budget_cents > kMaxFundingCents) {
    return Fail(ErrorKind::kInvalid, "invalid_budget", "Le budget va de 0 à 1 milliard d'euros.",
                "budget");
  }
  std::vector<Member> ordered = members;
  std::stable_sort(ordered.begin(), ordered.end(), [](const Member& a, const Member& b) {
    return a.position != b.position ? a.position < b.position : a.id < b.id;
  });

  FundingSplit split;
  split.budget_cents = budget_cents;
  std::vector<std::int64_t> usage_visits;  // of each member; 0 for fixed ones
  std::int64_t total_usage_visits = 0;
  for (const Member& member : ordered) {
    std::int64_t v = 0;
    if (member.key == FundingKey::kFixed) {
      split.fixed_cents += member.fixed_cents;
    } else if (member.commune_insee) {
      auto it = visits.find(*member.commune_insee);
      if (it != visits.end() && it->second > 0) v = it->second;
    }
    usage_visits.push_back(v);
    total_usage_visits += v;
  }
  if (split.fixed_cents > budget_cents) {
    return Fail(ErrorKind::kInvalid, "budget_below_fixed",
                "Le budget est inférieur à la somme des contributions fixes des membres.",
                "budget");
  }
  split.usage_cents = budget_cents - split.fixed_cents;
  if (split.usage_cents > 0 && total_usage_visits == 0) {
    return Fail(ErrorKind::kInvalid, "no_usage_visits",
                "Le budget dépasse les contributions fixes, mais aucune commune membre à la clé "
                "d'usage n'a eu de passage cette année : le reste ne peut pas être réparti.",
                "budget");
  }

  const std::vector<std::int64_t> usage_parts =
      SplitByLargestRemainder(split.usage_cents, usage_visits);
  std::vector<std::int64_t> amounts;
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    const Member& member = ordered[i];
    MemberShare share;
    share.id = member.id;
    share.name = member.name;
    share.kind = member.kind;
    share.key = member.key;
    share.commune_insee = member.commune_insee;
    share.amount_cents = member.key == FundingKey::kFixed ? member.fixed_cents : usage_parts[i];
    amounts.push_back(share.amount_cents);
    split.members.push_back(std::move(share));

    if (member.key == FundingKey::kUsage) {
      CommuneUsage usage;
      usage.insee = member.commune_insee.value_or("");
      auto name = commune_names.find(usage.insee);
      usage.name = name != commune_names.end() ? name->second : member.name;
      usage.visits = usage_visits[i];
      usage.share = total_usage_visits > 0 ? static_cast<double>(usage_visits[i]) /
                                                 static_cast<double>(total_usage_visits)
                                           : 0.0;
      split.communes.push_back(std::move(usage));
    }
  }
  const std::vector<std::int64_t> basis_points = SplitByLargestRemainder(10'000, amounts);
  for (std::size_t i = 0; i < split.members.size(); ++i) {
    split.members[i].share_basis_points = basis_points[i];
    split.members[i].share = static_cast<double>(basis_points[i]) / 10'000.0;
  }
  std::stable_sort(
      split.communes.begin(), split.communes.end(),
      [](const CommuneUsage& a, const CommuneUsage& b) { return a.visits > b.visits; });
  return split;
}

}  // namespace relais
