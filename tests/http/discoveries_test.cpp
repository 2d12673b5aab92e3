#include "http/discoveries.hpp"

#include "runners/subreaper.hpp"
#include "tests/support/child.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

namespace shardline::http {
namespace {

using namespace std::chrono_literals;
using test_support::eventually;
using test_support::read_file;

// Playwright's command line as a shell script in a project folder of its own.
class DiscoveriesTest : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_FALSE(become_subreaper()); }

  PlaywrightListOptions project(const std::string& name, const std::string& script) {
    auto bin = scratch.path() / name / "node_modules" / ".bin";
    std::filesystem::create_directories(bin);
    std::ofstream(bin / "playwright") << "#!/bin/sh\n" << script;
    std::filesystem::permissions(bin / "playwright", std::filesystem::perms::owner_all);
    PlaywrightListOptions options;
    options.dir = (scratch.path() / name).string();
    options.timeout = 60s;
    return options;
  }

  // A listing that says it started (its pid in started.txt), then hangs.
  PlaywrightListOptions hanging(const std::string& name) {
    return project(name, "echo $$ > started.txt; exec sleep 60\n");
  }

  bool started(const std::string& name) {
    return !read_file((scratch.path() / name / "started.txt").string()).empty();
  }

  Discoveries::Done record() {
    return [this](Result<std::vector<TestFile>> tests, bool stopping) {
      std::lock_guard lock(mutex);
      outcomes.push_back(tests ? "ok" : tests.error().message);
      stopped.push_back(stopping);
    };
  }

  std::size_t outcome_count() {
    std::lock_guard lock(mutex);
    return outcomes.size();
  }

  test_support::ScratchDir scratch;
  std::mutex mutex;
  std::vector<std::string> outcomes;
  std::vector<bool> stopped;
};

TEST_F(DiscoveriesTest, lists_on_a_thread_and_hands_over_the_tests) {
  Discoveries discoveries;
  auto options = project("a", "echo '{\"suites\":[]}' > \"$PLAYWRIGHT_JSON_OUTPUT_FILE\"\n");

  ASSERT_TRUE(discoveries.start(options, record()));

  ASSERT_TRUE(eventually([&] { return outcome_count() == 1; }));
  EXPECT_EQ(outcomes[0], "ok");
  EXPECT_EQ(stopped[0], false);
  EXPECT_TRUE(eventually([&] { return discoveries.running() == 0; }));
}

TEST_F(DiscoveriesTest, refuses_beyond_its_limit_and_takes_more_once_one_ended) {
  Discoveries discoveries(2);
  ASSERT_TRUE(discoveries.start(hanging("a"), record()));
  ASSERT_TRUE(discoveries.start(hanging("b"), record()));

  EXPECT_FALSE(discoveries.start(hanging("c"), record()));
  EXPECT_EQ(discoveries.running(), 2);
  EXPECT_FALSE(std::filesystem::exists(scratch.path() / "c" / "started.txt"));
}

TEST_F(DiscoveriesTest, stop_kills_the_listings_in_flight_and_waits_for_their_threads) {
  Discoveries discoveries;
  ASSERT_TRUE(discoveries.start(hanging("a"), record()));
  ASSERT_TRUE(discoveries.start(hanging("b"), record()));
  ASSERT_TRUE(eventually([&] { return started("a") && started("b"); }));

  discoveries.stop();

  ASSERT_EQ(outcome_count(), 2U) << "stop() returns after every callback";
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_NE(outcomes[i].find("cancelled"), std::string::npos) << outcomes[i];
    EXPECT_TRUE(stopped[i]);
  }
  for (const auto* name : {"a", "b"}) {
    auto pid = std::stol(read_file((scratch.path() / name / "started.txt").string()));
    EXPECT_TRUE(test_support::process_gone(static_cast<pid_t>(pid))) << name;
  }
  EXPECT_EQ(discoveries.running(), 0);
}

TEST_F(DiscoveriesTest, starts_nothing_once_stopped) {
  Discoveries discoveries;
  discoveries.stop();

  EXPECT_FALSE(discoveries.start(hanging("a"), record()));
  discoveries.stop();
  EXPECT_EQ(outcome_count(), 0U);
}

} // namespace
} // namespace shardline::http
