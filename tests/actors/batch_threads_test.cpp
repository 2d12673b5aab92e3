#include "actors/batch_threads.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

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

/// Waits (at most 10 s) until `done` holds.
template <class Condition>
bool eventually(Condition done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

TEST(BatchThreads, the_next_batch_runs_on_the_thread_of_an_ended_one) {
  BatchThreads threads;
  std::thread::id first, second;
  std::atomic<bool> second_ran{false};
  threads.start(
      1, [] {}, [&] { first = std::this_thread::get_id(); });
  ASSERT_TRUE(eventually([&] { return threads.idle_threads() == 1; }));

  threads.start(
      2, [] {},
      [&] {
        second = std::this_thread::get_id();
        second_ran = true;
      });
  ASSERT_TRUE(eventually([&] { return second_ran.load(); }));

  EXPECT_EQ(first, second);
  EXPECT_EQ(threads.threads(), 1U);
}

TEST(BatchThreads, batches_that_overlap_get_threads_of_their_own) {
  Blocker first, second;
  BatchThreads threads;
  threads.start(
      1, [&] { first.stop(); }, [&] { first.wait(); });
  threads.start(
      2, [&] { second.stop(); }, [&] { second.wait(); });

  EXPECT_EQ(threads.threads(), 2U);
  threads.stop(1);
  threads.stop(2);
}

TEST(BatchThreads, a_thread_without_a_batch_for_its_linger_time_exits) {
  BatchThreads threads{std::chrono::milliseconds(20)};
  threads.start(
      1, [] {}, [] {});

  EXPECT_TRUE(eventually([&] { return threads.threads() == 0; }));
  // And a batch after that gets a new thread.
  std::atomic<bool> ran{false};
  threads.start(
      2, [] {}, [&] { ran = true; });
  EXPECT_TRUE(eventually([&] { return ran.load(); }));
}

} // namespace
} // namespace shardline
