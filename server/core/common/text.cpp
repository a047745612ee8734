#include "common/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uset.h>
#include <unicode/uspoof.h>
#include <unicode/uversion.h>

#include <cstdio>
#include <vector>

#include "common/utf8.h"

namespace mark {

namespace {

// The checker for names' words: scripts at USPOOF_HIGHLY_RESTRICTIVE, and
// marks that repeat or overlay. Every character is allowed as far as the
// checker goes (TextRefusal judges characters itself), so its restriction
// level speaks of scripts only. Configured once; ICU allows concurrent
// checks on a checker nobody reconfigures.
struct WordChecker {
  USpoofChecker* checker = nullptr;
  std::string error;  // why it could not be made, when checker is null

  WordChecker() {
    UErrorCode st = U_ZERO_ERROR;
    checker = uspoof_open(&st);
    uspoof_setChecks(checker, USPOOF_RESTRICTION_LEVEL | USPOOF_INVISIBLE | USPOOF_HIDDEN_OVERLAY, &st);
    uspoof_setRestrictionLevel(checker, USPOOF_HIGHLY_RESTRICTIVE);
    USet* all = uset_open(0, 0x10FFFF);
    uspoof_setAllowedChars(checker, all, &st);
    uset_close(all);
    if (U_FAILURE(st)) {
      error = u_errorName(st);
      uspoof_close(checker);
      checker = nullptr;
    }
  }
  ~WordChecker() {
    if (checker) uspoof_close(checker);
  }
};

const WordChecker& Checker() {
  static const WordChecker checker;
  return checker;
}

bool Has(UChar32 c, UProperty p) { return u_hasBinaryProperty(c, p) != 0; }

// "U+202E RIGHT-TO-LEFT OVERRIDE" (the name where Unicode gives one).
std::string Describe(UChar32 c) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(c));
  std::string out = hex;
  char name[128];
  UErrorCode st = U_ZERO_ERROR;
  const int32_t n = u_charName(c, U_UNICODE_CHAR_NAME, name, sizeof name, &st);
  if (U_SUCCESS(st) && n > 0) out += " " + std::string(name, static_cast<size_t>(n));
  return out;
}

std::string Utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

bool IsBidiControl(UChar32 c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
}

// Drawn as nothing, or as a blank: a text of these alone shows nothing.
bool IsBlank(UChar32 c) {
  const uint32_t gc = U_GET_GC_MASK(c);
  if ((gc & (U_GC_L_MASK | U_GC_N_MASK | U_GC_P_MASK | U_GC_S_MASK)) == 0) return true;
  return Has(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) || c == 0x2800;  // BRAILLE PATTERN BLANK
}

bool IsEmojiPart(UChar32 c) {
  return Has(c, UCHAR_EXTENDED_PICTOGRAPHIC) || Has(c, UCHAR_EMOJI_MODIFIER) || c == 0xFE0F;
}

// One character's refusal, given its neighbours (-1 at either end).
std::optional<std::string> CharacterRefusal(UChar32 prev, UChar32 c, UChar32 next) {
  const int8_t type = u_charType(c);
  if (type == U_CONTROL_CHAR)
    return "holds a control character (" + Describe(c) + "); it must be one line of visible text";
  if (type == U_LINE_SEPARATOR || type == U_PARAGRAPH_SEPARATOR)
    return "holds " + Describe(c) + "; it must be one line";
  if (IsBidiControl(c))
    return "holds " + Describe(c) +
           ", a bidirectional control character: it makes the text read otherwise than it is stored";
  if (Has(c, UCHAR_NONCHARACTER_CODE_POINT)) return "holds " + Describe(c) + ", a noncharacter";
  if (type == U_UNASSIGNED)
    return "holds " + Describe(c) + ", which is not assigned in the Unicode this registry knows (" + TextDataVersion() +
           ")";
  if (type == U_PRIVATE_USE_CHAR)
    return "holds " + Describe(c) + ", a private-use character, which shows differently on every device";
  if (c == 0xFFFD) return "holds " + Describe(c) + ", which stands for text lost in a conversion";
  if (Has(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
    // An ideographic variation sequence (葛 + U+E0100) chooses the glyph a
    // Japanese name is registered with; a joiner builds one emoji of two.
    const bool variant = Has(c, UCHAR_VARIATION_SELECTOR) && prev >= 0 && !IsBlank(prev);
    const bool emoji_joiner = c == 0x200D && prev >= 0 && next >= 0 && IsEmojiPart(prev) && IsEmojiPart(next);
    if (!variant && !emoji_joiner)
      return "holds " + Describe(c) + ", an invisible character: names that look the same would differ";
  }
  return std::nullopt;
}

// A word: letters, marks and digits (and the invisible characters that
// belong to them) between any other characters.
bool InWord(UChar32 c) {
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK)) != 0 ||
         Has(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

// "Cyrillic and Latin": the scripts of the letters of `word`, in order of
// first appearance (characters used by every script left out).
std::string ScriptNames(const icu::UnicodeString& word) {
  std::vector<UScriptCode> seen;
  for (int32_t i = 0; i < word.length(); i = word.moveIndex32(i, 1)) {
    UErrorCode st = U_ZERO_ERROR;
    const UScriptCode s = uscript_getScript(word.char32At(i), &st);
    if (U_FAILURE(st) || s == USCRIPT_COMMON || s == USCRIPT_INHERITED || s == USCRIPT_UNKNOWN) continue;
    bool known = false;
    for (UScriptCode k : seen) known = known || k == s;
    if (!known) seen.push_back(s);
  }
  std::string out;
  for (size_t i = 0; i < seen.size(); ++i) {
    if (i > 0) out += i + 1 == seen.size() ? " and " : ", ";
    out += uscript_getName(seen[i]);
  }
  return out;
}

std::optional<std::string> WordRefusal(const icu::UnicodeString& word) {
  const WordChecker& wc = Checker();
  if (!wc.checker) return "cannot be checked: ICU's spoof checker is not available (" + wc.error + ")";
  UErrorCode st = U_ZERO_ERROR;
  const int32_t result = uspoof_check2UnicodeString(wc.checker, word, nullptr, &st);
  if (U_FAILURE(st)) return std::string("cannot be checked: ") + u_errorName(st);
  const std::string quoted = "\"" + Utf8(word) + "\"";
  if (result & USPOOF_RESTRICTION_LEVEL)
    return "mixes " + ScriptNames(word) + " letters in one word (" + quoted +
           "), as look-alike spellings do; write each word in one script";
  if (result & USPOOF_HIDDEN_OVERLAY)
    return "draws a combining mark over a letter that already shows it (" + quoted + ")";
  if (result & USPOOF_INVISIBLE) return "repeats a combining mark (" + quoted + ")";
  return std::nullopt;
}

// ICU's skeleton of `in` (`in` itself if the checker is not available).
icu::UnicodeString Skeleton(const icu::UnicodeString& in) {
  const WordChecker& wc = Checker();
  if (!wc.checker) return in;
  icu::UnicodeString skeleton;
  UErrorCode st = U_ZERO_ERROR;
  uspoof_getSkeletonUnicodeString(wc.checker, 0, in, skeleton, &st);
  return U_SUCCESS(st) ? skeleton : in;
}

}  // namespace

