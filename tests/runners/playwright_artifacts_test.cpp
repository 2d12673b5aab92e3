#include "runners/playwright_artifacts.hpp"

#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace shardline {
namespace {

TEST(ArtifactName, keeps_safe_characters_and_replaces_the_rest) {
  EXPECT_EQ(artifact_name("2addc3c3aecfedb30c84-8c3af887@chromium"),
            "2addc3c3aecfedb30c84-8c3af887@chromium");
  EXPECT_EQ(artifact_name("shop/pay.spec.ts::pays by card"), "shop_pay.spec.ts__pays_by_card");
  EXPECT_EQ(artifact_name("a \u203a b"), "a_____b");
}

TEST(ArtifactName, never_names_a_parent_a_hidden_file_or_nothing) {
  EXPECT_EQ(artifact_name(".."), "_.");
  EXPECT_EQ(artifact_name("."), "_");
  EXPECT_EQ(artifact_name("../../etc/passwd"), "_._.._etc_passwd");
  EXPECT_EQ(artifact_name(""), "_");
}

TEST(ArtifactName, is_at_most_200_bytes) {
  EXPECT_EQ(artifact_name(std::string(1000, 'x')).size(), 200U);
}

class KeepAttachments : public ::testing::Test {
protected:
  std::string attachment_file(const std::string& name, const std::string& content) {
    auto path = output.path() / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << content;
    return path.string();
  }

  TestResult result_of(const std::string& test_id) {
    TestResult result;
    result.test_id = test_id;
    return result;
  }

  test_support::ScratchDir output; // Playwright's
  test_support::ScratchDir store;  // shardline's
};

TEST_F(KeepAttachments, copies_screenshot_trace_and_video_and_lists_their_urls) {
  std::vector<PlaywrightAttachment> attachments = {
      {"screenshot", "image/png", attachment_file("t/test-failed-1.png", "png")},
      {"trace", "application/zip", attachment_file("t/trace.zip", "zip")},
      {"video", "video/webm", attachment_file("t/video.webm", "webm")},
      {"error-context", "text/markdown", attachment_file("t/error-context.md", "md")},
      {"inline", "text/plain", ""},
  };
  auto result = result_of("abc-def@chromium");

  auto problems = keep_attachments(attachments, {store.path(), "session-1"}, result);

  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(
      result.screenshots,
      (std::vector<std::string>{"/api/artifacts/session-1/abc-def@chromium/test-failed-1.png"}));
  EXPECT_EQ(result.trace_url, "/api/artifacts/session-1/abc-def@chromium/trace.zip");
  EXPECT_EQ(result.video_url, "/api/artifacts/session-1/abc-def@chromium/video.webm");
  auto folder = store.path() / "session-1" / "abc-def@chromium";
  EXPECT_EQ(test_support::read_file((folder / "test-failed-1.png").string()), "png");
  EXPECT_EQ(test_support::read_file((folder / "trace.zip").string()), "zip");
  EXPECT_EQ(test_support::read_file((folder / "error-context.md").string()), "md");
}

TEST_F(KeepAttachments, lists_every_attachment_with_its_url_or_none) {
  std::vector<PlaywrightAttachment> attachments = {
      {"screenshot", "image/png", attachment_file("t/test-failed-1.png", "png")},
      {"notes", "text/plain", attachment_file("t/notes-1.txt", "hello")},
      {"error-context", "text/markdown", attachment_file("t/error-context.md", "md")},
      {"inline", "text/plain", ""},
  };
  auto result = result_of("t");

  keep_attachments(attachments, {store.path(), "s"}, result);

  EXPECT_EQ(result.attachments,
            (std::vector<ResultAttachment>{
                {"screenshot", "image/png", "/api/artifacts/s/t/test-failed-1.png"},
                {"notes", "text/plain", "/api/artifacts/s/t/notes-1.txt"},
                {"error-context", "text/markdown", "/api/artifacts/s/t/error-context.md"},
                {"inline", "text/plain", std::nullopt}}));
  EXPECT_EQ(test_support::read_file((store.path() / "s/t/notes-1.txt").string()), "hello");
}

TEST_F(KeepAttachments, a_second_attempt_does_not_overwrite_the_first) {
  std::vector<PlaywrightAttachment> first = {
      {"screenshot", "image/png", attachment_file("a1/test-failed-1.png", "first")}};
  std::vector<PlaywrightAttachment> second = {
      {"screenshot", "image/png", attachment_file("a2/test-failed-1.png", "second")}};
  auto first_result = result_of("t");
  auto second_result = result_of("t");

  keep_attachments(first, {store.path(), "s"}, first_result);
  keep_attachments(second, {store.path(), "s"}, second_result);

  EXPECT_EQ(second_result.screenshots,
            (std::vector<std::string>{"/api/artifacts/s/t/test-failed-1-2.png"}));
  EXPECT_EQ(test_support::read_file((store.path() / "s/t/test-failed-1.png").string()), "first");
  EXPECT_EQ(test_support::read_file((store.path() / "s/t/test-failed-1-2.png").string()), "second");
}

TEST_F(KeepAttachments, a_test_id_cannot_leave_the_session_folder) {
  std::vector<PlaywrightAttachment> attachments = {
      {"screenshot", "image/png", attachment_file("x.png", "png")}};
  auto result = result_of("../../escape");

  keep_attachments(attachments, {store.path(), "../s"}, result);

  EXPECT_EQ(result.screenshots,
            (std::vector<std::string>{"/api/artifacts/_._s/_._.._escape/x.png"}));
  EXPECT_TRUE(std::filesystem::exists(store.path() / "_._s" / "_._.._escape" / "x.png"));
}

TEST_F(KeepAttachments, a_missing_file_is_a_problem_and_left_out) {
  std::vector<PlaywrightAttachment> attachments = {
      {"screenshot", "image/png", (output.path() / "gone.png").string()}};
  auto result = result_of("t");

  auto problems = keep_attachments(attachments, {store.path(), "s"}, result);

  ASSERT_EQ(problems.size(), 1U);
  EXPECT_TRUE(problems[0].starts_with("cannot keep the attachment \"screenshot\" of test t ("))
      << problems[0];
  EXPECT_TRUE(result.screenshots.empty());
}

TEST_F(KeepAttachments, without_a_store_nothing_is_kept_but_each_is_listed) {
  std::vector<PlaywrightAttachment> attachments = {
      {"screenshot", "image/png", attachment_file("x.png", "png")}};
  auto result = result_of("t");

  EXPECT_TRUE(keep_attachments(attachments, {}, result).empty());
  EXPECT_TRUE(result.screenshots.empty());
  EXPECT_EQ(result.attachments,
            (std::vector<ResultAttachment>{{"screenshot", "image/png", std::nullopt}}));
}

} // namespace
} // namespace shardline

namespace {

TEST(PlaywrightArtifacts, artifact_file_maps_a_url_back_into_the_store) {
  EXPECT_EQ(shardline::artifact_file("/out", "/api/artifacts/s-1/t/test-failed-1.png"),
            std::filesystem::path("/out/s-1/t/test-failed-1.png"));
  EXPECT_TRUE(shardline::artifact_file("/out", "https://elsewhere/x.png").empty());
}

} // namespace
