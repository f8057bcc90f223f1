#include "app/zoned_time.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include <date/tz.h>

namespace relais::app {

Result<TimeZone> TimeZone::Find(const std::string& name) {
  try {
    return TimeZone(date::locate_zone(name));
  } catch (const std::exception&) {
    // locate_zone reports an unknown zone (or an unreadable database) by throwing.
    return Fail(ErrorKind::kInvalid, "invalid_timezone",
                "Fuseau horaire inconnu : « " + name + " » (exemple : Europe/Paris).", "timezone");
  }
}

const std::string& TimeZone::name() const {
  return zone_->name();
}

date::sys_seconds TimeZone::ToInstant(date::local_seconds local) const {
  const date::local_info info = zone_->get_info(local);
  // Skipped: `first` ends when the clocks jump.
  if (info.result == date::local_info::nonexistent) return info.first.end;
  // Unique: `first` is its offset; repeated: `first` is the offset before
  // the change, which gives the earlier instant.
  return date::sys_seconds{local.time_since_epoch() - info.first.offset};
}

date::local_seconds TimeZone::ToLocal(date::sys_seconds instant) const {
  const date::sys_info info = zone_->get_info(instant);
  return date::local_seconds{instant.time_since_epoch() + info.offset};
}

std::vector<Interval> TimeZone::ToInstants(const std::vector<LocalInterval>& intervals) const {
  std::vector<Interval> instants;
  instants.reserve(intervals.size());
  for (const LocalInterval& interval : intervals) {
    const Interval instant{ToInstant(interval.start), ToInstant(interval.end)};
    if (instant.start < instant.end) instants.push_back(instant);
  }
  // A clock change can make neighbours touch or overlap (and, in theory, reorder).
  std::sort(instants.begin(), instants.end(),
            [](const Interval& a, const Interval& b) { return a.start < b.start; });
  std::vector<Interval> merged;
  merged.reserve(instants.size());
  for (const Interval& instant : instants) {
    if (!merged.empty() && instant.start <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, instant.end);
    } else {
      merged.push_back(instant);
    }
  }
  return merged;
}

std::string TimeZone::FormatRfc3339(date::sys_seconds instant) const {
  std::string text;
  AppendRfc3339(text, instant);
  return text;
}

namespace {

// `value` as exactly `width` decimal digits (0 <= value < 10^width).
char* Digits(char* out, long value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

}  // namespace

void TimeZone::AppendRfc3339(std::string& out, date::sys_seconds instant) const {
  OffsetPeriod period;
  AppendRfc3339(out, instant, period);
}

void TimeZone::AppendRfc3339(std::string& out, date::sys_seconds instant,
                             OffsetPeriod& period) const {
  if (instant < period.begin || instant >= period.end) {
    const date::sys_info info = zone_->get_info(instant);
    period = {info.begin, info.end, info.offset};
  }
  const OffsetPeriod& info = period;
  const date::local_seconds local{instant.time_since_epoch() + info.offset};
  const date::local_days day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const long seconds_of_day = (local - day).count();
  const long offset_minutes =
      static_cast<long>(std::chrono::duration_cast<std::chrono::minutes>(info.offset).count());
  const long offset = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char buffer[32];
  char* p = Digits(buffer, static_cast<int>(ymd.year()) % 10000, 4);
  *p++ = '-';
  p = Digits(p, static_cast<unsigned>(ymd.month()), 2);
  *p++ = '-';
  p = Digits(p, static_cast<unsigned>(ymd.day()), 2);
  *p++ = 'T';
  p = Digits(p, seconds_of_day / 3600, 2);
  *p++ = ':';
  p = Digits(p, seconds_of_day / 60 % 60, 2);
  *p++ = ':';
  p = Digits(p, seconds_of_day % 60, 2);
  *p++ = offset_minutes < 0 ? '-' : '+';
  p = Digits(p, offset / 60 % 100, 2);
  *p++ = ':';
  p = Digits(p, offset % 60, 2);
  out.append(buffer, p);
}

}  // namespace relais::app
