// markctl cvss2 VECTOR: the CVSS v2 base score of a vector, one decimal, as
// the FIRST v2 specification and NVD compute it.
// Exit 0 with the score on stdout; 2 with the wrong part on stderr.
#include <iostream>

#include <nlohmann/json.hpp>

#include "command.h"
#include "common/json_text.h"
#include "review/cvss2.h"

namespace markctl::cmd_cvss2 {
namespace {

namespace review = mark::review;

int Run(const Args& args) {
  Parsed p = ParseArgs(args, {}, {"json"});
  if (!p.error.empty() || p.positional.size() != 1) {
    std::cerr << "markctl cvss2: " << (p.error.empty() ? "give one VECTOR" : p.error) << "\n"
              << "usage: markctl cvss2 [--json] AV:N/AC:L/Au:N/C:P/I:P/A:P\n";
    return 2;
  }
  mark::Result<review::Cvss2Vector> v = review::ParseCvss2Vector(p.positional[0]);
  if (!v) {
    std::cerr << "markctl cvss2: " << v.error().fields.at(0).message << "\n";
    return 2;
  }
  review::Cvss2Score s = review::Cvss2BaseScore(*v);
  if (p.Has("json")) {
    // Scores as strings keep the one-decimal text exact ("10.0", not 10).
    nlohmann::json j = {{"vector", v->ToString()},
                        {"base_score", s.BaseText()},
                        {"impact_subscore", review::FormatTenths(s.impact_tenths)},
                        {"exploitability_subscore", review::FormatTenths(s.exploitability_tenths)}};
    std::cout << mark::JsonText(j) << "\n";
  } else {
    std::cout << s.BaseText() << "\n";
  }
  return 0;
}

const bool registered = RegisterCommand({"cvss2",
                                         "  markctl cvss2 [--json] VECTOR\n"
                                         "      CVSS v2 base score of e.g. AV:N/AC:L/Au:N/C:P/I:P/A:P (prints 7.5)",
                                         &Run});

}  // namespace
}  // namespace markctl::cmd_cvss2
