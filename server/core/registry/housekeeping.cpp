#include "registry/housekeeping.h"

#include "registry/retention.h"

namespace mark::registry {

Housekeeping::Housekeeping(storage::Database& db, const Clock& clock, FailedAttempts& attempts, Report report,
                           std::chrono::milliseconds period)
    : db_(db),
      clock_(clock),
      attempts_(attempts),
      report_(std::move(report)),
      period_(period),
      // The first pruning a minute after start: markd's start-up checks run
      // meanwhile, before which markd writes nothing it need not.
      last_prune_(clock.Now()),
      thread_([this] { Run(); }) {}

Housekeeping::~Housekeeping() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  Status st = attempts_.Flush();
  if (!st && report_) report_("failed token attempts not written: " + st.error().message);
}

void Housekeeping::Run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    Tick();
    lock.lock();
    cv_.wait_for(lock, period_, [this] { return stop_; });
  }
}

void Housekeeping::Tick() {
  Status st = attempts_.Flush();
  const Instant now = clock_.Now();
  // The clock, not the steady time: a test that moves its clock a week on
  // sees the week's pruning at the next tick.
  if (st && (now - last_prune_ >= std::chrono::minutes(1) || now < last_prune_)) {
    auto pruned = PruneExpired(db_, now);
    if (pruned)
      last_prune_ = now;
    else
      st = pruned.error();
  }
  if (!st && !failing_ && report_) report_("housekeeping: " + st.error().message);
  failing_ = !st;
}

}  // namespace mark::registry
