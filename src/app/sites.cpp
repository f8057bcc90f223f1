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
  std::lock_guard lock(mutex_);
  current_ = std::make_shared<const Site>(std::move(**found));
  return {};
}

std::shared_ptr<const Site> Sites::Current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

Status Sites::Save(const Site& site) {
  if (site.id.empty() || site.name.empty()) {
    return Fail(ErrorKind::kInvalid, "invalid_site", "Un lieu a besoin d'un identifiant et d'un nom.");
  }
  if (auto saved = store_.SaveSite(site, clock_.Now()); !saved) return saved;
  std::lock_guard lock(mutex_);
  if (current_ && current_->id == site.id) current_ = std::make_shared<const Site>(site);
  return {};
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
