#include "badge/lang.h"

#include <cctype>
#include <string>

#include "common/trim.h"

namespace mark::badge {

std::optional<Lang> ParseLangIfKnown(std::string_view code) {
  std::string c;
  for (const char ch : code.substr(0, 16)) c += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto is = [&](std::string_view p) { return c == p || c.rfind(std::string(p) + "-", 0) == 0; };
  if (is("ja")) return Lang::kJa;
  if (is("en")) return Lang::kEn;
  if (is("zh")) return Lang::kZh;
  if (is("ko")) return Lang::kKo;
  return std::nullopt;
}

Lang ParseLang(std::string_view code) { return ParseLangIfKnown(code).value_or(Lang::kJa); }

namespace {

// True when the parameters after a language range (";q=0.5", ";q=0") say
// q is zero: "not acceptable".
bool RefusedByQ(std::string_view params) {
  while (!params.empty()) {
    const size_t semi = params.find(';');
    std::string_view p = TrimOws(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (p.empty() || (p.front() != 'q' && p.front() != 'Q')) continue;
    p = TrimOws(p.substr(1));
    if (p.empty() || p.front() != '=') continue;
    const std::string_view value = TrimOws(p.substr(1));
    // 0, 0., 0.0, 0.00, 0.000 (a qvalue has at most three decimals).
    if (value.empty() || value.front() != '0') return false;
    const size_t decimals = value.size() > 1 && value[1] == '.' ? 2 : 1;
    return value.find_first_not_of('0', decimals) == std::string_view::npos;
  }
  return false;
}

}  // namespace

std::optional<Lang> LangFromAcceptLanguage(std::string_view header) {
  header = header.substr(0, 4096);
  while (!header.empty()) {
    const size_t comma = header.find(',');
    const std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const size_t semi = item.find(';');
    const std::string_view range = TrimOws(item.substr(0, semi));
    if (range.empty() || range == "*") continue;
    if (semi != std::string_view::npos && RefusedByQ(item.substr(semi + 1))) continue;
    if (auto lang = ParseLangIfKnown(range)) return lang;
  }
  return std::nullopt;
}

std::string_view LangTag(Lang lang) {
  switch (lang) {
    case Lang::kJa: return "ja";
    case Lang::kEn: return "en";
    case Lang::kZh: return "zh-Hans";
    case Lang::kKo: return "ko";
  }
  return "ja";
}

std::string_view LangCode(Lang lang) {
  switch (lang) {
    case Lang::kJa: return "ja";
    case Lang::kEn: return "en";
    case Lang::kZh: return "zh";
    case Lang::kKo: return "ko";
  }
  return "ja";
}

}  // namespace mark::badge
