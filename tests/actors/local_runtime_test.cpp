// Real processes through real actors: a coordinator, local workers and the
// command runner on CAF's ordinary scheduler.

#include "actors/actor_config.hpp"
#include "actors/local_runtime.hpp"
#include "runners/subreaper.hpp"
#include "tests/support/scratch_dir.hpp"

#include <caf/actor_system.hpp>
#include <caf/scoped_actor.hpp>
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

namespace shardline {
namespace {

using test_support::ScratchDir;

TestFile script_test(const std::string& id, const std::string& script) {
  TestFile test;
  test.id = id;
  test.path = "scripts/" + id + ".sh";
  test.title = script;
  test.estimated_duration_ms = 100;
  return test;
}

ParallelExecutionConfig sh_config(int workers) {
  ParallelExecutionConfig config;
  config.worker_count = workers;
  config.strategy = "duration";
  config.test_timeout_ms = 400;
  config.runner.argv = {"sh", "-c", "{title}"}; // each test's title is its script
  return config;
}

std::map<std::string, TestResult> by_test(const std::vector<TestResult>& results) {
  std::map<std::string, TestResult> map;
  for (const auto& result : results) {
    EXPECT_EQ(map.count(result.test_id), 0u) << result.test_id << " has two results";
    map[result.test_id] = result;
  }
  return map;
}

bool alive(pid_t pid) {
  return ::kill(pid, 0) == 0;
}

LocalRuntime::Settings settings(int workers) {
  LocalRuntime::Settings settings;
  settings.workers = workers;
  settings.command.kill_grace = std::chrono::milliseconds{200};
  return settings;
}

class LocalRuntimeTest : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_FALSE(become_subreaper().has_value()); }

  ActorConfig config;
  caf::actor_system system{config};
  ScratchDir scratch;
};

TEST_F(LocalRuntimeTest, runs_passing_failing_hanging_and_crashing_commands_on_several_workers) {
  LocalRuntime runtime{system, settings(3)};
  auto pid_file = scratch.file("background.pid");
  std::vector<TestFile> tests{
      script_test("pass", "exit 0"),
      script_test("fail", "echo broken >&2; exit 3"),
      script_test("hang", "sleep 30"),
      script_test("fork-and-hang", "sleep 1000 & echo $! > " + pid_file + "; wait"),
      script_test("crash", "kill -SEGV $$"),
  };
  auto outcome = runtime.run({tests, sh_config(3)});
  ASSERT_TRUE(outcome) << outcome.error().to_string();
  EXPECT_EQ(outcome->session.status, SessionStatus::completed);
  EXPECT_EQ(outcome->session.progress.passed, 1);
  EXPECT_EQ(outcome->session.progress.failed, 4);
  auto results = by_test(outcome->results);
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results["pass"].status, TestStatus::passed);
  EXPECT_EQ(results["fail"].status, TestStatus::failed);
  EXPECT_EQ(results["fail"].error, "exited with code 3");
  EXPECT_NE(results["fail"].stdout_tail.value_or("").find("broken"), std::string::npos);
  EXPECT_EQ(results["hang"].status, TestStatus::timed_out);
  EXPECT_EQ(results["fork-and-hang"].status, TestStatus::timed_out);
  EXPECT_EQ(results["crash"].status, TestStatus::failed);
  EXPECT_NE(results["crash"].error.value_or("").find("SIGSEGV"), std::string::npos);
  // The timeout killed the whole process tree, the background sleep too.
  auto background = std::stoi(test_support::read_file(pid_file));
  EXPECT_FALSE(alive(background));
  // Every result names a worker, and the three workers shared the work.
  std::set<std::string> workers;
  for (const auto& [id, result] : results)
    workers.insert(result.worker_id);
  EXPECT_GE(workers.size(), 2u);
}

TEST_F(LocalRuntimeTest, a_test_name_full_of_shell_metacharacters_is_one_literal_argument) {
  LocalRuntime runtime{system, settings(1)};
  auto received = scratch.file("received");
  auto canary = scratch.file("canary");
  TestFile test;
  test.path = "x.spec.ts";
  test.title = "x; touch " + canary + " $(id) `id` | cat > /dev/null";
  test.id = "x";
  auto config = sh_config(1);
  config.runner.argv = {"sh", "-c", "printf %s \"$1\" > " + received, "sh", "{title}"};
  auto outcome = runtime.run({{test}, config});
  ASSERT_TRUE(outcome) << outcome.error().to_string();
  EXPECT_EQ(outcome->session.progress.passed, 1);
  EXPECT_EQ(test_support::read_file(received), test.title);
  EXPECT_FALSE(std::filesystem::exists(canary));
}

