#include "common/text.h"

#include <catch2/catch.hpp>

#include <string>

using mark::LookalikeKey;
using mark::NormalizeText;
using mark::TextRefusal;
using mark::TextUse;

namespace {

// The refusal of `text` as a name, "" when it is accepted.
std::string NameRefusal(const std::string& text) { return TextRefusal(text, TextUse::kName).value_or(""); }
std::string ProseRefusal(const std::string& text) { return TextRefusal(text, TextUse::kProse).value_or(""); }

}  // namespace

TEST_CASE("text is trimmed of Unicode white space and stored in NFC", "[text]") {
  CHECK(NormalizeText("  さくら光  ") == "さくら光");
  CHECK(NormalizeText("\xE3\x80\x80さくら光\xE3\x80\x80") == "さくら光");  // U+3000 IDEOGRAPHIC SPACE
  CHECK(NormalizeText("\xC2\xA0"
                      "Sakura\t") == "Sakura");      // U+00A0
  CHECK(NormalizeText("さくら 光") == "さくら 光");  // inside: kept
  // か + U+3099 COMBINING KATAKANA-HIRAGANA VOICED SOUND MARK is が.
  CHECK(NormalizeText("\xE3\x81\x8B\xE3\x82\x99") == "\xE3\x81\x8C");
  CHECK(NormalizeText("Cafe\xCC\x81") == "Caf\xC3\xA9");  // e + U+0301 is é
  // NFC, not NFKC: full-width letters and half-width katakana stay as typed.
  CHECK(NormalizeText("ＮＴＴ東日本") == "ＮＴＴ東日本");
  CHECK(NormalizeText("ｿﾗｶﾌｪ") == "ｿﾗｶﾌｪ");
  CHECK(NormalizeText("   ").empty());
}

TEST_CASE("Japanese names as the registry holds them are accepted", "[text]") {
  for (const char* name : {"ソラカフェWi-Fi",
                           "さくらインターネット光 Premium",
                           "はやぶさ通信株式会社",
                           "Hayabusa Communications K.K.",
                           "ヨコハマ・フリーWi-Fi",
                           "株式会社カフェ・ド・ソラ",
                           "NTT東日本",
                           "ＮＴＴ東日本",
                           "ｿﾗｶﾌｪ",
                           "みなとみらい21地区",
                           "Sakura Networks Co., Ltd.",
                           "駅前フリーWiFi（２階）",
                           "Café de Sora",
                           "東京Free Wi-Fi 5G",
                           "葛\xF3\xA0\x84\x80飾ネット",  // 葛 + U+E0100, an ideographic variation sequence
                           "Москва Free Wi-Fi",           // a Cyrillic word beside a Latin one
                           "Ελλάδα",
                           "서울 와이파이",
                           "Wi-Fi ☕",
                           "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x92\xBB Net"}) {  // 👨‍💻: a ZWJ emoji
    INFO(name);
    CHECK(NameRefusal(name).empty());
  }
}

TEST_CASE("bidirectional controls are refused wherever they are", "[text]") {
  for (const char* cp : {"\xE2\x80\xAE", "\xE2\x80\xAA", "\xE2\x81\xA6", "\xE2\x81\xA9", "\xE2\x80\x8E", "\xE2\x80\x8F",
                         "\xD8\x9C"}) {  // U+202E, U+202A, U+2066, U+2069, U+200E, U+200F, U+061C
    const std::string name = std::string("Evil ") + cp + "bank-online.jp";
    INFO(name);
    CHECK(NameRefusal(name).find("bidirectional control") != std::string::npos);
    CHECK(ProseRefusal(name).find("bidirectional control") != std::string::npos);
  }
  CHECK(NameRefusal("Evil \xE2\x80\xAEpj.enilno-knab").find("U+202E RIGHT-TO-LEFT OVERRIDE") != std::string::npos);
}

TEST_CASE("control characters, C0 and C1, and line separators are refused", "[text]") {
  for (const std::string& name : {std::string("a\nb"), std::string("a\tb"), std::string("a\x1b[31mb"),
                                  std::string("a\x7f"), std::string("a\0b", 3),
                                  std::string("a\xC2\x85"
                                              "b"),  // U+0085 NEXT LINE
                                  std::string("a\xC2\x9B"
                                              "31mb")}) {  // U+009B, the one-byte CSI
    INFO(name);
    CHECK(NameRefusal(name).find("control character") != std::string::npos);
  }
  CHECK(NameRefusal("a\xC2\x85"
                    "b")
            .find("U+0085") != std::string::npos);
  CHECK(NameRefusal("a\xE2\x80\xA8"
                    "b")
            .find("U+2028 LINE SEPARATOR") != std::string::npos);
  CHECK(ProseRefusal("a\xE2\x80\xA9"
                     "b")
            .find("one line") != std::string::npos);
}

