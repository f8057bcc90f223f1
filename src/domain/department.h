// The French départements (and overseas collectivities) by code, with their
// names: the table the report labels communes' départements with. Pure:
// parses a text given to it; immutable once parsed.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "domain/error.h"

namespace relais {

class DepartmentTable {
 public:
  // Parses lines "code<TAB>name" sorted by code (web/tools/departments.mjs
  // writes them). `tsv` must outlive the table. kInvalid naming the line
  // when one is malformed or out of order.
  static Result<DepartmentTable> Parse(std::string_view tsv);

  // The name of département `code` ("91" → "Essonne"), or "" when unknown.
  std::string_view Name(std::string_view code) const;

  std::size_t size() const { return entries_.size(); }

 private:
  std::vector<std::pair<std::string_view, std::string_view>> entries_;  // by code
};

}  // namespace relais
