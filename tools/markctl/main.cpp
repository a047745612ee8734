// markctl: the operator's tool. Each sub-command lives in its own cmd_*.cpp.
#include <cstdio>
#include <iostream>
#include <memory>

#include "command.h"
#include "common/atomic_file.h"
#include "common/file_clock.h"

namespace markctl {

static std::map<std::string, Command>& Registry() {
  static std::map<std::string, Command> commands;
  return commands;
}

bool RegisterCommand(Command command) {
  Registry()[command.name] = std::move(command);
  return true;
}

const std::map<std::string, Command>& Commands() { return Registry(); }

std::optional<std::string> Parsed::Get(const std::string& key) const {
  auto it = options.find(key);
  if (it == options.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Parsed::GetAll(const std::string& key) const {
  auto it = repeated.find(key);
  return it == repeated.end() ? std::vector<std::string>{} : it->second;
}

std::string Parsed::GetOr(const std::string& key, const std::string& fallback) const {
  return Get(key).value_or(fallback);
}

Parsed ParseArgs(const Args& args, const std::set<std::string>& with_value, const std::set<std::string>& flags) {
  Parsed p;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
      std::string key = a.substr(2);
      std::optional<std::string> value;
      if (auto eq = key.find('='); eq != std::string::npos) {
        value = key.substr(eq + 1);
        key = key.substr(0, eq);
      }
      if (with_value.count(key)) {
        if (!value) {
          if (i + 1 >= args.size()) {
            p.error = "--" + key + " needs a value";
            return p;
          }
          value = args[++i];
        }
        p.options[key] = *value;
        p.repeated[key].push_back(*value);
      } else if (flags.count(key) && !value) {
        p.flags.insert(key);
      } else {
        p.error = "unknown option --" + key;
        return p;
      }
    } else {
      p.positional.push_back(a);
    }
  }
  return p;
}

std::optional<std::string> ReadInput(const std::string& path) {
  // Inputs are JSON documents and criteria sets: 64 MiB is far beyond any.
  auto text = mark::ReadWholeFile(path == "-" ? "/dev/stdin" : path, size_t{64} << 20);
  if (!text) {
    std::cerr << "markctl: cannot read " << path << ": " << text.error().message << "\n";
    return std::nullopt;
  }
  return std::move(*text);
}

namespace {
std::unique_ptr<mark::Clock>& ClockOwner() {
  static std::unique_ptr<mark::Clock> clock = std::make_unique<mark::SystemClock>();
  return clock;
}
}  // namespace

const mark::Clock& ProcessClock() { return *ClockOwner(); }

}  // namespace markctl

static void PrintUsage(std::ostream& out) {
  out << "usage: markctl COMMAND [ARGS]\n\ncommands:\n";
  for (const auto& [name, cmd] : markctl::Commands()) out << cmd.usage << "\n";
}

int main(int argc, char** argv) {
  std::vector<std::string> all;
  for (int i = 1; i < argc; ++i) {
#ifdef MARK_TEST_HOOKS
    if (std::string(argv[i]) == "--test-clock" && i + 1 < argc) {
      auto clock = mark::FileClock::Open(argv[++i]);
      if (!clock) {
        std::cerr << "markctl: " << clock.error().message << "\n";
        return 2;
      }
      markctl::ClockOwner() = std::move(*clock);
      continue;
    }
#endif
    all.emplace_back(argv[i]);
  }
  if (all.empty() || all[0] == "--help" || all[0] == "help") {
    PrintUsage(all.empty() ? std::cerr : std::cout);
    return all.empty() ? 2 : 0;
  }
  auto it = markctl::Commands().find(all[0]);
  if (it == markctl::Commands().end()) {
    std::cerr << "markctl: unknown command '" << all[0] << "'\n";
    PrintUsage(std::cerr);
    return 2;
  }
  return it->second.run(markctl::Args(all.begin() + 1, all.end()));
}
