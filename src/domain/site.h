// A Site (lieu, structure): one desk of the installation.
#pragma once

#include <string>

namespace relais {

struct Site {
  std::string id;             // stable slug, e.g. "antony"
  std::string name;           // "PIMMS Médiation d'Antony"
  std::string address;        // postal address shown to the public
  std::string timezone;       // IANA zone, "Europe/Paris" by default
  std::string opening_hours;  // OpenStreetMap opening_hours value
  bool alsace_moselle = false;  // Good Friday and 26 December are holidays
};

// A partner operator (opérateur partenaire) of a site, e.g. {"caf", "CAF"}.
struct Partner {
  std::string code;  // stable slug
  std::string name;
};

}  // namespace relais
