#include "review/cvss2.h"

#include <array>
#include <cstdint>
#include <cstdio>

namespace mark::review {

namespace {

struct Metric {
  const char* key;
  const char* letters;  // allowed values, one letter each
  const char* listed;   // for messages: "H, M, L"
};

// The standard order of the six base metrics (spec section 2.4.1).
constexpr std::array<Metric, 6> kMetrics{{
    {"AV", "LAN", "L, A, N"},
    {"AC", "HML", "H, M, L"},
    {"Au", "MSN", "M, S, N"},
    {"C", "NPC", "N, P, C"},
    {"I", "NPC", "N, P, C"},
    {"A", "NPC", "N, P, C"},
}};

// Weights in thousandths (spec section 3.2.1); every one has three decimals.
int64_t AccessVector(char v) { return v == 'L' ? 395 : v == 'A' ? 646 : 1000; }
int64_t AccessComplexity(char v) { return v == 'H' ? 350 : v == 'M' ? 610 : 710; }
int64_t Authentication(char v) { return v == 'M' ? 450 : v == 'S' ? 560 : 704; }
int64_t ImpactWeight(char v) { return v == 'N' ? 0 : v == 'P' ? 275 : 660; }

int MetricIndex(std::string_view key) {
  for (size_t i = 0; i < kMetrics.size(); ++i) {
    if (key == kMetrics[i].key) return static_cast<int>(i);
  }
  return -1;
}

Error Bad(std::string why) { return Error::Invalid("vector", std::move(why)); }

// Round half up of a non-negative value `v` given in units of 10^-scale, to
// tenths.
int RoundToTenths(int64_t v, int scale) {
  int64_t unit = 1;
  for (int k = 0; k < scale - 1; ++k) unit *= 10;  // 10^(scale-1): one tenth
  return static_cast<int>((v + unit / 2) / unit);
}

}  // namespace

std::string Cvss2Vector::ToString() const {
  std::string s = "AV:";
  s += av;
  s += "/AC:";
  s += ac;
  s += "/Au:";
  s += au;
  s += "/C:";
  s += c;
  s += "/I:";
  s += i;
  s += "/A:";
  s += a;
  return s;
}

Result<Cvss2Vector> ParseCvss2Vector(std::string_view text) {
  std::string_view s = text;
  if (s.empty()) return Bad("empty vector");
  if (s.front() == '(' || s.back() == ')') {
    if (s.size() < 2 || s.front() != '(' || s.back() != ')') return Bad("unbalanced parentheses");
    s = s.substr(1, s.size() - 2);
  }
  if (s.substr(0, 6) == "CVSS2#") s.remove_prefix(6);
  if (s.empty()) return Bad("empty vector");

  std::array<char, 6> values{};
  size_t next = 0;  // index of the metric expected next
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t slash = s.find('/', pos);
    std::string_view part = s.substr(pos, slash == std::string_view::npos ? s.npos : slash - pos);
    pos = slash == std::string_view::npos ? s.size() + 1 : slash + 1;

    std::string shown(part);
    if (part.empty()) return Bad("empty part (two slashes, or a slash at an end)");
    size_t colon = part.find(':');
    if (colon == std::string_view::npos) return Bad("\"" + shown + "\" is not of the form METRIC:VALUE");
    std::string_view key = part.substr(0, colon);
    std::string_view value = part.substr(colon + 1);
    int idx = MetricIndex(key);
    if (idx < 0) {
      if (next >= kMetrics.size()) return Bad("unexpected " + shown + " after A");
      return Bad("unknown metric \"" + std::string(key) + "\" (expected " + kMetrics[next].key + ")");
    }
    if (static_cast<size_t>(idx) < next) {
      return Bad(std::string(kMetrics[idx].key) + " appears more than once or out of order");
    }
    if (static_cast<size_t>(idx) > next) {
      return Bad(std::string("missing ") + kMetrics[next].key);
    }
    const Metric& m = kMetrics[idx];
    bool ok = value.size() == 1 && std::string_view(m.letters).find(value[0]) != std::string_view::npos;
    if (!ok) return Bad(shown + " is not one of " + m.listed);
    values[next++] = value[0];
  }
  if (next < kMetrics.size()) return Bad(std::string("missing ") + kMetrics[next].key);

  Cvss2Vector v;
  v.av = values[0];
  v.ac = values[1];
  v.au = values[2];
  v.c = values[3];
  v.i = values[4];
  v.a = values[5];
  return v;
}

Cvss2Score Cvss2BaseScore(const Cvss2Vector& v) {
  // Impact in units of 1e-11: 1041 (10.41 at 1e-2) times (1 - product) at 1e-9.
  int64_t product = (1000 - ImpactWeight(v.c)) * (1000 - ImpactWeight(v.i)) * (1000 - ImpactWeight(v.a));  // 1e-9
  int64_t impact = 1041 * (1000000000 - product);                                                          // 1e-11
  // Exploitability in units of 1e-9.
  int64_t exploitability = 20 * AccessVector(v.av) * AccessComplexity(v.ac) * Authentication(v.au);  // 1e-9
  Cvss2Score out;
  out.impact_tenths = RoundToTenths(impact, 11);
  out.exploitability_tenths = RoundToTenths(exploitability, 9);
  if (impact == 0) return out;  // f(Impact) = 0
  // (0.6*Impact + 0.4*Exploitability - 1.5) in units of 1e-12.
  int64_t inner = 6 * impact + 4 * exploitability * 100 - 1500000000000LL;
  // times 1.176 (1176 at 1e-3): units of 1e-15; at most ~1.8e16, well inside int64.
  int64_t base = inner * 1176;
  // Never negative for real vectors (the smallest non-zero impact keeps it above 0.7),
  // but clamp rather than trust that.
  out.base_tenths = base <= 0 ? 0 : RoundToTenths(base, 15);
  return out;
}

std::string FormatTenths(int tenths) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d.%d", tenths / 10, tenths % 10);
  return buf;
}

std::string Cvss2Score::BaseText() const { return FormatTenths(base_tenths); }

}  // namespace mark::review
