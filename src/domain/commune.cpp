#include "domain/commune.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace relais {
namespace {

// U+00C0 … U+00FF folded; "" is a separator (× and ÷).
// clang-format off
constexpr std::array<std::string_view, 64> kLatin1 = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e",  "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u",  "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e",  "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u",  "u", "u", "y", "th", "y",
};
// clang-format on

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// A code query: 1 to 5 characters, a digit first, then digits (A or B in
// second place for Corsica). Upper-cased.
bool CodeQuery(std::string_view text, std::string& code) {
  if (text.empty() || text.size() > 5 || !IsDigit(text[0])) return false;
  code.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (i == 1 && (c == 'a' || c == 'b')) c = static_cast<char>(c - 'a' + 'A');
    if (!IsDigit(c) && !(i == 1 && (c == 'A' || c == 'B'))) return false;
    code.push_back(c);
  }
  return true;
}

// "st" and "ste" as whole words read "saint" and "sainte".
std::string ExpandSaints(const std::string& folded) {
  std::string out;
  std::size_t start = 0;
  while (start <= folded.size()) {
    std::size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    std::string_view word(folded.data() + start, end - start);
    if (!out.empty()) out.push_back(' ');
    if (word == "st")
      out += "saint";
    else if (word == "ste")
      out += "sainte";
    else
      out += word;
    start = end + 1;
  }
  return out;
}

tl::unexpected<Error> BadLine(std::size_t line, std::string_view why) {
  return Fail(ErrorKind::kInvalid, "invalid_commune_table",
              "Table des communes, ligne " + std::to_string(line) + " : " + std::string(why) + ".");
}

}  // namespace

std::string FoldName(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  const auto put = [&](std::string_view letters) {
    if (letters.empty()) {
      pending_space = !out.empty();
      return;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out += letters;
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (std::isalnum(c) != 0) {
        const char lower = static_cast<char>(std::tolower(c));
        put(std::string_view(&lower, 1));
      } else {
        put({});
      }
      ++i;
      continue;
    }
    const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (c == 0xC3 && next >= 0x80 && next <= 0xBF) {
      put(kLatin1[next - 0x80]);
      i += 2;
    } else if (c == 0xC5 && (next == 0x92 || next == 0x93)) {  // Œ œ
      put("oe");
      i += 2;
    } else if (c == 0xC2) {  // no-break space, « », ° …
      put({});
      i += 2;
    } else if (c == 0xE2 && next == 0x80) {  // ’ ‘ – — and other punctuation
      put({});
      i += 3;
    } else {  // any other character is kept as it is
      std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      length = std::min(length, text.size() - i);
      put(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

bool LooksLikeInseeCode(std::string_view text) {
  std::string code;
  return text.size() == 5 && CodeQuery(text, code);
}

Result<CommuneTable> CommuneTable::Parse(std::string_view tsv) {
  CommuneTable table;
  std::size_t line_number = 0;
  while (!tsv.empty()) {
    ++line_number;
    const std::size_t end = tsv.find('\n');
    std::string_view line = tsv.substr(0, end);
    tsv.remove_prefix(end == std::string_view::npos ? tsv.size() : end + 1);
    if (line.empty()) continue;
    std::array<std::string_view, 4> fields;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const std::size_t tab = line.find('\t');
      if ((tab == std::string_view::npos) != (i == fields.size() - 1)) {
        return BadLine(line_number, "quatre colonnes attendues");
      }
      fields[i] = line.substr(0, tab);
      line.remove_prefix(tab == std::string_view::npos ? line.size() : tab + 1);
    }
    Commune commune{fields[0], fields[1], fields[2], 0};
    if (!LooksLikeInseeCode(commune.insee) || commune.insee[1] == 'a' || commune.insee[1] == 'b') {
      return BadLine(line_number, "code INSEE invalide");
    }
    if (commune.name.empty() || commune.department.empty())
      return BadLine(line_number, "nom ou département vide");
    const auto [ptr, ec] =
        std::from_chars(fields[3].data(), fields[3].data() + fields[3].size(), commune.population);
    if (ec != std::errc() || ptr != fields[3].data() + fields[3].size()) {
      return BadLine(line_number, "population invalide");
    }
    if (!table.communes_.empty() && table.communes_.back().insee >= commune.insee) {
      return BadLine(line_number, "codes non triés ou en double");
    }
    table.communes_.push_back(commune);
    table.folded_.push_back(FoldName(commune.name));
  }
  return table;
}

const Commune* CommuneTable::Find(std::string_view insee) const {
  std::string code;
  if (insee.size() != 5 || !CodeQuery(insee, code)) return nullptr;
  auto it =
      std::lower_bound(communes_.begin(), communes_.end(), code,
                       [](const Commune& c, const std::string& key) { return c.insee < key; });
  if (it == communes_.end() || it->insee != code) return nullptr;
  return &*it;
}

std::vector<CommuneMatch> CommuneTable::Match(std::string_view query) const {
  std::vector<CommuneMatch> matches;
  query = Trim(query);
  std::string code;
  if (CodeQuery(query, code)) {
    auto it =
        std::lower_bound(communes_.begin(), communes_.end(), code,
                         [](const Commune& c, const std::string& key) { return c.insee < key; });
    for (; it != communes_.end() && it->insee.substr(0, code.size()) == code; ++it) {
      matches.push_back({&*it, it->insee == code ? NameMatch::kExact : NameMatch::kPrefix});
    }
    return matches;
  }
  const std::string folded = FoldName(query);
  if (folded.empty()) return matches;
  std::vector<std::string> variants = {folded};
  if (std::string expanded = ExpandSaints(folded); expanded != folded)
    variants.push_back(std::move(expanded));
  std::vector<std::string> words;
  for (const std::string& variant : variants) words.push_back(" " + variant);
  for (std::size_t i = 0; i < communes_.size(); ++i) {
    const std::string& name = folded_[i];
    bool found = false;
    NameMatch best = NameMatch::kWord;
    for (std::size_t v = 0; v < variants.size(); ++v) {
      if (name.size() < variants[v].size()) continue;
      if (name.compare(0, variants[v].size(), variants[v]) == 0) {
        const NameMatch match =
            name.size() == variants[v].size() ? NameMatch::kExact : NameMatch::kPrefix;
        if (!found || match < best) best = match;
        found = true;
      } else if (name.find(words[v]) != std::string::npos) {
        found = true;
      }
    }
    if (found) matches.push_back({&communes_[i], best});
  }
  return matches;
}

}  // namespace relais
