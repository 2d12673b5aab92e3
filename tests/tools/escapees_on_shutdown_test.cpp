// Nothing a test started outlives its session or `shardline serve` and
// `shardline run` stopped by SIGTERM, not even a process that left the
// test's process group with setsid: the real executable, a real escapee
// found by a unique marker in its argv, its disappearance awaited with a
// generous bound.

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

bool written(const std::string& pid_file) {
  return eventually([&] { return fs::exists(pid_file) && fs::file_size(pid_file) > 0; });
}

class EscapeesOnShutdown : public ::testing::Test {
protected:
  ScratchDir scratch;
};

class ServeWithEscapee : public EscapeesOnShutdown {
protected:
  const std::string token = "escapees-test-token";

  Child start_serve() {
    return Child({SHARDLINE_BIN, "serve", "--db", scratch.file("shardline.db"), "--http",
                  "127.0.0.1:0", "--local-workers", "1", "--token", token, "--artifacts",
                  scratch.file("artifacts"), "--log-level", "info"},
                 scratch.file("output.txt"));
  }

  // The port serve printed once it listens.
  std::uint16_t port() {
    std::uint16_t port = 0;
    eventually([&] {
      std::smatch match;
      auto output = read_file(scratch.file("output.txt"));
      if (std::regex_search(output, match, std::regex("listening on http://127.0.0.1:(\\d+)")))
        port = static_cast<std::uint16_t>(std::stoi(match[1].str()));
      return port != 0;
    });
    return port;
  }

  HeaderList headers() const {
    return {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}};
  }

  // Posts a session whose one test leaves an escapee; returns the session's
  // id once the escapee runs, or empty.
  std::string start_session(HttpClient& client, const std::string& marker) {
    auto pid_file = scratch.file("escapee.pid");
    nlohmann::json argv = {"sh", "-c", escaping_script(marker, pid_file)};
    nlohmann::json body = {{"tests", {{{"path", "escape"}, {"title", "leaves a daemon"}}}},
                           {"config", {{"runner", {{"kind", "command"}, {"argv", argv}}}}}};
    auto started = client.request("POST", "/api/execution/parallel", body.dump(), headers());
    // The pid is written just before the escapee becomes `sleep <marker>`.
    if (started.status != 201 || !written(pid_file) ||
        !eventually([&] { return escapee_running(marker); })) {
      ADD_FAILURE() << started.status << " " << started.body;
      return {};
    }
    return nlohmann::json::parse(started.body).value("sessionId", "");
  }
};

TEST_F(ServeWithEscapee, a_cancelled_session_leaves_no_escapee) {
  auto serve = start_serve();
  auto port = this->port();
  ASSERT_NE(port, 0) << read_file(scratch.file("output.txt"));
  HttpClient client(port, 10s);
  auto marker = unique_sleep_seconds();
  auto session = start_session(client, marker);
  ASSERT_FALSE(session.empty());

  auto cancelled =
      client.request("POST", "/api/execution/parallel/" + session + "/cancel", "{}", headers());

  EXPECT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_TRUE(eventually([&] { return !escapee_running(marker); }, generous_bound))
      << "the escapee outlived its cancelled session";
}

TEST_F(ServeWithEscapee, serve_stopped_by_sigterm_leaves_no_escapee) {
  auto serve = start_serve();
  auto port = this->port();
  ASSERT_NE(port, 0) << read_file(scratch.file("output.txt"));
  HttpClient client(port, 10s);
  auto marker = unique_sleep_seconds();
  ASSERT_FALSE(start_session(client, marker).empty());

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
  ASSERT_TRUE(written(pid_file)) << read_file(scratch.file("output.txt"));
  ASSERT_TRUE(eventually([&] { return escapee_running(marker); }));

  run.signal(SIGTERM);

  auto code = run.wait(30s);
  ASSERT_TRUE(code) << "run still runs after SIGTERM";
  EXPECT_EQ(*code, 143) << read_file(scratch.file("output.txt"));
  EXPECT_TRUE(eventually([&] { return !escapee_running(marker); }, generous_bound))
      << "the escapee outlived the run";
}

} // namespace
