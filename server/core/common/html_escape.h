// The one escaping function for text from the registry (or from a request)
// placed into SVG, XML or HTML, in element content or in a quoted attribute.
// Every page and badge goes through it, so a service called `<script>` or
// `"/><svg onload=...>` shows as text. It also makes the output well-formed:
// invalid UTF-8 becomes U+FFFD and control characters XML 1.0 forbids are
// dropped. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace mark {

// Escapes & < > " ' (as &amp; &lt; &gt; &quot; &#39;), sanitises UTF-8 and
// removes C0 controls other than tab, newline and carriage return.
std::string EscapeXml(std::string_view text);

// The same function under the name HTML callers look for (HTML5 accepts the
// identical escapes in content and in quoted attributes).
inline std::string EscapeHtml(std::string_view text) { return EscapeXml(text); }

}  // namespace mark
