#include "http/worker_pool.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

using mark::http::WorkerPool;

namespace {

// A gate tasks wait at until the test opens it.
class Gate {
 public:
  void Wait() {
    std::unique_lock lock(mu_);
    ++waiting_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return open_; });
    --waiting_;
  }
  void WaitForWaiters(int n) {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return waiting_ >= n; });
  }
  void Open() {
    std::lock_guard lock(mu_);
    open_ = true;
    changed_.notify_all();
  }
  int waiting() {
    std::lock_guard lock(mu_);
    return waiting_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  int waiting_ = 0;
  bool open_ = false;
};

// Until the pool has `n` idle workers (a worker idles just after its task's
// last line ran, so a finished future does not say it is back yet).
void WaitIdle(const WorkerPool& pool, size_t n) {
  while (pool.idle_threads() < n) std::this_thread::yield();
}

}  // namespace

TEST_CASE("the pool starts a worker only when none is idle, and reuses the latest", "[worker_pool]") {
  WorkerPool pool(8);
  CHECK(pool.threads() == 0);
  std::set<std::thread::id> ran_on;
  for (int i = 0; i < 20; ++i) {
    std::promise<std::thread::id> done;
    auto id = done.get_future();
    pool.enqueue([&done] { done.set_value(std::this_thread::get_id()); });
    ran_on.insert(id.get());
    WaitIdle(pool, 1);
  }
  // One connection after another: one thread, one stack touched.
  CHECK(pool.threads() == 1);
  CHECK(ran_on.size() == 1);

  // Three at once need three workers; afterwards the one that idled last
  // takes the next task (LIFO), not the one that has waited longest.
  Gate gate;
  std::vector<std::promise<std::thread::id>> ids(3);
  for (auto& p : ids)
    pool.enqueue([&gate, &p] {
      gate.Wait();
      p.set_value(std::this_thread::get_id());
    });
  gate.WaitForWaiters(3);
  CHECK(pool.threads() == 3);
  gate.Open();
  for (auto& p : ids) (void)p.get_future().get();
  WaitIdle(pool, 3);
  std::set<std::thread::id> later;
  for (int i = 0; i < 10; ++i) {
    std::promise<std::thread::id> done;
    auto id = done.get_future();
    pool.enqueue([&done] { done.set_value(std::this_thread::get_id()); });
    later.insert(id.get());
    WaitIdle(pool, 3);
  }
  CHECK(later.size() == 1);
  CHECK(pool.threads() == 3);
}

TEST_CASE("the pool never runs more than its threads and queues the rest in order", "[worker_pool]") {
  WorkerPool pool(2);
  Gate gate;
  std::mutex order_mu;
  std::vector<int> order;
  std::atomic<int> running{0}, most{0};
  for (int i = 0; i < 6; ++i) {
    pool.enqueue([&, i] {
      int now = ++running;
      int seen = most.load();
      while (now > seen && !most.compare_exchange_weak(seen, now)) {
      }
      {
        std::lock_guard lock(order_mu);
        order.push_back(i);  // the order tasks started in
      }
      if (i < 2) gate.Wait();
      --running;
    });
  }
  gate.WaitForWaiters(2);
  CHECK(pool.threads() == 2);
  CHECK(gate.waiting() == 2);
  gate.Open();
  pool.shutdown();  // runs what is queued, then joins
  CHECK(most.load() <= 2);
  REQUIRE(order.size() == 6);
  // The queued ones started in the order they came, after the first two.
  std::vector<int> queued(order.begin() + 2, order.end());
  CHECK(queued == std::vector<int>{2, 3, 4, 5});
  pool.shutdown();  // idempotent
}

TEST_CASE("workers idle past the timeout end, down to the ones kept", "[worker_pool]") {
  WorkerPool pool(8, 1, std::chrono::milliseconds(1));
  Gate gate;
  std::atomic<int> done{0};
  for (int i = 0; i < 4; ++i)
    pool.enqueue([&] {
      gate.Wait();
      ++done;
    });
  gate.WaitForWaiters(4);
  CHECK(pool.threads() == 4);
  gate.Open();
  // Waits for the workers to end on their own (no fixed sleep; bounded).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (pool.threads() > 1 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  CHECK(pool.threads() == 1);
  CHECK(done == 4);
  // The pool still serves, and grows again when it must.
  std::promise<void> ran;
  pool.enqueue([&] { ran.set_value(); });
  ran.get_future().get();
  CHECK(pool.threads() >= 1);
  pool.shutdown();
  CHECK(pool.threads() == 0);
}
