#include "domain/department.h"

#include <algorithm>
#include <string>

namespace relais {

Result<DepartmentTable> DepartmentTable::Parse(std::string_view tsv) {
  DepartmentTable table;
  std::size_t line_number = 0;
  while (!tsv.empty()) {
    ++line_number;
    const std::size_t end = tsv.find('\n');
    std::string_view line = tsv.substr(0, end);
    tsv.remove_prefix(end == std::string_view::npos ? tsv.size() : end + 1);
    if (line.empty()) continue;
    const std::size_t tab = line.find('\t');
    const auto bad = [&](std::string_view why) {
      return Fail(ErrorKind::kInvalid, "invalid_department_table",
                  "Table des départements, ligne " + std::to_string(line_number) + " : " +
                      std::string(why) + ".");
    };
    if (tab == std::string_view::npos || tab == 0 || tab + 1 == line.size()) {
      return bad("deux champs attendus, code et nom");
    }
    const std::string_view code = line.substr(0, tab);
    const std::string_view name = line.substr(tab + 1);
    if (name.find('\t') != std::string_view::npos) return bad("un champ de trop");
    if (!table.entries_.empty() && !(table.entries_.back().first < code)) {
      return bad("codes non triés ou en double");
    }
    table.entries_.emplace_back(code, name);
  }
  return table;
}

std::string_view DepartmentTable::Name(std::string_view code) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), code,
                             [](const auto& entry, std::string_view c) { return entry.first < c; });
  if (it == entries_.end() || it->first != code) return {};
  return it->second;
}

}  // namespace relais
