#include "registry/ssid_skeleton.h"

#include <cstdint>

namespace mark::registry {

namespace {

// Letters of other scripts drawn like a Latin letter (lower case).
struct Lookalike {
  char32_t from;
  char to;
};
constexpr Lookalike kLookalikes[] = {
    // Cyrillic
    {U'\u0430', 'a'}, {U'\u0435', 'e'}, {U'\u043E', 'o'}, {U'\u0440', 'p'}, {U'\u0441', 'c'}, {U'\u0443', 'y'},
    {U'\u0445', 'x'}, {U'\u0456', 'i'}, {U'\u0458', 'j'}, {U'\u0455', 's'}, {U'\u0501', 'd'}, {U'\u04BB', 'h'},
    {U'\u0410', 'a'}, {U'\u0412', 'b'}, {U'\u0415', 'e'}, {U'\u041A', 'k'}, {U'\u041C', 'm'}, {U'\u041D', 'h'},
    {U'\u041E', 'o'}, {U'\u0420', 'p'}, {U'\u0421', 'c'}, {U'\u0422', 't'}, {U'\u0425', 'x'}, {U'\u0423', 'y'},
    {U'\u0406', 'i'}, {U'\u0408', 'j'}, {U'\u0405', 's'},
    // Greek
    {U'\u0391', 'a'}, {U'\u0392', 'b'}, {U'\u0395', 'e'}, {U'\u0396', 'z'}, {U'\u0397', 'h'}, {U'\u0399', 'i'},
    {U'\u039A', 'k'}, {U'\u039C', 'm'}, {U'\u039D', 'n'}, {U'\u039F', 'o'}, {U'\u03A1', 'p'}, {U'\u03A4', 't'},
    {U'\u03A5', 'y'}, {U'\u03A7', 'x'}, {U'\u03BF', 'o'}, {U'\u03BD', 'v'}, {U'\u03B9', 'i'}, {U'\u03BA', 'k'},
    // Dashes and minus signs
    {U'\u2010', '-'}, {U'\u2011', '-'}, {U'\u2012', '-'}, {U'\u2013', '-'}, {U'\u2014', '-'}, {U'\u2015', '-'},
    {U'\u2212', '-'}, {U'\u3000', ' '},
};

bool Invisible(char32_t c) {
  return c == U'\u200B' || c == U'\u200C' || c == U'\u200D' || c == U'\u2060' || c == U'\uFEFF' || c == U'\u00AD';
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// One ASCII character for a look-alike one, or 0.
char AsciiFor(char32_t c) {
  if (c >= U'\uFF01' && c <= U'\uFF5E') return static_cast<char>(c - 0xFEE0);  // full-width forms
  for (const Lookalike& l : kLookalikes)
    if (l.from == c) return l.to;
  return 0;
}

}  // namespace

std::string SsidSkeleton(std::string_view ssid) {
  // Pass 1: code points to ASCII where one is drawn alike; others as they are.
  std::string folded;
  for (size_t i = 0; i < ssid.size();) {
    unsigned char b = static_cast<unsigned char>(ssid[i]);
    size_t n = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
    bool ok = n != 0 && i + n <= ssid.size();
    char32_t c = ok ? (n == 1 ? b : b & (0x7F >> n)) : 0;
    for (size_t k = 1; ok && k < n; ++k) {
      unsigned char cc = static_cast<unsigned char>(ssid[i + k]);
      ok = (cc & 0xC0) == 0x80;
      c = (c << 6) | (cc & 0x3F);
    }
    if (!ok) {  // not UTF-8: keep the byte
      folded += ssid[i++];
      continue;
    }
    i += n;
    if (Invisible(c)) continue;
    if (c >= 0x80) {
      if (char a = AsciiFor(c)) c = static_cast<unsigned char>(a);
    }
    if (c < 0x80) folded += static_cast<char>(c);
    else AppendUtf8(folded, c);
  }
  // Pass 2: ASCII case, the digits and letters people misread, separators.
  std::string out;
  for (char ch : folded) {
    char c = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
    if (c == '0') c = 'o';
    else if (c == '1' || c == 'i' || c == '|') c = 'l';
    else if (c == '-' || c == '.' || c == ' ') c = '_';
    if (c == 'n' && !out.empty() && out.back() == 'r') out.back() = 'm';
    else if (c == 'v' && !out.empty() && out.back() == 'v') out.back() = 'w';
    else out += c;
  }
  return out;
}

}  // namespace mark::registry
