#include "http/worker_pool.h"

#include <malloc.h>
#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <utility>

namespace mark::http {

WorkerPool::WorkerPool(size_t max_threads, size_t keep_idle, std::chrono::milliseconds idle_timeout)
    : max_threads_(max_threads == 0 ? 1 : max_threads), keep_idle_(keep_idle), idle_timeout_(idle_timeout) {}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::enqueue(std::function<void()> fn) {
  std::unique_lock lock(mu_);
  std::vector<std::unique_ptr<Worker>> ended;
  ended.swap(ended_);
  if (!idle_.empty()) {
    Worker* w = idle_.back();
    idle_.pop_back();
    w->task = std::move(fn);
    lock.unlock();
    w->wake.notify_one();
  } else if (!shutdown_ && workers_.size() < max_threads_) {
    auto w = std::make_unique<Worker>();
    w->task = std::move(fn);
    Worker* raw = w.get();
    workers_.push_back(std::move(w));
    raw->thread = std::thread([this, raw] { Run(raw); });
    lock.unlock();
  } else {
    waiting_.push_back(std::move(fn));
    lock.unlock();
  }
  Reap(std::move(ended));
}

void WorkerPool::Reap(std::vector<std::unique_ptr<Worker>> ended) {
  if (ended.empty()) return;
  for (auto& w : ended) w->thread.join();  // each has left Run already or is leaving it
  // Hand the memory those threads freed back to the system.
  malloc_trim(0);
}

void WorkerPool::Run(Worker* self) {
  // SCHED_BATCH: a worker woken by its connection's next request does not
  // preempt the one running, so a request, once begun, runs to its end
  // instead of waiting behind every other runnable connection thread (on a
  // busy core that preemption was the p99 of lookups: 20 ms against 2 ms).
  // Unprivileged; on failure the thread just stays SCHED_OTHER.
  sched_param batch{};
  (void)pthread_setschedparam(pthread_self(), SCHED_BATCH, &batch);
  std::unique_lock lock(mu_);
  for (;;) {
    if (!self->task && !waiting_.empty()) {
      self->task = std::move(waiting_.front());
      waiting_.pop_front();
    }
    if (self->task) {
      std::function<void()> task = std::move(self->task);
      self->task = nullptr;
      lock.unlock();
      task();
      task = nullptr;  // a connection's resources go before the worker idles
      lock.lock();
      continue;
    }
    if (shutdown_) return;
    idle_.push_back(self);
    const bool woken = self->wake.wait_for(lock, idle_timeout_, [&] { return self->task || shutdown_; });
    if (self->task) continue;
    // Woken by shutdown, or idle too long: leave the idle list.
    std::erase(idle_, self);
    if (!woken && !shutdown_ && idle_.size() >= keep_idle_) {
      // Enough others wait: this one ends (the least recently used end
      // first, LIFO). The next enqueue or shutdown joins it.
      auto it = std::find_if(workers_.begin(), workers_.end(), [&](const auto& w) { return w.get() == self; });
      ended_.push_back(std::move(*it));
      workers_.erase(it);
      return;
    }
  }
}

void WorkerPool::shutdown() {
  std::vector<std::unique_ptr<Worker>> all;
  {
    std::lock_guard lock(mu_);
    shutdown_ = true;
    all.swap(workers_);
    for (auto& w : ended_) all.push_back(std::move(w));
    ended_.clear();
    for (auto& w : all) w->wake.notify_one();
  }
  for (auto& w : all)
    if (w->thread.joinable()) w->thread.join();
}

size_t WorkerPool::idle_threads() const {
  std::lock_guard lock(mu_);
  return idle_.size();
}

size_t WorkerPool::threads() const {
  std::lock_guard lock(mu_);
  return workers_.size();
}

}  // namespace mark::http
