// Decimal numbers as people type them on command lines and clients send them
// in paths and queries, and fixed-width fields in dates: the whole text is the
// number (no '+', no '-' unless lo is negative, no spaces, no trailing
// characters), and it lies in [lo, hi]. The
// one number parser: atoi/stoi/strtol accept trailing junk ("8080abc"),
// read "abc" as 0 or throw, and so turn a typo into another value.
// Pure; thread-safe.
#pragma once

#include <charconv>
#include <optional>
#include <string_view>
#include <system_error>

namespace mark {

template <typename T>
std::optional<T> ParseDecimal(std::string_view text, T lo, T hi) {
  if (text.empty() || text.front() == '+' || (text.front() == '-' && !(lo < 0))) return std::nullopt;
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < lo || value > hi) return std::nullopt;
  return value;
}

}  // namespace mark
