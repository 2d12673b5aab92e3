// The I/O threads run at the nice value the settings ask for: serving yields
// the CPU to the tests.

#include "tests/http/http_client.hpp"
#include "tests/http/server_fixture.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>

namespace shardline::http {
namespace {

using test_support::HttpClient;
using test_support::RunningServer;
using test_support::test_server_settings;

int thread_nice() {
  errno = 0;
  return ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
}

// A server whose /nice answers the nice value of the I/O thread that ran it.
int nice_of_a_handler(int nice) {
  Router router;
  router.add("GET", "/nice", "nice", [](const Request&, const Params&, ResponderPtr responder) {
    responder->reply(json_response(200, std::to_string(thread_nice())));
  });
  auto settings = test_server_settings();
  settings.nice = nice;
  RunningServer server(std::move(router), settings);
  HttpClient client(server.port());
  auto response = client.request("GET", "/nice");
  EXPECT_EQ(response.status, 200);
  return std::stoi(response.body);
}

TEST(HttpServerPriority, the_io_threads_run_at_the_nice_value_asked_for) {
  EXPECT_EQ(nice_of_a_handler(7), std::max(7, thread_nice()));
}

TEST(HttpServerPriority, nice_zero_leaves_the_threads_as_the_process_is) {
  EXPECT_EQ(nice_of_a_handler(0), thread_nice());
}

TEST(HttpServerPriority, only_the_io_threads_are_lowered) {
  auto before = thread_nice();
  nice_of_a_handler(9);
  EXPECT_EQ(thread_nice(), before);
}

} // namespace
} // namespace shardline::http
