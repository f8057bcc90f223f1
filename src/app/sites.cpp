#include "app/sites.h"

namespace relais::app {

const std::vector<Partner>& StandardPartners() {
  static const std::vector<Partner> kPartners = {
      {"caf", "CAF"},
      {"cpam", "Assurance maladie (CPAM)"},
      {"cnav", "Assurance retraite (CNAV)"},
      {"msa", "MSA"},
      {"france-travail", "France Travail"},
      {"dgfip", "Finances publiques (DGFiP)"},
      {"ants", "ANTS / France Titres"},
      {"justice", "Justice"},
      {"la-poste", "La Poste"},
      {"cheque-energie", "Chèque énergie"},
  };
  return kPartners;
}

Status Sites::Load(const std::string& site_id) {
  auto found = store_.FindSite(site_id);
  if (!found) return tl::unexpected(found.error());
  if (!*found) {
    return Fail(ErrorKind::kNotFound, "site_not_found",
                "Le lieu « " + site_id + " » n'existe pas dans cette base.", "site");
  }
  return Refresh(**found);
}

Status Sites::Refresh(const Site& site) {
  auto exceptions = store_.ListHoursExceptions(site.id);
  if (!exceptions) return tl::unexpected(exceptions.error());
  auto hours = SiteHours::Build(site, *exceptions);
  if (!hours) return tl::unexpected(hours.error());
  auto compiled = std::make_shared<const SiteHours>(std::move(*hours));
  std::lock_guard lock(mutex_);
  current_ = std::make_shared<const Site>(site);
  hours_ = std::move(compiled);
  return {};
}

std::shared_ptr<const Site> Sites::Current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

std::shared_ptr<const SiteHours> Sites::CurrentHours() const {
  std::lock_guard lock(mutex_);
  return hours_;
}

Status Sites::Save(const Site& site) {
  if (site.id.empty() || site.name.empty()) {
    return Fail(ErrorKind::kInvalid, "invalid_site", "Un lieu a besoin d'un identifiant et d'un nom.");
  }
  if (auto valid = SiteHours::Build(site, {}); !valid) return tl::unexpected(valid.error());
  if (auto saved = store_.SaveSite(site, clock_.Now()); !saved) return saved;
  auto current = Current();
  if (current && current->id == site.id) return Refresh(site);
  return {};
}

Result<std::vector<HoursExceptionRecord>> Sites::HoursExceptions() const {
  return store_.ListHoursExceptions(Current()->id);
}

Status Sites::SaveHoursException(const HoursExceptionRecord& record) {
  if (auto day = ParseDate(record.date, "date"); !day) return tl::unexpected(day.error());
  if (auto hours = ParseOpeningHours(record.hours); !hours) {
    Error error = hours.error();
    error.field = "hours";
    return tl::unexpected(error);
  }
  if (record.reason.empty() || record.reason.size() > 200) {
    return Fail(ErrorKind::kInvalid, "invalid_reason",
                "Indiquez le motif affiché au public (200 caractères au plus).", "reason");
  }
  auto site = Current();
  if (auto saved = store_.SaveHoursException(site->id, record); !saved) return saved;
  return Refresh(*site);
}

Status Sites::DeleteHoursException(const std::string& date) {
  auto site = Current();
  if (auto deleted = store_.DeleteHoursException(site->id, date); !deleted) return deleted;
  return Refresh(*site);
}

Result<std::vector<Partner>> Sites::Partners() const {
  auto site = Current();
  if (!site) return std::vector<Partner>{};
  return store_.ListPartners(site->id);
}

Status Sites::AddPartner(const std::string& site_id, const Partner& partner) {
  if (partner.code.empty() || partner.name.empty()) {
    return Fail(ErrorKind::kInvalid, "invalid_partner", "Un partenaire a besoin d'un code et d'un nom.");
  }
  return store_.SavePartner(site_id, partner);
}

}  // namespace relais::app
