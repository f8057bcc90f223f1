// libFuzzer target for the opening_hours parser (tests/fuzz/run.sh builds and
// runs it): any input is either refused with a well-formed error or evaluated
// into intervals that are sorted, disjoint, non-empty and inside the window.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <string_view>

#include <date/date.h>

#include "domain/holidays.h"
#include "domain/opening_hours.h"

namespace relais {
namespace {

constexpr std::string_view kMessagePrefix = "Horaires d'ouverture invalides, caractère ";

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "opening_hours_fuzz: invariant broken: %s\n", what);
  std::abort();
}

void Check(bool condition, const char* what) {
  if (!condition) Fail(what);
}

// Whether `text` is valid UTF-8 (an error message ends up in JSON).
bool IsUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    std::uint32_t min_code_point = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      code_point = lead & 0x1F;
      min_code_point = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code_point = lead & 0x0F;
      min_code_point = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code_point = lead & 0x07;
      min_code_point = 0x10000;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (byte(i + k) & 0x3F);
    }
    if (code_point < min_code_point || code_point > 0x10FFFF) return false;
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return false;
    i += length;
  }
  return true;
}

void CheckRefusal(std::string_view value, const Error& error) {
  Check(error.kind == ErrorKind::kInvalid, "error kind is kInvalid");
  Check(error.code == "invalid_opening_hours", "error code is invalid_opening_hours");
  Check(error.field == "opening_hours", "error field is opening_hours");
  Check(error.message.compare(0, kMessagePrefix.size(), kMessagePrefix) == 0,
        "error message starts with the position");
  std::size_t at = kMessagePrefix.size();
  long position = 0;
  while (at < error.message.size() && error.message[at] >= '0' && error.message[at] <= '9') {
    position = position * 10 + (error.message[at] - '0');
    Check(position <= 1'000'000, "position is a small number");
    ++at;
  }
  Check(position >= 1, "position is 1-based");
  Check(static_cast<std::size_t>(position) <= value.size() + 1, "position inside the value");
  Check(IsUtf8(error.message), "error message is valid UTF-8");
}

void CheckWindow(const OpeningHours& hours, date::year_month_day from,
                 date::year_month_day to_inclusive, const HolidayCalendar& holidays) {
  const date::local_seconds window_start{date::local_days{from}};
  const date::local_seconds window_end{date::local_days{to_inclusive} + date::days{1}};
  const auto intervals = OpenIntervals(hours, from, to_inclusive, holidays);
  for (std::size_t i = 0; i < intervals.size(); ++i) {
    const LocalInterval& interval = intervals[i];
    Check(interval.start < interval.end, "start < end");
    Check(window_start <= interval.start && interval.end <= window_end, "inside the window");
    if (i > 0) Check(intervals[i - 1].end < interval.start, "sorted, disjoint and merged");
  }
  for (const ClosedDay& closed : HolidayClosures(hours, from, to_inclusive, holidays)) {
    Check(from <= closed.date && closed.date <= to_inclusive, "closure inside the window");
    Check(holidays.IsHoliday(closed.date), "closure on a holiday");
    Check(!closed.reason.empty(), "closure has a reason");
  }
}

}  // namespace
}  // namespace relais

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace relais;
  const std::string_view value(reinterpret_cast<const char*>(data), size);
  const Result<OpeningHours> hours = ParseOpeningHours(value);
  if (!hours) {
    CheckRefusal(value, hours.error());
    return 0;
  }
  Check(hours->value() == value, "value() is the input");
  Check(IsUtf8(value), "an accepted value is valid UTF-8");
  std::size_t characters = 0;
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) != 0x80) ++characters;
    Check(byte >= 0x20 || c == '\t' || c == '\n' || c == '\r', "no control character accepted");
    Check(byte != 0x7F, "no DEL accepted");
  }
  Check(characters <= 255, "an accepted value has at most 255 characters");
  const HolidayCalendar holidays(/*alsace_moselle=*/size % 2 == 1);
  // Both clock changes of 2025, the turn of a year with its holidays, and a
  // 29 February.
  CheckWindow(*hours, date::year{2025} / date::March / 28, date::year{2025} / date::April / 2,
              holidays);
  CheckWindow(*hours, date::year{2025} / date::October / 24, date::year{2025} / date::October / 28,
              holidays);
  CheckWindow(*hours, date::year{2025} / date::December / 22, date::year{2026} / date::January / 6,
              holidays);
  CheckWindow(*hours, date::year{2028} / date::February / 27, date::year{2028} / date::March / 2,
              holidays);
  return 0;
}
