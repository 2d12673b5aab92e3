#include "runners/process.hpp"

#include "runners/subreaper.hpp"
#include "tests/support/child.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace shardline {
namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

// Short enough that the suite stays fast; the bound is what proves we did not
// wait for a `sleep 30` or `sleep 1000`.
constexpr auto short_timeout = 300ms;
constexpr auto short_grace = 300ms;
constexpr auto generous_bound = 5s;

ProcessSpec program(std::vector<std::string> argv) {
  ProcessSpec spec;
  spec.argv = std::move(argv);
  return spec;
}

ProcessSpec shell(const std::string& script) {
  return program({"sh", "-c", script});
}

ProcessOutcome run_ok(ProcessSpec spec) {
  auto outcome = Process(std::move(spec)).run();
  if (!outcome)
    ADD_FAILURE() << outcome.error().to_string();
  return outcome ? *outcome : ProcessOutcome{};
}

// Bit of `signal` in the masks of /proc/PID/status.
std::uint64_t signal_bit(int signal) {
  return std::uint64_t{1} << (signal - 1);
}

bool group_is_gone(pid_t group) {
  return ::kill(-group, 0) == -1 && errno == ESRCH;
}

bool is_reaped(pid_t pid) {
  return ::waitpid(pid, nullptr, WNOHANG) == -1 && errno == ECHILD;
}

class ProcessTest : public ::testing::Test {
protected:
  // Orphans a test leaves in its group come to us, so run() can reap them and
  // "gone" means gone, whatever PID 1 does.
  void SetUp() override { ASSERT_FALSE(become_subreaper()); }

  test_support::ScratchDir scratch;
};

TEST_F(ProcessTest, reports_a_zero_exit_code) {
  auto outcome = run_ok(program({"true"}));

  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_FALSE(outcome.signal);
  EXPECT_FALSE(outcome.timed_out);
  EXPECT_FALSE(outcome.cancelled);
}

TEST_F(ProcessTest, reports_a_nonzero_exit_code) {
  EXPECT_EQ(run_ok(program({"false"})).exit_code, 1);
  EXPECT_EQ(run_ok(shell("exit 3")).exit_code, 3);
}

TEST_F(ProcessTest, reports_the_signal_that_killed_it) {
  auto outcome = run_ok(shell("kill -SEGV $$"));

  EXPECT_EQ(outcome.signal, SIGSEGV);
  EXPECT_FALSE(outcome.exit_code);
}

TEST_F(ProcessTest, times_out_a_long_sleep) {
  auto spec = program({"sleep", "30"});
  spec.timeout = short_timeout;
  auto started = SteadyClock::now();

  auto outcome = run_ok(spec);

  EXPECT_TRUE(outcome.timed_out);
  EXPECT_EQ(outcome.signal, SIGTERM);
  EXPECT_LT(SteadyClock::now() - started, generous_bound);
  EXPECT_GE(outcome.duration, short_timeout);
}

TEST_F(ProcessTest, kills_a_process_that_ignores_sigterm_after_the_grace) {
  auto spec = shell("trap '' TERM; sleep 30");
  spec.timeout = short_timeout;
  spec.kill_grace = short_grace;
  auto started = SteadyClock::now();

  auto outcome = run_ok(spec);

  EXPECT_TRUE(outcome.timed_out);
  EXPECT_EQ(outcome.signal, SIGKILL);
  EXPECT_LT(SteadyClock::now() - started, generous_bound);
  EXPECT_GE(outcome.duration, short_timeout + short_grace);
}

TEST_F(ProcessTest, kills_the_whole_group_of_a_process_that_forks_and_hangs) {
  auto spec = shell("sleep 1000 & echo started; wait");
  spec.timeout = short_timeout;
  spec.kill_grace = short_grace;
  auto started = SteadyClock::now();

  auto outcome = run_ok(spec);

  EXPECT_TRUE(outcome.timed_out);
  EXPECT_EQ(outcome.output, "started\n");
  EXPECT_LT(SteadyClock::now() - started, generous_bound);
  EXPECT_TRUE(group_is_gone(outcome.pid));
}

