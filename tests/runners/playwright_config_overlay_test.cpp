#include "runners/playwright_config_overlay.hpp"

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

class PlaywrightConfigOverlay : public ::testing::Test {
protected:
  fs::path project() const { return scratch.path() / "project"; }

  test_support::ScratchDir scratch;
};

ConfigOverlay video_off(std::string reason) {
  ConfigOverlay overlay;
  overlay.video_unavailable = std::move(reason);
  return overlay;
}

TEST_F(PlaywrightConfigOverlay, the_config_is_the_first_playwright_config_of_the_project) {
  EXPECT_EQ(playwright_config_file(project(), {}), std::nullopt);

  write(project() / "playwright.config.mjs", "");
  EXPECT_EQ(playwright_config_file(project(), {}), project() / "playwright.config.mjs");

  write(project() / "playwright.config.ts", "");
  EXPECT_EQ(playwright_config_file(project(), {}), project() / "playwright.config.ts");
}

TEST_F(PlaywrightConfigOverlay, a_config_option_names_the_config_in_every_spelling) {
  write(project() / "configs" / "ci.config.ts", "");
  auto named = project() / "configs" / "ci.config.ts";

  EXPECT_EQ(playwright_config_file(project(), {"--headed", "--config", "configs/ci.config.ts"}),
            named);
  EXPECT_EQ(playwright_config_file(project(), {"--config=configs/ci.config.ts"}), named);
  EXPECT_EQ(playwright_config_file(project(), {"-c", named.string()}), named);
  EXPECT_EQ(playwright_config_file(project(), {"-cconfigs/ci.config.ts"}), named);
  EXPECT_EQ(playwright_config_file(project(), {"--config", "configs/missing.ts"}), std::nullopt);
}

TEST(PlaywrightConfigArgs, the_config_option_is_taken_out_and_the_rest_kept_in_order) {
  EXPECT_EQ(without_config_option({"--headed", "--config", "a.ts", "--project=x", "-c", "b.ts",
                                   "--config=c.ts", "-cd.ts", "--debug"}),
            (std::vector<std::string>{"--headed", "--project=x", "--debug"}));
}

TEST(PlaywrightConfigText, imports_the_base_beside_it_and_turns_video_off_with_the_reason) {
  auto text = playwright_overlay_config("playwright.config.ts", video_off("no \"ffmpeg\"\nhere"));

  EXPECT_NE(text.find("import base from \"./playwright.config\";"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(const videoUnavailable: string | null = "no \"ffmpeg\"\nhere";)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("const withoutWebServers: boolean = false;"), std::string::npos) << text;
  EXPECT_NE(text.find("const host: { hold: string; testDir: string } | null = null;"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("video: 'off'"), std::string::npos);
  EXPECT_NE(text.find("shardlineVideoUnavailable"), std::string::npos);
}

TEST(PlaywrightConfigText, says_which_changes_it_makes) {
  ConfigOverlay overlay;
  overlay.without_web_servers = true;
  auto text = playwright_overlay_config("playwright.config.ts", overlay);

  EXPECT_NE(text.find("const videoUnavailable: string | null = null;"), std::string::npos) << text;
  EXPECT_NE(text.find("const withoutWebServers: boolean = true;"), std::string::npos) << text;
  EXPECT_NE(text.find("without its webServer entries"), std::string::npos) << text;
}

TEST(PlaywrightConfigText, the_host_overlay_names_its_hold_script_and_empty_test_folder) {
  ConfigOverlay overlay;
  overlay.host = ConfigOverlay::Host{"/opt/sl/web-server-host.cjs", "/tmp/x \"y\"/tests"};
  auto text = playwright_overlay_config("playwright.config.ts", overlay);

  EXPECT_NE(
      text.find(
          R"(const host: { hold: string; testDir: string } | null = { hold: "/opt/sl/web-server-host.cjs", testDir: "/tmp/x \"y\"/tests" };)"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("__shardlineStartingEnv"), std::string::npos) << text;
}

TEST(PlaywrightConfigText, a_javascript_base_is_imported_with_its_extension) {
  auto text = playwright_overlay_config("playwright.config.mjs", video_off("r"));

  EXPECT_NE(text.find("import base from \"./playwright.config.mjs\";"), std::string::npos);
}

TEST(PlaywrightConfigText, a_base_name_with_quotes_stays_one_string) {
  auto text = playwright_overlay_config("it's \"odd\".config.js", video_off("r"));

  EXPECT_NE(text.find(R"(import base from "./it's \"odd\".config.js";)"), std::string::npos)
      << text;
}

TEST_F(PlaywrightConfigOverlay, the_written_config_lives_beside_the_base_until_it_goes) {
  write(project() / "playwright.config.ts", "export default {};\n");
  fs::path written;
  {
    auto config = OverlayConfig::write(project() / "playwright.config.ts", video_off("why"));
    ASSERT_TRUE(config) << config.error().to_string();
    written = config->path();
    EXPECT_EQ(written.parent_path(), project());
    EXPECT_TRUE(written.filename().string().starts_with(".shardline-"));
    EXPECT_EQ(read_file(written.string()),
              playwright_overlay_config("playwright.config.ts", video_off("why")));

    auto moved = std::move(*config);
    EXPECT_TRUE(fs::exists(written)) << "a move keeps the file";
  }
  EXPECT_FALSE(fs::exists(written));
}

TEST_F(PlaywrightConfigOverlay, a_config_whose_process_is_gone_is_removed_by_the_next_write) {
  write(project() / "playwright.config.ts", "");
  // A pid above Linux's highest possible (2^22) belongs to no process.
  auto abandoned = project() / ".shardline-4194305-1.overlay.config.ts";
  auto abandoned_older = project() / ".shardline-4194305-2.video-off.config.ts";
  auto live = project() / (".shardline-" + std::to_string(::getppid()) + "-1.overlay.config.ts");
  auto unrelated = project() / ".shardline-notes.txt";
  for (const auto& file : {abandoned, abandoned_older, live, unrelated})
    write(file, "");

  auto config = OverlayConfig::write(project() / "playwright.config.ts", video_off("a"));

  ASSERT_TRUE(config);
  EXPECT_FALSE(fs::exists(abandoned));
  EXPECT_FALSE(fs::exists(abandoned_older)) << "an older version's name";
  EXPECT_TRUE(fs::exists(live)) << "its process still runs";
  EXPECT_TRUE(fs::exists(unrelated));
}

TEST_F(PlaywrightConfigOverlay, two_configs_of_one_process_get_two_files) {
  write(project() / "playwright.config.ts", "");
  auto first = OverlayConfig::write(project() / "playwright.config.ts", video_off("a"));
  auto second = OverlayConfig::write(project() / "playwright.config.ts", video_off("b"));

  ASSERT_TRUE(first && second);
  EXPECT_NE(first->path(), second->path());
}

TEST_F(PlaywrightConfigOverlay, a_folder_that_cannot_be_written_is_an_error) {
  auto config =
      OverlayConfig::write(scratch.path() / "missing" / "playwright.config.ts", video_off("a"));

  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("cannot write"), std::string::npos);
}

} // namespace
} // namespace shardline
