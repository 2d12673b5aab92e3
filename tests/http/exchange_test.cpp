#include "http/bearer_token.hpp"
#include "http/exchange.hpp"
#include "http/request_counter.hpp"
#include "http/url.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <stdexcept>

namespace shardline::http {
namespace {

using nlohmann::json;

TEST(HttpExchange, an_error_body_has_code_message_and_field_as_api_md_says) {
  auto response = error_response(400, "invalid_argument", "config.workerCount: must be >= 1",
                                 "config.workerCount");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(json::parse(response.body), json::parse(R"({"error": {"code": "invalid_argument",
                                      "message": "config.workerCount: must be >= 1",
                                      "field": "config.workerCount"}})"));
}

TEST(HttpExchange, an_error_without_a_field_has_no_field_key) {
  auto response = error_response(404, "not_found", "no session s1");
  EXPECT_EQ(response.body, R"({"error":{"code":"not_found","message":"no session s1"}})");
}

TEST(HttpExchange, an_error_message_with_invalid_utf8_still_serialises) {
  auto response = error_response(400, "invalid_argument", "bad byte \xff here");
  EXPECT_TRUE(json::accept(response.body));
}

TEST(HttpExchange, request_finds_the_first_query_value_and_header) {
  Request request;
  request.query = {{"status", "failed"}, {"status", "passed"}};
  request.headers = {{"content-type", "application/json"}};
  EXPECT_EQ(request.query_value("status"), "failed");
  EXPECT_EQ(request.query_value("other"), std::nullopt);
  EXPECT_EQ(request.header("content-type"), "application/json");
  EXPECT_EQ(param({{"id", "w-1"}}, "id"), "w-1");
  EXPECT_EQ(param({{"id", "w-1"}}, "sessionId"), "");
}

TEST(HttpUrl, percent_decoding_refuses_malformed_escapes) {
  EXPECT_EQ(percent_decode("a%20b%2F"), "a b/");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_EQ(percent_decode("%4"), std::nullopt);
  EXPECT_EQ(percent_decode("%zz"), std::nullopt);
  EXPECT_EQ(percent_decode("%"), std::nullopt);
}

TEST(HttpUrl, a_query_keeps_its_order_and_decodes_names_and_values) {
  auto query = parse_query("status=failed&x=a%20b&flag&&y=");
  ASSERT_TRUE(query);
  EXPECT_EQ(*query, (std::vector<std::pair<std::string, std::string>>{
                        {"status", "failed"}, {"x", "a b"}, {"flag", ""}, {"y", ""}}));
  EXPECT_EQ(parse_query("a=%zz"), std::nullopt);
}

TEST(HttpUrl, a_target_splits_at_the_first_question_mark) {
  auto target = split_target("/a/b?x=1?2");
  EXPECT_EQ(target.path, "/a/b");
  EXPECT_EQ(target.query, "x=1?2");
}

TEST(BearerToken, accepts_exactly_the_configured_token) {
  BearerToken token("s3cret");
  EXPECT_TRUE(token.accepts("Bearer s3cret"));
  EXPECT_TRUE(token.accepts("bearer s3cret"));
  EXPECT_FALSE(token.accepts("Bearer s3cre"));
  EXPECT_FALSE(token.accepts("Bearer s3cret2"));
  EXPECT_FALSE(token.accepts("Bearer S3CRET"));
  EXPECT_FALSE(token.accepts("Basic s3cret"));
  EXPECT_FALSE(token.accepts("s3cret"));
  EXPECT_FALSE(token.accepts("Bearer "));
  EXPECT_FALSE(token.accepts(std::nullopt));
}

TEST(BearerToken, refuses_an_empty_token_in_the_configuration) {
  EXPECT_THROW(BearerToken(""), std::invalid_argument);
}

TEST(BearerToken, the_401_body_says_unauthorized_and_asks_for_a_bearer_token) {
  auto response = BearerToken::unauthorized(std::nullopt);
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(json::parse(response.body)["error"]["code"], "unauthorized");
  EXPECT_EQ(response.headers,
            (std::vector<std::pair<std::string, std::string>>{{"WWW-Authenticate", "Bearer"}}));
}

TEST(BearerToken, constant_time_comparison_is_plain_equality) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
  EXPECT_FALSE(constant_time_equal("ab", "abc"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

TEST(HttpRequestCounter, renders_one_prometheus_line_per_route_and_code) {
  RequestCounter counter;
  counter.count("status", 200);
  counter.count("status", 200);
  counter.count("unmatched", 404);
  counter.count("we\"ird", 500);
  EXPECT_EQ(counter.value("status", 200), 2u);
  EXPECT_EQ(counter.value("status", 404), 0u);
  EXPECT_EQ(counter.prometheus_text(),
            "# HELP shardline_http_requests_total HTTP requests answered, by route and status "
            "code.\n"
            "# TYPE shardline_http_requests_total counter\n"
            "shardline_http_requests_total{route=\"status\",code=\"200\"} 2\n"
            "shardline_http_requests_total{route=\"unmatched\",code=\"404\"} 1\n"
            "shardline_http_requests_total{route=\"we\\\"ird\",code=\"500\"} 1\n");
}

} // namespace
} // namespace shardline::http
