// Small helpers for header values.
#pragma once

#include <string_view>

namespace mark::http {

// Drops the optional whitespace (spaces, tabs) around a header list element
// (RFC 9110 section 5.6.3).
inline std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace mark::http
