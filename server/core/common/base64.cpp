#include "common/base64.h"

#include <sodium.h>

namespace mark {

static std::string Encode(std::string_view bytes, int variant) {
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    variant);
  out.resize(out.size() - 1);  // drop the NUL libsodium counts in the length
  return out;
}

static std::optional<std::string> Decode(std::string_view text, int variant) {
  // libsodium 1.0.18 decodes some bytes >= 0x80 as if they were letters
  // (found by fuzz_tlog: a root line with junk inside decoded to 32 bytes),
  // so only the variant's alphabet gets through to it.
  const bool url = variant == sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    const bool extra = url ? (c == '-' || c == '_') : (c == '+' || c == '/' || c == '=');
    if (!alnum && !extra) return std::nullopt;
  }
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, &end, variant) != 0)
    return std::nullopt;
  if (end != text.data() + text.size()) return std::nullopt;  // trailing garbage
  out.resize(len);
  return out;
}

std::string Base64Encode(std::string_view b) { return Encode(b, sodium_base64_VARIANT_ORIGINAL); }
std::string Base64UrlEncode(std::string_view b) { return Encode(b, sodium_base64_VARIANT_URLSAFE_NO_PADDING); }
std::optional<std::string> Base64Decode(std::string_view t) { return Decode(t, sodium_base64_VARIANT_ORIGINAL); }
std::optional<std::string> Base64UrlDecode(std::string_view t) {
  return Decode(t, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

}  // namespace mark
