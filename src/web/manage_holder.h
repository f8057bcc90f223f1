// Who acts on a booking or a registration through its manage link: the
// person, by the link's token, or a staff member of the desk, by their
// session. Shared by the appointments' and the workshops' APIs.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/agent.h"
#include "domain/error.h"
#include "web/http.h"
#include "web/server.h"

namespace relais::web {

// The signed-in agent for an action: nothing without a session cookie; 401
// when the cookie no longer opens a session (staff would otherwise act as
// the public without noticing).
Result<std::optional<app::Agent>> AgentIfSignedIn(const Request& request, Services& services);

// The agent, or null for the public.
inline const app::Agent* AgentPtr(const std::optional<app::Agent>& agent) {
  return agent ? &*agent : nullptr;
}

// The body's "token", or the staff session when there is none.
struct Holder {
  std::string token;
  std::optional<app::Agent> staff;
};

// kInvalid "invalid_field" (field "token") with neither; the token's type
// errors; AgentIfSignedIn's.
Result<Holder> HolderOf(const Request& request, const nlohmann::json& body, Services& services);

}  // namespace relais::web
