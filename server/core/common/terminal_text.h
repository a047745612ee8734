// Text that came from outside (a certificate's kid, sub, iss or names) made
// safe to print on a terminal: whatever it holds, it cannot move the cursor,
// start a new line, change colours or reorder what follows, so it cannot
// forge a line of our own output ("valid: ...").
#pragma once

#include <string>
#include <string_view>

namespace mark {

// `text` with every byte that a terminal would act on written out:
//   C0 controls (CR, LF, ESC, ...) and DEL as \xNN;
//   C1 controls (U+0080..U+009F, e.g. the one-byte CSI) as their UTF-8
//   bytes \xC2\xNN;
//   bytes that are not valid UTF-8 as \xNN;
//   invisible format characters that reorder or hide text (bidi embeddings
//   and isolates, zero-width characters, BOM) as \u{XXXX};
//   the backslash itself as \\ (so an escape in the output is always ours).
// Everything else, Japanese names included, passes unchanged.
std::string EscapeForTerminal(std::string_view text);

}  // namespace mark
