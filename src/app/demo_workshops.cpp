#include "app/demo_workshops.h"

#include <array>
#include <random>

#include "app/demo.h"
#include "app/secrets.h"
#include "app/zoned_time.h"

namespace relais::app {
namespace {

using std::chrono::days;
using std::chrono::hours;

constexpr int kCapacity = 10;  // the computer room's seats
constexpr int kPastDays = 365;
constexpr int kComingDays = 28;

constexpr std::array<const char*, 24> kFirstNames = {
    "Awa",    "Mohamed", "Fatima", "Jean",    "Nadia",   "Karim",  "Monique", "Sofiane",
    "Aïcha",  "Bernard", "Leïla",  "Pascal",  "Mariama", "Yacine", "Josiane", "Thi Lan",
    "Rachid", "Ginette", "Samira", "Ibrahim", "Colette", "Amadou", "Hélène",  "Nour"};
constexpr std::array<const char*, 20> kLastNames = {
    "Diallo",  "Benali", "Martin",  "Nguyen",   "Traoré",  "Moreau", "Haddad",
    "Lefèvre", "Camara", "Bernard", "Mansouri", "Petit",   "Koné",   "Dubois",
    "Cissé",   "Garcia", "Amrani",  "Roux",     "Sissoko", "Lambert"};
// Antony and its neighbours, as the seed's desk sees them.
constexpr std::array<const char*, 7> kCommunes = {"92002", "92002", "92002", "91377",
                                                  "92019", "92071", "94034"};

// A deterministic id for a demo record.
std::string DemoId(const std::string& prefix, std::int64_t day, int n) {
  return prefix + std::to_string(day) + "-" + std::to_string(n);
}

PersonDetails DemoPerson(std::mt19937& rng) {
  PersonDetails person;
  person.first_name = kFirstNames[rng() % kFirstNames.size()];
  person.last_name = kLastNames[rng() % kLastNames.size()];
  person.commune_insee = kCommunes[rng() % kCommunes.size()];
  if (rng() % 4 != 0) {
    std::string phone = rng() % 2 == 0 ? "06" : "07";
    for (int i = 0; i < 8; ++i) phone.push_back(static_cast<char>('0' + rng() % 10));
    person.phone = phone;
  }
  if (person.phone.empty() || rng() % 3 == 0) {
    person.email = "demo" + std::to_string(rng() % 100000) + "@exemple.fr";
  }
  return person;
}

// A self-assessment: low before, one or two steps up after.
Assessment DemoAssessment(std::mt19937& rng) {
  Assessment a;
  for (std::size_t i = 0; i < AssessmentStatements().size(); ++i) {
    const int before = 1 + static_cast<int>(rng() % 3);  // 1..3
    a.before.push_back(before);
    a.after.push_back(std::min(kMaxScore, before + static_cast<int>(rng() % 3)));
  }
  return a;
}

}  // namespace

std::vector<Workshop> DemoWorkshopCatalogue() {
  return {
      {"premiers-pas", "Premiers pas sur l'ordinateur",
       "Allumer l'ordinateur, utiliser la souris et le clavier, ouvrir un site internet.",
       WorkshopLevel::kBeginner, "first-steps", 1},
      {"adresse-email", "Créer et utiliser son adresse e-mail",
       "Créer une adresse, lire et envoyer un message, joindre un document.",
       WorkshopLevel::kBeginner, "email", 2},
      {"smartphone", "Prendre en main son smartphone",
       "Régler son téléphone, installer une application, prendre et envoyer une photo.",
       WorkshopLevel::kBeginner, "smartphone", 3},
      {"franceconnect", "Se connecter avec FranceConnect",
       "Un seul identifiant pour les sites publics : impots.gouv.fr, ameli, la CAF, l'ANTS.",
       WorkshopLevel::kIntermediate, "franceconnect", 4},
      {"espace-caf", "Son espace en ligne sur caf.fr",
       "Consulter ses paiements, déclarer ses ressources, envoyer un justificatif.",
       WorkshopLevel::kIntermediate, "caf", 5},
      {"compte-ameli", "Créer et utiliser son compte ameli",
       "Suivre ses remboursements, télécharger une attestation, écrire à sa caisse.",
       WorkshopLevel::kIntermediate, "ameli", 6},
      {"arnaques", "Se protéger des arnaques en ligne",
       "Reconnaître un faux message, protéger ses mots de passe et ses données.",
       WorkshopLevel::kIntermediate, "online-safety", 7},
  };
}

std::vector<SessionRecord> DemoWorkshopSessions(const SiteHours& site_hours,
                                                date::year_month_day from, date::year_month_day to,
                                                date::year_month_day today,
                                                const std::vector<std::string>& mediators) {
  const std::vector<Workshop> catalogue = DemoWorkshopCatalogue();
  const TimeZone& zone = site_hours.zone();
  std::vector<SessionRecord> records;
  const date::sys_days first{from};
  const date::sys_days last{to};
  const HoursWindow window = site_hours.Between(from, to);
  int coming = 0;
  for (date::sys_days day = first; day <= last; day += days{1}) {
    const date::weekday weekday{day};
    if (weekday != date::Tuesday && weekday != date::Thursday) continue;
    bool closed = false;
    for (const ClosedDay& c : window.closed_days) closed = closed || date::sys_days{c.date} == day;
    if (closed) continue;
    const std::int64_t number = day.time_since_epoch().count();
    std::mt19937 rng(static_cast<std::uint32_t>(number * 2654435761u));
    const bool held = day < date::sys_days{today};

    SessionRecord record;
    WorkshopSession& s = record.session;
    s.id = DemoId("demo-seance-", number, 0);
    s.workshop_id = catalogue[static_cast<std::size_t>(number) % catalogue.size()].id;
    s.start =
        zone.ToInstant(date::local_seconds{date::local_days{day.time_since_epoch()}} + hours{14});
    s.end = s.start + hours{2};
    s.room = "Salle informatique";
    s.capacity = kCapacity;
    s.agent_id = mediators[static_cast<std::size_t>(number) % mediators.size()];

    // How many come forward: most held sessions fill up, a few overflow.
    int people = 0;
    if (held) {
      people = kCapacity - 3 + static_cast<int>(rng() % 7);  // 7..13
    } else {
      people = ++coming == 2 ? kCapacity + 2 : static_cast<int>(rng() % (kCapacity - 2));
    }
    std::vector<Seat> seats;
    for (int i = 1; i <= people; ++i) {
      Registration r;
      r.id = DemoId("demo-inscription-", number, i);
      r.arrival = i;
      r.person = DemoPerson(rng);
      r.consent = true;
      r.token_digest = TokenDigest(RandomToken());  // no one holds the link
      r.created_at = s.start - days{1 + static_cast<int>(rng() % 20)};
      record.registrations.push_back(std::move(r));
      Admit(kCapacity, seats, record.registrations.back().id, i);
    }
    // About one registration in ten is cancelled; the waiting list moves up.
    if (held || coming != 2) {
      for (const Registration& r : record.registrations) {
        if (rng() % 10 == 0) (void)CancelSeat(kCapacity, seats, r.id);
      }
    }
    for (std::size_t i = 0; i < seats.size(); ++i) {
      Registration& r = record.registrations[i];
      r.status = seats[i].status;
      r.seat = seats[i].seat;
      if (!held || r.status != RegistrationStatus::kRegistered) continue;
      r.attendance = rng() % 100 < 85 ? Attendance::kPresent : Attendance::kAbsent;
      if (r.attendance == Attendance::kPresent && rng() % 10 < 7) {
        record.assessments.emplace_back(r.id, DemoAssessment(rng));
      }
    }
    if (held) s.walk_ins = static_cast<int>(rng() % 3);
    records.push_back(std::move(record));
  }
  return records;
}

Status BuildDemoWorkshops(WorkshopStore& store, AgentStore& agents, const Sites& sites,
                          const Clock& clock) {
  auto existing = store.ListWorkshops(kDemoSiteId);
  if (!existing) return tl::unexpected(existing.error());
  if (!existing->empty()) return {};
  for (const Workshop& w : DemoWorkshopCatalogue()) {
    if (auto saved = store.SaveWorkshop(kDemoSiteId, w); !saved) return saved;
  }
  std::vector<std::string> mediators;
  for (const char* login : {"mediator", "mediatrice2"}) {
    auto agent = agents.FindAgentByLogin(login);
    if (!agent) return tl::unexpected(agent.error());
    if (*agent) mediators.push_back((*agent)->agent.id);
  }
  if (mediators.empty()) return {};
  const auto site_hours = sites.CurrentHours();
  const Instant now = clock.Now();
  const date::year_month_day today =
      site_hours->LocalDate(std::chrono::floor<std::chrono::seconds>(now));
  const date::sys_days day{today};
  const auto records =
      DemoWorkshopSessions(*site_hours, date::year_month_day{day - days{kPastDays}},
                           date::year_month_day{day + days{kComingDays}}, today, mediators);
  return store.InsertHistory(kDemoSiteId, records, now);
}

}  // namespace relais::app
