// Which Host and Origin headers a server accepts: its own names and the ones
// it was given, never a name a web page controls.

#include "http/site_policy.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace shardline::http {
namespace {

constexpr std::uint16_t port = 8080;

SitePolicy loopback_policy(std::vector<std::string> hosts = {},
                           std::vector<std::string> origins = {}) {
  return SitePolicy("127.0.0.1", port, std::move(hosts), std::move(origins));
}

std::string code_of(const std::optional<Response>& refusal) {
  return refusal ? nlohmann::json::parse(refusal->body)["error"]["code"].get<std::string>() : "";
}

TEST(SitePolicy, accepts_the_loopback_names_with_any_port_or_none) {
  auto policy = loopback_policy();
  for (const auto* host : {"127.0.0.1:8080", "localhost:8080", "LOCALHOST:8080", "[::1]:8080",
                           "127.0.0.1", "localhost:9090"})
    EXPECT_FALSE(policy.check_host(host)) << host;
}

TEST(SitePolicy, refuses_a_foreign_name_a_malformed_host_or_none_with_403_forbidden_host) {
  auto policy = loopback_policy();
  for (const auto* host : {"evil.example:8080", "evil.example", "localhost.evil:8080", "",
                           "127.0.0.1:8080/x", "[::1", "::1:8080", "10.0.0.7:8080"}) {
    auto refusal = policy.check_host(host);
    ASSERT_TRUE(refusal) << host;
    EXPECT_EQ(refusal->status, 403);
    EXPECT_EQ(code_of(refusal), "forbidden_host");
  }
  EXPECT_EQ(code_of(policy.check_host(std::nullopt)), "forbidden_host");
}

TEST(SitePolicy, the_refusal_names_the_host_sent_and_those_accepted) {
  auto refusal = loopback_policy().check_host("evil.example:8080");
  ASSERT_TRUE(refusal);
  auto message = nlohmann::json::parse(refusal->body)["error"]["message"].get<std::string>();
  EXPECT_NE(message.find("\"evil.example:8080\""), std::string::npos) << message;
  EXPECT_NE(message.find("localhost:8080"), std::string::npos) << message;
  EXPECT_NE(message.find("--allowed-host"), std::string::npos) << message;
}

TEST(SitePolicy, an_allowed_host_without_a_port_matches_any_port_with_one_only_that_port) {
  auto policy = loopback_policy({"ci.example", "proxy.example:443"});
  EXPECT_FALSE(policy.check_host("ci.example:8080"));
  EXPECT_FALSE(policy.check_host("CI.example"));
  EXPECT_FALSE(policy.check_host("proxy.example:443"));
  EXPECT_TRUE(policy.check_host("proxy.example:8080"));
  EXPECT_TRUE(policy.check_host("other.example:8080"));
}

TEST(SitePolicy, a_wildcard_listener_accepts_any_ip_address_but_no_other_name) {
  SitePolicy policy("0.0.0.0", port, {}, {});
  EXPECT_FALSE(policy.check_host("10.0.0.7:8080"));
  EXPECT_FALSE(policy.check_host("[fe80::1]:8080"));
  EXPECT_TRUE(policy.check_host("build-box:8080"));
}

TEST(SitePolicy, a_listener_on_a_name_accepts_that_name) {
  SitePolicy policy("Build-Box", port, {}, {});
  EXPECT_FALSE(policy.check_host("build-box:8080"));
  SitePolicy v6("::1", port, {}, {});
  EXPECT_FALSE(v6.check_host("[::1]:8080"));
}

TEST(SitePolicy, no_origin_and_the_servers_own_origin_are_accepted) {
  auto policy = loopback_policy();
  EXPECT_FALSE(policy.check_origin(std::nullopt, "127.0.0.1:8080"));
  EXPECT_FALSE(policy.check_origin("http://127.0.0.1:8080", "127.0.0.1:8080"));
  EXPECT_FALSE(policy.check_origin("http://LocalHost:8080", "localhost:8080"));
}

TEST(SitePolicy, another_origin_is_refused_with_403_forbidden_origin) {
  auto policy = loopback_policy();
  for (const auto* origin : {"http://evil.example", "http://localhost:3000", "null",
                             "http://127.0.0.1:8080.evil.example", "file://"}) {
    auto refusal = policy.check_origin(origin, "127.0.0.1:8080");
    ASSERT_TRUE(refusal) << origin;
    EXPECT_EQ(refusal->status, 403);
    EXPECT_EQ(code_of(refusal), "forbidden_origin");
  }
  // Same host and port, told apart by the name: a different origin.
  EXPECT_TRUE(policy.check_origin("http://localhost:8080", "127.0.0.1:8080"));
}

TEST(SitePolicy, an_allowed_origin_is_accepted_and_answered_with_cors_headers) {
  auto policy = loopback_policy({}, {"http://dashboard.example:3000/"});
  EXPECT_FALSE(policy.check_origin("http://dashboard.example:3000", "127.0.0.1:8080"));
  EXPECT_TRUE(policy.cors_origin("http://dashboard.example:3000"));
  EXPECT_FALSE(policy.cors_origin("http://dashboard.example:3001"));
  auto headers = SitePolicy::cors_headers("http://dashboard.example:3000");
  EXPECT_NE(std::find(headers.begin(), headers.end(),
                      std::pair<std::string, std::string>{"Access-Control-Allow-Origin",
                                                          "http://dashboard.example:3000"}),
            headers.end());
}

TEST(SitePolicy, a_preflight_is_answered_only_for_an_allowed_origin_and_a_method_the_path_has) {
  auto policy = loopback_policy({}, {"http://dashboard.example:3000"});
  std::vector<std::string> methods{"GET", "POST"};
  auto ok = policy.preflight("http://dashboard.example:3000", "POST", methods);
  EXPECT_EQ(ok.status, 204);
  auto has = [&](const std::string& name) {
    return std::any_of(ok.headers.begin(), ok.headers.end(),
                       [&](const auto& header) { return header.first == name; });
  };
  EXPECT_TRUE(has("Access-Control-Allow-Methods"));
  EXPECT_TRUE(has("Access-Control-Allow-Headers"));
  EXPECT_EQ(policy.preflight("http://evil.example", "POST", methods).status, 403);
  EXPECT_EQ(policy.preflight("http://dashboard.example:3000", "DELETE", methods).status, 405);
  EXPECT_EQ(policy.preflight("http://dashboard.example:3000", "POST", {}).status, 404);
}

TEST(SitePolicy, option_values_are_checked_and_normalised) {
  EXPECT_EQ(*SitePolicy::allowed_host("CI.Example:8080"), "ci.example:8080");
  EXPECT_EQ(*SitePolicy::allowed_host("[::1]"), "[::1]");
  for (const auto* bad : {"", "http://x", "a b", "x:99999", "x:"})
    EXPECT_FALSE(SitePolicy::allowed_host(bad)) << bad;
  EXPECT_EQ(*SitePolicy::allowed_origin("HTTP://Dash.example:3000/"), "http://dash.example:3000");
  for (const auto* bad : {"*", "null", "dash.example", "http://dash.example/app", "ftp://x"})
    EXPECT_FALSE(SitePolicy::allowed_origin(bad)) << bad;
  auto wildcard = SitePolicy::allowed_origin("*");
  EXPECT_NE(wildcard.error().message.find("every web page"), std::string::npos);
}

} // namespace
} // namespace shardline::http
