// SecretBytes: a fixed-size buffer for key material in sodium_malloc'd memory
// (guard pages, locked against swapping where the OS allows) that is wiped and
// freed when the object goes. Move-only; never copied, never printed.
#pragma once

#include <cstddef>
#include <iterator>
#include <string_view>

namespace mark::crypto {

class SecretBytes {
 public:
  // Allocates `size` zeroed bytes. Throws std::bad_alloc when sodium_malloc
  // fails (only under memory exhaustion). REQUIRES: EnsureSodium() succeeded.
  explicit SecretBytes(size_t size);
  ~SecretBytes();
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  unsigned char* data() { return data_; }
  const unsigned char* data() const { return data_; }
  size_t size() const { return size_; }
  std::string_view view() const { return {reinterpret_cast<const char*>(data_), size_}; }

 private:
  void Release();
  unsigned char* data_ = nullptr;
  size_t size_ = 0;
};

// Wipes memory that held secret material before it is freed or reused, in a
// way the compiler may not drop as a dead store: the one way this code wipes.
void Wipe(void* data, size_t size);

// Wipes a string, vector or array in place (its size stays; its bytes are 0).
template <class Buffer>
void Wipe(Buffer& buffer) {
  Wipe(std::data(buffer), std::size(buffer) * sizeof *std::data(buffer));
}

}  // namespace mark::crypto
