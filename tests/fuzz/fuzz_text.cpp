// libFuzzer target: the text rules (common/text.h) and the validations built
// on them (registry/validation.h NormalizeName, NormalizeProse,
// NormalizeHostName), on any bytes. Besides not crashing, what the registry
// stores must pass its own checks unchanged: a name stored once is never
// refused or altered when read back, amended or listed by `markctl check`.
#include <cstdint>
#include <string>

#include "common/text.h"
#include "common/utf8.h"
#include "registry/validation.h"

namespace {

// A normalised value, checked again, comes back the same.
template <typename F>
void StableUnder(F normalize, const std::string& text) {
  auto once = normalize(text);
  if (!once) return;
  if (!mark::IsValidUtf8(*once)) __builtin_trap();
  auto twice = normalize(*once);
  if (!twice || *twice != *once) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  // Any bytes: judged (invalid UTF-8 is refused) and keyed, never a crash.
  const bool name_ok = !mark::TextRefusal(text, mark::TextUse::kName);
  const bool prose_ok = !mark::TextRefusal(text, mark::TextUse::kProse);
  if (name_ok && !prose_ok) __builtin_trap();  // a name's rules include the prose rules
  if (!mark::IsValidUtf8(mark::LookalikeKey(text))) __builtin_trap();
  if (mark::IsValidUtf8(text)) {
    const std::string n = mark::NormalizeText(text);
    if (!mark::IsValidUtf8(n) || mark::NormalizeText(n) != n) __builtin_trap();
    if (mark::LookalikeKey(n) != mark::LookalikeKey(n)) __builtin_trap();
  }
  StableUnder([](const std::string& t) { return mark::registry::NormalizeName("name", t); }, text);
  StableUnder([](const std::string& t) { return mark::registry::NormalizeProse("reason", t, true, 1000); }, text);
  StableUnder([](const std::string& t) { return mark::registry::NormalizeHostName("website", t); }, text);
  return 0;
}
