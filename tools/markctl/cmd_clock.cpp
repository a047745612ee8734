// markctl clock show|accept-earlier: the clock against the registry's last
// change (registry/clock_watch.h).
//   show            how the clock stands: its reading, the last change, and
//                   whether markd refuses writes for it (exit 1 when behind).
//   accept-earlier  after a clock that ran ahead committed changes (so the
//                   right time now reads behind the last change): makes the
//                   clock's now the registry's last change, recorded in the
//                   audit trail and the transparency log. markd may run: it
//                   notices within a fraction of a second.
#include <iostream>
#include <optional>

#include "command.h"
#include "registry_access.h"
#include "common/jst.h"
#include "registry/clock_watch.h"

namespace markctl::cmd_clock {
namespace {

namespace registry = mark::registry;

int Usage(const std::string& why) {
  std::cerr << "markctl clock: " << why << "\n"
            << "usage: markctl clock show --db PATH\n"
            << "       markctl clock accept-earlier --db PATH [--state DIR] [--reason TEXT]\n";
  return 2;
}

int Fail(const std::string& sub, const std::string& why) {
  std::cerr << "markctl clock " << sub << ": " << why << "\n";
  return 2;
}

std::string LastChangeText(const registry::ClockStanding& s) {
  return s.last_change ? mark::FormatInstant(*s.last_change) : std::string("none yet");
}

int Show(const std::string& db) {
  std::optional<mark::Instant> last;
  try {
    last = registry::LastChangeAt(*ReadOnlyConnection(db));
  } catch (const std::exception& e) {
    return Fail("show", "cannot read " + db + ": " + e.what());
  }
  const registry::ClockStanding s = registry::JudgeClock(ProcessClock().Now(), last);
  std::cout << "clock:       " << mark::FormatInstant(s.now) << "\n"
            << "last change: " << LastChangeText(s) << "\n";
  if (!s.behind) {
    std::cout << "in step"
              << (s.behind_by.count() > 0 ? " (" + std::to_string(s.behind_by.count()) + " s behind, within " +
                                                std::to_string(registry::kClockTolerance.count()) + " s)"
                                          : std::string())
              << "\n";
    return 0;
  }
  std::cout << "behind by " << s.behind_by.count() << " s: " << registry::ClockBehindRemedy(db) << "\n";
  return 1;
}

int AcceptEarlier(const Parsed& p, const std::string& db) {
  auto opened = OpenForWrites("clock accept-earlier", db, p.GetOr("state", ""), "");
  if (!opened) return 2;
  const mark::Instant now = ProcessClock().Now();
  registry::ClockStanding found;
  mark::Status st = opened->db->Write([&](SQLite::Database& tx) -> mark::Status {
    found = registry::AcceptEarlierClock(tx, now, "markctl", p.GetOr("reason", ""));
    return mark::Status{};
  });
  if (!st) return Fail("accept-earlier", st.error().message);
  if (!found.behind) {
    std::cerr << "the clock (" << mark::FormatInstant(found.now) << ") is not behind the registry's last change ("
              << LastChangeText(found) << ") by more than " << registry::kClockTolerance.count()
              << " s: nothing to accept\n";
    return 0;
  }
  std::cerr << "accepted: the registry's last change was at " << LastChangeText(found) << ", "
            << found.behind_by.count() << " s after the clock (" << mark::FormatInstant(found.now)
            << "); changes are timed by this clock from now on. The audit trail (clock.accept_earlier) and the "
               "transparency log (clock_accepted_earlier) record it\n";
  return 0;
}

int Run(const Args& args) {
  auto p = ParseArgs(args, {"db", "state", "reason"});
  if (!p.error.empty()) return Usage(p.error);
  if (p.positional.size() != 1) return Usage("expected show or accept-earlier");
  auto db = p.Get("db");
  if (!db) return Usage("--db PATH is required");
  if (p.positional[0] == "show") return Show(*db);
  if (p.positional[0] == "accept-earlier") return AcceptEarlier(p, *db);
  return Usage("unknown sub-command " + p.positional[0]);
}

const bool registered = RegisterCommand(
    {"clock",
     "  markctl clock show --db PATH     the clock against the registry's last change (exit 1: behind)\n"
     "  markctl clock accept-earlier --db PATH [--state DIR] [--reason TEXT]\n"
     "      after a clock that ran ahead committed changes: the registry accepts the earlier clock",
     &Run});

}  // namespace
}  // namespace markctl::cmd_clock
