#include "runners/playwright_web_servers.hpp"

#include "tests/support/marked_processes.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

// The parts of the web-server host that need no Playwright, then the host
// and the registry for real: examples/playwright's installed Playwright
// starting a node web server of a scratch project. Those skip only when the
// example's node_modules is missing (`npm ci` in examples/playwright; CI has it).

namespace shardline {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path example_modules = SHARDLINE_SOURCE_DIR "/examples/playwright/node_modules";
const std::string hold_script = SHARDLINE_SOURCE_DIR "/runners/playwright/web-server-host.cjs";

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string value_of(const EnvironmentVariables& environment, const std::string& name) {
  for (const auto& [key, value] : environment)
    if (key == name)
      return value;
  return "<unset>";
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

bool answers(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

// -- what needs no Playwright ------------------------------------------------------

TEST(WebServersReady, is_read_from_the_hold_scripts_line) {
  auto ready = parse_web_servers_ready(
      R"(shardline-web-servers-ready {"servers": 2, "environment": {"PLAYWRIGHT_TEST_BASE_URL": "http://localhost:3000", "TOKEN": "a b"}})");

  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->servers, 2);
  EXPECT_EQ(ready->environment,
            (EnvironmentVariables{{"PLAYWRIGHT_TEST_BASE_URL", "http://localhost:3000"},
                                  {"TOKEN", "a b"}}));
}

TEST(WebServersReady, other_lines_and_broken_ones_are_not_it) {
  EXPECT_FALSE(parse_web_servers_ready("[WebServer] listening"));
  EXPECT_FALSE(parse_web_servers_ready("shardline-web-servers-ready {"));
  EXPECT_FALSE(parse_web_servers_ready(R"(shardline-web-servers-ready {"servers": "2"})"));
  EXPECT_FALSE(parse_web_servers_ready(R"( shardline-web-servers-ready {"servers": 1})"));
}

TEST(WebServersReady, variables_that_cannot_be_set_are_left_out) {
  auto ready = parse_web_servers_ready(
      R"(shardline-web-servers-ready {"servers": 1, "environment": {"A=B": "x", "": "y", "N": 3, "OK": "z"}})");

  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->environment, (EnvironmentVariables{{"OK", "z"}}));
}

TEST(WebServerConfig, a_host_is_needed_only_when_the_config_names_a_web_server) {
  test_support::ScratchDir scratch;
  write(scratch.path() / "with.ts", "export default { webServer: { command: 'x' } };\n");
  write(scratch.path() / "without.ts", "export default { testDir: './tests' };\n");

  EXPECT_TRUE(playwright_config_names_web_server(scratch.path() / "with.ts"));
  EXPECT_FALSE(playwright_config_names_web_server(scratch.path() / "without.ts"));
  EXPECT_FALSE(playwright_config_names_web_server(scratch.path() / "missing.ts"));
}

TEST(WebServerConfig, the_hold_script_is_found_beside_the_reporter) {
  EXPECT_EQ(playwright_web_server_hold_script(SHARDLINE_SOURCE_DIR
                                              "/runners/playwright/jsonl-reporter.cjs"),
            hold_script);
  EXPECT_EQ(playwright_web_server_hold_script("/nowhere/jsonl-reporter.cjs"), "");
  EXPECT_EQ(playwright_web_server_hold_script(""), "");
}

// -- the host, for real ------------------------------------------------------------

// A project whose config starts `node server.mjs <port> <marker>` as its
// webServer (by port, so that Playwright sets PLAYWRIGHT_TEST_BASE_URL),
// with the example's installed Playwright.
class WebServerHost : public ::testing::Test {
protected:
  void SetUp() override {
    if (!fs::exists(example_modules / ".bin" / "playwright"))
      GTEST_SKIP() << "run npm ci in examples/playwright";
    fs::create_directories(project());
    fs::create_directory_symlink(example_modules, project() / "node_modules");
    write(project() / "server.mjs",
          "import { createServer } from 'node:http';\n"
          "createServer((q, r) => r.end('ok')).listen(Number(process.argv[2]), '127.0.0.1');\n");
    config("{ command: `node server.mjs ${process.env.WS_PORT} ${process.env.WS_MARKER}`,\n"
           "  port: Number(process.env.WS_PORT), reuseExistingServer: false, timeout: 30000 }");
  }

  void config(const std::string& web_server) {
    write(project() / "playwright.config.mjs",
          "export default { testDir: './tests', webServer: " + web_server + " };\n");
  }

  fs::path project() const { return scratch.path() / "project"; }

  PlaywrightWebServerOptions options() const {
    PlaywrightWebServerOptions options;
    options.dir = project().string();
    options.config = project() / "playwright.config.mjs";
    options.hold_script = hold_script;
    options.environment = {{"WS_PORT", std::to_string(port)}, {"WS_MARKER", marker}};
    options.kill_grace = 2s;
    return options;
  }

  bool server_runs() const { return !test_support::processes_with_argument(marker).empty(); }

  test_support::ScratchDir scratch;
  int port = free_port();
  std::string marker = test_support::unique_sleep_seconds();
};

TEST_F(WebServerHost, runs_the_configs_web_server_until_it_goes) {
  auto host = std::make_unique<PlaywrightWebServerHost>(options());

  ASSERT_TRUE(host->wait_ready({})) << host->failure();
  EXPECT_TRUE(server_runs());
  EXPECT_TRUE(answers(port));
  EXPECT_EQ(value_of(host->environment(), "PLAYWRIGHT_TEST_BASE_URL"),
            "http://localhost:" + std::to_string(port))
      << "what the web server set reaches the batches";
  EXPECT_EQ(value_of(host->environment(), "WS_PORT"), "<unset>")
      << "only what the web servers added";

  host.reset();

  EXPECT_FALSE(server_runs());
  EXPECT_FALSE(answers(port));
  for (const auto& entry : fs::directory_iterator(project()))
    EXPECT_FALSE(entry.path().filename().string().starts_with(".shardline-"))
        << "the overlay config is removed: " << entry.path();
}

TEST_F(WebServerHost, a_web_server_that_cannot_start_fails_the_host_in_playwrights_words) {
  config("{ command: 'node -e \"process.exit(3)\"', port: Number(process.env.WS_PORT), "
         "timeout: 30000 }");
  PlaywrightWebServerHost host(options());

  EXPECT_FALSE(host.wait_ready({}));
  EXPECT_NE(host.failure().find("the config's web servers did not start"), std::string::npos)
      << host.failure();
  EXPECT_NE(host.failure().find("Exit code: 3"), std::string::npos) << host.failure();
}

TEST_F(WebServerHost, a_config_whose_web_server_is_off_needs_no_host) {
  config("process.env.NO_SUCH_VARIABLE ? { command: 'x', port: 1 } : undefined");
  PlaywrightWebServerHost host(options());

  EXPECT_FALSE(host.wait_ready({}));
  EXPECT_EQ(host.failure(), "the config starts no web server");
  host.wait_finished();
}

TEST_F(WebServerHost, waiting_ends_when_the_batch_is_stopped) {
  std::stop_source stopped;
  stopped.request_stop();
  PlaywrightWebServerHost host(options());

  EXPECT_FALSE(host.wait_ready(stopped.get_token()));
}

TEST_F(WebServerHost, a_session_shares_one_host_until_it_is_over_and_no_batch_holds_it) {
  PlaywrightWebServers hosts;
  auto first = hosts.acquire("s1", options());
  auto second = hosts.acquire("s1", options());
  ASSERT_TRUE(first);
  EXPECT_EQ(first, second) << "one host per session and folder";
  ASSERT_TRUE(first->wait_ready({})) << first->failure();

  hosts.release("s1");
  EXPECT_EQ(hosts.acquire("s1", options()), nullptr) << "a late batch of an ended session";
  hosts.prune();
  EXPECT_TRUE(answers(port)) << "batches still hold it";

  second.reset();
  first.reset();
  hosts.prune();
  for (auto waited = 0ms; hosts.hosts() > 0 && waited < 30s; waited += 50ms) {
    std::this_thread::sleep_for(50ms); // real processes ending, not a timer
    hosts.prune();
  }
  EXPECT_EQ(hosts.hosts(), 0u);
  EXPECT_FALSE(server_runs());
}

TEST_F(WebServerHost, the_next_session_waits_for_the_last_ones_server_to_free_the_port) {
  PlaywrightWebServers hosts;
  auto old = hosts.acquire("s1", options());
  ASSERT_TRUE(old && old->wait_ready({})) << old->failure();
  hosts.release("s1"); // a straggling batch still holds `old`

  auto next = hosts.acquire("s2", options());

  ASSERT_TRUE(next);
  EXPECT_TRUE(old->finished()) << "stopped and awaited first";
  EXPECT_TRUE(next->wait_ready({})) << next->failure() << " (reuseExistingServer is false)";
}

} // namespace
} // namespace shardline
