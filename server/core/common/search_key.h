// Search keys: the form in which the registry stores names, venues and
// corporate numbers for search, and in which it reads what a person typed,
// so that the ordinary ways of writing the same thing find the same mark:
//   - NFKC with case folding (ICU's NFKC_Casefold): full-width Ｊ０００１
//     becomes j0001, half-width ｻｸﾗ becomes さくら (after the next step),
//     ＳＡＫＵＲＡ and Sakura become sakura, invisible characters go;
//   - katakana folded to hiragana (サクラ and さくら are one key);
//   - white space, dashes, connector punctuation (_) and middle dots (・·)
//     removed: "さくら 光", "Sakura-Hikari" and "sakura_hikari" match the
//     names without them.
// One key for both sides: the stored key (registry/search_index.h) and the
// query are made by the same function. Search keys are for finding only,
// never for deciding: a mark number, a domain or an SSID is compared as
// registered wherever it matters (an SSID that only folds to another is a
// different network). Pure; thread-safe (ICU's normalizer instances are).
#pragma once

#include <string>
#include <string_view>

namespace mark {

// The search key of `text` (UTF-8; invalid bytes become U+FFFD first).
// "" for text that is only white space or separators.
std::string SearchKey(std::string_view text);

// Only the first step: NFKC with case folding ("ＷＷＷ．Ｅｘａｍｐｌｅ．ｊｐ" →
// "www.example.jp"), for text that keeps its separators, such as a domain or
// an address typed into the search box.
std::string WidthAndCaseFolded(std::string_view text);

// A mark number as typed ("Ｊ００７２", " j0072 ", "J-0072") in the form the
// registry prints it ("J0072"): the search key with ASCII letters upper-case.
// Whether it is a possible mark number is registry/mark_number.h's to say.
std::string MarkNumberKey(std::string_view text);

}  // namespace mark