TEST_CASE("invisible-only text is refused, and invisible characters inside a name", "[text]") {
  for (const char* text : {"\xE2\x80\x8B", "\xE2\x80\x8B\xE2\x80\x8B", "\xE3\x85\xA4",  // U+200B, U+3164
                           "\xEF\xBB\xBF", "\xC2\xAD", "\xE2\xA0\x80", "\xCC\x81",  // U+FEFF, U+00AD, U+2800, U+0301
                           "\xE2\x80\x8B \xE3\x85\xA4"}) {
    INFO(text);
    CHECK(NameRefusal(text).find("no visible characters") != std::string::npos);
    CHECK(ProseRefusal(text).find("no visible characters") != std::string::npos);
  }
  CHECK(NameRefusal("\xE2\x80\x8B").find("U+200B ZERO WIDTH SPACE") != std::string::npos);
  CHECK(NameRefusal("").find("empty") != std::string::npos);
  CHECK(NameRefusal("Pay\xE2\x80\x8Bpal").find("invisible character") != std::string::npos);
  CHECK(NameRefusal("Pay\xE2\x80\x8Dpal").find("U+200D") != std::string::npos);  // a joiner between letters
  CHECK(NameRefusal("a\xEF\xB8\x80").empty());                                   // a variation selector after a letter
  CHECK(NameRefusal("\xEF\xB8\x80"
                    "a")
            .find("invisible") != std::string::npos);  // before anything
}

TEST_CASE("unassigned code points, noncharacters and private-use characters are refused", "[text]") {
  CHECK(NameRefusal("a\xCD\xB8").find("U+0378") != std::string::npos);  // unassigned
  CHECK(NameRefusal("a\xCD\xB8").find("not assigned") != std::string::npos);
  CHECK(NameRefusal("a\xF0\xAF\xBF\xBD").find("not assigned") != std::string::npos);  // U+2FFFD
  CHECK(NameRefusal("a\xEF\xBF\xBE").find("noncharacter") != std::string::npos);      // U+FFFE
  CHECK(NameRefusal("a\xEF\xB7\x90").find("noncharacter") != std::string::npos);      // U+FDD0
  CHECK(NameRefusal("a\xEE\x80\x80").find("private-use") != std::string::npos);       // U+E000
  CHECK(ProseRefusal("a\xEF\xBF\xBD").find("conversion") != std::string::npos);       // U+FFFD
  CHECK(NameRefusal("\xC3\x28").find("UTF-8") != std::string::npos);
}

TEST_CASE("Latin mixed with Cyrillic or Greek in one word is refused, naming the word", "[text]") {
  // Р, а, у, р, а Cyrillic; l Latin.
  const std::string paypal = "\xD0\xA0\xD0\xB0\xD1\x83\xD1\x80\xD0\xB0l";
  const std::string why = NameRefusal(paypal);
  INFO(why);
  CHECK(why.find("Cyrillic and Latin") != std::string::npos);
  CHECK(why.find("one word") != std::string::npos);
  CHECK(why.find(paypal) != std::string::npos);
  CHECK(NameRefusal("Sakura " + paypal + " Bank").find(paypal) != std::string::npos);
  const std::string google = "G\xCE\xBFogle";  // U+03BF GREEK SMALL LETTER OMICRON
  CHECK(NameRefusal(google).find("Latin and Greek") != std::string::npos);
  CHECK(NameRefusal("さくら" + google).find("Greek") != std::string::npos);
  CHECK(NameRefusal("モスクワ\xD0\x9C\xD0\xBE\xD1\x81").find("Katakana and Cyrillic") != std::string::npos);
  // Prose quotes what it likes: a reason may name such a word.
  CHECK(ProseRefusal("renamed from " + paypal).empty());
}

TEST_CASE("marks drawn over a letter that shows them, or repeated, are refused in names", "[text]") {
  CHECK(NameRefusal("Wi\xCC\x87"
                    "fi")
            .find("combining mark") != std::string::npos);                                 // i + U+0307
  CHECK(NameRefusal("Cafe\xCC\x81\xCC\x81").find("combining mark") != std::string::npos);  // é + U+0301
}

TEST_CASE("look-alike keys meet across case, width and scripts, and keep different names apart", "[text]") {
  const std::string key = LookalikeKey("PayPal");
  for (const char* alike : {"PayPal", "PAYPAL", "paypal", "PayPaI", "\xD0\xA0\xD0\xB0\xD1\x83\xD1\x80\xD0\xB0l",
                            "ＰａｙＰａｌ", "Pay\xE2\x80\x8BPal"}) {
    INFO(alike);
    CHECK(LookalikeKey(alike) == key);
  }
  CHECK(LookalikeKey("Google") == LookalikeKey("G\xCE\xBFogle"));
  // Case both ways, though the skeleton reads I as l and m as rn only in one case each.
  CHECK(LookalikeKey("SAKURA MIRAI") == LookalikeKey("Sakura Mirai"));
  CHECK(LookalikeKey("Modem") == LookalikeKey("MODEM"));
  CHECK(LookalikeKey("\xCE\x95\xCE\x9A\xCE\x99\xCE\x9C\xCE\x91\xCE\x95") == LookalikeKey("Ekimae"));  // Greek capitals
  CHECK(LookalikeKey("modern") == LookalikeKey("modem"));
  CHECK(LookalikeKey("さくら光") == LookalikeKey("さくら光"));
  CHECK(LookalikeKey("\xE3\x81\x8B\xE3\x82\x99") == LookalikeKey("\xE3\x81\x8C"));  // NFD and NFC が
  for (const char* other : {"PayPal Bank", "PayPay", "さくら光", "Pal"}) {
    INFO(other);
    CHECK(LookalikeKey(other) != key);
  }
  CHECK(LookalikeKey("さくら光") != LookalikeKey("さくら網"));
}

TEST_CASE("the text data version names ICU and Unicode", "[text]") {
  CHECK(mark::TextDataVersion().rfind("ICU ", 0) == 0);
  CHECK(mark::TextDataVersion().find(", Unicode ") != std::string::npos);
}
