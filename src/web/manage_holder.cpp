#include "web/manage_holder.h"

#include "web/json.h"
#include "web/session.h"

namespace relais::web {

Result<std::optional<app::Agent>> AgentIfSignedIn(const Request& request, Services& services) {
  if (request.Cookie(kSessionCookie).empty()) return std::optional<app::Agent>{};
  auto agent = SignedInAgent(request, services);
  if (!agent) return tl::unexpected(agent.error());
  return std::optional<app::Agent>{std::move(*agent)};
}

Result<Holder> HolderOf(const Request& request, const nlohmann::json& body, Services& services) {
  auto token = OptionalString(body, "token", "token");
  if (!token) return tl::unexpected(token.error());
  if (!token->empty()) return Holder{std::move(*token), std::nullopt};
  auto agent = AgentIfSignedIn(request, services);
  if (!agent) return tl::unexpected(agent.error());
  if (!*agent) {
    return Fail(ErrorKind::kInvalid, "invalid_field",
                "Le champ « token » (le jeton du lien de gestion) est obligatoire.", "token");
  }
  return Holder{std::string(), std::move(*agent)};
}

}  // namespace relais::web
