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

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <iostream>
#include <optional>
#include <thread>

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

TEST_F(Serve, refuses_no_token_on_an_address_other_machines_reach) {
  ::unsetenv("SHARDLINE_TOKEN");
  Child serve({SHARDLINE_BIN, "serve", "--db", scratch.file("shardline.db"), "--http", "0.0.0.0:0",
               "--no-token"},
              scratch.file("output.txt"));
  auto code = serve.wait(10s);
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 2);
  EXPECT_NE(read_file(scratch.file("output.txt"))
                .find("--no-token: --http 0.0.0.0:0 is reachable from other machines"),
            std::string::npos)
      << read_file(scratch.file("output.txt"));
}

TEST_F(Serve, makes_a_random_token_prints_it_once_and_writes_it_for_its_user_only) {
  ::unsetenv("SHARDLINE_TOKEN");
  auto token_file = scratch.file("run/shardline/token");
  Child serve({SHARDLINE_BIN, "serve", "--db", scratch.file("shardline.db"), "--http",
               "127.0.0.1:0", "--local-workers", "0", "--token-file", token_file, "--log-level",
               "warn"},
              scratch.file("output.txt"));
  auto port = port_of(scratch.file("output.txt"));
  ASSERT_NE(port, 0) << read_file(scratch.file("output.txt"));
  ASSERT_TRUE(eventually([&] { return fs::exists(token_file); }));
  auto token = read_file(token_file);
  ASSERT_TRUE(std::regex_match(token, std::regex("[0-9a-f]{64}\n"))) << token;
  token.pop_back();
  struct stat info {};
  ASSERT_EQ(::stat(token_file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  ASSERT_EQ(::stat(fs::path(token_file).parent_path().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700);
  ASSERT_TRUE(eventually(
      [&] { return read_file(scratch.file("output.txt")).find("#token=") != std::string::npos; }));
  auto output = read_file(scratch.file("output.txt"));
  auto url = "http://127.0.0.1:" + std::to_string(port) + "/#token=" + token;
  EXPECT_NE(output.find(url), std::string::npos) << output;
  EXPECT_EQ(output.find(token), output.rfind(token)) << "the token is printed once";

  HttpClient client(port, 10s);
  EXPECT_EQ(client.request("GET", "/api/execution/parallel").status, 401);
  EXPECT_EQ(
      client.request("GET", "/api/execution/parallel", "", {{"Authorization", "Bearer " + token}})
          .status,
      200);
  EXPECT_EQ(client.request("GET", "/healthz").status, 200);

  serve.signal(SIGTERM);
  auto code = serve.wait(30s);
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 0);
  EXPECT_FALSE(fs::exists(token_file)) << "a stopped server's token is removed";
}

TEST_F(Serve, refuses_a_malformed_allowed_host_or_origin_naming_the_option) {
  struct Case {
    const char* option;
    const char* value;
    const char* said;
  };
  for (auto [option, value, said] :
       {Case{"--allowed-origin", "*", "--allowed-origin: \"*\" is not an origin"},
        Case{"--allowed-host", "http://x", "--allowed-host: \"http://x\" is not a host name"}}) {
    Child serve({SHARDLINE_BIN, "serve", "--db", scratch.file("shardline.db"), "--http",
                 "127.0.0.1:0", "--no-token", option, value},
                scratch.file("output.txt"));
    auto code = serve.wait(10s);
    ASSERT_TRUE(code) << option;
    EXPECT_EQ(*code, 2) << option;
    EXPECT_NE(read_file(scratch.file("output.txt")).find(said), std::string::npos)
        << read_file(scratch.file("output.txt"));
  }
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
        Case{
            "--heartbeat-timeout", "9223372036854",
            "--heartbeat-timeout: 9223372036854 is out of range; allowed: 2 to 86400000 (24 h)"}}) {
    Child serve({SHARDLINE_BIN, "serve", "--db", scratch.file("shardline.db"), "--http",
                 "127.0.0.1:0", option, value},
                scratch.file("output.txt"));
    auto code = serve.wait(10s);
    ASSERT_TRUE(code) << option;
    EXPECT_EQ(*code, 2) << option;
    EXPECT_NE(read_file(scratch.file("output.txt")).find(said), std::string::npos)
        << read_file(scratch.file("output.txt"));
  }
}

