// The départements' table shipped in the binary (built from
// @etalab/decoupage-administratif by web/tools/departments.mjs).
#pragma once

#include <memory>

#include "domain/department.h"
#include "domain/error.h"

namespace relais::app {

// The table embedded at build time, parsed once. Fails only when the build
// embedded a malformed table.
Result<std::shared_ptr<const DepartmentTable>> ShippedDepartments();

}  // namespace relais::app
