// libFuzzer target: CVSS v2 base vectors (security diagnosis reports, item
// 2-1-1). A vector that parses must print back to text that parses to the
// same vector and score within 0.0-10.0.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "review/cvss2.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto v = mark::review::ParseCvss2Vector(text);
  if (!v) return 0;
  auto score = mark::review::Cvss2BaseScore(*v);
  if (score.base_tenths < 0 || score.base_tenths > 100) std::abort();
  auto again = mark::review::ParseCvss2Vector(v->ToString());
  if (!again || again->ToString() != v->ToString()) std::abort();
  if (mark::review::Cvss2BaseScore(*again).base_tenths != score.base_tenths) std::abort();
  (void)score.BaseText();
  return 0;
}
