#include "app/visits.h"

#include <algorithm>

#include "app/appointments.h"  // ParseRfc3339
#include "app/policy.h"
#include "app/secrets.h"

namespace relais::app {
namespace {

using std::chrono::sys_seconds;

// The earliest date a visit may carry: older ones are typing mistakes.
constexpr auto kEarliestVisit = date::sys_days{date::year{2000} / 1 / 1};

struct OutcomeEntry {
  Outcome outcome;
  std::string_view name;
  std::string_view label;
};
constexpr OutcomeEntry kOutcomeEntries[] = {
    {Outcome::kResolved, "resolved", "Résolu sur place"},
    {Outcome::kAppointment, "appointment", "Rendez-vous donné"},
    {Outcome::kReferred, "referred", "Orienté vers un partenaire"},
    {Outcome::kPending, "pending", "En attente"},
};

struct ChannelEntry {
  Channel channel;
  std::string_view name;
  std::string_view label;
};
constexpr ChannelEntry kChannelEntries[] = {
    {Channel::kWalkIn, "walk_in", "Au guichet, sans rendez-vous"},
    {Channel::kAppointment, "appointment", "Sur rendez-vous"},
    {Channel::kPhone, "phone", "Par téléphone"},
    {Channel::kEmail, "email", "Par courriel"},
};

// An RFC 3339 instant; a fraction of a second (as JavaScript's
// toISOString() writes) is dropped.
Result<sys_seconds> ParseInstant(std::string text) {
  if (text.size() > 20 && text[19] == '.') {
    std::size_t end = 20;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
    if (end > 20) text.erase(19, end - 19);
  }
  return ParseRfc3339(text, "at");
}

}  // namespace

const std::vector<Theme>& Themes() {
  // The service-public.fr "particuliers" headings, as a desk counts them.
  static const std::vector<Theme> kThemes = {
      {"papiers-citoyennete", "Papiers, citoyenneté, élections"},
      {"famille", "Famille, scolarité"},
      {"social-sante", "Social, santé"},
      {"emploi", "Travail, emploi, formation"},
      {"logement", "Logement"},
      {"argent-impots", "Argent, impôts, consommation"},
      {"transports", "Transports, mobilité"},
      {"justice", "Justice"},
      {"etranger", "Étrangers en France"},
      {"retraite", "Retraite"},
      {"handicap", "Handicap"},
      {"numerique", "Numérique, démarches en ligne"},
  };
  return kThemes;
}

std::string_view ThemeLabel(std::string_view code) {
  for (const Theme& theme : Themes()) {
    if (theme.code == code) return theme.label;
  }
  return code;
}

std::string_view OutcomeName(Outcome outcome) {
  for (const auto& e : kOutcomeEntries) {
    if (e.outcome == outcome) return e.name;
  }
  return "resolved";
}

std::string_view OutcomeLabel(Outcome outcome) {
  for (const auto& e : kOutcomeEntries) {
    if (e.outcome == outcome) return e.label;
  }
  return "";
}

std::optional<Outcome> ParseOutcome(std::string_view name) {
  for (const auto& e : kOutcomeEntries) {
    if (e.name == name) return e.outcome;
  }
  return std::nullopt;
}

std::string_view ChannelName(Channel channel) {
  for (const auto& e : kChannelEntries) {
    if (e.channel == channel) return e.name;
  }
  return "walk_in";
}

std::string_view ChannelLabel(Channel channel) {
  for (const auto& e : kChannelEntries) {
    if (e.channel == channel) return e.label;
  }
  return "";
}

std::optional<Channel> ParseChannel(std::string_view name) {
  for (const auto& e : kChannelEntries) {
    if (e.name == name) return e.channel;
  }
  return std::nullopt;
}

std::vector<Rollup> VisitRollups(const Visit& visit, const TimeZone& zone) {
  VisitFacts facts;
  facts.local_time = zone.ToLocal(visit.at);
  facts.commune_insee = visit.commune_insee;
  facts.qpv = visit.qpv;
  facts.partner = visit.partner;
  facts.themes = visit.themes;
  facts.outcome = std::string(OutcomeName(visit.outcome));
  facts.channel = std::string(ChannelName(visit.channel));
  facts.first_visit = visit.first_visit;
  return RollupsOf(facts);
}

namespace {

// The roll-ups of `visits`, summed; summed on the way as well, so that the
// rows in memory stay about days × categories.
std::vector<Rollup> SummedRollups(const std::vector<Visit>& visits, const TimeZone& zone) {
  constexpr std::size_t kSumEvery = 1 << 18;
  std::vector<Rollup> rows;
  std::size_t summed = 0;
  for (const Visit& visit : visits) {
    std::vector<Rollup> more = VisitRollups(visit, zone);
    rows.insert(rows.end(), std::make_move_iterator(more.begin()),
                std::make_move_iterator(more.end()));
    if (rows.size() - summed > kSumEvery) {
      rows = SumRollups(std::move(rows));
      summed = rows.size();
    }
  }
  return SumRollups(std::move(rows));
}

}  // namespace

Status ImportVisits(VisitStore& store, const std::string& site_id, const TimeZone& zone,
                    const std::vector<Visit>& visits) {
  return store.AddVisits(site_id, visits, SummedRollups(visits, zone));
}

Status Visits::Load() {
  const std::string site_id = sites_.Current()->id;
  auto counts = store_.CountVisitsByCommune(site_id);
  if (!counts) return tl::unexpected(counts.error());
  communes_.SetCounts(site_id, *counts);

  auto check = store_.CheckRollups(site_id);
  if (!check) return tl::unexpected(check.error());
  if (check->visits == check->rolled_up) return {};
  auto visits =
      store_.ListVisits(site_id, std::chrono::sys_seconds::min(), std::chrono::sys_seconds::max());
  if (!visits) return tl::unexpected(visits.error());
  return store_.ReplaceRollups(site_id, SummedRollups(*visits, sites_.CurrentHours()->zone()));
}

Status Visits::MayLog(const Agent& agent) const {
  if (auto allowed = AuthorizeAt(agent, Action::kLogVisit, sites_.Current()->id); !allowed)
    return allowed;
  return {};
}

Result<Visit> Visits::Log(const Agent& agent, const VisitDraft& draft) {
  if (auto allowed = MayLog(agent); !allowed) return tl::unexpected(allowed.error());
  const std::string site_id = sites_.Current()->id;
  const sys_seconds now = std::chrono::floor<std::chrono::seconds>(clock_.Now());
  Visit visit;
  visit.id = RandomId();
  visit.logged_by = agent.id;
  visit.created_at = now;

  visit.at = now;
  if (draft.at) {
    auto at = ParseInstant(*draft.at);
    if (!at) return tl::unexpected(at.error());
    if (*at > now + kVisitClockTolerance) {
      return Fail(ErrorKind::kInvalid, "future_time",
                  "Un passage ne peut pas être daté dans le futur.", "at");
    }
    if (*at < kEarliestVisit) {
      return Fail(ErrorKind::kInvalid, "invalid_time",
                  "Un passage ne peut pas être daté d'avant l'an 2000.", "at");
    }
    visit.at = *at;
  }

  if (draft.commune_insee) {
    auto commune = communes_.Find(*draft.commune_insee);
    if (!commune) {
      return Fail(ErrorKind::kInvalid, "unknown_commune",
                  "Code INSEE de commune inconnu (5 caractères, par exemple 92002).",
                  "commune_insee");
    }
    visit.commune_insee = std::string(commune->insee);
  }

  visit.qpv = draft.qpv;

  if (draft.partner) {
    auto partners = sites_.Partners();
    if (!partners) return tl::unexpected(partners.error());
    const bool known = std::any_of(partners->begin(), partners->end(),
                                   [&](const Partner& p) { return p.code == *draft.partner; });
    if (!known) {
      return Fail(ErrorKind::kInvalid, "unknown_partner",
                  "Partenaire inconnu de ce lieu (voir la liste des partenaires).", "partner");
    }
    visit.partner = draft.partner;
  }

  for (const std::string& code : draft.themes) {
    const bool known = std::any_of(Themes().begin(), Themes().end(),
                                   [&](const Theme& t) { return t.code == code; });
    if (!known) {
      return Fail(ErrorKind::kInvalid, "unknown_theme", "Thématique inconnue.", "themes");
    }
  }
  for (const Theme& theme : Themes()) {
    if (std::find(draft.themes.begin(), draft.themes.end(), theme.code) != draft.themes.end()) {
      visit.themes.emplace_back(theme.code);
    }
  }

  auto outcome = ParseOutcome(draft.outcome);
  if (!outcome) {
    return Fail(ErrorKind::kInvalid, "invalid_outcome",
                "Issue attendue : resolved, appointment, referred ou pending.", "outcome");
  }
  visit.outcome = *outcome;

  if (draft.duration_minutes) {
    if (*draft.duration_minutes < 1 || *draft.duration_minutes > kMaxVisitMinutes) {
      return Fail(ErrorKind::kInvalid, "invalid_duration",
                  "La durée se compte en minutes, de 1 à " + std::to_string(kMaxVisitMinutes) + ".",
                  "duration_minutes");
    }
    visit.duration_minutes = static_cast<int>(*draft.duration_minutes);
  }

  if (draft.channel) {
    auto channel = ParseChannel(*draft.channel);
    if (!channel) {
      return Fail(ErrorKind::kInvalid, "invalid_channel",
                  "Canal attendu : walk_in, appointment, phone ou email.", "channel");
    }
    visit.channel = *channel;
  }

  visit.first_visit = draft.first_visit;

  const std::vector<Rollup> rollups = VisitRollups(visit, sites_.CurrentHours()->zone());
  if (auto stored = store_.AddVisit(site_id, visit, rollups); !stored) {
    return tl::unexpected(stored.error());
  }
  if (visit.commune_insee) communes_.Count(site_id, *visit.commune_insee);
  return visit;
}

Result<std::vector<Visit>> Visits::Day(const Agent& agent, const std::string& date) {
  if (auto allowed = MayLog(agent); !allowed) return tl::unexpected(allowed.error());
  auto day = ParseDate(date, "date");
  if (!day) return tl::unexpected(day.error());
  const auto hours = sites_.CurrentHours();
  const date::local_days local{*day};
  const sys_seconds from = hours->zone().ToInstant(date::local_seconds{local});
  const sys_seconds to = hours->zone().ToInstant(date::local_seconds{local + date::days{1}});
  return store_.ListVisits(sites_.Current()->id, from, to);
}

std::string Visits::Today() const {
  const auto now = std::chrono::floor<std::chrono::seconds>(clock_.Now());
  return FormatDate(sites_.CurrentHours()->LocalDate(now));
}

}  // namespace relais::app
