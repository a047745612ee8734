// Headless Chromium on a page markd serves: the DOM after its scripts ran
// (verify.js's in-browser signature check included). Header-only; used by
// pages_test.cpp and issuer_test.cpp.
#pragma once

#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include "support/process.h"

namespace mark::testing {

inline const char* kChromium = "/usr/bin/chromium";

// Chromium's flags for a throw-away profile in `profile`, at a phone's
// window size unless `window` says otherwise.
inline std::vector<std::string> ChromiumArgs(const TempDir& profile, const std::string& window = "390,844") {
  return {kChromium,
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--hide-scrollbars",
          "--user-data-dir=" + profile.path().string(),
          "--window-size=" + window,
          "--virtual-time-budget=5000"};
}

inline std::string DumpDom(const std::string& url) {
  TempDir profile;
  auto args = ChromiumArgs(profile);
  args.push_back("--dump-dom");
  args.push_back(url);
  auto r = RunCommand(args);
  INFO(r.err.substr(0, 2000));
  REQUIRE(r.exit_code == 0);
  return r.out;
}

// The class of the verify page's signature result ("sig sig-verified", ...).
inline std::string SigClass(const std::string& dom) {
  std::smatch m;
  static const std::regex re("id=\"sig-result\" class=\"([^\"]*)\"");
  return std::regex_search(dom, m, re) ? m[1].str() : std::string("(none)");
}

}  // namespace mark::testing
