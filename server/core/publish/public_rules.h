// The rules a browser needs, as the registry itself keeps them, for
// GET /api/v1/rules and the static snapshot's `api/v1/rules`: the console
// and the pages' scripts read these once instead of keeping copies.
//
//   {"time_zone": {"name": "Asia/Tokyo", "utc_offset": "+09:00",
//                  "utc_offset_minutes": 540},          common/jst.h kJstOffset
//    "mark_number": {"pattern": "^[DJT][0-9]{4,9}$",    registry/mark_number.h
//                    "first_review_bodies": {"J": "JAIPA", ...}},
//    "session_months": [3, 7, 11],                      review/calendar.h IsSessionMonth
//    "statuses": {"valid": {"css_class": "st-valid",    badge/verdict.h: the
//                           "words": {"ja", "en", "zh", "ko"}}, ...}}
//                                                       public words of each status
//
// The same bytes whatever the registry holds or the clock says. Thread-safe.
#pragma once

#include <nlohmann/json.hpp>

namespace mark::publish {

nlohmann::json PublicRulesJson();

}  // namespace mark::publish