TEST_F(ProcessTest, kills_what_an_exited_leader_left_behind_without_waiting_for_it) {
  auto started = SteadyClock::now();

  auto outcome = run_ok(shell("sleep 1000 & echo started"));

  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_EQ(outcome.output, "started\n");
  EXPECT_LT(SteadyClock::now() - started, generous_bound);
  EXPECT_TRUE(group_is_gone(outcome.pid));
}

TEST_F(ProcessTest, resumes_a_stopped_process_so_it_can_act_on_sigterm) {
  auto spec = shell("kill -STOP $$");
  spec.timeout = short_timeout;
  spec.kill_grace = 60s; // SIGKILL would come far too late to pass

  auto outcome = run_ok(spec);

  EXPECT_TRUE(outcome.timed_out);
  EXPECT_EQ(outcome.signal, SIGTERM);
}

TEST_F(ProcessTest, an_escaped_process_holding_the_output_open_dies_with_the_test) {
  // The escapee writes its pid only after setsid, and the leader exits only
  // after that, so the escape has happened before the group is killed.
  auto pid_file = scratch.file("escaped.pid");
  auto spec = shell("setsid sh -c 'echo $$ > " + pid_file + "; exec sleep 1000' & while [ ! -s " +
                    pid_file + " ]; do sleep 0.01; done; echo leader done");
  spec.kill_grace = short_grace;
  auto started = SteadyClock::now();

  auto outcome = run_ok(spec);

  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_EQ(outcome.output, "leader done\n");
  EXPECT_LT(SteadyClock::now() - started, generous_bound);
  pid_t escaped = std::stoi(test_support::read_file(pid_file));
  EXPECT_TRUE(test_support::process_gone(escaped)) << "the escapee outlived its test";
}

TEST_F(ProcessTest, runs_processes_on_several_threads_without_mixing_them_up) {
  constexpr int count = 6;
  std::vector<ProcessOutcome> outcomes(count);
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i)
    threads.emplace_back([i, &outcomes] {
      auto n = std::to_string(i);
      auto spec = shell("echo " + n + "; sleep 0." + n + "; echo " + n + "; exit " + n);
      if (i % 2 == 1) {
        spec = shell("echo " + n + "; sleep 1000 & wait");
        spec.timeout = 100ms * i;
        spec.kill_grace = short_grace;
      }
      outcomes[i] = run_ok(spec);
    });
  for (auto& thread : threads)
    thread.join();

  for (int i = 0; i < count; ++i) {
    auto n = std::to_string(i);
    if (i % 2 == 1) {
      EXPECT_TRUE(outcomes[i].timed_out) << i;
      EXPECT_EQ(outcomes[i].output, n + "\n");
    } else {
      EXPECT_EQ(outcomes[i].exit_code, i);
      EXPECT_EQ(outcomes[i].output, n + "\n" + n + "\n");
    }
    EXPECT_TRUE(group_is_gone(outcomes[i].pid)) << i;
  }
}

TEST_F(ProcessTest, keeps_only_the_tail_of_a_chatty_process) {
  auto outcome =
      run_ok(shell("head -c 10485760 /dev/zero | tr '\\0' x; printf '\\nthe last line\\n'"));

  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_EQ(outcome.output.size(), OutputTail::default_limit);
  EXPECT_TRUE(outcome.output_truncated);
  EXPECT_TRUE(outcome.output.ends_with("xxx\nthe last line\n"));
}

TEST_F(ProcessTest, captures_stderr_in_order_with_stdout) {
  auto outcome = run_ok(shell("echo out; echo err >&2; echo out again"));

  EXPECT_EQ(outcome.output, "out\nerr\nout again\n");
  EXPECT_FALSE(outcome.output_truncated);
}