TEST_F(LocalRuntimeTest, retries_a_failing_command_and_keeps_every_attempt) {
  LocalRuntime runtime{system, settings(2)};
  auto marker = scratch.file("first-attempt-done");
  // Fails the first time, passes the second: flaky.
  auto flaky = script_test("flaky", "test -e " + marker + " || { touch " + marker + "; exit 1; }");
  auto config = sh_config(2);
  config.retries = 2;
  auto outcome = runtime.run({{flaky, script_test("always", "exit 1")}, config});
  ASSERT_TRUE(outcome) << outcome.error().to_string();
  int flaky_attempts = 0, always_attempts = 0;
  for (const auto& result : outcome->results) {
    if (result.test_id == "flaky") {
      ++flaky_attempts;
      EXPECT_EQ(result.flaky, result.status == TestStatus::passed);
    } else {
      ++always_attempts;
    }
  }
  EXPECT_EQ(flaky_attempts, 2);
  EXPECT_EQ(always_attempts, 3);
  EXPECT_EQ(outcome->session.progress.passed, 1);
  EXPECT_EQ(outcome->session.progress.failed, 1);
}

TEST_F(LocalRuntimeTest, a_worker_killed_mid_test_leaves_every_test_exactly_one_final_result) {
  LocalRuntime runtime{system, settings(2)};
  std::vector<TestFile> tests;
  for (int i = 0; i < 6; ++i)
    tests.push_back(script_test("t" + std::to_string(i), "sleep 0.2"));
  auto config = sh_config(2);
  config.test_timeout_ms = 5000;
  // Run the session on another thread, kill a worker once both are busy.
  std::optional<Result<SessionOutcome>> outcome;
  std::thread runner{[&] { outcome.emplace(runtime.run({tests, config})); }};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  bool both_busy = false;
  while (!both_busy && std::chrono::steady_clock::now() < deadline) {
    caf::scoped_actor self{system};
    self->request(runtime.coordinator(), std::chrono::seconds{5}, atom::sessions::value)
        .receive(
            [&](const std::vector<ExecutionSession>& sessions) {
              both_busy = !sessions.empty() && sessions.front().progress.running == 2;
            },
            [](const caf::error&) {});
    if (!both_busy)
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  ASSERT_TRUE(both_busy);
  caf::anon_send_exit(runtime.workers().front(), caf::exit_reason::kill);
  runner.join();
  ASSERT_TRUE(outcome && *outcome) << (outcome ? outcome->error().to_string() : "");
  const auto& done = (*outcome)->session;
  EXPECT_EQ(done.status, SessionStatus::completed);
  EXPECT_EQ(done.progress.passed, 6);
  auto results = by_test((*outcome)->results);
  EXPECT_EQ(results.size(), 6u);
}

TEST_F(LocalRuntimeTest, cancel_kills_the_running_tests_and_keeps_what_finished) {
  LocalRuntime runtime{system, settings(1)};
  auto pid_file = scratch.file("hanging.pid");
  std::vector<TestFile> tests{script_test("quick", "exit 0"),
                              script_test("hangs", "echo $$ > " + pid_file + "; sleep 30"),
                              script_test("never", "exit 0")};
  tests[0].estimated_duration_ms = 300; // duration order: quick, hangs, never
  tests[1].estimated_duration_ms = 200;
  auto config = sh_config(1);
  config.test_timeout_ms = 60000;
  std::optional<Result<SessionOutcome>> outcome;
  std::thread runner{[&] { outcome.emplace(runtime.run({tests, config})); }};
  // Wait (bounded) until the hanging test has started, then cancel.
  for (int i = 0; i < 1000 && !std::filesystem::exists(pid_file); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  ASSERT_TRUE(std::filesystem::exists(pid_file));
  {
    caf::scoped_actor self{system};
    std::string id;
    self->request(runtime.coordinator(), std::chrono::seconds{5}, atom::sessions::value)
        .receive([&](const std::vector<ExecutionSession>& all) { id = all.at(0).session_id; },
                 [](const caf::error&) {});
    self->request(runtime.coordinator(), std::chrono::seconds{5}, atom::session::value, id)
        .receive(
            [&](const session_actor& session) {
              self->request(session, std::chrono::seconds{5}, atom::cancel::value)
                  .receive([](const ExecutionSession&) {}, [](const caf::error&) {});
            },
            [](const caf::error&) {});
  }
  runner.join();
  ASSERT_TRUE(outcome && *outcome);
  const auto& done = (*outcome)->session;
  EXPECT_EQ(done.status, SessionStatus::cancelled);
  EXPECT_EQ(done.progress.passed, 1);
  EXPECT_EQ(done.progress.skipped, 2);
  // The hanging test's process group was killed (the worker reaps it).
  auto pid = std::stoi(test_support::read_file(pid_file));
  for (int i = 0; i < 500 && alive(pid); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  EXPECT_FALSE(alive(pid));
}

TEST(ActorConfig, idle_scheduler_threads_sleep_instead_of_polling_every_50_microseconds) {
  // CAF's default of 500 polls 50 us apart took a fifth of a core from the
  // test processes under `serve` (bench/rest_status_under_load.sh).
  ActorConfig config;
  EXPECT_EQ(caf::get_or(config, "work-stealing.moderate-poll-attempts", std::size_t{500}), 0U);
}

} // namespace
} // namespace shardline
