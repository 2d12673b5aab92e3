#include "actors/agent_bounds.hpp"

#include <gtest/gtest.h>

namespace shardline::agent_bounds {
namespace {

TEST(AgentBounds, result_links_are_this_sessions_artifacts_or_http_pages) {
  EXPECT_TRUE(allowed_result_url("/api/artifacts/s-1/t/shot.png", "s-1"));
  EXPECT_TRUE(allowed_result_url("https://cdn.example/a.png", "s-1"));
  EXPECT_TRUE(allowed_result_url("HTTP://cdn.example/a.png", "s-1"));
  for (const char* url :
       {"javascript:alert(1)", " javascript:alert(1)", "data:text/html,x", "file:///etc/passwd",
        "//evil.example/a", "/api/artifacts/s-2/a.png", "/api/artifacts/s-1/", "/api/artifacts/s-1",
        "/api/artifacts/s-10/a.png", "http://", "https://a b", "http://a\tb", "http://a\\b",
        "/api/artifacts/s-1/a\r\nX: y", ""})
    EXPECT_FALSE(allowed_result_url(url, "s-1")) << url;
  EXPECT_FALSE(allowed_result_url("/api/artifacts//a.png", ""));
}

TEST(AgentBounds, the_output_tail_keeps_its_end_from_a_whole_character) {
  TestResult result;
  // "é" is two bytes: the cut would fall inside one of them.
  std::string text;
  for (int i = 0; i < 40 * 1024; ++i)
    text += "\xC3\xA9";
  result.stdout_tail = text + "x";
  ASSERT_FALSE(bound_result(result, "s-1"));
  const auto& tail = *result.stdout_tail;
  EXPECT_EQ(tail.size(), output_tail_bytes - 1);
  EXPECT_EQ(tail.substr(0, 2), "\xC3\xA9");
  EXPECT_EQ(tail.back(), 'x');
}

TEST(AgentBounds, the_error_and_its_stack_keep_their_start_up_to_a_whole_character) {
  TestResult result;
  // The cut at error_bytes falls between the two bytes of "é": it goes whole.
  result.error = std::string(error_bytes - 1, 'a') + "\xC3\xA9" + "zzz";
  result.error_stack = std::string(error_stack_bytes * 2, 's');
  ASSERT_FALSE(bound_result(result, "s-1"));
  EXPECT_EQ(*result.error, std::string(error_bytes - 1, 'a'));
  EXPECT_EQ(result.error_stack->size(), error_stack_bytes);
}

TEST(AgentBounds, a_result_within_bounds_is_left_as_it_is) {
  TestResult result;
  result.test_id = "t";
  result.stdout_tail = "out";
  result.error = "boom";
  result.screenshots = {"/api/artifacts/s-1/t/a.png"};
  result.attachments = {{"trace", "application/zip", "/api/artifacts/s-1/t/trace.zip"}};
  auto before = result;
  EXPECT_FALSE(bound_result(result, "s-1"));
  EXPECT_EQ(result, before);
}

TEST(AgentBounds, a_registration_vnc_url_must_be_http) {
  WorkerProfile profile;
  profile.vnc_url = "http://10.0.0.7:6080/vnc.html";
  EXPECT_FALSE(check_profile(profile));
  profile.vnc_url = "javascript:alert(1)";
  auto error = check_profile(profile);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->field, "vncUrl");
}

} // namespace
} // namespace shardline::agent_bounds
