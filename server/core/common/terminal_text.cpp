#include "common/terminal_text.h"

#include <cstdio>

#include "common/utf8.h"

namespace mark {
namespace {

void AppendHexEscape(std::string& out, unsigned char b) {
  char buf[5];
  std::snprintf(buf, sizeof buf, "\\x%02X", b);
  out += buf;
}

// Unicode format characters (category Cf) that change how the text around
// them is shown: bidi marks, embeddings, overrides and isolates; zero-width
// space, joiners, word joiner and invisible operators; the BOM.
bool IsInvisibleFormat(char32_t cp) {
  return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) ||
         cp == 0xFEFF || cp == 0x061C;
}

}  // namespace

std::string EscapeForTerminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const std::size_t n = DecodeUtf8(text, i, &cp);
    if (n == 0) {
      AppendHexEscape(out, static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    if (cp < 0x20 || cp == 0x7F) {
      AppendHexEscape(out, static_cast<unsigned char>(cp));
    } else if (cp == '\\') {
      out += "\\\\";
    } else if (cp >= 0x80 && cp <= 0x9F) {
      for (std::size_t k = 0; k < n; ++k) AppendHexEscape(out, static_cast<unsigned char>(text[i + k]));
    } else if (IsInvisibleFormat(cp)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u{%04X}", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

}  // namespace mark