TEST_F(ProcessTest, hands_each_line_to_on_line_as_it_arrives) {
  // The second line is written only once the first has been seen, which
  // proves lines come while the process runs, not after it ended.
  auto seen = scratch.file("seen");
  auto spec = shell("echo first; while [ ! -e '" + seen + "' ]; do sleep 0.01; done; echo second");
  spec.timeout = generous_bound;
  std::vector<std::string> lines;
  spec.on_line = [&](std::string_view line) {
    lines.emplace_back(line);
    std::ofstream(seen) << "ok";
  };

  auto outcome = run_ok(spec);

  EXPECT_FALSE(outcome.timed_out);
  EXPECT_EQ(lines, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(outcome.output, "first\nsecond\n");
}

TEST_F(ProcessTest, hands_over_a_last_line_without_newline_and_keeps_the_tail) {
  auto spec = shell("printf 'a\\nb\\nc'; printf 'big%.0s' $(seq 1 100)");
  spec.tail_limit = 16;
  std::vector<std::string> lines;
  spec.on_line = [&](std::string_view line) { lines.emplace_back(line); };

  auto outcome = run_ok(spec);

  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[0], "a");
  EXPECT_EQ(lines[1], "b");
  EXPECT_EQ(lines[2].size(), 1 + 3 * 100U);
  EXPECT_EQ(outcome.output.size(), 16U);
  EXPECT_TRUE(outcome.output_truncated);
}

TEST_F(ProcessTest, gives_the_child_an_empty_stdin) {
  auto outcome = run_ok(program({"cat"}));

  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_EQ(outcome.output, "");
}

TEST_F(ProcessTest, reports_an_unknown_program_as_an_error) {
  auto outcome = Process(program({"shardline-no-such-program"})).run();

  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().to_string(),
            "cannot start \"shardline-no-such-program\": No such file or directory");
}

TEST_F(ProcessTest, reports_an_empty_command_as_an_error) {
  auto outcome = Process(program({})).run();

  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().to_string(), "no program to run: the command is empty");
}

TEST_F(ProcessTest, runs_in_the_working_directory) {
  auto spec = program({"pwd", "-P"});
  spec.working_dir = scratch.path().string();

  EXPECT_EQ(run_ok(spec).output, scratch.path().string() + "\n");
}

TEST_F(ProcessTest, finds_a_relative_program_in_the_working_directory) {
  auto spec = program({"./script.sh"});
  spec.working_dir = scratch.path().string();
  std::ofstream(scratch.file("script.sh")) << "#!/bin/sh\necho from the script\n";
  std::filesystem::permissions(scratch.file("script.sh"), std::filesystem::perms::owner_all);

  EXPECT_EQ(run_ok(spec).output, "from the script\n");
}

TEST_F(ProcessTest, reports_a_missing_working_directory) {
  auto missing = scratch.file("missing");
  auto spec = program({"true"});
  spec.working_dir = missing;

  auto outcome = Process(spec).run();

  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().to_string(),
            "cannot enter working directory \"" + missing + "\": No such file or directory");
}

TEST_F(ProcessTest, adds_and_replaces_environment_variables) {
  auto spec = shell("printf '%s|%s|' \"$SHARDLINE_TEST_VALUE\" \"$HOME\"; env | grep -c '^HOME='");
  spec.environment = {{"SHARDLINE_TEST_VALUE", "hello world"}, {"HOME", "/elsewhere"}};

  EXPECT_EQ(run_ok(spec).output, "hello world|/elsewhere|1\n");
}

TEST_F(ProcessTest, passes_no_other_descriptor_to_the_child) {
  // Opened without O_CLOEXEC, as a careless library in the worker might.
  UniqueFd leaked(::open("/dev/null", O_RDONLY));
  ASSERT_TRUE(leaked);
  auto fd = std::to_string(leaked.get());

  auto outcome =
      run_ok(shell("if [ -e /proc/$$/fd/" + fd + " ]; then echo open; else echo closed; fi"));

  EXPECT_EQ(outcome.output, "closed\n");
}

