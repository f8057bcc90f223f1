#include "domain/opening_hours.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <utility>

namespace relais {
namespace {

constexpr int kMinutesPerDay = 24 * 60;
constexpr int kMaxCharacters = 255;  // OpenStreetMap's limit for a tag value
constexpr std::size_t kMaxRules = 256;

// ---------------------------------------------------------------------------
// Compiled form

// One item of a date selector (the items of one selector are alternatives).
struct DateItem {
  enum class Kind {
    kMonths,      // month_from..month_to, wrapping over the new year
    kMonthDays,   // day_from..day_to of month_from; of `year` only when year != 0
    kYearlySpan,  // month_from day_from .. month_to day_to every year, may wrap
    kDatedSpan,   // first..last, explicit years
  };
  Kind kind = Kind::kMonths;
  unsigned month_from = 1;
  unsigned month_to = 1;
  unsigned day_from = 1;
  unsigned day_to = 1;
  int year = 0;
  date::local_days first{};
  date::local_days last{};
};

// One rule as the npm library evaluates it: selectors that must all match
// the day, then time ranges painted open or closed over what earlier rules
// painted. A range past midnight yields a second, "wrapped" rule that paints
// the next day's early hours when the day before matched.
struct Rule {
  std::vector<DateItem> dates;  // empty: no date selector
  std::bitset<54> weeks;        // ISO week numbers 1..53
  bool has_weeks = false;
  std::uint8_t weekdays = 0;  // bit 0 Sunday .. bit 6 Saturday
  bool weekdays_ph = false;   // PH listed among the weekdays (Mo-Fr,PH)
  bool has_weekdays = false;
  bool holiday_and = false;   // a PH selector of its own (PH Mo-Fr)
  bool has_time = false;      // false: the state holds for the whole day
  std::vector<MinuteRange> times;
  bool open = true;
  bool additional = false;  // follows a "," rule separator
  bool wrapped = false;     // evaluated on the day before
  bool resets = false;      // clears what earlier rules said of a matching day

