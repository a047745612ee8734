#include "common/utf8_text.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "common/utf8.h"

namespace mark {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The one decoder (common/utf8.h): its length, 0 when invalid.
std::size_t DecodeOne(std::string_view text, std::size_t i, char32_t* out) { return DecodeUtf8(text, i, out); }

// Code points of `text` as byte slices of the sanitised string.
std::vector<std::string_view> Split(std::string_view clean) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < clean.size()) {
    char32_t cp;
    std::size_t n = DecodeOne(clean, i, &cp);
    if (n == 0) n = 1;  // cannot happen on sanitised text
    out.push_back(clean.substr(i, n));
    i += n;
  }
  return out;
}

bool IsWide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) ||                                      // Hangul Jamo
         (cp >= 0x2E80 && cp <= 0xA4CF) ||                                      // CJK radicals .. Yi
         (cp >= 0xAC00 && cp <= 0xD7A3) ||                                      // Hangul syllables
         (cp >= 0xF900 && cp <= 0xFAFF) ||                                      // CJK compatibility
         (cp >= 0xFE30 && cp <= 0xFE4F) ||                                      // CJK compatibility forms
         (cp >= 0xFF00 && cp <= 0xFF60) ||                                      // full-width forms
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||  // emoji
         (cp >= 0x20000 && cp <= 0x3FFFD);                                      // CJK extensions
}

double WidthOf(std::string_view one) {
  char32_t cp = 0;
  if (DecodeOne(one, 0, &cp) == 0) return 1.0;
  if (cp < 0x80) {
    // Narrow punctuation and lower case are well under 0.6em; capitals and
    // digits near it. 0.6 keeps estimates on the safe (wide) side.
    if (cp == ' ' || cp == '.' || cp == ',' || cp == 'i' || cp == 'l' || cp == '\'' || cp == '|') return 0.3;
    if (cp >= 'A' && cp <= 'Z') return 0.68;
    return 0.58;
  }
  return IsWide(cp) ? 1.0 : 0.62;
}

// A line may break before code point k (0 < k < n) when the previous one is
// a space, or both sides are full-width (CJK text breaks between
// characters), or after a full-width one before a Latin word.
bool BreakBefore(const std::vector<std::string_view>& cps, std::size_t k) {
  char32_t prev = 0, next = 0;
  if (DecodeOne(cps[k - 1], 0, &prev) == 0 || DecodeOne(cps[k], 0, &next) == 0) return false;
  if (prev == ' ' || next == ' ') return true;
  return IsWide(prev) || IsWide(next);
}

std::string Join(const std::vector<std::string_view>& cps, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t k = from; k < to; ++k) out.append(cps[k]);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  std::size_t lead = 0;
  while (lead < out.size() && out[lead] == ' ') ++lead;
  return out.substr(lead);
}

}  // namespace

std::string SanitizeUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp;
    const std::size_t n = DecodeOne(text, i, &cp);
    if (n == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::size_t CountCodePoints(std::string_view text) {
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp;
    const std::size_t n = DecodeOne(text, i, &cp);
    i += n == 0 ? 1 : n;
    ++count;
  }
  return count;
}

std::string TruncateCodePoints(std::string_view text, std::size_t max_code_points, std::string_view ellipsis) {
  const std::string clean = SanitizeUtf8(text);
  const auto cps = Split(clean);
  if (cps.size() <= max_code_points) return clean;
  if (max_code_points == 0) return {};
  std::string out;
  for (std::size_t k = 0; k + 1 < max_code_points; ++k) out.append(cps[k]);
  out.append(ellipsis);
  return out;
}

double EstimateWidthEm(std::string_view text) {
  const std::string clean = SanitizeUtf8(text);
  double w = 0;
  for (auto cp : Split(clean)) w += WidthOf(cp);
  return w;
}

std::string TruncateToWidth(std::string_view text, double max_em, std::string_view ellipsis) {
  const std::string clean = SanitizeUtf8(text);
  const auto cps = Split(clean);
  double total = 0;
  for (auto cp : cps) total += WidthOf(cp);
  if (total <= max_em) return clean;
  const double budget = max_em - EstimateWidthEm(ellipsis);
  std::string out;
  double w = 0;
  for (auto cp : cps) {
    const double cw = WidthOf(cp);
    if (w + cw > budget) break;
    w += cw;
    out.append(cp);
  }
  // Do not leave a dangling space before the ellipsis.
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out.append(ellipsis);
  return out;
}

std::vector<std::string> WrapToWidth(std::string_view text, double max_em, std::size_t max_lines,
                                     std::string_view ellipsis) {
  std::vector<std::string> lines;
  const std::string clean = SanitizeUtf8(text);
  const auto cps = Split(clean);
  std::size_t start = 0;
  while (start < cps.size() && cps[start] == " ") ++start;
  while (start < cps.size() && lines.size() < max_lines) {
    const bool last = lines.size() + 1 == max_lines;
    // How far the rest fits whole, and the last break opportunity within it.
    double w = 0;
    std::size_t end = start, brk = 0;
    while (end < cps.size() && w + WidthOf(cps[end]) <= max_em) {
      w += WidthOf(cps[end]);
      ++end;
      if (end < cps.size() && BreakBefore(cps, end)) brk = end;
    }
    if (end == cps.size()) {
      lines.push_back(Join(cps, start, end));
      break;
    }
    if (!last) {
      // Break at the last opportunity; a single overlong word is cut.
      const std::size_t cut = brk > start ? brk : std::max(end, start + 1);
      lines.push_back(Join(cps, start, cut));
      start = cut;
      while (start < cps.size() && cps[start] == " ") ++start;
      continue;
    }
    // The last line: shorten at a break that leaves room for the ellipsis.
    const double budget = max_em - EstimateWidthEm(ellipsis);
    double u = 0;
    std::size_t fit = start, word_end = 0;
    while (fit < cps.size() && u + WidthOf(cps[fit]) <= budget) {
      u += WidthOf(cps[fit]);
      ++fit;
      if (fit < cps.size() && BreakBefore(cps, fit)) word_end = fit;
    }
    const std::size_t cut = word_end > start ? word_end : fit;
    lines.push_back(Join(cps, start, cut) + std::string(ellipsis));
    break;
  }
  return lines;
}

}  // namespace mark
