#include "tools/interrupt_watch.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <unistd.h>
#include <vector>

namespace {

using shardline::cli::InterruptWatch;

struct Seen {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::pair<int, int>> signals; // (signal, count)

  bool wait_for(std::size_t n) {
    std::unique_lock<std::mutex> lock{mutex};
    return changed.wait_for(lock, std::chrono::seconds{10}, [&] { return signals.size() >= n; });
  }
};

TEST(InterruptWatch, hands_each_signal_to_its_thread_with_a_count) {
  Seen seen;
  {
    InterruptWatch watch([&](int signal, int count) {
      std::lock_guard<std::mutex> guard{seen.mutex};
      seen.signals.emplace_back(signal, count);
      seen.changed.notify_all();
    });
    ::kill(::getpid(), SIGTERM);
    ASSERT_TRUE(seen.wait_for(1));
    ::kill(::getpid(), SIGINT);
    ASSERT_TRUE(seen.wait_for(2));
    EXPECT_EQ(watch.signal(), SIGTERM) << "the first signal is the one remembered";
  }
  std::vector<std::pair<int, int>> expected = {{SIGTERM, 1}, {SIGINT, 2}};
  EXPECT_EQ(seen.signals, expected);
}

TEST(InterruptWatch, gives_the_signal_mask_back_when_it_ends) {
  sigset_t before;
  ::pthread_sigmask(SIG_BLOCK, nullptr, &before);
  {
    InterruptWatch watch([](int, int) {});
  }
  sigset_t after;
  ::pthread_sigmask(SIG_BLOCK, nullptr, &after);
  EXPECT_EQ(sigismember(&after, SIGINT), sigismember(&before, SIGINT));
  EXPECT_EQ(sigismember(&after, SIGTERM), sigismember(&before, SIGTERM));
}

TEST(InterruptWatch, exit_codes_follow_the_shell_convention) {
  EXPECT_EQ(shardline::cli::exit_code_for_signal(SIGINT), 130);
  EXPECT_EQ(shardline::cli::exit_code_for_signal(SIGTERM), 143);
}

} // namespace
