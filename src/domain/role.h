// Staff roles (DESIGN.md): what an Agent may do follows from its role.
#pragma once

#include <optional>
#include <string_view>

namespace relais {

enum class Role {
  kAdmin,        // administrateur : configure the desk and its accounts
  kCoordinator,  // coordinateur : steering, reports, funding
  kMediator,     // médiateur : visits, appointments, procedures
  kReception,    // accueil : queue tickets, today's list
  kFunder,       // financeur : aggregated figures only, never a person
};

// Every role, the most privileged first.
inline constexpr Role kRoles[] = {Role::kAdmin, Role::kCoordinator, Role::kMediator,
                                  Role::kReception, Role::kFunder};

std::string_view RoleName(Role role);   // "admin", "coordinator", ...
std::string_view RoleLabel(Role role);  // French label, e.g. "Médiateur"
std::optional<Role> ParseRole(std::string_view name);

}  // namespace relais
