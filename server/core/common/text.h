// Text people type into the registry (operator and service names, venues,
// reasons, notes), checked as text with ICU: the one home for what a stored
// name may hold and for when two names look alike.
//
// A name is stored in NFC, so the one displayed is the one searched and
// compared; it holds only characters that show the same everywhere, in an
// order that reads as stored; and no word of it mixes scripts the way
// look-alike spellings do. What is refused is said in words for the person
// who typed it, naming the character (code point and Unicode name).
//
// The rules follow Unicode TS #39 (security mechanisms) through ICU's
// USpoofChecker, and depend on the Unicode version of the ICU linked
// (TextDataVersion): a character assigned in a later version is refused as
// unassigned until ICU knows it. Keys stored from LookalikeKey are computed
// again when that version changes (storage/lookalike_keys.h).
// Pure functions; thread-safe (ICU's checker is shared read-only).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mark {

enum class TextUse {
  kName,   // names people tell apart: operator and service names, venues; every rule below
  kProse,  // sentences people read: reasons, notes; every rule but the script rules
};

// The form the registry keeps: white space (Unicode White_Space, so also
// U+3000 IDEOGRAPHIC SPACE and U+00A0) trimmed from both ends, then NFC (a
// decomposed か + U+3099 becomes が). REQUIRES: IsValidUtf8(text).
std::string NormalizeText(std::string_view text);

// Why `text` may not be stored for `use`, or nullopt when it may. Expects
// NormalizeText's form (a text that is not is judged as it is; invalid
// UTF-8 is refused). Refused, for every use:
//   - no visible character: empty, or only white space, marks and invisible
//     characters (U+200B, U+3164 HANGUL FILLER, U+2800 BRAILLE BLANK, ...);
//   - control characters: C0, DEL and C1 (U+0085 NEXT LINE), and line or
//     paragraph separators: a name or reason is one line;
//   - bidirectional controls (U+202A..U+202E, U+2066..U+2069, U+200E,
//     U+200F, U+061C): they make text read otherwise than it is stored;
//   - other invisible characters (Default_Ignorable_Code_Point: U+200B,
//     U+FEFF, U+00AD, U+3164, ...), except a variation selector after a
//     character (the ideographic variants of Japanese names) and U+200D
//     ZERO WIDTH JOINER between two emoji;
//   - code points unassigned in TextDataVersion()'s Unicode, noncharacters
//     and private-use characters (they show differently on every device),
//     and U+FFFD REPLACEMENT CHARACTER (text lost in a conversion).
// And for TextUse::kName:
//   - a word (letters, marks and digits between other characters) whose
//     scripts USpoofChecker refuses at USPOOF_HIGHLY_RESTRICTIVE: one
//     script, or Latin with Han, Hiragana and Katakana (Japanese: "ソラカフェ
//     Wi-Fi"), with Han and Hangul, or with Han and Bopomofo; so Latin with
//     Cyrillic ("Раураl") or Greek ("Gοogle", an omicron) in one word is
//     refused, while a Cyrillic word beside a Latin one is not;
//   - a combining mark repeated or drawn over a letter that already shows
//     it (USPOOF_INVISIBLE, USPOOF_HIDDEN_OVERLAY: i + U+0307).
std::optional<std::string> TextRefusal(std::string_view text, TextUse use);

// The key under which two texts look alike: the Unicode TS #39 skeleton
// (ICU's confusables data) of the NFKC form with invisible characters
// removed, case-folded, and the same once more, with 'i' read as 'l'. Twice,
// because the skeleton treats capitals and small letters apart (capital I
// is l, small m is rn, a Greek capital Α is A where its small α is not): so
// a name meets itself in capitals, and look-alikes of either case meet.
// Equal texts have equal keys; so do "PayPal", "PAYPAL", "PayPaI" (capital
// I), "Раураl" (Cyrillic), "ＰａｙＰａｌ" and "Pay<U+200B>Pal". A key may
// bring together names a careful reader tells apart ("Mail", "Mall"): it
// finds what a person should look at, it refuses nothing.
// Invalid UTF-8 reads as U+FFFD. The key depends on TextDataVersion().
std::string LookalikeKey(std::string_view text);

// "ICU 72.1, Unicode 15.0": the data every rule and key above comes from.
std::string TextDataVersion();

}  // namespace mark
