#include "http/router.hpp"

#include "tests/http/server_fixture.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace shardline::http {
namespace {

using test_support::answer;

Router session_routes() {
  Router router;
  router.add("POST", "/api/execution/parallel", "start", answer(201));
  router.add("GET", "/api/execution/parallel/:sessionId/status", "status", answer(200));
  router.add("POST", "/api/execution/parallel/:sessionId/cancel", "cancel", answer(200));
  router.add("POST", "/api/execution/parallel/strategies/preview", "preview", answer(200));
  router.add("GET", "/api/artifacts/:sessionId/*", "artifact", answer(200));
  router.add("DELETE", "/api/workers/:id", "drain", answer(200));
  router.add("POST", "/api/workers/register", "register", answer(201));
  router.add("GET", "/healthz", "health", answer(200), false);
  return router;
}

TEST(Router, finds_the_route_of_a_literal_path) {
  auto match = session_routes().match("GET", "/healthz");
  ASSERT_EQ(match.outcome, RouteOutcome::found);
  EXPECT_EQ(match.route_name, "health");
  EXPECT_FALSE(match.needs_token);
  EXPECT_TRUE(match.params.empty());
}

TEST(Router, captures_a_parameter_segment_decoded) {
  auto match = session_routes().match("GET", "/api/execution/parallel/s%201/status");
  ASSERT_EQ(match.outcome, RouteOutcome::found);
  EXPECT_EQ(match.route_name, "status");
  EXPECT_EQ(param(match.params, "sessionId"), "s 1");
  EXPECT_TRUE(match.needs_token);
}

TEST(Router, prefers_a_literal_segment_to_a_parameter) {
  auto match = session_routes().match("POST", "/api/execution/parallel/strategies/preview");
  ASSERT_EQ(match.outcome, RouteOutcome::found);
  EXPECT_EQ(match.route_name, "preview");
}

TEST(Router, a_literal_path_answers_405_for_a_method_only_the_parameter_route_has) {
  auto match = session_routes().match("DELETE", "/api/workers/register");
  ASSERT_EQ(match.outcome, RouteOutcome::method_not_allowed);
  EXPECT_EQ(match.allowed, std::vector<std::string>{"POST"});
}

TEST(Router, a_tail_captures_the_rest_of_the_path_still_encoded) {
  auto match = session_routes().match("GET", "/api/artifacts/s1/shots/a%2Fb.png");
  ASSERT_EQ(match.outcome, RouteOutcome::found);
  EXPECT_EQ(param(match.params, "sessionId"), "s1");
  EXPECT_EQ(param(match.params, "*"), "shots/a%2Fb.png");
}

TEST(Router, a_tail_needs_at_least_one_segment) {
  EXPECT_EQ(session_routes().match("GET", "/api/artifacts/s1").outcome, RouteOutcome::not_found);
  EXPECT_EQ(session_routes().match("GET", "/api/artifacts/s1/").outcome, RouteOutcome::not_found);
}

TEST(Router, an_unknown_path_is_not_found) {
  EXPECT_EQ(session_routes().match("GET", "/nope").outcome, RouteOutcome::not_found);
  EXPECT_EQ(session_routes().match("GET", "/healthz/").outcome, RouteOutcome::not_found);
  EXPECT_EQ(session_routes().match("GET", "/api/execution/parallel//status").outcome,
            RouteOutcome::not_found);
}

TEST(Router, a_known_path_with_another_method_lists_the_allowed_methods) {
  Router router = session_routes();
  router.add("GET", "/api/execution/parallel", "sessions", answer(200));
  auto match = router.match("PUT", "/api/execution/parallel");
  ASSERT_EQ(match.outcome, RouteOutcome::method_not_allowed);
  EXPECT_EQ(match.allowed, (std::vector<std::string>{"GET", "POST"}));
  EXPECT_EQ(Router::allow_header(match.allowed), "GET, POST");
}

TEST(Router, lists_every_route_in_the_order_added) {
  auto routes = session_routes().routes();
  ASSERT_EQ(routes.size(), 8u);
  EXPECT_EQ(routes[1].method, "GET");
  EXPECT_EQ(routes[1].pattern, "/api/execution/parallel/:sessionId/status");
  EXPECT_EQ(routes[1].name, "status");
  EXPECT_TRUE(routes[1].needs_token);
  EXPECT_FALSE(routes[7].needs_token);
}

TEST(Router, refuses_malformed_patterns) {
  Router router;
  EXPECT_THROW(router.add("GET", "healthz", "x", answer(200)), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/*/b", "x", answer(200)), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a//b", "x", answer(200)), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/:", "x", answer(200)), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/b:c", "x", answer(200)), std::invalid_argument);
}

TEST(Router, refuses_a_second_route_for_the_same_method_and_shape) {
  Router router;
  router.add("GET", "/api/workers/:id", "worker", answer(200));
  EXPECT_THROW(router.add("GET", "/api/workers/:workerId", "again", answer(200)),
               std::invalid_argument);
  EXPECT_NO_THROW(router.add("DELETE", "/api/workers/:id", "drain", answer(200)));
}

TEST(Router, the_root_path_is_a_route_like_any_other) {
  Router router;
  router.add("GET", "/", "dashboard", answer(200), false);
  EXPECT_EQ(router.match("GET", "/").outcome, RouteOutcome::found);
  EXPECT_EQ(router.match("GET", "/x").outcome, RouteOutcome::not_found);
}

} // namespace
} // namespace shardline::http