std::string NormalizeText(std::string_view text) {
  size_t begin = 0, end = text.size();
  char32_t c;
  while (begin < end) {
    const size_t n = DecodeUtf8(text, begin, &c);
    if (n == 0 || !Has(static_cast<UChar32>(c), UCHAR_WHITE_SPACE)) break;
    begin += n;
  }
  while (end > begin) {
    const size_t start = std::max(begin, Utf8CodePointStart(text, end - 1));  // the last code point's first byte
    const size_t n = DecodeUtf8(text, start, &c);
    if (n == 0 || start + n != end || !Has(static_cast<UChar32>(c), UCHAR_WHITE_SPACE)) break;
    end = start;
  }
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
  const icu::UnicodeString trimmed = icu::UnicodeString::fromUTF8(text.substr(begin, end - begin));
  if (U_FAILURE(st)) return std::string(text.substr(begin, end - begin));
  icu::UnicodeString normal = nfc->normalize(trimmed, st);
  if (U_FAILURE(st)) return std::string(text.substr(begin, end - begin));
  return Utf8(normal);
}

std::optional<std::string> TextRefusal(std::string_view text, TextUse use) {
  if (!IsValidUtf8(text)) return "must be valid UTF-8";
  std::vector<UChar32> cps;
  char32_t c;
  for (size_t i = 0; i < text.size();) {
    i += DecodeUtf8(text, i, &c);
    cps.push_back(static_cast<UChar32>(c));
  }
  bool visible = false;
  for (UChar32 cp : cps) visible = visible || !IsBlank(cp);
  if (!visible) {
    if (cps.empty()) return "must not be empty";
    return "has no visible characters (it holds " + Describe(cps.front()) + ")";
  }
  for (size_t i = 0; i < cps.size(); ++i) {
    const UChar32 prev = i > 0 ? cps[i - 1] : -1;
    const UChar32 next = i + 1 < cps.size() ? cps[i + 1] : -1;
    if (auto why = CharacterRefusal(prev, cps[i], next)) return why;
  }
  if (use != TextUse::kName) return std::nullopt;
  icu::UnicodeString word;
  for (size_t i = 0; i <= cps.size(); ++i) {
    if (i < cps.size() && InWord(cps[i])) {
      word.append(cps[i]);
      continue;
    }
    if (!word.isEmpty()) {
      if (auto why = WordRefusal(word)) return why;
      word.remove();
    }
  }
  return std::nullopt;
}

std::string LookalikeKey(std::string_view text) {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(st);
  if (U_FAILURE(st)) return std::string(text);
  icu::UnicodeString key = icu::UnicodeString::fromUTF8(text);
  for (int round = 0; round < 2; ++round) {
    icu::UnicodeString visible;
    for (int32_t i = 0; i < key.length(); i = key.moveIndex32(i, 1)) {
      const UChar32 c = key.char32At(i);
      if (!Has(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) visible.append(c);
    }
    key = Skeleton(nfkc->normalize(visible, st));
    key.foldCase();
  }
  key.findAndReplace(icu::UnicodeString(u'i'), icu::UnicodeString(u'l'));
  return Utf8(key);
}

std::string TextDataVersion() {
  UVersionInfo icu_version, unicode_version;
  u_getVersion(icu_version);
  u_getUnicodeVersion(unicode_version);
  char icu[U_MAX_VERSION_STRING_LENGTH], unicode[U_MAX_VERSION_STRING_LENGTH];
  u_versionToString(icu_version, icu);
  u_versionToString(unicode_version, unicode);
  return std::string("ICU ") + icu + ", Unicode " + unicode;
}

}  // namespace mark
