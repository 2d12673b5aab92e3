#include "runners/playwright_video.hpp"

#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace shardline {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

constexpr const char* browsers_json = R"({"browsers": [
  {"name": "chromium", "revision": "1255"},
  {"name": "ffmpeg", "revision": "1013", "installByDefault": true}]})";

// A project whose node_modules holds playwright-core, and a browsers folder
// that the environment names.
class PlaywrightVideo : public ::testing::Test {
protected:
  void SetUp() override {
    write(project() / "node_modules" / "playwright-core" / "browsers.json", browsers_json);
    fs::create_directories(browsers());
  }

  fs::path project() const { return scratch.path() / "project"; }
  fs::path browsers() const { return scratch.path() / "browsers"; }
  fs::path ffmpeg() const { return browsers() / "ffmpeg-1013" / "ffmpeg-linux"; }
  EnvironmentVariables environment() const {
    return {{"PLAYWRIGHT_BROWSERS_PATH", browsers().string()}};
  }

  test_support::ScratchDir scratch;
};

TEST_F(PlaywrightVideo, is_unavailable_without_the_ffmpeg_of_the_revision_playwright_names) {
  auto reason = playwright_video_unavailable(project(), environment());

  ASSERT_TRUE(reason);
  EXPECT_NE(reason->find(ffmpeg().string() + " is missing"), std::string::npos) << *reason;
  EXPECT_NE(reason->find("video not recorded"), std::string::npos) << *reason;
}

TEST_F(PlaywrightVideo, is_available_when_that_ffmpeg_exists) {
  write(ffmpeg(), "#!/bin/sh\n");

  EXPECT_EQ(playwright_video_unavailable(project(), environment()), std::nullopt);
}

TEST_F(PlaywrightVideo, another_revisions_ffmpeg_does_not_count) {
  write(browsers() / "ffmpeg-1009" / "ffmpeg-linux", "#!/bin/sh\n");

  EXPECT_TRUE(playwright_video_unavailable(project(), environment()));
}

TEST_F(PlaywrightVideo, browsers_path_zero_means_inside_playwright_core) {
  auto local = project() / "node_modules" / "playwright-core" / ".local-browsers";
  EnvironmentVariables zero{{"PLAYWRIGHT_BROWSERS_PATH", "0"}};
  ASSERT_TRUE(playwright_video_unavailable(project(), zero));

  write(local / "ffmpeg-1013" / "ffmpeg-linux", "");

  EXPECT_EQ(playwright_video_unavailable(project(), zero), std::nullopt);
}

TEST_F(PlaywrightVideo, without_a_browsers_path_the_cache_folder_is_used) {
  EnvironmentVariables cache{{"PLAYWRIGHT_BROWSERS_PATH", ""},
                             {"XDG_CACHE_HOME", (scratch.path() / "cache").string()}};
  auto reason = playwright_video_unavailable(project(), cache);
  ASSERT_TRUE(reason);
  EXPECT_NE(reason->find((scratch.path() / "cache" / "ms-playwright").string()), std::string::npos)
      << *reason;

  write(scratch.path() / "cache" / "ms-playwright" / "ffmpeg-1013" / "ffmpeg-linux", "");

  EXPECT_EQ(playwright_video_unavailable(project(), cache), std::nullopt);
}

TEST_F(PlaywrightVideo, playwright_core_is_found_from_a_folder_below_the_project) {
  fs::create_directories(project() / "e2e");

  EXPECT_TRUE(playwright_video_unavailable(project() / "e2e", environment()));
}

TEST_F(PlaywrightVideo, cannot_tell_without_playwright_core_or_with_a_broken_browsers_json) {
  fs::create_directories(scratch.path() / "elsewhere");
  EXPECT_EQ(playwright_video_unavailable(scratch.path() / "elsewhere", environment()),
            std::nullopt);

  write(project() / "node_modules" / "playwright-core" / "browsers.json", "{\"browsers\": [");
  EXPECT_EQ(playwright_video_unavailable(project(), environment()), std::nullopt);

  write(project() / "node_modules" / "playwright-core" / "browsers.json",
        R"({"browsers": [{"name": "ffmpeg", "revision": 1013}]})");
  EXPECT_EQ(playwright_video_unavailable(project(), environment()), std::nullopt);
}

} // namespace
} // namespace shardline
