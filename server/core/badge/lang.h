// The language a badge or page is written in. Japanese is the default (the
// council's audience); English via `?lang=en`; Chinese and Korean on the
// public pages for Wi-Fi visitors from abroad (badges fall back to English).
#pragma once

#include <optional>
#include <string_view>

namespace mark::badge {

enum class Lang { kJa, kEn, kZh, kKo };

// "ja" | "en" | "zh" | "ko" (case-insensitive, "zh-*"/"ko-*" accepted);
// anything else, including empty, is Japanese.
Lang ParseLang(std::string_view code);
// The same, but nullopt for anything that is not one of the four.
std::optional<Lang> ParseLangIfKnown(std::string_view code);

// The page language an Accept-Language header (RFC 9110 section 12.5.4)
// asks for: the first language range, in the order sent, whose primary tag
// is ja, en, zh or ko and whose q is not 0; nullopt when none is. Browsers
// list ranges from the most to the least preferred; the nginx front
// (server/deploy/nginx/anshin-mark.conf, $anshin_accept_lang) resolves the
// header by the same rule.
std::optional<Lang> LangFromAcceptLanguage(std::string_view header);
// The BCP 47 tag for <html lang> / xml:lang: "ja", "en", "zh-Hans", "ko".
std::string_view LangTag(Lang lang);
// The short code used in `?lang=`: "ja", "en", "zh", "ko".
std::string_view LangCode(Lang lang);

}  // namespace mark::badge
