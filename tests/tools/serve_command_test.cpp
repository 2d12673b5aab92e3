// `shardline serve` as a user runs it: the real executable, its port, a
// session over REST, and SIGTERM cancelling the running tests before it exits 0.

#include "tests/http/http_client.hpp"
#include "tests/support/child.hpp"
#include "tests/support/scratch_dir.hpp"
#include "tools/listen_address.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <filesystem>
#include <regex>

namespace {

namespace fs = std::filesystem;
using namespace shardline::test_support;
using namespace std::chrono_literals;

TEST(ListenAddress, reads_host_and_port) {
  auto address = shardline::cli::parse_listen_address("0.0.0.0:8080");
  ASSERT_TRUE(address);
  EXPECT_EQ(address->host, "0.0.0.0");
  EXPECT_EQ(address->port, 8080);
  auto v6 = shardline::cli::parse_listen_address("[::1]:0");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(shardline::cli::parse_listen_address(":9000")->host, "127.0.0.1");
}

TEST(ListenAddress, refuses_what_is_not_host_and_port) {
  for (const auto* text : {"localhost", "host:http", "host:65536", "::1:80", "host:"})
    EXPECT_FALSE(shardline::cli::parse_listen_address(text)) << text;
}

TEST(ListenAddress, knows_loopback_addresses) {
  EXPECT_TRUE(shardline::cli::is_loopback("127.0.0.1"));
  EXPECT_TRUE(shardline::cli::is_loopback("::1"));
  EXPECT_TRUE(shardline::cli::is_loopback("localhost"));
  EXPECT_FALSE(shardline::cli::is_loopback("0.0.0.0"));
  EXPECT_FALSE(shardline::cli::is_loopback("192.168.1.2"));
}

class Serve : public ::testing::Test {
protected:
  // The port the server printed once it listens.
  std::uint16_t port_of(const std::string& output_file) {
    std::uint16_t port = 0;
    eventually([&] {
      std::smatch match;
      auto output = read_file(output_file);
      if (std::regex_search(output, match, std::regex("listening on http://127.0.0.1:(\\d+)")))
        port = static_cast<std::uint16_t>(std::stoi(match[1].str()));
      return port != 0;
    });
    return port;
  }

  ScratchDir scratch;
};

TEST_F(Serve, refuses_an_address_other_machines_reach_without_a_token) {
  ::unsetenv("SHARDLINE_TOKEN");
  Child serve({SHARDLINE_BIN, "serve", "--http", "0.0.0.0:0"}, scratch.file("output.txt"));
  auto code = serve.wait(10s);
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 2);
  EXPECT_NE(read_file(scratch.file("output.txt")).find("give a --token"), std::string::npos)
      << read_file(scratch.file("output.txt"));
}

TEST_F(Serve, refuses_out_of_range_settings_naming_the_option_and_what_is_allowed) {
  struct Case {
    const char* option;
    const char* value;
    const char* said;
  };
  for (auto [option, value, said] :
       {Case{"--http-nice", "20", "--http-nice: 20 is out of range; allowed: 0 to 19"},
        Case{"--http-nice", "-1", "--http-nice: -1 is out of range; allowed: 0 to 19"},
        Case{"--keep-sessions", "0", "--keep-sessions: 0 is out of range; allowed: 1 or more"},
        Case{"--heartbeat-interval", "0",
             "--heartbeat-interval: 0 is out of range; allowed: 1 to 3600000 (1 h)"},
        Case{"--heartbeat-interval", "3600001",
             "--heartbeat-interval: 3600001 is out of range; allowed: 1 to 3600000 (1 h)"},
        Case{"--heartbeat-timeout", "9223372036854",
             "--heartbeat-timeout: 9223372036854 is out of range; allowed: 2 to 86400000 (24 h)"}}) {
    Child serve({SHARDLINE_BIN, "serve", "--http", "127.0.0.1:0", option, value},
                scratch.file("output.txt"));
    auto code = serve.wait(10s);
    ASSERT_TRUE(code) << option;
    EXPECT_EQ(*code, 2) << option;
    EXPECT_NE(read_file(scratch.file("output.txt")).find(said), std::string::npos)
        << read_file(scratch.file("output.txt"));
  }
}

TEST_F(Serve, sigterm_cancels_running_sessions_kills_their_tests_and_exits_zero) {
  Child serve({SHARDLINE_BIN, "serve", "--http", "127.0.0.1:0", "--local-workers", "1",
               "--artifacts", scratch.file("artifacts"), "--log-level", "warn"},
              scratch.file("output.txt"));
  auto port = port_of(scratch.file("output.txt"));
  ASSERT_NE(port, 0) << read_file(scratch.file("output.txt"));
  HttpClient client(port, 10s);
  auto pid_file = scratch.file("test.pid");
  nlohmann::json body = {
      {"tests", {{{"path", "slow"}, {"title", "sleeps"}}}},
      {"config",
       {{"runner",
         {{"kind", "command"},
          {"argv", {"sh", "-c", "echo $$ > '" + pid_file + "'; exec sleep 60"}}}}}}};
  auto started = client.request("POST", "/api/execution/parallel", body.dump(),
                                {{"Content-Type", "application/json"}});
  ASSERT_EQ(started.status, 201) << started.body;
  ASSERT_TRUE(eventually([&] { return fs::exists(pid_file) && fs::file_size(pid_file) > 0; }));
  auto test_pid = static_cast<pid_t>(std::stol(read_file(pid_file)));

  serve.signal(SIGTERM);

  auto code = serve.wait(30s);
  ASSERT_TRUE(code) << "serve still runs after SIGTERM";
  EXPECT_EQ(*code, 0) << read_file(scratch.file("output.txt"));
  EXPECT_TRUE(eventually([&] { return process_gone(test_pid); }, 10s)) << "the test outlived serve";
  EXPECT_NE(read_file(scratch.file("output.txt")).find("stopped"), std::string::npos);
}

} // namespace
