// Who a route is for, declared beside the route: anyone, any signed-in
// agent, or the roles that the policy table (app/policy.h) allows for one
// action. The use cases enforce the rules; the declaration lists them
// (GET /api/v1/routes) and the route × role test checks every route's
// answers against it.
#pragma once

#include <string>

#include "app/policy.h"

namespace relais::web {

struct Access {
  enum class Kind {
    kPublic,          // anyone, signed in or not
    kSignedIn,        // any signed-in agent
    kSession,         // any session, even before the agent's TOTP enrolment
    kAction,          // the roles allowed `action`, at the server's site
    kPublicOrAction,  // the public (with a link's token); staff as for `action`
  };
  Kind kind = Kind::kPublic;
  app::Action action = app::Action::kEditSettings;  // for kAction, kPublicOrAction

  static Access Public() { return {Kind::kPublic}; }
  static Access SignedIn() { return {Kind::kSignedIn}; }
  static Access Session() { return {Kind::kSession}; }
  static Access Staff(app::Action action) { return {Kind::kAction, action}; }
  static Access PublicOr(app::Action action) { return {Kind::kPublicOrAction, action}; }
};

// "public", "signed_in", "session", the action's name ("view_agenda"), or
// "public_or:" and the action's name.
std::string AccessName(const Access& access);

}  // namespace relais::web
