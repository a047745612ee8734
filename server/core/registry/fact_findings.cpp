#include "registry/fact_findings.h"

#include "common/terminal_text.h"

namespace mark::registry {

void FactFindings::Record(const std::string& number, uint64_t generation,
                          const std::vector<FactDifference>& differences, Tell tell) {
  std::string line;
  {
    std::lock_guard lock(mu_);
    if (differences.empty()) {
      found_.erase(number);
      return;
    }
    auto it = found_.find(number);
    if (it != found_.end() && it->second.generation == generation) return;
    std::string fields;
    for (const FactDifference& d : differences) {
      if (fields.find(d.field) != std::string::npos) continue;
      if (!fields.empty()) fields += ", ";
      fields += d.field;
    }
    found_[number] = Finding{generation, fields};
    if (!reporter_ || tell == Tell::kQuiet) return;
    line = "mark " + number +
           " is not confirmed (status unknown): its stored facts differ from its certificate "
           "and history: " +
           Describe(differences.front());
    if (differences.size() > 1) line += " (and " + std::to_string(differences.size() - 1) + " more: " + fields + ")";
    line += "; markctl check names every difference";
  }
  reporter_(EscapeForTerminal(line));
}

std::vector<std::string> FactFindings::Numbers() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& [number, finding] : found_) out.push_back(number);
  return out;
}

}  // namespace mark::registry
