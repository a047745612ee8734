// libFuzzer target: criteria files (the council's review criteria as JSON,
// imported with POST /api/v1/criteria and `markctl criteria check`).
#include <cstdint>
#include <string>

#include "review/criteria.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto set = mark::review::ParseCriteriaSet(text);
  if (!set) return 0;
  for (const auto& item : set->items) {
    (void)set->Find(item.id);
    (void)set->IsGate(item.id);
  }
  (void)set->Rule(mark::review::Kind::kNew);
  return 0;
}
