// Hexadecimal text of bytes: digests, random ids, ETags (lower case), and the
// digits of the escapes other formats ask for (\xNN in the access log,
// %NN in URLs). The one hex encoder; decoding stays with each format that
// reads hex, since each says what it accepts. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace mark {

enum class HexCase { kLower, kUpper };

// Two digits a byte, lower case: {0x1f, 0xa0} → "1fa0".
std::string Hex(std::span<const unsigned char> bytes);
std::string Hex(std::string_view bytes);

// The digits of one byte appended to `out` ("%" + them is a percent escape).
void AppendHexByte(std::string& out, unsigned char byte, HexCase letters = HexCase::kLower);

}  // namespace mark
