// FactFindings: the marks whose stored facts the registry last found to
// differ from what was certified (certified_facts.h), as markd's /healthz
// names them. Each comparison of a mark reports here; a mark found to differ
// at a database generation is told to the reporter once (one line), however
// many requests see it, and leaves the list when a later comparison confirms
// it (the rows were put right). Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "registry/certified_facts.h"

namespace mark::registry {

class FactFindings {
 public:
  // Gets one line per new finding (already escaped for a terminal or a log).
  using Reporter = std::function<void(const std::string& line)>;
  // Set once, before the registry is read.
  void SetReporter(Reporter reporter) { reporter_ = std::move(reporter); }

  // What comparing mark `number` at `generation` found (empty: confirmed).
  // kQuiet keeps a new finding from the reporter (markd's start-up check
  // says it all in its one line).
  enum class Tell { kReporter, kQuiet };
  void Record(const std::string& number, uint64_t generation, const std::vector<FactDifference>& differences,
              Tell tell = Tell::kReporter);

  // The numbers of the marks found to differ, in number order.
  std::vector<std::string> Numbers() const;

 private:
  struct Finding {
    uint64_t generation = 0;
    std::string fields;  // the differing fields, comma-separated
  };
  Reporter reporter_;
  mutable std::mutex mu_;
  std::map<std::string, Finding> found_;
};

}  // namespace mark::registry
