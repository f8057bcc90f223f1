// Placeholder until the opening-hours engine lands (replaced by its author).
#include "cli/hours_command.h"

#include <iostream>

namespace relais::cli {

int RunHours(const std::string&, const std::string&, const std::string&, bool, const std::string&) {
  std::cerr << "relais : la commande hours n'est pas encore disponible.\n";
  return 1;
}

}  // namespace relais::cli
