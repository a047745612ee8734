#include "common/search_key.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <optional>

namespace mark {
namespace {

// Katakana with a hiragana counterpart one block lower: ァ..ヶ (U+30A1..U+30F6)
// and the iteration marks ヽヾ (U+30FD, U+30FE). ヷヸヹヺ have none and stay.
char16_t KanaFolded(char16_t c) {
  if ((c >= 0x30A1 && c <= 0x30F6) || c == 0x30FD || c == 0x30FE) return static_cast<char16_t>(c - 0x60);
  return c;
}

// Characters people put between words, or leave out, without meaning
// another name.
bool IsSeparator(UChar32 c) {
  if (u_isUWhiteSpace(c)) return true;
  switch (u_charType(c)) {
    case U_DASH_PUNCTUATION:       // - ‐ – — 〜 ...
    case U_CONNECTOR_PUNCTUATION:  // _ and its full-width form
      return true;
    default: break;
  }
  return c == 0x30FB /* ・ */ || c == 0x00B7 /* · */ || c == 0x2027 /* ‧ */;
}

// NFKC_Casefold of `text`; nullopt when ICU cannot (its data is missing).
std::optional<icu::UnicodeString> NfkcCasefold(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status) || nfkc_cf == nullptr) return std::nullopt;
  const icu::UnicodeString in =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString folded = nfkc_cf->normalize(in, status);
  if (U_FAILURE(status)) return std::nullopt;
  return folded;
}

}  // namespace

std::string WidthAndCaseFolded(std::string_view text) {
  std::string utf8;
  if (auto folded = NfkcCasefold(text)) folded->toUTF8String(utf8);
  return utf8;
}

std::string SearchKey(std::string_view text) {
  const std::optional<icu::UnicodeString> nfkc = NfkcCasefold(text);
  if (!nfkc) return {};  // nothing matches rather than a key made another way
  const icu::UnicodeString& folded = *nfkc;
  icu::UnicodeString out;
  for (int32_t i = 0; i < folded.length();) {
    const UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    if (IsSeparator(c)) continue;
    if (c <= 0xFFFF)
      out.append(KanaFolded(static_cast<char16_t>(c)));
    else
      out.append(c);
  }
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

std::string MarkNumberKey(std::string_view text) {
  std::string key = SearchKey(text);
  for (char& c : key)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return key;
}

}  // namespace mark
