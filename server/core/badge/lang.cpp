#include "badge/lang.h"

#include <cctype>
#include <string>

namespace mark::badge {

Lang ParseLang(std::string_view code) {
  std::string c;
  for (const char ch : code.substr(0, 16)) c += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto is = [&](std::string_view p) { return c == p || c.rfind(std::string(p) + "-", 0) == 0; };
  if (is("en")) return Lang::kEn;
  if (is("zh")) return Lang::kZh;
  if (is("ko")) return Lang::kKo;
  return Lang::kJa;
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
