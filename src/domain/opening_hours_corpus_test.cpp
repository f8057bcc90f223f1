// The malformed-value corpus (tests/corpus/opening_hours_malformed.txt): every
// value is refused with the position the corpus gives, and none crashes.
#include <algorithm>
#include <cstddef>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "domain/opening_hours.h"

#ifndef RELAIS_CORPUS_DIR
#error "RELAIS_CORPUS_DIR must name the folder of the test corpora"
#endif

namespace relais {
namespace {

constexpr const char* kCorpusFile = RELAIS_CORPUS_DIR "/opening_hours_malformed.txt";
constexpr const char* kMessagePrefix = "Horaires d'ouverture invalides, caractère ";
constexpr std::size_t kMinCorpusSize = 200;

struct MalformedValue {
  int line = 0;         // in the corpus file, for failure messages
  int position = 0;     // the 1-based character position the error must name
  std::string value;    // decoded bytes
  std::string written;  // as written in the corpus
};

std::optional<int> HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

// Decodes \xHH, \t, \n, \r and \\; nullopt on any other escape.
std::optional<std::string> Decode(const std::string& written) {
  std::string bytes;
  for (std::size_t i = 0; i < written.size(); ++i) {
    if (written[i] != '\\') {
      bytes += written[i];
      continue;
    }
    if (++i == written.size()) return std::nullopt;
    switch (written[i]) {
      case 't': bytes += '\t'; break;
      case 'n': bytes += '\n'; break;
      case 'r': bytes += '\r'; break;
      case '\\': bytes += '\\'; break;
      case 'x': {
        if (i + 2 >= written.size()) return std::nullopt;
        const std::optional<int> high = HexDigit(written[i + 1]);
        const std::optional<int> low = HexDigit(written[i + 2]);
        if (!high || !low) return std::nullopt;
        bytes += static_cast<char>(*high * 16 + *low);
        i += 2;
        break;
      }
      default:
        return std::nullopt;
    }
  }
  return bytes;
}

// The corpus, or a test failure naming the line that cannot be read.
std::vector<MalformedValue> LoadCorpus() {
  std::vector<MalformedValue> corpus;
  std::ifstream file(kCorpusFile, std::ios::binary);
  EXPECT_TRUE(file.is_open()) << "cannot open " << kCorpusFile;
  std::string line;
  int number = 0;
  while (std::getline(file, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const std::size_t space = line.find(' ');
    std::size_t digits = 0;
    while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
    if (space == std::string::npos || digits == 0 || digits != space || digits > 6) {
      ADD_FAILURE() << kCorpusFile << ":" << number << ": expected \"POSITION VALUE\"";
      continue;
    }
    MalformedValue entry;
    entry.line = number;
    entry.position = std::stoi(line.substr(0, space));
    entry.written = line.substr(space + 1);
    std::optional<std::string> value = Decode(entry.written);
    if (!value) {
      ADD_FAILURE() << kCorpusFile << ":" << number << ": bad escape in " << entry.written;
      continue;
    }
    entry.value = std::move(*value);
    corpus.push_back(std::move(entry));
  }
  return corpus;
}

const std::vector<MalformedValue>& Corpus() {
  static const std::vector<MalformedValue> corpus = LoadCorpus();
  return corpus;
}

TEST(OpeningHoursCorpus, HoldsEnoughValues) { EXPECT_GE(Corpus().size(), kMinCorpusSize); }

TEST(OpeningHoursCorpus, EveryValueIsRefusedWithItsPosition) {
  for (const MalformedValue& entry : Corpus()) {
    SCOPED_TRACE("line " + std::to_string(entry.line) + ": " + entry.written);
    const Result<OpeningHours> hours = ParseOpeningHours(entry.value);
    ASSERT_FALSE(hours.has_value()) << "accepted";
    const Error& error = hours.error();
    EXPECT_EQ(error.kind, ErrorKind::kInvalid);
    EXPECT_EQ(error.code, "invalid_opening_hours");
    EXPECT_EQ(error.field, "opening_hours");
    const std::string expected = kMessagePrefix + std::to_string(entry.position) + " (";
    EXPECT_EQ(error.message.compare(0, expected.size(), expected), 0)
        << "expected position " << entry.position << ", got: " << error.message;
  }
}

// Every prefix of every corpus value either parses and evaluates, or is
// refused with a position inside the prefix or just past its end.
TEST(OpeningHoursCorpus, PrefixesNeverCrash) {
  const HolidayCalendar holidays(false);
  const date::year_month_day from = date::year{2025} / date::March / 28;
  const date::year_month_day to = date::year{2025} / date::April / 2;
  const std::string prefix = kMessagePrefix;
  for (const MalformedValue& entry : Corpus()) {
    const std::size_t limit = std::min<std::size_t>(entry.value.size(), 300);
    for (std::size_t length = 0; length <= limit; ++length) {
      const std::string value = entry.value.substr(0, length);
      const Result<OpeningHours> hours = ParseOpeningHours(value);
      if (hours) {
        for (const LocalInterval& interval : OpenIntervals(*hours, from, to, holidays)) {
          EXPECT_LT(interval.start, interval.end) << entry.written;
        }
        continue;
      }
      const std::string& message = hours.error().message;
      ASSERT_EQ(message.compare(0, prefix.size(), prefix), 0) << message;
      const int position = std::stoi(message.substr(prefix.size()));
      EXPECT_GE(position, 1) << entry.written;
      EXPECT_LE(static_cast<std::size_t>(position), length + 1) << entry.written;
    }
  }
}

}  // namespace
}  // namespace relais
