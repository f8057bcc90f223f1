#include "storage/database.h"

#include <string>

namespace relais::storage {

std::int64_t Row::Int(std::size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&v)) return std::stoll(*s);
  return 0;
}

std::string Row::Text(std::size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  return {};
}

tl::unexpected<Error> StorageError(std::string_view what) {
  return Fail(ErrorKind::kUnavailable, "storage_error",
              "La base de données a rencontré une erreur : " + std::string(what));
}

tl::unexpected<Error> ConflictError(std::string_view what) {
  return Fail(ErrorKind::kConflict, "conflict",
              "Conflit avec une donnée existante : " + std::string(what));
}

}  // namespace relais::storage
