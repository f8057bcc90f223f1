#include "web/access.h"

namespace relais::web {

std::string AccessName(const Access& access) {
  switch (access.kind) {
    case Access::Kind::kPublic:
      return "public";
    case Access::Kind::kSignedIn:
      return "signed_in";
    case Access::Kind::kSession:
      return "session";
    case Access::Kind::kAction:
      return std::string(app::ActionName(access.action));
    case Access::Kind::kPublicOrAction:
      return "public_or:" + std::string(app::ActionName(access.action));
  }
  return "public";
}

}  // namespace relais::web
