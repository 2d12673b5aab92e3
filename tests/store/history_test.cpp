#include "store/history.hpp"

#include "../support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace shardline {
namespace {

using test_support::read_file;
using test_support::ScratchDir;

TestResult attempt(const std::string& id, TestStatus status, std::int64_t duration_ms,
                   int number = 1) {
  TestResult result;
  result.test_id = id;
  result.status = status;
  result.duration_ms = duration_ms;
  result.attempt = number;
  result.retry_count = number - 1;
  return result;
}

TestFile test_named(const std::string& id) {
  TestFile test;
  test.id = id;
  test.path = "suite.spec.ts";
  return test;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::vector<std::string> names_in(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  for (const auto& item : std::filesystem::directory_iterator(folder))
    names.push_back(item.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// -- record --------------------------------------------------------------------

TEST(HistoryRecord, first_run_sets_the_estimate_to_the_duration) {
  History history;
  history.record(std::vector{attempt("a", TestStatus::passed, 1200)});

  ASSERT_NE(history.find("a"), nullptr);
  EXPECT_EQ(history.find("a")->estimated_duration_ms, 1200);
  EXPECT_EQ(history.find("a")->last_status, TestStatus::passed);
  EXPECT_EQ(history.find("a")->runs, 1);
  EXPECT_EQ(history.run(), 1);
  EXPECT_EQ(history.find("a")->last_seen_run, 1);
}

TEST(HistoryRecord, estimate_moves_halfway_to_each_new_duration) {
  History history;
  for (std::int64_t duration : {1000, 3000, 3000, 3000})
    history.record(std::vector{attempt("a", TestStatus::passed, duration)});

  // 1000, then midpoint(1000, 3000) = 2000, 2500, 2750.
  EXPECT_EQ(history.find("a")->estimated_duration_ms, 2750);
}

TEST(HistoryRecord, halfway_rounds_towards_the_previous_estimate) {
  History history;
  history.record(std::vector{attempt("up", TestStatus::passed, 100),
                             attempt("down", TestStatus::passed, 101)});
  history.record(std::vector{attempt("up", TestStatus::passed, 101),
                             attempt("down", TestStatus::passed, 100)});

  EXPECT_EQ(history.find("up")->estimated_duration_ms, 100);
  EXPECT_EQ(history.find("down")->estimated_duration_ms, 101);
}

TEST(HistoryRecord, failed_and_timed_out_attempts_count_their_duration) {
  History history;
  history.record(std::vector{attempt("a", TestStatus::failed, 400),
                             attempt("b", TestStatus::timed_out, 30000)});
  history.record(std::vector{attempt("a", TestStatus::timed_out, 800)});

  EXPECT_EQ(history.find("a")->estimated_duration_ms, 600);
  EXPECT_EQ(history.find("b")->estimated_duration_ms, 30000);
}

TEST(HistoryRecord, every_attempt_of_a_retried_test_counts_in_attempt_order) {
  History history;
  history.record(std::vector{attempt("a", TestStatus::passed, 1000)});
  // Given out of order: attempt 2 (passed, 200) after attempt 1 (failed, 3000).
  history.record(std::vector{attempt("a", TestStatus::passed, 200, 2),
                             attempt("a", TestStatus::failed, 3000, 1)});

  // midpoint(1000, 3000) = 2000, then midpoint(2000, 200) = 1100.
  EXPECT_EQ(history.find("a")->estimated_duration_ms, 1100);
  EXPECT_EQ(history.find("a")->last_status, TestStatus::passed);
}

TEST(HistoryRecord, skipped_attempts_leave_estimate_and_status_alone) {
  History history;
  history.record(std::vector{attempt("a", TestStatus::failed, 500)});
  history.record(std::vector{attempt("a", TestStatus::skipped, 0)});

  const auto* entry = history.find("a");
  EXPECT_EQ(entry->estimated_duration_ms, 500);
  EXPECT_EQ(entry->last_status, TestStatus::failed);
  EXPECT_EQ(entry->runs, 1);
  EXPECT_EQ(entry->last_seen_run, 2);
}

TEST(HistoryRecord, a_test_only_ever_skipped_is_seen_but_knows_nothing) {
  History history;
  history.record(std::vector{attempt("a", TestStatus::skipped, 7)});

  ASSERT_NE(history.find("a"), nullptr);
  EXPECT_EQ(*history.find("a"), (TestHistory{std::nullopt, std::nullopt, 0, 0, 0, 1}));
}

TEST(HistoryRecord, a_run_cancelled_after_a_failed_attempt_keeps_that_verdict) {
  History history;
  history.record(std::vector{attempt("a", TestStatus::failed, 300, 1),
                             attempt("a", TestStatus::skipped, 0, 2)});

  EXPECT_EQ(history.find("a")->last_status, TestStatus::failed);
  EXPECT_EQ(history.find("a")->failures, 1);
  EXPECT_EQ(history.find("a")->estimated_duration_ms, 300);
}

TEST(HistoryRecord, counts_runs_failures_and_flaky_once_per_run) {
  History history;
  history.record(std::vector{attempt("a", TestStatus::passed, 10)});
  history.record(std::vector{attempt("a", TestStatus::failed, 10, 1),
                             attempt("a", TestStatus::timed_out, 10, 2)});
  history.record(std::vector{attempt("a", TestStatus::failed, 10, 1),
                             attempt("a", TestStatus::passed, 10, 2)});

  const auto* entry = history.find("a");
  EXPECT_EQ(entry->runs, 3);
  EXPECT_EQ(entry->failures, 1);
  EXPECT_EQ(entry->flaky, 1);
  EXPECT_EQ(entry->last_status, TestStatus::passed);
}

TEST(HistoryRecord, a_result_flagged_flaky_counts_as_flaky) {
  History history;
  auto passed = attempt("a", TestStatus::passed, 10, 2);
  passed.flaky = true;
  history.record(std::vector{passed});

  EXPECT_EQ(history.find("a")->flaky, 1);
  EXPECT_EQ(history.find("a")->failures, 0);
}

TEST(HistoryRecord, negative_durations_count_as_zero) {
  History history;
  history.record(std::vector{attempt("a", TestStatus::passed, -5)});

  EXPECT_EQ(history.find("a")->estimated_duration_ms, 0);
}

TEST(HistoryRecord, an_empty_run_does_not_age_the_history) {
  History history;
  history.record(std::vector{attempt("a", TestStatus::passed, 10)});
  history.record(std::vector<TestResult>{});

  EXPECT_EQ(history.run(), 1);
}

// -- pruning -------------------------------------------------------------------

TEST(HistoryPrune, forgets_tests_not_seen_in_the_last_max_age_runs) {
  History history(HistoryLimits{.max_age_runs = 3, .max_entries = 100});
  history.record(std::vector{attempt("gone", TestStatus::passed, 10),
                             attempt("kept", TestStatus::passed, 10)});
  history.record(std::vector{attempt("kept", TestStatus::passed, 10)});
  history.record(std::vector{attempt("kept", TestStatus::passed, 10)});
  ASSERT_NE(history.find("gone"), nullptr) << "seen 2 runs ago: still within 3";

  history.record(std::vector{attempt("kept", TestStatus::passed, 10)});

  EXPECT_EQ(history.find("gone"), nullptr);
  EXPECT_NE(history.find("kept"), nullptr);
}

TEST(HistoryPrune, over_the_cap_drops_the_least_recently_seen_first) {
  History history(HistoryLimits{.max_age_runs = 50, .max_entries = 3});
  history.record(std::vector{attempt("old-b", TestStatus::passed, 10),
                             attempt("old-a", TestStatus::passed, 10)});
  history.record(std::vector{attempt("mid", TestStatus::passed, 10)});
  history.record(std::vector{attempt("new-a", TestStatus::passed, 10),
                             attempt("new-b", TestStatus::passed, 10)});

  // Five entries, cap three: both of run 1 go (ties by id would pick old-a first).
  EXPECT_EQ(history.size(), 3u);
  EXPECT_EQ(history.find("old-a"), nullptr);
  EXPECT_EQ(history.find("old-b"), nullptr);
  EXPECT_NE(history.find("mid"), nullptr);
}

TEST(HistoryPrune, ties_at_the_cap_are_broken_by_id) {
  History history(HistoryLimits{.max_age_runs = 50, .max_entries = 2});
  history.record(std::vector{attempt("c", TestStatus::passed, 10),
                             attempt("a", TestStatus::passed, 10),
                             attempt("b", TestStatus::passed, 10)});

  EXPECT_EQ(history.find("a"), nullptr);
  EXPECT_NE(history.find("b"), nullptr);
  EXPECT_NE(history.find("c"), nullptr);
}

// -- apply ---------------------------------------------------------------------

TEST(HistoryApply, fills_only_what_the_test_does_not_have) {
  History history;
  history.put("known",
              TestHistory{.estimated_duration_ms = 900, .last_status = TestStatus::failed});
  history.put("given",
              TestHistory{.estimated_duration_ms = 900, .last_status = TestStatus::failed});
  std::vector<TestFile> tests{test_named("known"), test_named("given"), test_named("new")};
  tests[1].estimated_duration_ms = 50;
  tests[1].last_result = TestStatus::passed;

  history.apply(tests);

  EXPECT_EQ(tests[0].estimated_duration_ms, 900);
  EXPECT_EQ(tests[0].last_result, TestStatus::failed);
  EXPECT_EQ(tests[1].estimated_duration_ms, 50);
  EXPECT_EQ(tests[1].last_result, TestStatus::passed);
  EXPECT_EQ(tests[2].estimated_duration_ms, std::nullopt);
  EXPECT_EQ(tests[2].last_result, std::nullopt);
}

TEST(HistoryApply, fills_each_field_on_its_own) {
  History history;
  history.put("a", TestHistory{.estimated_duration_ms = 900, .last_status = TestStatus::failed});
  std::vector<TestFile> tests{test_named("a")};
  tests[0].estimated_duration_ms = 50;

  history.apply(tests);

  EXPECT_EQ(tests[0].estimated_duration_ms, 50);
  EXPECT_EQ(tests[0].last_result, TestStatus::failed);
}

// -- the file ------------------------------------------------------------------

TEST(HistoryFile, round_trips_every_field) {
  ScratchDir dir;
  History history;
  history.record(
      std::vector{attempt("a", TestStatus::failed, 10, 1), attempt("a", TestStatus::passed, 30, 2),
                  attempt("b", TestStatus::timed_out, 5000), attempt("c", TestStatus::skipped, 0)});
  history.record(std::vector{attempt("a", TestStatus::passed, 40)});

  ASSERT_EQ(save_history(history, dir.file("history.json")), std::nullopt);
  auto loaded = load_history(dir.file("history.json"));

  ASSERT_TRUE(loaded) << loaded.error().to_string();
  EXPECT_EQ(*loaded, history);
}

TEST(HistoryFile, writes_one_test_per_line_in_the_documented_shape) {
  ScratchDir dir;
  History history;
  history.record(std::vector{attempt("a", TestStatus::timed_out, 1250)});

  ASSERT_EQ(save_history(history, dir.file("history.json")), std::nullopt);

  EXPECT_EQ(read_file(dir.file("history.json")),
            "{\"version\": 1, \"run\": 1, \"tests\": {\n"
            "  \"a\": {\"estimatedDurationMs\":1250,\"lastStatus\":\"timedOut\",\"runs\":1,"
            "\"failures\":1,\"flaky\":0,\"lastSeenRun\":1}\n"
            "}}\n");
}

TEST(HistoryFile, ids_with_any_characters_round_trip_exactly) {
  ScratchDir dir;
  const std::vector<std::string> ids{
      "quote \" and backslash \\ ::title",
      "new\nline\ttab\r\x01\x1f",
      "unicode ✓ ünïcödé 日本語 🎭",
      "shell $(rm -rf /) `x` ; | & > < * ? ~ '",
      "",
      std::string("nul\0inside", 10),
      "tests[\"a\"].runs",
  };
  History history;
  for (const auto& id : ids)
    history.record(std::vector{attempt(id, TestStatus::passed, 77)});

  ASSERT_EQ(save_history(history, dir.file("history.json")), std::nullopt);
  auto loaded = load_history(dir.file("history.json"));

  ASSERT_TRUE(loaded) << loaded.error().to_string();
  EXPECT_EQ(*loaded, history);
  for (const auto& id : ids)
    EXPECT_NE(loaded->find(id), nullptr) << id;
}

TEST(HistoryFile, leaves_out_ids_that_are_not_utf8) {
  ScratchDir dir;
  History history;
  history.record(std::vector{attempt("bad \xff id", TestStatus::passed, 1),
                             attempt("good", TestStatus::passed, 1)});

  ASSERT_EQ(save_history(history, dir.file("history.json")), std::nullopt);
  auto loaded = load_history(dir.file("history.json"));

  ASSERT_TRUE(loaded) << loaded.error().to_string();
  EXPECT_EQ(loaded->size(), 1u);
  EXPECT_NE(loaded->find("good"), nullptr);
}

TEST(HistoryFile, a_missing_file_is_an_empty_history) {
  ScratchDir dir;
  auto loaded = load_history(dir.file("never-written.json"));

  ASSERT_TRUE(loaded) << loaded.error().to_string();
  EXPECT_EQ(loaded->size(), 0u);
  EXPECT_EQ(loaded->run(), 0);
}

TEST(HistoryFile, a_corrupt_file_is_an_error_naming_the_file_and_the_place) {
  ScratchDir dir;
  auto path = dir.file("history.json");
  write_text(path, "{\"version\": 1, \"run\": 3, \"tests\": {\n  \"a\": {\"runs\": 1");

  auto loaded = load_history(path);

  ASSERT_FALSE(loaded);
  const auto& message = loaded.error().message;
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("invalid JSON at line 2"), std::string::npos) << message;
}

TEST(HistoryFile, an_empty_file_is_an_error) {
  ScratchDir dir;
  write_text(dir.file("history.json"), "");

  EXPECT_FALSE(load_history(dir.file("history.json")));
}

TEST(HistoryFile, an_unknown_version_is_an_error) {
  ScratchDir dir;
  auto path = dir.file("history.json");
  write_text(path, R"({"version": 2, "run": 3, "tests": {}})");

  auto loaded = load_history(path);

  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().message, "history file \"" + path +
                                        "\": version: unsupported version 2 (this shardline reads "
                                        "version 1)");
}

TEST(HistoryFile, a_missing_version_or_wrong_top_level_is_an_error) {
  ScratchDir dir;
  auto path = dir.file("history.json");
  for (const char* text :
       {R"({"run": 3, "tests": {}})", R"([1, 2])", R"({"version": 1, "run": -1})",
        R"({"version": 1, "tests": []})", R"({"version": "1"})"}) {
    write_text(path, text);
    auto loaded = load_history(path);
    ASSERT_FALSE(loaded) << text;
    EXPECT_NE(loaded.error().message.find(path), std::string::npos) << loaded.error().message;
  }
}

TEST(HistoryFile, a_folder_in_place_of_the_file_is_an_error) {
  ScratchDir dir;
  std::filesystem::create_directory(dir.file("history.json"));

  auto loaded = load_history(dir.file("history.json"));

  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("it is a directory"), std::string::npos);
}

TEST(HistoryFile, hand_edited_entries_of_the_wrong_type_are_skipped_and_reported) {
  ScratchDir dir;
  auto path = dir.file("history.json");
  write_text(path, R"({"version": 1, "run": 5, "tests": {
    "good": {"estimatedDurationMs": 300, "lastStatus": "failed", "runs": 2, "lastSeenRun": 4},
    "added by hand": {"estimatedDurationMs": 1000, "note": "unknown fields are ignored"},
    "float": {"estimatedDurationMs": 12.5},
    "negative": {"runs": -1},
    "status": {"lastStatus": "exploded"},
    "future": {"lastSeenRun": 6},
    "not an object": 42
  }})");
  std::vector<Error> skipped;

  auto loaded = load_history(path, &skipped);

  ASSERT_TRUE(loaded) << loaded.error().to_string();
  EXPECT_EQ(loaded->size(), 2u);
  EXPECT_EQ(*loaded->find("good"), (TestHistory{300, TestStatus::failed, 2, 0, 0, 4}));
  EXPECT_EQ(*loaded->find("added by hand"), (TestHistory{1000, std::nullopt, 0, 0, 0, 5}));
  std::vector<std::string> fields;
  for (const auto& error : skipped)
    fields.push_back(error.field);
  EXPECT_EQ(
      skipped[1].to_string(),
      R"(tests["future"].lastSeenRun: expected a non-negative integer up to the file's run, 5)");
  EXPECT_EQ(fields, (std::vector<std::string>{
                        R"(tests["float"].estimatedDurationMs)", R"(tests["future"].lastSeenRun)",
                        R"(tests["negative"].runs)", R"(tests["not an object"])",
                        R"(tests["status"].lastStatus)"}));
}

