#include "common/search_key.h"

#include <catch2/catch.hpp>

using namespace mark;

TEST_CASE("search keys fold full-width, case, kana and separators", "[search_key]") {
  // Full-width letters and digits are their ASCII selves, lower-case.
  CHECK(SearchKey("Ｊ０００１") == "j0001");
  CHECK(SearchKey("ＳＡＫＵＲＡ Ｈｉｋａｒｉ") == "sakurahikari");
  CHECK(SearchKey("Sakura Hikari") == SearchKey("sakurahikari"));
  // Katakana, half-width katakana and hiragana are one key.
  CHECK(SearchKey("サクラ光") == "さくら光");
  CHECK(SearchKey("ｻｸﾗ光") == "さくら光");
  CHECK(SearchKey("ガ") == "が");
  CHECK(SearchKey("ｶﾞ") == "が");  // half-width voiced mark composes
  CHECK(SearchKey("ヴ") == "ゔ");
  CHECK(SearchKey("ヽヾ") == "ゝゞ");
  CHECK(SearchKey("フリーWi-Fi") == "ふりーwifi");  // the long vowel mark is part of the word
  // Spaces (ASCII and ideographic), dashes, underscores and middle dots go.
  CHECK(SearchKey("さくら　光") == "さくら光");
  CHECK(SearchKey(" 山下 公園 ") == "山下公園");
  CHECK(SearchKey("Ekimae_Free_WiFi") == SearchKey("ekimae free wifi"));
  CHECK(SearchKey("安全・安心") == "安全安心");
  CHECK(SearchKey("安全･安心") == "安全安心");  // half-width middle dot
  CHECK(SearchKey("1234-5678-9012-3") == "1234567890123");
  CHECK(SearchKey("１２３４５６７８９０１２３") == "1234567890123");
  // Invisible characters do not split a word.
  CHECK(SearchKey("さく\u200Bら") == "さくら");
  // Kanji and Latin stay what they are.
  CHECK(SearchKey("東京駅") == "東京駅");
  CHECK(SearchKey("") == "");
  CHECK(SearchKey("  \t") == "");
}

TEST_CASE("search keys survive invalid UTF-8", "[search_key]") {
  const std::string bad = std::string("ab") + '\xFF' + "c";
  const std::string key = SearchKey(bad);
  CHECK(key.find("ab") == 0);
  CHECK(key.find('c') != std::string::npos);
}

TEST_CASE("width and case folding keeps separators", "[search_key]") {
  CHECK(WidthAndCaseFolded("ＷＷＷ．Ｓａｋｕｒａ－Ｎｅｔ．ｊｐ") == "www.sakura-net.jp");
  CHECK(WidthAndCaseFolded("Ekimae_Free WiFi") == "ekimae_free wifi");
}

TEST_CASE("mark numbers typed any way read as printed", "[search_key]") {
  CHECK(MarkNumberKey("Ｊ００７２") == "J0072");
  CHECK(MarkNumberKey(" j0072 ") == "J0072");
  CHECK(MarkNumberKey("J-0072") == "J0072");
  CHECK(MarkNumberKey("ｔ０１２３") == "T0123");
  CHECK(MarkNumberKey("not a number") == "NOTANUMBER");
}
