#include "common/trim.h"

namespace mark {

namespace {

std::string_view TrimOf(std::string_view text, std::string_view blanks) {
  const size_t first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return text.substr(text.size());
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

}  // namespace

std::string_view TrimAsciiSpace(std::string_view text) { return TrimOf(text, " \t\n\v\f\r"); }

std::string_view TrimOws(std::string_view text) { return TrimOf(text, " \t"); }

std::string_view TrimTrailingSlashes(std::string_view url) { return url.substr(0, url.find_last_not_of('/') + 1); }

}  // namespace mark
