#include "app/demo.h"

#include <algorithm>
#include <iterator>

#include "app/zoned_time.h"
#include "domain/holidays.h"

namespace relais::app {

Result<std::vector<DemoAccount>> BuildDemoDesk(Sites& sites, Accounts& accounts,
                                               SiteStore& site_store) {
  auto existing = site_store.FindSite(kDemoSiteId);
  if (!existing) return tl::unexpected(existing.error());
  if (!*existing) {
    Site site{kDemoSiteId, "PIMMS Médiation d'Antony", "Quartier du Noyer-Doré, 92160 Antony",
              "Europe/Paris", "Mo,We,Th 09:30-13:00,14:00-17:00; Tu,Fr 09:30-13:00; PH off"};
    if (auto saved = sites.Save(site); !saved) return tl::unexpected(saved.error());
  }
  for (const std::string code : {"caf", "cpam", "france-travail"}) {
    for (const Partner& partner : StandardPartners()) {
      if (partner.code != code) continue;
      if (auto saved = sites.AddPartner(kDemoSiteId, partner); !saved) {
        return tl::unexpected(saved.error());
      }
    }
  }
  std::vector<DemoAccount> created;
  for (Role role :
       {Role::kAdmin, Role::kCoordinator, Role::kMediator, Role::kReception, Role::kFunder}) {
    const std::string login(RoleName(role));
    auto agent = accounts.AddDemoAgent(login, role, kDemoPassword, {kDemoSiteId});
    if (!agent && agent.error().code != "login_taken") return tl::unexpected(agent.error());
    const bool totp = TotpRequired(role);
    if (agent && totp) {
      if (auto enrolled = accounts.EnrollDemoTotp(login, kDemoTotpSecret); !enrolled) {
        return tl::unexpected(enrolled.error());
      }
    }
    created.push_back({login, login, totp});
  }
  for (const std::string login : {"mediatrice2", "mediateur3"}) {
    auto agent = accounts.AddDemoAgent(login, Role::kMediator, kDemoPassword, {kDemoSiteId});
    if (!agent && agent.error().code != "login_taken") return tl::unexpected(agent.error());
    created.push_back({login, std::string(RoleName(Role::kMediator))});
  }
  return created;
}

Status BuildDemoAppointments(AppointmentStore& store, AgentStore& agents) {
  // The seed's procedures; online bookings at least 2 hours ahead, 60 days at most.
  const std::vector<AppointmentType> types = {
      {"caf-logement", "Aide pour l'allocation logement (CAF)", 45, "caf",
       "Numéro d'allocataire CAF, bail ou quittance de loyer, dernier avis d'imposition, RIB.",
       true, 120, 60, 15, 1},
      {"caf-prime-activite", "Prime d'activité (CAF)", 30, "caf",
       "Numéro d'allocataire CAF, bulletins de salaire des trois derniers mois.", true, 120, 60, 0,
       2},
      {"cpam-compte-ameli", "Créer son compte ameli", 30, "cpam",
       "Carte Vitale, RIB, téléphone portable et adresse e-mail.", true, 120, 60, 0, 3},
      {"france-travail-inscription", "Inscription et espace France Travail", 30, "france-travail",
       "Pièce d'identité, CV si vous en avez un, adresse e-mail.", true, 120, 60, 0, 4},
      {"billet-train", "Réserver un billet de train", 20, "",
       "Pièce d'identité, carte de réduction éventuelle, moyen de paiement.", true, 120, 60, 0, 5},
      {"orientation", "Orientation générale", 15, "", "", true, 120, 60, 0, 6},
      {"suivi-demarche", "Suivi d'une démarche (sur proposition d'un médiateur)", 30, "",
       "Les courriers reçus depuis le dernier rendez-vous.", false, 0, 60, 0, 7},
  };
  auto existing = store.ListAppointmentTypes(kDemoSiteId);
  if (!existing) return tl::unexpected(existing.error());
  if (existing->empty()) {
    for (const AppointmentType& type : types) {
      if (auto saved = store.SaveAppointmentType(kDemoSiteId, type); !saved) return saved;
    }
  }
  auto mediators = store.ListMediators(kDemoSiteId);
  if (!mediators) return tl::unexpected(mediators.error());
  if (!mediators->empty()) return {};
  // Within the desk's hours: Mo,We,Th 09:30-13:00,14:00-17:00; Tu,Fr 09:30-13:00.
  const std::vector<std::pair<std::string, MediatorSettings>> demo = {
      {"mediator",
       {"",
        "",
        "Mo-Fr 09:30-13:00,14:00-17:00",
        {"caf-logement", "caf-prime-activite", "cpam-compte-ameli", "france-travail-inscription",
         "billet-train", "orientation", "suivi-demarche"}}},
      {"mediatrice2",
       {"",
        "",
        "Mo,Tu,Th,Fr 09:30-13:00; We 14:00-17:00",
        {"caf-logement", "caf-prime-activite", "cpam-compte-ameli", "orientation",
         "suivi-demarche"}}},
      {"mediateur3",
       {"",
        "",
        "Mo,We,Th 14:00-17:00; Tu,Fr 09:30-13:00",
        {"cpam-compte-ameli", "france-travail-inscription", "billet-train", "orientation",
         "suivi-demarche"}}},
  };
  for (auto [login, settings] : demo) {
    auto agent = agents.FindAgentByLogin(login);
    if (!agent) return tl::unexpected(agent.error());
    if (!*agent) continue;
    settings.agent_id = (*agent)->agent.id;
    if (auto saved = store.SaveMediator(kDemoSiteId, settings); !saved) return saved;
  }
  return {};
}

Status BuildDemoMembers(ReportStore& store) {
  auto members = store.ListMembers(kDemoSiteId);
  if (!members) return tl::unexpected(members.error());
  if (!members->empty()) return {};
  const std::vector<Member> demo = {
      {"antony", "Ville d'Antony", MemberKind::kCommune, "92002", FundingKey::kUsage, 0, 1},
      {"massy", "Ville de Massy", MemberKind::kCommune, "91377", FundingKey::kUsage, 0, 2},
      {"essonne", "Département de l'Essonne", MemberKind::kDepartment, std::nullopt,
       FundingKey::kFixed, 45'000'00, 3},
      {"etat", "État (emplois aidés)", MemberKind::kState, std::nullopt, FundingKey::kFixed,
       62'400'00, 4},
      {"ccas-antony", "CCAS d'Antony", MemberKind::kCcas, std::nullopt, FundingKey::kFixed,
       15'000'00, 5},
      {"hauts-de-bievre-habitat", "Hauts-de-Bièvre Habitat", MemberKind::kSocialLandlord,
       std::nullopt, FundingKey::kFixed, 12'500'00, 6},
  };
  for (const Member& member : demo) {
    if (auto saved = store.SaveMember(kDemoSiteId, member); !saved) return saved;
  }
  return {};
}

namespace {

// A small deterministic generator (SplitMix64) for the demo's answers.
class DemoRandom {
 public:
  explicit DemoRandom(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }
  // True with probability percent / 100.
  bool Chance(int percent) { return Below(100) < percent; }