  bool HasDate() const { return !dates.empty() || has_weeks || has_weekdays || holiday_and; }
};

// What the selectors need to know of one local day.
struct DayFacts {
  date::local_days day{};
  int year = 0;
  unsigned month = 1;
  unsigned day_of_month = 1;
  unsigned weekday = 0;   // 0 Sunday .. 6 Saturday
  unsigned iso_week = 0;  // computed only when a rule selects weeks
  bool holiday = false;   // computed only when a rule selects PH
};

}  // namespace

struct OpeningHours::Compiled {
  std::string value;
  std::vector<Rule> rules;
  bool uses_holidays = false;
  bool uses_weeks = false;
};

namespace {

unsigned IsoWeek(date::local_days day, unsigned weekday) {
  const unsigned days_since_monday = (weekday + 6) % 7;
  const date::local_days thursday = day - date::days{days_since_monday} + date::days{3};
  const date::year_month_day thursday_ymd{thursday};
  const date::local_days january_first{thursday_ymd.year() / date::January / 1};
  return static_cast<unsigned>((thursday - january_first).count() / 7 + 1);
}

DayFacts FactsOf(date::local_days day, const OpeningHours::Compiled& compiled,
                 const HolidayCalendar& holidays) {
  DayFacts facts;
  facts.day = day;
  const date::year_month_day ymd{day};
  facts.year = static_cast<int>(ymd.year());
  facts.month = static_cast<unsigned>(ymd.month());
  facts.day_of_month = static_cast<unsigned>(ymd.day());
  facts.weekday = date::weekday{day}.c_encoding();
  if (compiled.uses_weeks) facts.iso_week = IsoWeek(day, facts.weekday);
  if (compiled.uses_holidays) facts.holiday = holidays.IsHoliday(ymd);
  return facts;
}

bool InCyclicRange(unsigned value, unsigned from, unsigned to) {
  return from <= to ? (from <= value && value <= to) : (value >= from || value <= to);
}

bool Matches(const DateItem& item, const DayFacts& facts) {
  switch (item.kind) {
    case DateItem::Kind::kMonths:
      return InCyclicRange(facts.month, item.month_from, item.month_to);
    case DateItem::Kind::kMonthDays:
      return (item.year == 0 || item.year == facts.year) && facts.month == item.month_from &&
             item.day_from <= facts.day_of_month && facts.day_of_month <= item.day_to;
    case DateItem::Kind::kYearlySpan: {
      const date::year year{facts.year};
      // 29 February starts on 1 March and ends on 28 February in common years.
      const date::local_days start =
          date::local_days{year / date::month{item.month_from} / 1} + date::days{item.day_from - 1};
      const date::day last_day = (year / date::month{item.month_to} / date::last).day();
      const date::local_days end{year / date::month{item.month_to} /
                                 std::min(date::day{item.day_to}, last_day)};
      return start <= end ? (start <= facts.day && facts.day <= end)
                          : (facts.day <= end || facts.day >= start);
    }
    case DateItem::Kind::kDatedSpan:
      return item.first <= facts.day && facts.day <= item.last;
  }
  return false;
}

bool Matches(const Rule& rule, const DayFacts& facts) {
  if (!rule.dates.empty() &&
      std::none_of(rule.dates.begin(), rule.dates.end(),
                   [&facts](const DateItem& item) { return Matches(item, facts); })) {
    return false;
  }
  if (rule.has_weeks && !rule.weeks.test(facts.iso_week)) return false;
  if (rule.has_weekdays && !((rule.weekdays >> facts.weekday) & 1U) &&
      !(rule.weekdays_ph && facts.holiday)) {
    return false;
  }
  if (rule.holiday_and && !facts.holiday) return false;
  return true;
}

// `ranges` is sorted, disjoint and merged; so it stays.
void PaintOpen(std::vector<MinuteRange>& ranges, MinuteRange range) {
  std::size_t first = 0;
  while (first < ranges.size() && ranges[first].end < range.start) ++first;
  std::size_t last = first;
  while (last < ranges.size() && ranges[last].start <= range.end) {
    range.start = std::min(range.start, ranges[last].start);
    range.end = std::max(range.end, ranges[last].end);
    ++last;
  }
  ranges.erase(ranges.begin() + static_cast<std::ptrdiff_t>(first),
               ranges.begin() + static_cast<std::ptrdiff_t>(last));
  ranges.insert(ranges.begin() + static_cast<std::ptrdiff_t>(first), range);
}

void PaintClosed(std::vector<MinuteRange>& ranges, MinuteRange range) {
  for (std::size_t i = 0; i < ranges.size();) {
    MinuteRange& current = ranges[i];
    if (current.end <= range.start || current.start >= range.end) {
      ++i;
      continue;
    }
    const bool keeps_left = current.start < range.start;
    const bool keeps_right = range.end < current.end;
    if (keeps_left && keeps_right) {
      const MinuteRange right{range.end, current.end};
      current.end = range.start;
      ranges.insert(ranges.begin() + static_cast<std::ptrdiff_t>(i + 1), right);
      i += 2;
    } else if (keeps_left) {
      current.end = range.start;
      ++i;
    } else if (keeps_right) {
      current.start = range.end;
      ++i;
    } else {
      ranges.erase(ranges.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
}

// The open ranges of `today` into `out`, as getStatePair of the npm library
// decides them minute by minute.
void EvaluateDay(const OpeningHours::Compiled& compiled, const DayFacts& today,
                 const DayFacts& yesterday, std::vector<MinuteRange>& out) {
  out.clear();
  const std::vector<Rule>& rules = compiled.rules;
  std::bitset<kMaxRules> matching;
  std::size_t start = 0;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (!Matches(rules[i], rules[i].wrapped ? yesterday : today)) continue;
    matching.set(i);
    if (rules[i].resets) start = i;
  }
  for (std::size_t i = start; i < rules.size(); ++i) {
    if (!matching.test(i)) continue;
    const Rule& rule = rules[i];
    if (!rule.has_time) {
      if (rule.open) {
        out.assign(1, MinuteRange{0, kMinutesPerDay});
      } else {
        out.clear();
      }
      continue;
    }
    for (const MinuteRange& range : rule.times) {
      if (rule.open) {
        PaintOpen(out, range);
      } else {
        PaintClosed(out, range);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Lexer

enum class Tok {
  kWord,
  kNumber,
  kDash,
  kComma,
  kSemicolon,
  kColon,
  kSlash,
  kComment,
  kAlways,  // 24/7
  kEnd,
};

struct Token {
  Tok kind = Tok::kEnd;
  std::string_view text;  // the lexeme; a comment's inner text
  int position = 0;       // 1-based character position
  int number = 0;         // value of a kNumber
};

std::string ErrorMessage(int position, std::string_view token, std::string_view reason) {
  std::string message = "Horaires d'ouverture invalides, caractère ";
  message += std::to_string(position);
  message += " (";
  message += token;
  message += ") : ";
  message += reason;
  message += '.';
  return message;
}

tl::unexpected<Error> Invalid(int position, std::string_view token, std::string_view reason) {
  return Fail(ErrorKind::kInvalid, "invalid_opening_hours", ErrorMessage(position, token, reason),
              "opening_hours");
}

std::string Quoted(std::string_view text) {
  std::string quoted = "« ";
  quoted += text;
  quoted += " »";
  return quoted;
}

// Length of the UTF-8 sequence starting at `bytes[at]`, or 0 when invalid.
std::size_t Utf8Length(std::string_view bytes, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  const unsigned char lead = byte(at);
  std::size_t length = 0;
  std::uint32_t min_code_point = 0;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    min_code_point = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    min_code_point = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    min_code_point = 0x10000;
  } else {
    return 0;
  }
  if (at + length > bytes.size()) return 0;
  std::uint32_t code_point = lead & (0xFF >> (length + 1));
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(at + i) & 0x3F);
  }
  if (code_point < min_code_point || code_point > 0x10FFFF) return 0;
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return 0;
  return length;
}

std::string HexByte(unsigned char byte) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "0x%02X", byte);
  return buffer;
}

bool IsControl(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }
bool IsAsciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Why a character that starts no token is refused.
std::string RefusedCharacterReason(std::string_view character) {
  if (character == "+") return "les fins ouvertes (« + ») ne sont pas prises en charge";
  if (character == "|") return "les règles de repli (« || ») ne sont pas prises en charge";
  if (character == "[" || character == "]") {
    return "les jours contraints (comme Sa[1]) ne sont pas pris en charge";
  }
  if (character == "(" || character == ")") {
    return "les heures calculées (sunrise, sunset) ne sont pas prises en charge";
  }
  if (character == ".") return "séparez les heures des minutes par « : » (09:30)";
  if (character == "\u2013" || character == "\u2014" || character == "\u2212") {
    return "utilisez le trait d'union « - » pour une plage";
  }
  if (character == "'" || character == "\u201C" || character == "\u201D" ||
      character == "\u00AB" || character == "\u00BB" || character == "\u2018" ||
      character == "\u2019") {
    return "un commentaire s'écrit entre guillemets droits \"…\"";
  }
  return "caractère inattendu";
}

Result<std::vector<Token>> Lex(std::string_view value) {
  std::vector<Token> tokens;
  std::size_t at = 0;
  int position = 1;
  // Advances over `bytes` bytes holding `characters` characters.
  const auto advance = [&](std::size_t bytes, int characters) {
    at += bytes;
    position += characters;
  };
  while (at < value.size()) {
    const char c = value[at];
    const std::size_t length = Utf8Length(value, at);
    if (length == 0) {
      return Invalid(position, "octet " + HexByte(static_cast<unsigned char>(c)),
                     "encodage invalide, UTF-8 attendu");
    }
    if (position > kMaxCharacters) {
      return Invalid(position, Quoted(value.substr(at, length)),
                     "valeur trop longue, 255 caractères au plus");
    }
    const std::string_view character = value.substr(at, length);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || character == "\u00A0" ||
        character == "\u202F") {
      advance(length, 1);
      continue;
    }
    Token token;
    token.position = position;
    const std::size_t token_at = at;
    if (length == 1 && IsControl(c)) {
      return Invalid(position, "caractère de contrôle " + HexByte(static_cast<unsigned char>(c)),
                     "caractère inattendu");
    }
    if (IsAsciiLetter(c)) {
      std::size_t end = at;
      while (end < value.size() && IsAsciiLetter(value[end])) ++end;
      token.kind = Tok::kWord;
      token.text = value.substr(at, end - at);
      advance(end - at, static_cast<int>(end - at));
    } else if (value.substr(at, 4) == "24/7") {
      token.kind = Tok::kAlways;
      token.text = value.substr(at, 4);
      advance(4, 4);
    } else if (IsDigit(c)) {
      std::size_t end = at;
      while (end < value.size() && IsDigit(value[end])) ++end;
      token.kind = Tok::kNumber;
      token.text = value.substr(at, end - at);
      if (token.text.size() > 4) {
        return Invalid(position, Quoted(token.text), "nombre trop long");
      }
      for (char digit : token.text) token.number = token.number * 10 + (digit - '0');
      advance(end - at, static_cast<int>(end - at));
    } else if (c == '"') {
      const std::size_t close = value.find('"', at + 1);
      if (close == std::string_view::npos) {
        return Invalid(position, Quoted("\""), "guillemet ouvert jamais refermé");
      }
      if (close == at + 1) return Invalid(position, Quoted("\"\""), "commentaire vide");
      token.kind = Tok::kComment;
      token.text = value.substr(at + 1, close - at - 1);
      int characters = 2;
      for (std::size_t i = at + 1; i < close;) {
        const std::size_t inner = Utf8Length(value, i);
        if (inner == 0) {
          return Invalid(position + characters - 1,
                         "octet " + HexByte(static_cast<unsigned char>(value[i])),
                         "encodage invalide, UTF-8 attendu");
        }
        if (inner == 1 && IsControl(value[i])) {
          return Invalid(position + characters - 1,
                         "caractère de contrôle " + HexByte(static_cast<unsigned char>(value[i])),
                         "caractère inattendu");
        }
        if (position + characters - 1 > kMaxCharacters) {
          return Invalid(position + characters - 1, Quoted(value.substr(i, inner)),
                         "valeur trop longue, 255 caractères au plus");
        }
        i += inner;
        ++characters;
      }
      advance(close + 1 - at, characters);
    } else if (c == '-' || c == ',' || c == ';' || c == ':' || c == '/') {
      token.kind = c == '-'   ? Tok::kDash
                   : c == ',' ? Tok::kComma
                   : c == ';' ? Tok::kSemicolon
                   : c == ':' ? Tok::kColon
                              : Tok::kSlash;
      token.text = character;
      advance(1, 1);
    } else {
      return Invalid(position, Quoted(character), RefusedCharacterReason(character));
    }
    if (position - 1 > kMaxCharacters) {  // a word, number, 24/7 or comment runs past the limit
      std::size_t over = token_at;
      for (int i = token.position; i <= kMaxCharacters; ++i) over += Utf8Length(value, over);
      return Invalid(kMaxCharacters + 1, Quoted(value.substr(over, Utf8Length(value, over))),
                     "valeur trop longue, 255 caractères au plus");
    }
    tokens.push_back(token);
  }
  Token end;
  end.kind = Tok::kEnd;
  end.position = position;
  tokens.push_back(end);
  return tokens;
}

// ---------------------------------------------------------------------------
// Parser

constexpr std::array<std::string_view, 7> kWeekdayNames{"Su", "Mo", "Tu", "We",
                                                        "Th", "Fr", "Sa"};
constexpr std::array<std::string_view, 12> kMonthNames{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kKeywords{"PH", "SH", "week", "open",
                                                    "off", "closed", "unknown"};

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// A time range as written: `to` may pass midnight, up to 2880.
struct WrittenRange {
  int from = 0;
  int to = 0;
};

// A rule as written, before its range past midnight is split off.
struct WrittenRule {
  Rule rule;
  std::vector<WrittenRange> ranges;
};

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<std::vector<WrittenRule>> Parse() {
    const bool empty = std::all_of(tokens_.begin(), tokens_.end(), [](const Token& token) {
      return token.kind == Tok::kSemicolon || token.kind == Tok::kEnd;
    });
    if (empty) return Invalid(1, "valeur vide", "aucune règle");
    std::vector<WrittenRule> rules;
    while (Peek().kind != Tok::kEnd) {
      if (Peek().kind == Tok::kSemicolon) {
        Next();
        continue;
      }
      bool additional = false;
      while (true) {
        WrittenRule rule;
        rule.rule.additional = additional;
        if (Status status = ParseRule(rule); !status) return tl::unexpected(status.error());
        rules.push_back(std::move(rule));
        if (Peek().kind != Tok::kComma) break;
        const Token& comma = Next();
        if (Peek().kind == Tok::kEnd || Peek().kind == Tok::kSemicolon) {
          return Invalid(comma.position, Quoted(","), "règle additionnelle vide après la virgule");
        }
        additional = true;
      }
    }
    return rules;
  }

 private:
  enum class Part { kNone, kSelector, kTime, kAlways, kState, kComment };

  const Token& Peek(std::size_t ahead = 0) const {
    return tokens_[std::min(next_ + ahead, tokens_.size() - 1)];
  }
  const Token& Next() {
    const Token& token = tokens_[next_];
    if (next_ + 1 < tokens_.size()) ++next_;
    return token;
  }

  static std::string Describe(const Token& token) {
    if (token.kind == Tok::kEnd) return "fin de la valeur";
    if (token.kind == Tok::kComment) return Quoted("\"" + std::string(token.text) + "\"");
    return Quoted(token.text);
  }
  static tl::unexpected<Error> At(const Token& token, std::string_view reason) {
    return Invalid(token.position, Describe(token), reason);
  }

  static bool IsWord(const Token& token, std::string_view word) {
    return token.kind == Tok::kWord && token.text == word;
  }
  static std::optional<unsigned> Weekday(const Token& token) {
    if (token.kind != Tok::kWord) return std::nullopt;
    for (unsigned i = 0; i < kWeekdayNames.size(); ++i) {
      if (token.text == kWeekdayNames[i]) return i;
    }
    return std::nullopt;
  }
  static std::optional<unsigned> Month(const Token& token) {
    if (token.kind != Tok::kWord) return std::nullopt;
    for (unsigned i = 0; i < kMonthNames.size(); ++i) {
      if (token.text == kMonthNames[i]) return i + 1;
    }
    return std::nullopt;
  }
  static bool IsYear(const Token& token) {
    return token.kind == Tok::kNumber && token.number > 1900;
  }
  static bool IsState(const Token& token) {
    return IsWord(token, "open") || IsWord(token, "off") || IsWord(token, "closed");
  }

  // Why `token` cannot stand where it is; `expected` says what could.
  static tl::unexpected<Error> Unexpected(const Token& token, std::string_view expected) {
    if (token.kind == Tok::kWord) {
      const auto check = [&token](std::string_view canonical) { return EqualsIgnoringCase(token.text, canonical); };
      for (auto names : {std::vector<std::string_view>(kWeekdayNames.begin(), kWeekdayNames.end()),
                         std::vector<std::string_view>(kMonthNames.begin(), kMonthNames.end()),
                         std::vector<std::string_view>(kKeywords.begin(), kKeywords.end())}) {
        for (std::string_view canonical : names) {
          if (check(canonical) && token.text != canonical) {
            return At(token, "écrivez " + Quoted(canonical) + ", avec cette casse");
          }
        }
      }
      if (token.text == "SH") return At(token, "les vacances scolaires (SH) ne sont pas prises en charge");
      if (token.text == "unknown") return At(token, "l'état unknown n'est pas pris en charge");
      if (token.text == "sunrise" || token.text == "sunset" || token.text == "dawn" ||
          token.text == "dusk") {
        return At(token, "les heures calculées (sunrise, sunset) ne sont pas prises en charge");
      }
      if (token.text == "easter") return At(token, "les dates liées à Pâques (easter) ne sont pas prises en charge");
      if (!Weekday(token) && !Month(token) &&
          std::find(kKeywords.begin(), kKeywords.end(), token.text) == kKeywords.end()) {
        return At(token, "mot inconnu, " + std::string(expected));
      }
    }
    if (token.kind == Tok::kEnd) return At(token, "valeur incomplète, " + std::string(expected));
    return At(token, "inattendu ici, " + std::string(expected));
  }

  Status ParseRule(WrittenRule& written) {
    Rule& rule = written.rule;
    Part last = Part::kNone;
    if (Month(Peek()) || IsYear(Peek())) {
      if (Status status = ParseDates(rule); !status) return status;
      last = Part::kSelector;
    }
    if (IsWord(Peek(), "week")) {
      if (Status status = ParseWeeks(rule); !status) return status;
      last = Part::kSelector;
    }
    if (Weekday(Peek()) || IsWord(Peek(), "PH")) {
      if (Status status = ParseWeekdays(rule); !status) return status;
      last = Part::kSelector;
    }
    if (Peek().kind == Tok::kNumber) {
      if (Peek(1).kind != Tok::kColon) {
        if (Peek(1).kind == Tok::kDash) {
          return At(Peek(), "heure sans minutes, écrivez par exemple 09:00-17:00");
        }
        return Unexpected(Peek(), "une plage horaire attendue (09:00-12:00)");
      }
      if (Status status = ParseTimes(written); !status) return status;
      last = Part::kTime;
    } else if (Peek().kind == Tok::kAlways) {
      Next();
      rule.has_time = true;
      written.ranges.push_back({0, kMinutesPerDay});
      last = Part::kAlways;
    }
    if (IsState(Peek())) {
      rule.open = IsWord(Next(), "open");
      last = Part::kState;
    }
    if (Peek().kind == Tok::kComment) {
      if (last != Part::kState) {
        return At(Peek(), "un commentaire suit un état : écrivez open \"…\" ou off \"…\"");
      }
      Next();
      last = Part::kComment;
    }
    if (last == Part::kNone) {
      return Unexpected(Peek(), "attendu un mois, une date, week, un jour, PH, une plage horaire, "
                                "24/7, open, off ou closed");
    }
    const Token& after = Peek();
    switch (after.kind) {
      case Tok::kEnd:
      case Tok::kSemicolon:
        return {};
      case Tok::kComma:
        if (last == Part::kSelector) {
          return At(after, "une virgule suit ici un élément de la même liste ; une règle "
                           "additionnelle ne peut suivre qu'une plage horaire, un état ou un "
                           "commentaire");
        }
        if (last == Part::kAlways) {
          return At(after, "après 24/7, séparez les règles par « ; »");
        }
        return {};
      default:
        break;
    }
    if (Weekday(after) || IsWord(after, "PH")) {
      return At(after, "les jours se placent avant les horaires (Mo-Fr 09:00-12:00)");
    }
    if (Month(after) || IsYear(after) || IsWord(after, "week")) {
      return At(after, "les dates et semaines se placent en tête de règle (Aug Mo-Fr 09:00-12:00)");
    }
    if (after.kind == Tok::kNumber && last == Part::kTime) {
      return At(after, "séparez les plages horaires par une virgule (09:00-12:00,14:00-17:00)");
    }
    if (after.kind == Tok::kComment) {
      return At(after, "un seul commentaire par règle, après l'état");
    }
    if (after.kind == Tok::kSlash && last == Part::kTime) {
      return At(after, "les horaires répétés (« / ») ne sont pas pris en charge");
    }
    return Unexpected(after, "attendu « ; », « , » ou la fin de la valeur");
  }

  // ---- dates

  static unsigned DaysIn(unsigned month, int year) {
    if (year == 0) {  // any year: 29 February exists in leap years
      static constexpr std::array<unsigned, 12> kDays{31, 29, 31, 30, 31, 30,
                                                      31, 31, 30, 31, 30, 31};
      return kDays[month - 1];
    }
    return static_cast<unsigned>(
        (date::year{year} / date::month{month} / date::last).day());
  }

  Result<unsigned> ParseDay(unsigned month, int year) {
    const Token& token = Next();
    if (token.kind != Tok::kNumber) return Unexpected(token, "jour du mois attendu (01 à 31)");
    if (token.text.size() > 2 || token.number < 1 || token.number > 31) {
      return At(token, "jour du mois entre 01 et 31 attendu");
    }
    const unsigned day = static_cast<unsigned>(token.number);
    if (day > DaysIn(month, year)) {
      std::string reason = "le " + std::to_string(day) + " " + std::string(kMonthNames[month - 1]);
      if (year != 0) reason += " " + std::to_string(year);
      return At(token, reason + " n'existe pas");
    }
    return day;
  }

  Result<unsigned> ExpectMonth() {
    const Token& token = Next();
    if (auto month = Month(token)) return *month;
    return Unexpected(token, "mois attendu (Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, "
                             "Nov, Dec)");
  }

  // Starts a day rather than a time range (Aug 15 versus Aug 10:00-12:00)?
  bool AtDay() const { return Peek().kind == Tok::kNumber && Peek(1).kind != Tok::kColon; }

  Status ParseDates(Rule& rule) {
    while (true) {
      if (Status status = ParseDateItem(rule); !status) return status;
      if (Peek().kind == Tok::kComma && (Month(Peek(1)) || IsYear(Peek(1)))) {
        Next();
        continue;
      }
      return {};
    }
  }

  Status ParseDayList(Rule& rule, unsigned month, int year) {
    while (Peek().kind == Tok::kComma && Peek(1).kind == Tok::kNumber && !IsYear(Peek(1)) &&
           Peek(2).kind != Tok::kColon) {
      if (year != 0) {
        return At(Peek(1), "après une date avec son année, répétez la date entière "
                           "(2025 Aug 04,2025 Aug 06)");
      }
      Next();
      Result<unsigned> from = ParseDay(month, 0);
      if (!from) return tl::unexpected(from.error());
      unsigned to = *from;
      if (Peek().kind == Tok::kDash && Peek(1).kind == Tok::kNumber) {
        Next();
        const Token& to_token = Peek();
        Result<unsigned> parsed = ParseDay(month, 0);
        if (!parsed) return tl::unexpected(parsed.error());
        to = *parsed;
        if (to < *from) return At(to_token, "plage de jours inversée");
      }
      DateItem item;
      item.kind = DateItem::Kind::kMonthDays;
      item.month_from = month;
      item.day_from = *from;
      item.day_to = to;
      rule.dates.push_back(item);
    }
    return {};
  }

  Status ParseDateItem(Rule& rule) {
    int year = 0;
    const Token& first = Peek();
    if (IsYear(first)) year = Next().number;
    Result<unsigned> month = ExpectMonth();
    if (!month) return tl::unexpected(month.error());
    if (!AtDay()) {
      if (year != 0) {
        return At(first, "une année seule n'est pas prise en charge, précisez le jour "
                         "(2025 Aug 04)");
      }
      DateItem item;
      item.kind = DateItem::Kind::kMonths;
      item.month_from = item.month_to = *month;
      if (Peek().kind == Tok::kDash && Month(Peek(1))) {
        Next();
        item.month_to = *Month(Next());
      }
      rule.dates.push_back(item);
      return {};
    }
    Result<unsigned> day = ParseDay(*month, year);
    if (!day) return tl::unexpected(day.error());
    if (Peek().kind == Tok::kDash && Peek(1).kind == Tok::kNumber && !IsYear(Peek(1))) {
      Next();
      const Token& to_token = Peek();
      Result<unsigned> to = ParseDay(*month, year);
      if (!to) return tl::unexpected(to.error());
      if (*to < *day) return At(to_token, "plage de jours inversée");
      DateItem item;
      item.kind = DateItem::Kind::kMonthDays;
      item.year = year;
      item.month_from = *month;
      item.day_from = *day;
      item.day_to = *to;
      rule.dates.push_back(item);
      return ParseDayList(rule, *month, year);
    }
    if (Peek().kind == Tok::kDash) {
      const Token& dash = Next();
      const Token& second = Peek();
      if (!Month(second) && !IsYear(second)) {
        return Unexpected(second, "après « - », un jour ou une date attendu (Dec 24-Jan 01)");
      }
      int year_to = 0;
      if (IsYear(second)) year_to = Next().number;
      if ((year == 0) != (year_to == 0)) {
        return At(second, "écrivez l'année des deux côtés de la plage (2025 Aug 04-2025 Aug 22) "
                          "ou d'aucun");
      }
      Result<unsigned> month_to = ExpectMonth();
      if (!month_to) return tl::unexpected(month_to.error());
      if (!AtDay()) return Unexpected(Peek(), "jour du mois attendu après le mois");
      Result<unsigned> day_to = ParseDay(*month_to, year_to);
      if (!day_to) return tl::unexpected(day_to.error());
      DateItem item;
      item.month_from = *month;
      item.day_from = *day;
      item.month_to = *month_to;
      item.day_to = *day_to;
      if (year != 0) {
        item.kind = DateItem::Kind::kDatedSpan;
        item.first = date::local_days{date::year{year} / date::month{*month} / date::day{*day}};
        item.last = date::local_days{date::year{year_to} / date::month{*month_to} /
                                     date::day{*day_to}};
        if (item.last < item.first) return At(dash, "plage de dates inversée");
      } else {
        item.kind = DateItem::Kind::kYearlySpan;
      }
      rule.dates.push_back(item);
      return {};
    }
    DateItem item;
    item.kind = DateItem::Kind::kMonthDays;
    item.year = year;
    item.month_from = *month;
    item.day_from = item.day_to = *day;
    rule.dates.push_back(item);
    return ParseDayList(rule, *month, year);
  }

  // ---- weeks

  Result<int> ParseWeekNumber() {
    const Token& token = Next();
    if (token.kind != Tok::kNumber) return Unexpected(token, "numéro de semaine attendu (01 à 53)");
    if (token.text.size() > 2 || token.number < 1 || token.number > 53) {
      return At(token, "numéro de semaine entre 01 et 53 attendu");
    }
    return token.number;
  }

  Status ParseWeeks(Rule& rule) {
    Next();  // week
    rule.has_weeks = true;
    while (true) {
      Result<int> from = ParseWeekNumber();
      if (!from) return tl::unexpected(from.error());
      int to = *from;
      int period = 1;
      if (Peek().kind == Tok::kDash) {
        Next();
        const Token& to_token = Peek();
        Result<int> parsed = ParseWeekNumber();
        if (!parsed) return tl::unexpected(parsed.error());
        to = *parsed;
        if (to < *from) return At(to_token, "plage de semaines inversée");
        if (Peek().kind == Tok::kSlash) {
          Next();
          const Token& period_token = Next();
          if (period_token.kind != Tok::kNumber) {
            return Unexpected(period_token, "période attendue après « / » (week 1-53/2)");
          }
          if (period_token.number < 2 || period_token.number > 26) {
            return At(period_token, "période de semaines entre 2 et 26 attendue");
          }
          period = period_token.number;
        }
      }
      for (int week = *from; week <= to; week += period) rule.weeks.set(static_cast<std::size_t>(week));
      if (Peek().kind == Tok::kComma && Peek(1).kind == Tok::kNumber) {
        Next();
        continue;
      }
      return {};
    }
  }

  // ---- weekdays and PH

  Status ParseWeekdayList(Rule& rule, bool allow_ph) {
    rule.has_weekdays = true;
    while (true) {
      const Token& token = Next();
      if (auto from = Weekday(token)) {
        unsigned to = *from;
        if (Peek().kind == Tok::kDash) {
          Next();
          const Token& to_token = Next();
          auto parsed = Weekday(to_token);
          if (!parsed) {
            return Unexpected(to_token, "jour de la semaine attendu (Mo, Tu, We, Th, Fr, Sa, Su)");
          }
          to = *parsed;
        }
        for (unsigned day = *from;; day = (day + 1) % 7) {
          rule.weekdays = static_cast<std::uint8_t>(rule.weekdays | (1U << day));
          if (day == to) break;
        }
      } else if (IsWord(token, "PH") && allow_ph) {
        if (rule.weekdays_ph) return At(token, "PH figure deux fois");
        rule.weekdays_ph = true;
      } else {
        return Unexpected(token, "jour de la semaine attendu (Mo, Tu, We, Th, Fr, Sa, Su)");
      }
      const Token& after = Peek(1);
      if (Peek().kind == Tok::kComma && (Weekday(after) || (IsWord(after, "PH") && allow_ph))) {
        Next();
        continue;
      }
      if (Peek().kind == Tok::kComma && IsWord(after, "PH")) return At(after, "PH figure deux fois");
      return {};
    }
  }

  Status ParseWeekdays(Rule& rule) {
    if (IsWord(Peek(), "PH") && Peek(1).kind != Tok::kComma) {
      Next();
      rule.holiday_and = true;
      if (Weekday(Peek())) return ParseWeekdayList(rule, /*allow_ph=*/false);
      if (IsWord(Peek(), "PH")) return At(Peek(), "PH figure deux fois");
      return {};
    }
    if (Status status = ParseWeekdayList(rule, /*allow_ph=*/true); !status) return status;
    if (IsWord(Peek(), "PH")) {
      return At(Peek(), "écrivez Mo-Fr,PH (ces jours ou un jour férié) ou PH Mo-Fr (un jour "
                        "férié tombant ces jours-là)");
    }
    return {};
  }

  // ---- times

  Result<int> ParseTime(bool is_end) {
    const Token& hours = Next();
    if (hours.kind != Tok::kNumber) return Unexpected(hours, "heure attendue (09:30)");
    if (hours.text.size() > 2) return At(hours, "heure sur un ou deux chiffres attendue");
    const Token& colon = Next();
    if (colon.kind != Tok::kColon) {
      return Unexpected(colon, "« : » attendu entre heures et minutes (09:30)");
    }
    const Token& minutes = Next();
    if (minutes.kind != Tok::kNumber || minutes.text.size() != 2) {
      return Unexpected(minutes, "minutes sur deux chiffres attendues (09:30)");
    }
    if (minutes.number > 59) return At(minutes, "minutes entre 00 et 59 attendues");
    if (!is_end && hours.number > 23) {
      return At(hours, "une plage commence entre 00:00 et 23:59");
    }
    if (is_end && (hours.number > 24 || (hours.number == 24 && minutes.number != 0))) {
      return At(hours, "heure au-delà de 24:00 ; pour passer minuit, écrivez par exemple "
                       "22:00-02:00");
    }
    return hours.number * 60 + minutes.number;
  }

  Status ParseTimes(WrittenRule& written) {
    written.rule.has_time = true;
    while (true) {
      Result<int> from = ParseTime(/*is_end=*/false);
      if (!from) return tl::unexpected(from.error());
      const Token& dash = Next();
      if (dash.kind != Tok::kDash) {
        if (dash.kind == Tok::kSlash) return At(dash, "les horaires répétés (« / ») ne sont pas pris en charge");
        return Unexpected(dash, "« - » attendu : une plage horaire s'écrit 09:00-12:00");
      }
      Result<int> to = ParseTime(/*is_end=*/true);
      if (!to) return tl::unexpected(to.error());
      WrittenRange range{*from, *to};
      if (range.to <= range.from) range.to += kMinutesPerDay;
      written.ranges.push_back(range);
      if (Peek().kind == Tok::kComma && Peek(1).kind == Tok::kNumber &&
          Peek(2).kind == Tok::kColon) {
        Next();
        continue;
      }
      return {};
    }
  }

  std::vector<Token> tokens_;
  std::size_t next_ = 0;
};

// Splits each rule's ranges past midnight into a wrapped rule, and marks the
// rules that reset earlier ones, as the npm library does.
Result<std::shared_ptr<OpeningHours::Compiled>> Compile(std::string_view value,
                                                         std::vector<WrittenRule> written) {
  auto compiled = std::make_shared<OpeningHours::Compiled>();
  compiled->value = std::string(value);
  for (WrittenRule& entry : written) {
    Rule rule = std::move(entry.rule);
    Rule wrapped = rule;
    wrapped.times.clear();
    for (const WrittenRange& range : entry.ranges) {
      rule.times.push_back({range.from, std::min(range.to, kMinutesPerDay)});
      if (range.to > kMinutesPerDay) wrapped.times.push_back({0, range.to - kMinutesPerDay});
    }
    std::sort(rule.times.begin(), rule.times.end(),
              [](const MinuteRange& a, const MinuteRange& b) { return a.start < b.start; });
    compiled->rules.push_back(std::move(rule));
    if (!wrapped.times.empty()) {
      wrapped.wrapped = true;
      wrapped.additional = false;
      compiled->rules.push_back(std::move(wrapped));
    }
  }
  if (compiled->rules.size() > kMaxRules) {
    return Invalid(1, Quoted(value.substr(0, 10)), "trop de règles");
  }
  std::vector<Rule>& rules = compiled->rules;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    Rule& rule = rules[i];
    rule.resets = (rule.HasDate() || (i > 0 && rule.open && !rules[i - 1].HasDate())) &&
                  rule.open && !rule.wrapped && !rule.additional;
    compiled->uses_holidays = compiled->uses_holidays || rule.weekdays_ph || rule.holiday_and;
    compiled->uses_weeks = compiled->uses_weeks || rule.has_weeks;
  }
  return compiled;
}

void AppendDay(date::local_days day, const std::vector<MinuteRange>& ranges,
               std::vector<LocalInterval>& out) {
  const date::local_seconds midnight{day};
  for (const MinuteRange& range : ranges) {
    const date::local_seconds start = midnight + std::chrono::minutes{range.start};
    const date::local_seconds end = midnight + std::chrono::minutes{range.end};
    if (!out.empty() && out.back().end == start) {
      out.back().end = end;
    } else {
      out.push_back({start, end});
    }
  }
}

}  // namespace

