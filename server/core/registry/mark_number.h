// Mark numbers (使用許諾管理番号) as the council prints them: the letter of
// the body that took the first review (J JAIPA, T TELESA, D TCA) and a serial
// of at least four digits shared by all bodies, e.g. "J0072".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace mark::registry {

struct MarkNumber {
  char body = 'J';
  long long serial = 0;
};

bool IsFirstReviewBody(char c);
// "JAIPA"|"TELESA"|"TCA" or the letters themselves → the letter.
std::optional<char> ParseFirstReviewBody(std::string_view s);
std::string_view FirstReviewBodyName(char letter);

// The serial's digits: at least kSerialDigitsMin (zero-padded), at most
// kSerialDigitsMax.
inline constexpr int kSerialDigitsMin = 4;
inline constexpr int kSerialDigitsMax = 9;

// Strict: one of J/T/D, then kSerialDigitsMin..kSerialDigitsMax digits,
// serial > 0.
std::optional<MarkNumber> ParseMarkNumber(std::string_view text);
// The shape ParseMarkNumber accepts as an ECMAScript/RE2 regular expression,
// "^[DJT][0-9]{4,9}$" (it does not check the zero padding or serial > 0),
// for clients that route or recognise numbers (GET /api/v1/rules).
std::string MarkNumberPattern();
std::string FormatMarkNumber(const MarkNumber& n);

}  // namespace mark::registry
