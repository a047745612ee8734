// libFuzzer target: request heads as a client sends them to markd
// (server/http/request_head.h), parsed whole and in pieces as they would
// trickle in. Both must agree, stay within the caps, and a head accepted
// must end where its blank line does.
#include <cstdint>
#include <string_view>

#include "http/request_head.h"

namespace {

using mark::http::HeadLimits;
using mark::http::RequestHeadParser;
using State = RequestHeadParser::State;

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

void ParseBothWays(std::string_view text, size_t step, const HeadLimits& limits) {
  RequestHeadParser whole(limits);
  const State w = whole.Parse(text);
  RequestHeadParser pieces(limits);
  State p = State::kNeedMore;
  for (size_t n = step; p == State::kNeedMore; n += step) {
    p = pieces.Parse(text.substr(0, n < text.size() ? n : text.size()));
    if (n >= text.size()) break;
  }
  Check(w == p);
  Check(whole.examined() <= limits.max_head_bytes && pieces.examined() <= limits.max_head_bytes);
  if (w == State::kComplete) {
    const auto& h = whole.head();
    Check(h.head_bytes == pieces.head().head_bytes && h.head_bytes <= text.size());
    Check(h.head_bytes <= limits.max_head_bytes);
    Check(h.head_bytes >= 4 && text.substr(h.head_bytes - 4, 4) == "\r\n\r\n");
    Check(h.content_length <= limits.max_body_bytes && h.content_length == pieces.head().content_length);
    Check(!h.method.empty() && !h.target.empty());
    for (char c : h.target) Check(static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f);
    Check(h.close == pieces.head().close && h.method == pieces.head().method && h.target == pieces.head().target);
    if (h.expect_bytes > 0) Check(h.expect_offset + h.expect_bytes <= h.head_bytes);
  }
  if (w == State::kRejected) {
    const int s = whole.error().status;
    Check(s == pieces.error().status);
    Check(s == 400 || s == 411 || s == 413 || s == 414 || s == 417 || s == 431 || s == 501 || s == 505);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks how the rest trickles in.
  const size_t step = 1 + data[0] % 16;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  ParseBothWays(text, step, HeadLimits{});
  // Small caps, so the fuzzer reaches them.
  ParseBothWays(text, step, HeadLimits{48, 160, 4, 10});
  return 0;
}
