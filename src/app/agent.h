// An Agent (agent, médiateur): a staff account with one role, working for
// one or several sites.
#pragma once

#include <string>
#include <vector>

#include "domain/role.h"

namespace relais::app {

struct Agent {
  std::string id;
  std::string login;
  Role role = Role::kMediator;
  std::vector<std::string> site_ids;
};

}  // namespace relais::app
