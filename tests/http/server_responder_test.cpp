// Answers that arrive later, from other threads, twice, or never.

#include "tests/http/http_client.hpp"
#include "tests/http/server_fixture.hpp"

#include <gtest/gtest.h>

#include <future>
#include <stdexcept>
#include <thread>

namespace shardline::http {
namespace {

using nlohmann::json;
using test_support::answer;
using test_support::host_line;
using test_support::HttpClient;
using test_support::RawConnection;
using test_support::RunningServer;
using namespace std::chrono_literals;

/// Hands each request's responder to the test, which answers when it likes.
struct HeldResponders {
  std::mutex mutex;
  std::vector<std::promise<ResponderPtr>> promises{4};
  std::size_t next = 0;

  Handler handler() {
    return [this](const Request&, const Params&, ResponderPtr responder) {
      std::lock_guard lock(mutex);
      promises.at(next++).set_value(std::move(responder));
    };
  }
  std::future<ResponderPtr> future(std::size_t index) { return promises.at(index).get_future(); }
};

TEST(HttpResponder, a_reply_from_another_thread_after_the_handler_returned_is_sent) {
  HeldResponders held;
  auto responder = held.future(0);
  Router router;
  router.add("GET", "/later", "later", held.handler());
  RunningServer server(std::move(router));

  auto response = std::async(std::launch::async,
                             [&] { return HttpClient(server.port()).request("GET", "/later"); });
  ASSERT_EQ(responder.wait_for(5s), std::future_status::ready);
  std::thread([r = responder.get()] { r->reply(json_response(202, R"({"later":true})")); }).join();
  auto answered = response.get();
  EXPECT_EQ(answered.status, 202);
  EXPECT_EQ(answered.json(), json({{"later", true}}));
}

TEST(HttpResponder, a_responder_dropped_without_answering_answers_500_internal) {
  Router router;
  router.add("GET", "/forgotten", "forgotten", [](const Request&, const Params&, ResponderPtr) {});
  RunningServer server(std::move(router));
  auto response = HttpClient(server.port()).request("GET", "/forgotten");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.json()["error"]["code"], "internal");
}

TEST(HttpResponder, a_responder_dropped_later_on_another_thread_answers_500) {
  HeldResponders held;
  auto responder = held.future(0);
  Router router;
  router.add("GET", "/later", "later", held.handler());
  RunningServer server(std::move(router));
  auto response = std::async(std::launch::async,
                             [&] { return HttpClient(server.port()).request("GET", "/later"); });
  ASSERT_EQ(responder.wait_for(5s), std::future_status::ready);
  std::thread([r = responder.get()]() mutable { r.reset(); }).join();
  EXPECT_EQ(response.get().status, 500);
}

TEST(HttpResponder, a_handler_that_throws_answers_500_internal) {
  Router router;
  router.add("GET", "/throws", "throws",
             [](const Request&, const Params&, ResponderPtr) { throw std::runtime_error("boom"); });
  RunningServer server(std::move(router));
  HttpClient client(server.port());
  auto response = client.request("GET", "/throws");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.json()["error"]["code"], "internal");
  EXPECT_EQ(client.request("GET", "/throws").status, 500); // the connection still serves
}

TEST(HttpResponder, a_second_reply_is_ignored) {
  Router router;
  router.add("GET", "/twice", "twice", [](const Request&, const Params&, ResponderPtr r) {
    r->reply(json_response(200, R"({"first":true})"));
    r->reply(json_response(201, R"({"second":true})"));
  });
  RunningServer server(std::move(router));
  HttpClient client(server.port());
  EXPECT_EQ(client.request("GET", "/twice").json(), json({{"first", true}}));
  EXPECT_EQ(client.request("GET", "/twice").json(), json({{"first", true}}));
}

TEST(HttpResponder, pipelined_requests_wait_for_the_answer_before_them) {
  HeldResponders held;
  auto first = held.future(0);
  auto second = held.future(1);
  Router router;
  router.add("GET", "/held", "held", held.handler());
  RunningServer server(std::move(router));

  RawConnection connection(server.port());
  connection.send("GET /held?n=1 HTTP/1.1\r\n" + host_line(server.port()) + "\r\n" +
                  "GET /held?n=2 HTTP/1.1\r\n" + host_line(server.port()) + "\r\n");
  ASSERT_EQ(first.wait_for(5s), std::future_status::ready);
  // The second request is not read while the first is unanswered.
  EXPECT_EQ(second.wait_for(100ms), std::future_status::timeout);
  first.get()->reply(json_response(200, R"({"n":1})"));
  auto one = connection.read_response();
  ASSERT_TRUE(one);
  EXPECT_EQ(one->json(), json({{"n", 1}}));

  ASSERT_EQ(second.wait_for(5s), std::future_status::ready);
  second.get()->reply(json_response(200, R"({"n":2})"));
  auto two = connection.read_response();
  ASSERT_TRUE(two);
  EXPECT_EQ(two->json(), json({{"n", 2}}));
}

TEST(HttpResponder, extra_headers_and_content_type_of_the_response_are_sent) {
  Router router;
  router.add("GET", "/text", "text", [](const Request&, const Params&, ResponderPtr r) {
    Response response;
    response.content_type = "text/plain; charset=utf-8";
    response.body = "hello";
    response.headers.emplace_back("X-Shard", "3");
    r->reply(std::move(response));
  });
  RunningServer server(std::move(router));
  auto response = HttpClient(server.port()).request("GET", "/text");
  EXPECT_EQ(response.header("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(response.header("x-shard"), "3");
  EXPECT_EQ(response.body, "hello");
}

} // namespace
} // namespace shardline::http
