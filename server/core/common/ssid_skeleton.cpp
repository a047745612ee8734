#include "common/ssid_skeleton.h"

#include "common/text.h"
#include "common/utf8.h"

namespace mark {

std::string SsidSkeleton(std::string_view ssid) {
  std::string folded;
  char32_t c;
  for (size_t i = 0; i < ssid.size();) {
    const size_t start = i;
    for (size_t n; i < ssid.size() && (n = DecodeUtf8(ssid, i, &c)) != 0;) i += n;
    if (i > start) folded += LookalikeKey(ssid.substr(start, i - start));
    for (; i < ssid.size() && DecodeUtf8(ssid, i, &c) == 0; ++i) folded += ssid[i];  // not UTF-8: kept
  }
  // The readings TS #39 leaves out (on ASCII: what looks like it is ASCII
  // by now). The key writes m as rn; rn → m keeps a skeleton readable.
  std::string out;
  for (char ch : folded) {
    char c1 = ch;
    if (c1 == '-' || c1 == '.' || c1 == ' ') c1 = '_';
    if (c1 == 'n' && !out.empty() && out.back() == 'r')
      out.back() = 'm';
    else if (c1 == 'v' && !out.empty() && out.back() == 'v')
      out.back() = 'w';
    else
      out += c1;
  }
  return out;
}

}  // namespace mark