TEST_F(Serve, sigterm_cancels_running_sessions_kills_their_tests_and_exits_zero) {
  Child serve({SHARDLINE_BIN, "serve", "--db", scratch.file("shardline.db"), "--http",
               "127.0.0.1:0", "--no-token", "--local-workers", "1", "--artifacts",
               scratch.file("artifacts"), "--log-level", "warn"},
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

// serve with its stdout and stderr on a pipe that the test stops reading
// once serve listens: the log fills the pipe, and serve must go on answering
// and stop promptly on SIGTERM.
class UndrainedServe {
public:
  explicit UndrainedServe(const std::vector<std::string>& argv) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
      throw std::runtime_error("pipe2");
    read_end_ = fds[0];
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    ::posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
    std::vector<char*> args;
    for (const auto& arg : argv)
      args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    if (::posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ) != 0)
      pid_ = -1;
    ::posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
  }
  ~UndrainedServe() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(read_end_);
  }

  /// Reads the pipe until serve says where it listens; then reads no more.
  std::uint16_t port() {
    std::string output;
    char buffer[4096];
    while (output.find('\n', output.find("listening on http://")) == std::string::npos) {
      pollfd ready{read_end_, POLLIN, 0};
      if (::poll(&ready, 1, 30'000) != 1)
        return 0;
      auto length = ::read(read_end_, buffer, sizeof buffer);
      if (length <= 0)
        return 0;
      output.append(buffer, static_cast<std::size_t>(length));
    }
    std::smatch match;
    if (!std::regex_search(output, match, std::regex("listening on http://127.0.0.1:(\\d+)")))
      return 0;
    return static_cast<std::uint16_t>(std::stoi(match[1].str()));
  }

  void signal(int number) { ::kill(pid_, number); }

  std::optional<int> wait(std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(10ms);
    }
    return std::nullopt;
  }

  /// Bytes waiting in the pipe.
  int unread() const {
    int bytes = 0;
    ::ioctl(read_end_, FIONREAD, &bytes);
    return bytes;
  }

private:
  pid_t pid_ = -1;
  int read_end_ = -1;
  bool exited_ = false;
};

TEST(ServeOutput, with_stdout_on_a_pipe_nobody_reads_serve_answers_and_stops_on_sigterm) {
  ScratchDir scratch;
  UndrainedServe serve({SHARDLINE_BIN, "serve", "--db", scratch.file("shardline.db"), "--http",
                        "127.0.0.1:0", "--no-token", "--local-workers", "0", "--log-level", "debug",
                        "--artifacts", scratch.file("artifacts")});
  auto port = serve.port();
  ASSERT_NE(port, 0);
  // Each answer is a debug line, each refusal a warning: far more than a pipe holds.
  const std::string refused = "GET /api/execution/parallel HTTP/1.1\r\nHost: evil.example\r\n"
                              "Connection: close\r\n\r\n";
  for (int i = 0; i < 2000; ++i) {
    RawConnection connection(port);
    connection.send(refused);
    connection.read_response(10s);
  }
  EXPECT_GE(serve.unread(), 48 * 1024) << "the log did not fill the pipe: the test proves nothing";

  auto health_started = std::chrono::steady_clock::now();
  EXPECT_EQ(HttpClient(port, 10s).request("GET", "/healthz").status, 200);
  auto health = std::chrono::steady_clock::now() - health_started;

  auto stop_started = std::chrono::steady_clock::now();
  serve.signal(SIGTERM);
  auto code = serve.wait(30s);
  ASSERT_TRUE(code) << "serve still runs 30 s after SIGTERM";
  EXPECT_EQ(*code, 0);
  auto stop = std::chrono::steady_clock::now() - stop_started;
  std::cout << "[ measure ] full stdout pipe after 2000 refused requests: /healthz in "
            << std::chrono::duration_cast<std::chrono::microseconds>(health).count()
            << " us, SIGTERM to exit in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(stop).count() << " ms\n";
}

} // namespace
