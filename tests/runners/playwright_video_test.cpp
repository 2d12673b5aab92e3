#include "runners/playwright_video.hpp"

#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace shardline {
namespace {

namespace fs = std::filesystem;
using test_support::read_file;

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

TEST_F(PlaywrightVideo, the_config_is_the_first_playwright_config_of_the_project) {
  EXPECT_EQ(playwright_config_file(project(), {}), std::nullopt);

  write(project() / "playwright.config.mjs", "");
  EXPECT_EQ(playwright_config_file(project(), {}), project() / "playwright.config.mjs");

  write(project() / "playwright.config.ts", "");
  EXPECT_EQ(playwright_config_file(project(), {}), project() / "playwright.config.ts");
}

TEST_F(PlaywrightVideo, a_config_option_names_the_config_in_every_spelling) {
  write(project() / "configs" / "ci.config.ts", "");
  auto named = project() / "configs" / "ci.config.ts";

  EXPECT_EQ(playwright_config_file(project(), {"--headed", "--config", "configs/ci.config.ts"}),
            named);
  EXPECT_EQ(playwright_config_file(project(), {"--config=configs/ci.config.ts"}), named);
  EXPECT_EQ(playwright_config_file(project(), {"-c", named.string()}), named);
  EXPECT_EQ(playwright_config_file(project(), {"-cconfigs/ci.config.ts"}), named);
  EXPECT_EQ(playwright_config_file(project(), {"--config", "configs/missing.ts"}), std::nullopt);
}

TEST(PlaywrightVideoArgs, the_config_option_is_taken_out_and_the_rest_kept_in_order) {
  EXPECT_EQ(without_config_option({"--headed", "--config", "a.ts", "--project=x", "-c", "b.ts",
                                   "--config=c.ts", "-cd.ts", "--debug"}),
            (std::vector<std::string>{"--headed", "--project=x", "--debug"}));
}

TEST(PlaywrightVideoConfig, imports_the_base_beside_it_and_turns_video_off_with_the_reason) {
  auto text = playwright_video_off_config("playwright.config.ts", "no \"ffmpeg\"\nhere");

  EXPECT_NE(text.find("import base from \"./playwright.config\";"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(const reason: string = "no \"ffmpeg\"\nhere";)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("video: 'off'"), std::string::npos);
  EXPECT_NE(text.find("shardlineVideoUnavailable"), std::string::npos);
}

TEST(PlaywrightVideoConfig, a_javascript_base_is_imported_with_its_extension) {
  auto text = playwright_video_off_config("playwright.config.mjs", "r");

  EXPECT_NE(text.find("import base from \"./playwright.config.mjs\";"), std::string::npos);
}

TEST(PlaywrightVideoConfig, a_base_name_with_quotes_stays_one_string) {
  auto text = playwright_video_off_config("it's \"odd\".config.js", "r");

  EXPECT_NE(text.find(R"(import base from "./it's \"odd\".config.js";)"), std::string::npos)
      << text;
}

TEST_F(PlaywrightVideo, the_written_config_lives_beside_the_base_until_it_goes) {
  write(project() / "playwright.config.ts", "export default {};\n");
  fs::path written;
  {
    auto config = VideoOffConfig::write(project() / "playwright.config.ts", "why");
    ASSERT_TRUE(config) << config.error().to_string();
    written = config->path();
    EXPECT_EQ(written.parent_path(), project());
    EXPECT_TRUE(written.filename().string().starts_with(".shardline-"));
    EXPECT_EQ(read_file(written.string()),
              playwright_video_off_config("playwright.config.ts", "why"));

    auto moved = std::move(*config);
    EXPECT_TRUE(fs::exists(written)) << "a move keeps the file";
  }
  EXPECT_FALSE(fs::exists(written));
}

TEST_F(PlaywrightVideo, a_config_whose_process_is_gone_is_removed_by_the_next_write) {
  write(project() / "playwright.config.ts", "");
  // A pid above Linux's highest possible (2^22) belongs to no process.
  auto abandoned = project() / ".shardline-4194305-1.video-off.config.ts";
  auto live = project() / (".shardline-" + std::to_string(::getppid()) + "-1.video-off.config.ts");
  auto unrelated = project() / ".shardline-notes.txt";
  for (const auto& file : {abandoned, live, unrelated})
    write(file, "");

  auto config = VideoOffConfig::write(project() / "playwright.config.ts", "a");

  ASSERT_TRUE(config);
  EXPECT_FALSE(fs::exists(abandoned));
  EXPECT_TRUE(fs::exists(live)) << "its process still runs";
  EXPECT_TRUE(fs::exists(unrelated));
}

TEST_F(PlaywrightVideo, two_configs_of_one_process_get_two_files) {
  write(project() / "playwright.config.ts", "");
  auto first = VideoOffConfig::write(project() / "playwright.config.ts", "a");
  auto second = VideoOffConfig::write(project() / "playwright.config.ts", "b");

  ASSERT_TRUE(first && second);
  EXPECT_NE(first->path(), second->path());
}

TEST_F(PlaywrightVideo, a_folder_that_cannot_be_written_is_an_error) {
  auto config = VideoOffConfig::write(scratch.path() / "missing" / "playwright.config.ts", "a");

  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("cannot write"), std::string::npos);
}

} // namespace
} // namespace shardline
