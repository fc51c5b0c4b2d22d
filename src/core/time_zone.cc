#include "src/core/time_zone.h"

#include <unicode/basictz.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/ucal.h>
#include <unicode/unistr.h>

#include <algorithm>

#include "src/core/timestamp.h"

namespace parley {

struct TimeZone::Impl {
  std::unique_ptr<icu::TimeZone> zone;
  const icu::BasicTimeZone* basic = nullptr;  // `zone`, when it has rules (all ICU makes)
  int32_t fixed_offset = 0;                   // ... else its raw offset
};

TimeZone::~TimeZone() = default;

const std::vector<std::string>& TimeZone::Names() {
  static const std::vector<std::string>* const names = [] {
    auto* out = new std::vector<std::string>();
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::StringEnumeration> ids(
        icu::TimeZone::createTimeZoneIDEnumeration(UCAL_ZONE_TYPE_ANY, nullptr, nullptr, status));
    for (const char* id = nullptr;
         U_SUCCESS(status) && ids != nullptr && (id = ids->next(nullptr, status)) != nullptr;) {
      out->emplace_back(id);
    }
    std::sort(out->begin(), out->end());
    out->erase(std::unique(out->begin(), out->end()), out->end());
    return out;
  }();
  return *names;
}

StatusOr<std::shared_ptr<const TimeZone>> TimeZone::Find(std::string_view name) {
  auto fail = [&] {
    return InvalidArgumentError(
        "unknown time zone '" + std::string(name) +
        "': name a zone of the IANA database as 'Europe/Paris', 'America/New_York' or "
        "'Asia/Kolkata', or 'UTC', or an offset as '+05:30'");
  };
  if (name.empty() || name.size() > 64) return fail();
  const icu::UnicodeString id = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(id));
  // An offset alone ("+05:30") is no ID ICU reads; "GMT+05:30" is.
  icu::UnicodeString got;
  if (zone == nullptr || zone->getID(got) == UNICODE_STRING_SIMPLE(UCAL_UNKNOWN_ZONE_ID)) {
    if (name[0] == '+' || name[0] == '-') {
      zone.reset(icu::TimeZone::createTimeZone(UNICODE_STRING_SIMPLE("GMT") + id));
    } else if (name.size() > 3 && (name.substr(0, 3) == "UTC" || name.substr(0, 3) == "utc")) {
      zone.reset(icu::TimeZone::createTimeZone(UNICODE_STRING_SIMPLE("GMT") + id.tempSubString(3)));
    }
    if (zone == nullptr || zone->getID(got) == UNICODE_STRING_SIMPLE(UCAL_UNKNOWN_ZONE_ID)) {
      return fail();
    }
  }
  std::shared_ptr<TimeZone> out(new TimeZone());
  out->impl_ = std::make_unique<Impl>();
  out->impl_->basic = dynamic_cast<const icu::BasicTimeZone*>(zone.get());
  out->impl_->fixed_offset = zone->getRawOffset();
  out->impl_->zone = std::move(zone);
  got.toUTF8String(out->name_);
  return std::shared_ptr<const TimeZone>(std::move(out));
}

int64_t OnClock(std::string_view text, int64_t ms, const TimeZone* zone) {
  if (zone == nullptr) return ms;
  int64_t wall = 0;
  bool zoned = true;
  return TryParseTimestampZone(text, &wall, &zoned) && !zoned ? zone->ToUtc(wall) : ms;
}

int64_t TimeZone::ToUtc(int64_t local_ms) const {
  int32_t raw = impl_->fixed_offset, dst = 0;
  if (impl_->basic != nullptr) {
    UErrorCode status = U_ZERO_ERROR;
    impl_->basic->getOffsetFromLocal(static_cast<UDate>(local_ms), UCAL_TZ_LOCAL_FORMER,
                                     UCAL_TZ_LOCAL_FORMER, raw, dst, status);
    if (U_FAILURE(status)) {
      raw = impl_->fixed_offset;
      dst = 0;
    }
  }
  return local_ms - raw - dst;
}

int64_t TimeZone::ToLocal(int64_t utc_ms) const {
  int32_t raw = impl_->fixed_offset, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  impl_->zone->getOffset(static_cast<UDate>(utc_ms), false, raw, dst, status);
  if (U_FAILURE(status)) {
    raw = impl_->fixed_offset;
    dst = 0;
  }
  return utc_ms + raw + dst;
}

}  // namespace parley
