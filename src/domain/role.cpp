#include "domain/role.h"

#include <array>
#include <utility>

namespace relais {
namespace {

struct RoleNames {
  Role role;
  std::string_view name;
  std::string_view label;
};

constexpr std::array<RoleNames, 5> kRoleNames = {{
    {Role::kAdmin, "admin", "Administrateur"},
    {Role::kCoordinator, "coordinator", "Coordinateur"},
    {Role::kMediator, "mediator", "Médiateur"},
    {Role::kReception, "reception", "Accueil"},
    {Role::kFunder, "funder", "Financeur"},
}};

const RoleNames& Find(Role role) {
  for (const RoleNames& entry : kRoleNames) {
    if (entry.role == role) return entry;
  }
  return kRoleNames[0];  // unreachable: every enumerator is listed
}

}  // namespace

std::string_view RoleName(Role role) {
  return Find(role).name;
}
std::string_view RoleLabel(Role role) {
  return Find(role).label;
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const RoleNames& entry : kRoleNames) {
    if (entry.name == name) return entry.role;
  }
  return std::nullopt;
}

}  // namespace relais
