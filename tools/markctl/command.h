// markctl's sub-commands register themselves here, one file each
// (cmd_keys.cpp, cmd_verify.cpp, ...), so adding one touches no other file.
// Convention: results on stdout, messages on stderr; exit 0 ok, 1 a negative
// answer (e.g. a certificate that does not verify), 2 usage or set-up error.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"

namespace markctl {

using Args = std::vector<std::string>;

struct Command {
  std::string name;              // first word, e.g. "keys"
  std::string usage;             // one or more lines for `markctl --help`
  int (*run)(const Args& args);  // args after the name
};

// Call from a static object in the command's file.
bool RegisterCommand(Command command);
const std::map<std::string, Command>& Commands();

// A small flag parser: `--name value` or `--name=value` for options listed in
// `with_value`, bare `--name` for those in `flags`; everything else positional.
struct Parsed {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;                // key without the dashes (the last one given)
  std::map<std::string, std::vector<std::string>> repeated;  // every value of each, in order
  std::set<std::string> flags;
  std::string error;  // non-empty: unknown option or missing value

  std::optional<std::string> Get(const std::string& key) const;
  std::string GetOr(const std::string& key, const std::string& fallback) const;
  // Every value given for a repeatable option (--domain a --domain b).
  std::vector<std::string> GetAll(const std::string& key) const;
  bool Has(const std::string& flag) const { return flags.count(flag) > 0; }
};
Parsed ParseArgs(const Args& args, const std::set<std::string>& with_value, const std::set<std::string>& flags = {});

// The clock every sub-command reads: the system's, or in test builds the file
// named by --test-clock (given anywhere on the command line).
const mark::Clock& ProcessClock();

// Reads a file, or stdin for "-". nullopt (and a message on stderr) on failure.
std::optional<std::string> ReadInput(const std::string& path);

}  // namespace markctl