TEST_F(ProcessTest, starts_the_child_with_default_signal_handling) {
  // A server ignores SIGPIPE and its threads block signals; a test must not
  // inherit either. grep reads the masks of its own process.
  struct sigaction ignore {};
  struct sigaction previous {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  sigset_t blocked;
  sigset_t previous_mask;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGUSR1);
  ::pthread_sigmask(SIG_BLOCK, &blocked, &previous_mask);

  auto outcome = run_ok(program({"sed", "-n", "s/^Sig\\(Blk\\|Ign\\):\t//p", "/proc/self/status"}));

  ::sigaction(SIGPIPE, &previous, nullptr);
  ::pthread_sigmask(SIG_SETMASK, &previous_mask, nullptr);
  std::istringstream masks(outcome.output);
  std::uint64_t blocked_mask = 0;
  std::uint64_t ignored_mask = 0;
  ASSERT_TRUE(masks >> std::hex >> blocked_mask >> ignored_mask) << outcome.output;
  EXPECT_EQ(blocked_mask, 0U);
  EXPECT_EQ(ignored_mask & signal_bit(SIGPIPE), 0U);
}

TEST_F(ProcessTest, cancel_from_another_thread_ends_the_run) {
  auto ready = scratch.file("ready");
  Process process(shell("touch '" + ready + "'; sleep 30"));
  std::thread canceller([&] {
    // Polling a file is fine in a test: it proves the child is running before we cancel.
    auto give_up = SteadyClock::now() + generous_bound;
    while (!std::filesystem::exists(ready) && SteadyClock::now() < give_up)
      std::this_thread::sleep_for(10ms);
    process.cancel();
  });
  auto started = SteadyClock::now();

  auto outcome = process.run();
  canceller.join();

  ASSERT_TRUE(outcome) << outcome.error().to_string();
  EXPECT_TRUE(outcome->cancelled);
  EXPECT_FALSE(outcome->timed_out);
  EXPECT_EQ(outcome->signal, SIGTERM);
  EXPECT_LT(SteadyClock::now() - started, generous_bound);
  EXPECT_TRUE(group_is_gone(outcome->pid));
}

TEST_F(ProcessTest, cancel_before_run_starts_nothing) {
  Process process(program({"sleep", "30"}));
  process.cancel();

  auto outcome = process.run();

  ASSERT_TRUE(outcome);
  EXPECT_TRUE(outcome->cancelled);
  EXPECT_EQ(outcome->pid, 0);
}

TEST_F(ProcessTest, cancel_after_the_end_changes_nothing) {
  Process process(program({"true"}));
  auto outcome = process.run();
  process.cancel();

  ASSERT_TRUE(outcome);
  EXPECT_FALSE(outcome->cancelled);
}

TEST_F(ProcessTest, runs_only_once) {
  Process process(program({"true"}));
  ASSERT_TRUE(process.run());

  EXPECT_FALSE(process.run());
}

TEST_F(ProcessTest, leaves_no_zombie_and_no_group_behind_after_many_runs) {
  std::vector<ProcessSpec> specs = {program({"true"}), program({"false"}), shell("kill -KILL $$"),
                                    shell("sleep 1000 & sleep 1000 & echo started"),
                                    shell("(sleep 1000 &) ; exit 4")};
  auto hanging = shell("sleep 1000 & wait");
  hanging.timeout = 100ms;
  hanging.kill_grace = 100ms;
  specs.push_back(hanging);

  std::vector<pid_t> pids;
  for (int round = 0; round < 5; ++round)
    for (const auto& spec : specs)
      pids.push_back(run_ok(spec).pid);

  for (pid_t pid : pids) {
    EXPECT_TRUE(is_reaped(pid)) << pid;
    EXPECT_TRUE(group_is_gone(pid)) << pid;
  }
}

// -- orphans that left their group --------------------------------------------

