// Nothing a test started outlives `shardline serve` or `shardline run`
// stopped by SIGTERM, not even a process that left the test's process group
// with setsid: the real executable, a real escapee found by a unique marker
// in its argv, its disappearance awaited with a generous bound.

#include "tests/http/http_client.hpp"
#include "tests/support/child.hpp"
#include "tests/support/marked_processes.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>

namespace {

namespace fs = std::filesystem;
using namespace shardline::test_support;
using namespace std::chrono_literals;

constexpr auto generous_bound = 20s;

// A test script that leaves an escapee in a session of its own (it writes its
// pid once it has escaped) and then sleeps in the test's own process.
std::string escaping_script(const std::string& marker, const std::string& pid_file) {
  return "setsid /bin/sh -c 'echo $$ > \"" + pid_file + "\"; exec /bin/sleep " + marker +
         "' > /dev/null 2>&1 & exec sleep 60";
}

bool escapee_running(const std::string& marker) {
  return !processes_with_argument(marker).empty();
}

class EscapeesOnShutdown : public ::testing::Test {
protected:
  ScratchDir scratch;
};

TEST_F(EscapeesOnShutdown, serve_stopped_by_sigterm_leaves_no_escapee) {
  auto marker = unique_sleep_seconds();
  auto pid_file = scratch.file("escapee.pid");
  const std::string token = "escapees-test-token";
  Child serve({SHARDLINE_BIN, "serve", "--http", "127.0.0.1:0", "--local-workers", "1", "--token",
               token, "--artifacts", scratch.file("artifacts"), "--log-level", "info"},
              scratch.file("output.txt"));
  std::uint16_t port = 0;
  ASSERT_TRUE(eventually([&] {
    std::smatch match;
    auto output = read_file(scratch.file("output.txt"));
    if (std::regex_search(output, match, std::regex("listening on http://127.0.0.1:(\\d+)")))
      port = static_cast<std::uint16_t>(std::stoi(match[1].str()));
    return port != 0;
  })) << read_file(scratch.file("output.txt"));
  HttpClient client(port, 10s);
  nlohmann::json body = {
      {"tests", {{{"path", "escape"}, {"title", "leaves a daemon"}}}},
      {"config",
       {{"runner",
         {{"kind", "command"}, {"argv", {"sh", "-c", escaping_script(marker, pid_file)}}}}}}};
  auto started =
      client.request("POST", "/api/execution/parallel", body.dump(),
                     {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}});
  ASSERT_EQ(started.status, 201) << started.body;
  ASSERT_TRUE(eventually([&] { return fs::exists(pid_file) && fs::file_size(pid_file) > 0; }));
  ASSERT_TRUE(escapee_running(marker));

  serve.signal(SIGTERM);

  auto code = serve.wait(30s);
  ASSERT_TRUE(code) << "serve still runs after SIGTERM";
  EXPECT_EQ(*code, 0) << read_file(scratch.file("output.txt"));
  EXPECT_TRUE(eventually([&] { return !escapee_running(marker); }, generous_bound))
      << "the escapee outlived serve";
  // Which way the escapee was found is said once in the log.
  EXPECT_NE(read_file(scratch.file("output.txt")).find("test processes: "), std::string::npos)
      << read_file(scratch.file("output.txt"));
}

TEST_F(EscapeesOnShutdown, run_stopped_by_sigterm_leaves_no_escapee) {
  auto marker = unique_sleep_seconds();
  auto pid_file = scratch.file("escapee.pid");
  std::ofstream(scratch.file("suite.json")) << R"([{"path": "escape", "title": "daemon"}])";
  Child run({SHARDLINE_BIN, "run", "--runner", "command", "--workers", "1", "--no-history",
             "--artifacts", scratch.file("artifacts"), "--tests", scratch.file("suite.json"), "--",
             "sh", "-c", escaping_script(marker, pid_file)},
            scratch.file("output.txt"));
  ASSERT_TRUE(eventually([&] { return fs::exists(pid_file) && fs::file_size(pid_file) > 0; }))
      << read_file(scratch.file("output.txt"));
  ASSERT_TRUE(escapee_running(marker));

  run.signal(SIGTERM);

  auto code = run.wait(30s);
  ASSERT_TRUE(code) << "run still runs after SIGTERM";
  EXPECT_EQ(*code, 143) << read_file(scratch.file("output.txt"));
  EXPECT_TRUE(eventually([&] { return !escapee_running(marker); }, generous_bound))
      << "the escapee outlived the run";
}

} // namespace
