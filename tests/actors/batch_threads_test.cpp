#include "actors/batch_threads.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace shardline {
namespace {

/// A piece of work that runs until stopped.
struct Blocker {
  std::mutex mutex;
  std::condition_variable changed;
  bool stopped = false;

  void stop() {
    std::lock_guard<std::mutex> guard{mutex};
    stopped = true;
    changed.notify_all();
  }
  void wait() {
    std::unique_lock<std::mutex> lock{mutex};
    changed.wait(lock, [this] { return stopped; });
  }
};

TEST(BatchThreads, stop_ends_the_named_batch_only) {
  Blocker first, second;
  std::atomic<int> ended{0};
  {
    BatchThreads threads;
    threads.start(
        1, [&] { first.stop(); },
        [&] {
          first.wait();
          ++ended;
        });
    threads.start(
        2, [&] { second.stop(); },
        [&] {
          second.wait();
          ++ended;
        });
    threads.stop(1);
    {
      std::unique_lock<std::mutex> lock{second.mutex};
      EXPECT_FALSE(second.stopped);
    }
    threads.stop(2);
  } // joins both
  EXPECT_EQ(ended, 2);
}

TEST(BatchThreads, destroying_it_stops_and_joins_what_still_runs) {
  Blocker blocker;
  std::atomic<bool> ended{false};
  {
    BatchThreads threads;
    threads.start(
        7, [&] { blocker.stop(); },
        [&] {
          blocker.wait();
          ended = true;
        });
  }
  EXPECT_TRUE(ended);
}

TEST(BatchThreads, stopping_an_ended_batch_is_harmless) {
  BatchThreads threads;
  std::atomic<int> stops{0};
  threads.start(
      1, [&] { ++stops; }, [] {});
  threads.start(
      2, [] {}, [] {}); // joins the first, which has ended
  threads.stop(1);
  threads.stop(99);
  SUCCEED();
}

} // namespace
} // namespace shardline