// Waits until `pid` has exited and is a zombie, or `generous_bound` passed.
bool becomes_zombie(pid_t pid) {
  auto give_up = SteadyClock::now() + generous_bound;
  while (SteadyClock::now() < give_up) {
    if (test_support::process_state(pid) == 'Z')
      return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

// A process in a session of its own (as Chromium's crash handler starts
// one) whose parent exits: an orphan re-parented to us that ends `after`
// seconds later. Started here, not through a Process, which would kill it at
// the end of its test; its parent runs in a group of its own, as a test does.
pid_t leave_an_escapee(test_support::ScratchDir& scratch, const std::string& after) {
  auto pid_file = scratch.file("escapee.pid");
  std::string script = "setsid sh -c 'echo $$ > " + pid_file + "; exec sleep " + after +
                       "' > /dev/null 2>&1 & while [ ! -s " + pid_file + " ]; do sleep 0.01; done";
  std::vector<std::string> argv = {"sh", "-c", script};
  std::vector<char*> args;
  for (auto& arg : argv)
    args.push_back(arg.data());
  args.push_back(nullptr);
  posix_spawnattr_t attributes;
  ::posix_spawnattr_init(&attributes);
  ::posix_spawnattr_setpgroup(&attributes, 0);
  ::posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  pid_t parent = 0;
  EXPECT_EQ(::posix_spawnp(&parent, "sh", nullptr, &attributes, args.data(), environ), 0);
  ::posix_spawnattr_destroy(&attributes);
  EXPECT_EQ(::waitpid(parent, nullptr, 0), parent);
  return std::stoi(test_support::read_file(pid_file));
}

TEST_F(ProcessTest, reaps_an_orphan_that_left_its_group_once_it_has_exited) {
  pid_t escapee = leave_an_escapee(scratch, "0.5");
  ASSERT_TRUE(becomes_zombie(escapee));

  EXPECT_GE(reap_orphans(), 1U);

  EXPECT_TRUE(is_reaped(escapee));
}

TEST_F(ProcessTest, the_next_run_reaps_what_an_earlier_one_left_outside_its_group) {
  pid_t escapee = leave_an_escapee(scratch, "0.5");
  ASSERT_TRUE(becomes_zombie(escapee));

  run_ok(program({"true"}));

  EXPECT_TRUE(is_reaped(escapee));
}

TEST_F(ProcessTest, leaves_a_child_of_its_own_group_to_whoever_waits_for_it) {
  // As popen() or system() would start it: in our group.
  pid_t child = ::fork();
  if (child == 0)
    ::_exit(7);
  ASSERT_TRUE(becomes_zombie(child));

  EXPECT_EQ(reap_orphans(), 0U);

  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_EQ(WEXITSTATUS(status), 7);
}

TEST_F(ProcessTest, never_reaps_the_leader_of_a_running_process) {
  constexpr int threads = 3;
  constexpr int runs_per_thread = 40;
  std::atomic<bool> done{false};
  std::thread reaper([&] {
    while (!done.load())
      reap_orphans();
  });
  std::vector<std::thread> runners;
  std::atomic<int> lost{0};
  for (int i = 0; i < threads; ++i)
    runners.emplace_back([&] {
      for (int run = 0; run < runs_per_thread; ++run) {
        auto outcome = Process(program({"sh", "-c", "exit 5"})).run();
        if (!outcome || outcome->exit_code != 5)
          ++lost;
      }
    });
  for (auto& runner : runners)
    runner.join();
  done.store(true);
  reaper.join();

  EXPECT_EQ(lost.load(), 0);
}

TEST(ReapOrphans, does_nothing_in_a_process_that_is_not_a_subreaper) {
  // A test binary becomes a subreaper in other tests; a fresh child shows
  // the rule without changing this process.
  pid_t child = ::fork();
  if (child == 0)
    ::_exit(reap_orphans() == 0 ? 0 : 1);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

} // namespace
} // namespace shardline