 private:
  std::uint64_t state_;
};

// A respondent's overall feeling (62 % very satisfied, 28 % satisfied…),
// each criterion within one point of it.
SurveyAnswer DemoAnswer(DemoRandom& random) {
  const int roll = random.Below(100);
  const int base = roll < 62 ? 5 : roll < 90 ? 4 : roll < 97 ? 3 : roll < 99 ? 2 : 1;
  const auto near = [&] {
    const int step = random.Below(10);
    const int score = base + (step == 0 ? -1 : step == 9 ? 1 : 0);
    return std::clamp(score, kMinSurveyScore, kMaxSurveyScore);
  };
  SurveyAnswer answer;
  answer.professionalism = near();
  answer.efficiency = near();
  answer.listening = near();
  if (!random.Chance(12)) answer.recommend = base >= 4 ? random.Chance(97) : random.Chance(45);
  return answer;
}

constexpr const char* kDemoPraise[] = {
    "Très bon accueil, merci pour votre patience.",
    "On m'a aidé à remplir mon dossier CAF, tout est clair maintenant.",
    "Personnel à l'écoute et disponible.",
    "Merci, je n'y arrivais pas seule sur internet.",
    "Rapide et efficace, je reviendrai.",
    "L'atelier m'a appris à créer mon adresse e-mail, merci !",
    "Très bonne explication pour le compte ameli.",
};
constexpr const char* kDemoSuggestions[] = {
    "Un peu d'attente le matin, mais on est bien reçu.",
    "Il faudrait ouvrir le mardi après-midi.",
    "Difficile de trouver le bureau la première fois.",
};

}  // namespace

std::vector<SurveyRecord> DemoSurveyAnswers(date::year_month_day from, date::year_month_day to) {
  std::vector<SurveyRecord> records;
  const HolidayCalendar holidays;
  DemoRandom random(0x5A7150F);
  for (date::sys_days day{from}; day <= date::sys_days{to}; day += date::days{1}) {
    const date::weekday weekday{day};
    if (weekday == date::Saturday || weekday == date::Sunday) continue;
    const date::year_month_day ymd{day};
    if (holidays.IsHoliday(ymd)) continue;
    const bool summer = ymd.month() == date::August;
    const auto add = [&](SurveyKind kind, int count) {
      for (int i = 0; i < count; ++i) {
        SurveyRecord record{kind, ymd, DemoAnswer(random)};
        if (random.Chance(9)) {
          record.answer.comment = record.answer.professionalism >= 4
                                      ? kDemoPraise[random.Below(std::size(kDemoPraise))]
                                      : kDemoSuggestions[random.Below(std::size(kDemoSuggestions))];
        }
        records.push_back(std::move(record));
      }
    };
    add(SurveyKind::kVisit, random.Below(summer ? 3 : 7));
    add(SurveyKind::kAppointment, random.Below(3));
    if (!summer && (weekday == date::Tuesday || weekday == date::Thursday)) {
      add(SurveyKind::kWorkshop, random.Below(4));
    }
  }
  return records;
}

Status BuildDemoSurveys(SurveyStore& store, const Clock& clock) {
  auto count = store.CountAnswers(kDemoSiteId);
  if (!count) return tl::unexpected(count.error());
  if (*count > 0) return {};
  auto zone = TimeZone::Find("Europe/Paris");
  if (!zone) return tl::unexpected(zone.error());
  const auto now = std::chrono::floor<std::chrono::seconds>(clock.Now());
  const date::local_days today = date::floor<date::days>(zone->ToLocal(now));
  const date::year_month_day first = date::year{2024} / date::January / 1;
  const date::year_month_day last{today - date::days{1}};
  if (date::sys_days{last} < date::sys_days{first}) return {};
  std::vector<SurveyRecord> records = DemoSurveyAnswers(first, last);
  std::vector<std::string> ids;
  ids.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) ids.push_back("demo-" + std::to_string(i + 1));
  return store.ImportAnswers(kDemoSiteId, records, ids);
}

}  // namespace relais::app
