#include "runners/playwright_leftovers.hpp"

#include "runners/subreaper.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace shardline {
namespace {

using namespace std::chrono_literals;

// A child in a session of its own (as Playwright starts a webServer), with
// the mark in its environment; `trap_term` makes it ignore SIGTERM.
pid_t marked_child(const std::string& mark, bool ignore_term = false) {
  auto pid = ::fork();
  if (pid == 0) {
    ::setsid();
    auto entry = std::string(playwright_batch_marker) + "=" + mark;
    if (ignore_term)
      ::signal(SIGTERM, SIG_IGN);
    char* argv[] = {const_cast<char*>("sleep"), const_cast<char*>("300"), nullptr};
    char* envp[] = {entry.data(), nullptr};
    ::execve("/bin/sleep", argv, envp);
    ::_exit(127);
  }
  return pid;
}

bool ended(pid_t pid) {
  int status = 0;
  return ::waitpid(pid, &status, 0) == pid;
}

// The child has exec'd once its environment shows the mark.
void wait_for_exec(const std::string& mark) {
  while (find_marked_processes(mark).empty())
    ::usleep(10'000);
}

TEST(PlaywrightLeftovers, marks_differ_between_batches) {
  EXPECT_NE(new_batch_mark(), new_batch_mark());
}

TEST(PlaywrightLeftovers, finds_and_kills_a_marked_process_in_a_session_of_its_own) {
  auto mark = new_batch_mark();
  auto pid = marked_child(mark);
  ASSERT_GT(pid, 0);
  wait_for_exec(mark);

  auto killed = kill_marked_processes(mark, 2s);

  ASSERT_EQ(killed.size(), 1U);
  EXPECT_EQ(killed[0].pid, pid);
  EXPECT_EQ(killed[0].command, "sleep 300");
  EXPECT_TRUE(ended(pid));
  EXPECT_TRUE(find_marked_processes(mark).empty());
}

TEST(PlaywrightLeftovers, one_that_ignores_sigterm_gets_sigkill_after_the_grace) {
  auto mark = new_batch_mark();
  auto pid = marked_child(mark, true);
  ASSERT_GT(pid, 0);
  wait_for_exec(mark);

  kill_marked_processes(mark, 100ms);

  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
}

TEST(PlaywrightLeftovers, leaves_processes_of_other_marks_alone) {
  auto mine = new_batch_mark();
  auto other = new_batch_mark();
  auto pid = marked_child(other);
  ASSERT_GT(pid, 0);
  wait_for_exec(other);

  EXPECT_TRUE(kill_marked_processes(mine, 100ms).empty());
  EXPECT_EQ(::kill(pid, 0), 0);

  kill_marked_processes(other, 2s);
  EXPECT_TRUE(ended(pid));
}

} // namespace
} // namespace shardline