TEST(HistoryFile, save_creates_missing_parent_folders) {
  ScratchDir dir;
  auto path = dir.path() / "a" / "b" / "history.json";

  ASSERT_EQ(save_history(History{}, path), std::nullopt);

  EXPECT_TRUE(std::filesystem::is_regular_file(path));
}

TEST(HistoryFile, save_replaces_the_old_file_and_leaves_no_temp_files) {
  ScratchDir dir;
  auto path = dir.file("history.json");
  write_text(path, "old contents");
  History history;
  history.record(std::vector{attempt("a", TestStatus::passed, 10)});

  ASSERT_EQ(save_history(history, path), std::nullopt);
  ASSERT_EQ(save_history(history, path), std::nullopt);

  EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"history.json"}));
  auto loaded = load_history(path);
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  EXPECT_EQ(*loaded, history);
}

TEST(HistoryFile, a_save_killed_midway_leaves_the_old_or_the_new_file_whole) {
  ScratchDir dir;
  auto path = dir.file("history.json");
  History old_history;
  old_history.record(std::vector{attempt("old", TestStatus::passed, 1)});
  ASSERT_EQ(save_history(old_history, path), std::nullopt);
  History new_history;
  constexpr int tests_in_new = 20'000; // a save takes a few milliseconds
  std::vector<TestResult> results;
  for (int i = 0; i < tests_in_new; ++i)
    results.push_back(attempt("spec " + std::to_string(i), TestStatus::passed, i));
  new_history.record(results);

  constexpr int kills = 12;
  for (int kill = 0; kill < kills; ++kill) {
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      for (;;)
        save_history(new_history, path);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(kill));
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);

    auto loaded = load_history(path);
    ASSERT_TRUE(loaded) << "after a kill at " << kill << " ms: " << loaded.error().to_string();
    EXPECT_TRUE(*loaded == old_history || *loaded == new_history);
  }
}

TEST(HistoryFile, a_failed_save_names_the_path_and_removes_its_temp_file) {
  ScratchDir dir;
  // A folder where the file should be: rename cannot replace it.
  auto path = dir.file("history.json");
  std::filesystem::create_directory(path);
  write_text(dir.file("history.json/inside"), "x");

  auto error = save_history(History{}, path);

  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->message.find("\"" + path + "\""), std::string::npos) << error->message;
  EXPECT_NE(error->message.find("cannot replace it: "), std::string::npos) << error->message;
  EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"history.json"}));
}

TEST(HistoryFile, a_parent_that_is_a_file_is_an_error_naming_the_path) {
  ScratchDir dir;
  write_text(dir.file("plain"), "x");
  auto path = dir.file("plain") + "/history.json";

  auto error = save_history(History{}, path);

  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->message.find(path), std::string::npos) << error->message;
}

} // namespace
} // namespace shardline
