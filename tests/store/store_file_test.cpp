#include "store/store_file.hpp"

#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

// Real database files in a scratch folder: a new one, and every kind of file
// shardline must refuse to start over.

namespace shardline {
namespace {

namespace fs = std::filesystem;

class StoreFile : public ::testing::Test {
protected:
  fs::path file() const { return scratch.path() / "shardline.db"; }

  std::string refusal() {
    auto opened = open_store(file());
    EXPECT_FALSE(opened) << "opened what it should refuse";
    return opened ? std::string() : opened.error().to_string();
  }

  test_support::ScratchDir scratch;
};

std::int64_t integer(sqlite::Database& db, const std::string& sql) {
  auto value = db.integer(sql);
  EXPECT_TRUE(value) << value.error().to_string();
  return value ? *value : -1;
}

TEST_F(StoreFile, a_new_file_is_created_marked_as_ours_at_the_current_schema_in_wal_mode) {
  auto db = open_store(file());

  ASSERT_TRUE(db) << db.error().to_string();
  EXPECT_TRUE(fs::exists(file()));
  EXPECT_EQ(integer(*db, "PRAGMA application_id"), store_application_id);
  EXPECT_EQ(integer(*db, "PRAGMA user_version"), store_schema_version());
  auto mode = db->prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode && *mode->step());
  EXPECT_EQ(mode->text(0), "wal");
  EXPECT_EQ(integer(*db, "PRAGMA synchronous"), 2) << "FULL";
}

TEST_F(StoreFile, every_earlier_version_is_migrated_to_the_current_one) {
  for (std::int64_t from = 0; from < store_schema_version(); ++from) {
    auto path = scratch.path() / std::string("v").append(std::to_string(from)).append(".db");
    {
      auto old = open_store(path, from);
      ASSERT_TRUE(old) << old.error().to_string();
      EXPECT_EQ(integer(*old, "PRAGMA user_version"), from);
    }
    auto db = open_store(path);
    ASSERT_TRUE(db) << "from version " << from << ": " << db.error().to_string();
    EXPECT_EQ(integer(*db, "PRAGMA user_version"), store_schema_version());
    EXPECT_EQ(integer(*db, "SELECT count(*) FROM test_history"), 0);
  }
}

TEST_F(StoreFile, the_history_of_version_one_is_kept_by_the_migrations_after_it) {
  {
    auto v1 = open_store(file(), 1);
    ASSERT_TRUE(v1) << v1.error().to_string();
    ASSERT_FALSE(v1->exec("INSERT INTO test_history (test_id, estimated_duration_ms, runs, "
                          "failures, flaky, last_seen_run) VALUES ('t', 1500, 4, 1, 0, 9)"));
  }
  auto db = open_store(file());
  ASSERT_TRUE(db) << db.error().to_string();

  EXPECT_EQ(integer(*db, "SELECT estimated_duration_ms FROM test_history WHERE test_id = 't'"),
            1500);
  EXPECT_EQ(integer(*db, "SELECT runs FROM test_history WHERE test_id = 't'"), 4);
  EXPECT_EQ(integer(*db, "SELECT test_name IS NULL FROM test_history WHERE test_id = 't'"), 1)
      << "a column added since: empty until a run reports the test";
}

TEST_F(StoreFile, opening_again_keeps_what_was_written) {
  {
    auto db = open_store(file());
    ASSERT_TRUE(db);
    ASSERT_FALSE(db->exec("INSERT INTO meta (key, value) VALUES ('k', 7)"));
  }
  auto db = open_store(file());
  ASSERT_TRUE(db) << db.error().to_string();
  EXPECT_EQ(integer(*db, "SELECT value FROM meta WHERE key = 'k'"), 7);
}

TEST_F(StoreFile, a_file_of_random_bytes_is_refused_and_left_as_it_was) {
  std::string bytes(64 * 1024, '\0');
  std::mt19937 random(7);
  for (auto& byte : bytes)
    byte = static_cast<char>(random());
  std::ofstream(file(), std::ios::binary) << bytes;

  auto message = refusal();

  EXPECT_NE(message.find(file().string() + " is not a SQLite database"), std::string::npos)
      << message;
  EXPECT_NE(message.find("--db"), std::string::npos) << message;
  EXPECT_EQ(fs::file_size(file()), bytes.size()) << "never started over";
}

TEST_F(StoreFile, another_programs_database_is_refused) {
  {
    auto other = sqlite::Database::open(file(), sqlite::OpenMode::read_write_create);
    ASSERT_TRUE(other);
    ASSERT_FALSE(other->exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)"));
  }

  auto message = refusal();

  EXPECT_NE(message.find("is not a shardline database"), std::string::npos) << message;
}

TEST_F(StoreFile, a_file_from_a_newer_shardline_is_refused_with_both_versions) {
  {
    auto db = open_store(file());
    ASSERT_TRUE(db);
    ASSERT_FALSE(db->exec(
        std::string("PRAGMA user_version=").append(std::to_string(store_schema_version() + 5))));
  }

  auto message = refusal();

  auto expected = std::string("was written by a newer shardline (schema version ")
                      .append(std::to_string(store_schema_version() + 5))
                      .append("; this one knows up to ")
                      .append(std::to_string(store_schema_version()));
  EXPECT_NE(message.find(expected), std::string::npos) << message;
}

TEST_F(StoreFile, a_page_overwritten_with_garbage_is_refused_as_damaged) {
  {
    auto db = open_store(file());
    ASSERT_TRUE(db);
    ASSERT_FALSE(db->exec("PRAGMA journal_mode=DELETE")); // all pages in the main file
    auto insert =
        db->prepare("INSERT INTO test_history (test_id, runs, failures, flaky, last_seen_run) "
                    "VALUES (?1, 1, 0, 0, 1)");
    ASSERT_TRUE(insert);
    for (int i = 0; i < 2000; ++i)
      ASSERT_FALSE(
          insert->bind(1, std::string("test-").append(std::to_string(i)).append(40, 'x')).run());
  }
  ASSERT_GT(fs::file_size(file()), 8u * 4096u);
  {
    // Page 3 onwards: past the header and the schema, inside the table.
    std::fstream out(file(), std::ios::binary | std::ios::in | std::ios::out);
    out.seekp(3 * 4096);
    std::string garbage(4096, '\x5a');
    out.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }

  auto message = refusal();

  EXPECT_NE(message.find("is damaged"), std::string::npos) << message;
}

TEST_F(StoreFile, a_folder_is_refused_in_the_users_words) {
  fs::create_directories(file());

  EXPECT_NE(refusal().find("is a folder: --db names a file"), std::string::npos);
}

TEST_F(StoreFile, an_empty_file_becomes_a_new_database) {
  std::ofstream(file(), std::ios::binary).flush();

  auto db = open_store(file());

  ASSERT_TRUE(db) << db.error().to_string();
  EXPECT_EQ(integer(*db, "PRAGMA user_version"), store_schema_version());
}

} // namespace
} // namespace shardline
