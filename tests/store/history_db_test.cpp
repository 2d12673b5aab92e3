#include "store/history_db.hpp"

#include "store/store_file.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

// The history in a real database file, through separate connections as two
// runs would have.

namespace shardline {
namespace {

namespace fs = std::filesystem;

TestResult attempt(const std::string& id, TestStatus status, std::int64_t duration_ms) {
  TestResult result;
  result.test_id = id;
  result.status = status;
  result.duration_ms = duration_ms;
  result.attempt = 1;
  return result;
}

class HistoryDb : public ::testing::Test {
protected:
  sqlite::Database open() {
    auto db = open_store(scratch.path() / "shardline.db");
    EXPECT_TRUE(db) << db.error().to_string();
    return std::move(*db);
  }

  // A JSON history of an earlier version that knows one test, "from-json".
  fs::path json_history() {
    History old;
    old.record(std::vector{attempt("from-json", TestStatus::passed, 777)});
    auto json = scratch.path() / "history.json";
    EXPECT_FALSE(save_history(old, json));
    return json;
  }

  test_support::ScratchDir scratch;
};

TEST_F(HistoryDb, a_new_database_has_an_empty_history) {
  auto db = open();
  auto history = read_history(db);

  ASSERT_TRUE(history) << history.error().to_string();
  EXPECT_EQ(history->size(), 0u);
  EXPECT_EQ(history->run(), 0);
}

TEST_F(HistoryDb, what_a_run_records_is_read_back_by_the_next_one) {
  {
    auto db = open();
    auto recorded = record_history(db, std::vector{attempt("slow", TestStatus::passed, 4000),
                                                   attempt("broken", TestStatus::failed, 10)});
    ASSERT_TRUE(recorded) << recorded.error().to_string();
  }
  auto db = open();
  auto history = read_history(db);

  ASSERT_TRUE(history) << history.error().to_string();
  EXPECT_EQ(history->run(), 1);
  ASSERT_NE(history->find("slow"), nullptr);
  EXPECT_EQ(history->find("slow")->estimated_duration_ms, 4000);
  EXPECT_EQ(history->find("slow")->last_status, TestStatus::passed);
  ASSERT_NE(history->find("broken"), nullptr);
  EXPECT_EQ(history->find("broken")->failures, 1);
  EXPECT_EQ(history->find("broken")->last_status, TestStatus::failed);
}

TEST_F(HistoryDb, two_runs_ending_at_once_both_count) {
  auto first = open();
  auto second = open();
  // Both read the empty history at their start; each records on top of
  // what the file holds when it ends.
  ASSERT_TRUE(record_history(first, std::vector{attempt("a", TestStatus::passed, 100)}));
  ASSERT_TRUE(record_history(second, std::vector{attempt("a", TestStatus::passed, 300),
                                                 attempt("b", TestStatus::passed, 50)}));

  auto history = read_history(first);
  ASSERT_TRUE(history);
  EXPECT_EQ(history->run(), 2);
  EXPECT_EQ(history->find("a")->runs, 2);
  EXPECT_EQ(history->find("a")->estimated_duration_ms, 200) << "midpoint of 100 and 300";
  EXPECT_EQ(history->find("b")->runs, 1);
}

TEST_F(HistoryDb, entries_the_limits_forget_leave_the_file) {
  auto db = open();
  HistoryLimits limits;
  limits.max_age_runs = 1;
  ASSERT_TRUE(record_history(db, std::vector{attempt("old", TestStatus::passed, 1)}, limits));
  ASSERT_TRUE(record_history(db, std::vector{attempt("new", TestStatus::passed, 1)}, limits));
  ASSERT_TRUE(record_history(db, std::vector{attempt("new", TestStatus::passed, 1)}, limits));

  auto rows = db.integer("SELECT count(*) FROM test_history WHERE test_id = 'old'");
  ASSERT_TRUE(rows);
  EXPECT_EQ(*rows, 0);
  EXPECT_NE(read_history(db, limits)->find("new"), nullptr);
}

TEST_F(HistoryDb, the_json_history_of_earlier_versions_is_imported_once) {
  auto json = json_history();
  auto db = open();

  auto imported = import_history_json(db, json);

  ASSERT_TRUE(imported) << imported.error().to_string();
  EXPECT_EQ(*imported, HistoryImport::imported);
  auto history = read_history(db);
  ASSERT_TRUE(history && history->find("from-json"));
  EXPECT_EQ(history->find("from-json")->estimated_duration_ms, 777);
  EXPECT_EQ(history->run(), 1);

  EXPECT_EQ(*import_history_json(db, json), HistoryImport::already_done);
}

TEST_F(HistoryDb, a_database_with_a_history_of_its_own_keeps_it) {
  auto json = json_history();
  auto db = open();
  ASSERT_TRUE(record_history(db, std::vector{attempt("own", TestStatus::passed, 5)}));

  EXPECT_EQ(*import_history_json(db, json), HistoryImport::database_knows);
  EXPECT_EQ(read_history(db)->find("from-json"), nullptr);
}

TEST_F(HistoryDb, a_missing_file_is_nothing_and_a_broken_one_an_error) {
  auto db = open();
  EXPECT_EQ(*import_history_json(db, scratch.path() / "none.json"), HistoryImport::nothing_there);

  auto broken = scratch.path() / "broken.json";
  std::ofstream(broken) << "{not json";
  auto imported = import_history_json(db, broken);
  ASSERT_FALSE(imported);
  EXPECT_NE(imported.error().to_string().find("broken.json"), std::string::npos);
  EXPECT_EQ(read_history(db)->size(), 0u) << "nothing half imported";
}

} // namespace
} // namespace shardline
