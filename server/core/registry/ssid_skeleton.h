// SSID skeletons: the form two network names share when a person could take
// one for the other on a phone's Wi-Fi list. An SSID is not an identifier:
// anyone may broadcast any name, so the registry never refuses one; it
// flags names of other operators that are the same or look the same
// (attention.h, the verify page). Loosely after Unicode TS #39's skeleton,
// narrowed to what Wi-Fi lists show: case, full-width forms, Cyrillic and
// Greek letters drawn like Latin ones, 0/O, 1/l/I, rn/m, vv/w, invisible
// characters, and '-', '_', '.', ' ' as one separator.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace mark::registry {

// The skeleton of `ssid` (UTF-8; invalid bytes are kept as they are).
// Equal skeletons mean "looks the same"; equal SSIDs have equal skeletons.
std::string SsidSkeleton(std::string_view ssid);

}  // namespace mark::registry
