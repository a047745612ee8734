// SSID skeletons: the form two network names share when a person could take
// one for the other on a phone's Wi-Fi list. An SSID is not an identifier:
// anyone may broadcast any name, so the registry never refuses one; it
// flags names of other operators that are the same or look the same
// (registry/attention.h, the verify page).
// The look-alike key of common/text.h (LookalikeKey: Unicode TS #39's
// skeleton from ICU's confusables data, so Cyrillic, Greek and other letters
// drawn like Latin ones, full-width forms, case, invisible characters, 0/O,
// 1/l/I/i, rn/m), and on top the readings a Wi-Fi list invites that TS #39
// leaves out: vv/w, and '-', '_', '.', ' ' (and the dashes and spaces that
// fold to them) as one separator.
// The skeleton depends on ICU's data (mark::TextDataVersion): stored
// skeletons are computed again when it changes (storage/lookalike_keys.h).
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace mark {

// The skeleton of `ssid` (UTF-8; invalid bytes are kept as they are).
// Equal skeletons mean "looks the same"; equal SSIDs have equal skeletons.
std::string SsidSkeleton(std::string_view ssid);

}  // namespace mark
