// The language a badge or page is written in. Japanese is the default (the
// council's audience); English via `?lang=en`; Chinese and Korean on the
// public pages for Wi-Fi visitors from abroad (badges fall back to English).
#pragma once

#include <string_view>

namespace mark::badge {

enum class Lang { kJa, kEn, kZh, kKo };

// "ja" | "en" | "zh" | "ko" (case-insensitive, "zh-*"/"ko-*" accepted);
// anything else, including empty, is Japanese.
Lang ParseLang(std::string_view code);
// The BCP 47 tag for <html lang> / xml:lang: "ja", "en", "zh-Hans", "ko".
std::string_view LangTag(Lang lang);
// The short code used in `?lang=`: "ja", "en", "zh", "ko".
std::string_view LangCode(Lang lang);

}  // namespace mark::badge
