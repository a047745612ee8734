// WorkerPool: the threads that serve requests (one task = one complete
// request, handed over by FramedServer's HeadReader; a worker never waits
// for a client's bytes), replacing httplib::ThreadPool for two reasons
// measured in tests/bench/run:
//  - httplib::ThreadPool wakes its waiting threads in turn (one condition
//    variable, FIFO futex wake-ups), so every one of its N threads ends up
//    touching its stack and malloc caches: 512 threads grew markd to 235 MB
//    RSS at 32 connections. Here the most recently idle worker takes the
//    next task (LIFO), so the memory touched follows the requests served at
//    once, not N.
//  - it starts all N threads up front; here a worker is started only when
//    a task finds none idle, up to `max_threads`, and a worker idle for
//    `idle_timeout` while more than `keep_idle` are idle ends, so a burst
//    does not keep its threads' memory for ever (what they freed is handed
//    back with malloc_trim).
// Tasks beyond max_threads wait in FIFO order for a worker.
// Thread-safe.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace mark::http {

class WorkerPool final : public httplib::TaskQueue {
 public:
  explicit WorkerPool(size_t max_threads, size_t keep_idle = 16,
                      std::chrono::milliseconds idle_timeout = std::chrono::seconds(10));
  ~WorkerPool() override;  // shuts down if not done yet

  void enqueue(std::function<void()> fn) override;
  // Runs every task already queued, then joins the workers. Idempotent.
  void shutdown() override;

  // Workers alive now, and those of them waiting for a connection.
  size_t threads() const;
  size_t idle_threads() const;

 private:
  struct Worker {
    std::condition_variable wake;
    std::function<void()> task;  // handed over by enqueue
    std::thread thread;
  };
  void Run(Worker* self);
  // Joins the workers that ended (mu_ not held).
  void Reap(std::vector<std::unique_ptr<Worker>> ended);

  const size_t max_threads_;
  const size_t keep_idle_;
  const std::chrono::milliseconds idle_timeout_;
  mutable std::mutex mu_;
  bool shutdown_ = false;
  std::vector<std::unique_ptr<Worker>> workers_;  // alive
  std::vector<std::unique_ptr<Worker>> ended_;    // left Run, to be joined
  std::vector<Worker*> idle_;                     // most recently idle last
  std::deque<std::function<void()>> waiting_;     // tasks no worker was free for
};

}  // namespace mark::http
