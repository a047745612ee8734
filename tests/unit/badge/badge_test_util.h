// Helpers for the badge tests: decode a PNG with zbarimg (Debian zbar-tools)
// and look at PNG headers. Header-only, like tests/support.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <sys/wait.h>

#include "support/temp_dir.h"

namespace mark::testing {

struct ZbarResult {
  int exit_code = -1;  // 0 found, 4 no code
  std::string text;    // decoded payload, trailing newline removed
};

inline void WriteFile(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream f(p, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline ZbarResult DecodeQrPng(const std::string& png) {
  TempDir dir;
  const auto file = dir / "code.png";
  WriteFile(file, png);
  const std::string cmd = "zbarimg --nodbus -q --raw '" + file.string() + "' 2>/dev/null";
  ZbarResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.text.append(buf, n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  while (!r.text.empty() && (r.text.back() == '\n' || r.text.back() == '\r')) r.text.pop_back();
  return r;
}

inline bool HasPngSignature(const std::string& b) {
  return b.size() > 24 && b.compare(0, 8, std::string("\x89PNG\r\n\x1a\n", 8)) == 0;
}

inline unsigned ReadBe32(const std::string& b, size_t at) {
  return (static_cast<unsigned>(static_cast<unsigned char>(b[at])) << 24) |
         (static_cast<unsigned>(static_cast<unsigned char>(b[at + 1])) << 16) |
         (static_cast<unsigned>(static_cast<unsigned char>(b[at + 2])) << 8) |
         static_cast<unsigned>(static_cast<unsigned char>(b[at + 3]));
}
// IHDR width and height (the first chunk follows the 8-byte signature).
inline unsigned PngWidth(const std::string& b) { return ReadBe32(b, 16); }
inline unsigned PngHeight(const std::string& b) { return ReadBe32(b, 20); }

// When MARK_BADGE_DUMP names a folder, tests leave their images there to look at.
inline void MaybeDump(const std::string& name, const std::string& bytes) {
  if (const char* dir = std::getenv("MARK_BADGE_DUMP")) WriteFile(std::filesystem::path(dir) / name, bytes);
}

}  // namespace mark::testing