OpeningHours::OpeningHours() : compiled_(std::make_shared<const Compiled>()) {}

OpeningHours::OpeningHours(std::shared_ptr<const Compiled> compiled)
    : compiled_(std::move(compiled)) {}

const std::string& OpeningHours::value() const { return compiled_->value; }

bool OpeningHours::UsesPublicHolidays() const { return compiled_->uses_holidays; }

std::vector<MinuteRange> OpeningHours::OpenRanges(date::local_days day,
                                                  const HolidayCalendar& holidays) const {
  std::vector<MinuteRange> ranges;
  EvaluateDay(*compiled_, FactsOf(day, *compiled_, holidays),
              FactsOf(day - date::days{1}, *compiled_, holidays), ranges);
  return ranges;
}

Result<OpeningHours> ParseOpeningHours(std::string_view value) {
  Result<std::vector<Token>> tokens = Lex(value);
  if (!tokens) return tl::unexpected(tokens.error());
  Parser parser(std::move(*tokens));
  Result<std::vector<WrittenRule>> written = parser.Parse();
  if (!written) return tl::unexpected(written.error());
  auto compiled = Compile(value, std::move(*written));
  if (!compiled) return tl::unexpected(compiled.error());
  return OpeningHours(std::move(*compiled));
}

std::vector<LocalInterval> OpenIntervals(const OpeningHours& hours, date::year_month_day from,
                                         date::year_month_day to_inclusive,
                                         const HolidayCalendar& holidays) {
  std::vector<LocalInterval> intervals;
  const date::local_days first{from};
  const date::local_days last{to_inclusive};
  if (last < first) return intervals;
  const OpeningHours::Compiled& compiled = *hours.compiled_;
  std::vector<MinuteRange> ranges;
  DayFacts yesterday = FactsOf(first - date::days{1}, compiled, holidays);
  for (date::local_days day = first; day <= last; day += date::days{1}) {
    const DayFacts today = FactsOf(day, compiled, holidays);
    EvaluateDay(compiled, today, yesterday, ranges);
    AppendDay(day, ranges, intervals);
    yesterday = today;
  }
  return intervals;
}

std::vector<ClosedDay> HolidayClosures(const OpeningHours& hours, date::year_month_day from,
                                       date::year_month_day to_inclusive,
                                       const HolidayCalendar& holidays) {
  std::vector<ClosedDay> closed;
  const date::local_days first{from};
  const date::local_days last{to_inclusive};
  if (last < first || !hours.UsesPublicHolidays()) return closed;
  const OpeningHours::Compiled& compiled = *hours.compiled_;
  std::vector<MinuteRange> ranges;
  for (date::local_days day = first; day <= last; day += date::days{1}) {
    const date::year_month_day ymd{day};
    if (!holidays.IsHoliday(ymd)) continue;
    DayFacts today = FactsOf(day, compiled, holidays);
    const DayFacts yesterday = FactsOf(day - date::days{1}, compiled, holidays);
    EvaluateDay(compiled, today, yesterday, ranges);
    if (!ranges.empty()) continue;
    today.holiday = false;
    EvaluateDay(compiled, today, yesterday, ranges);
    if (ranges.empty()) continue;
    closed.push_back(ClosedDay{ymd, holidays.Name(ymd)});
  }
  return closed;
}

}  // namespace relais
