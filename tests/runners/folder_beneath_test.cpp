// A folder a client named is entered beneath the project root by descriptor,
// checked again at the start: a folder swapped for a symlink to outside after
// the server's check runs nothing there.

#include "runners/command_runner.hpp"
#include "runners/folder_beneath.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace shardline {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test_support::read_file;
using test_support::ScratchDir;

class FolderBeneath : public ::testing::Test {
protected:
  FolderBeneath() {
    fs::create_directories(root / "project" / "sub");
    fs::create_directories(outside);
  }

  ScratchDir scratch;
  fs::path root = scratch.path() / "root";
  fs::path outside = scratch.path() / "outside";
};

TEST_F(FolderBeneath, a_folder_inside_opens_by_absolute_or_relative_path) {
  EXPECT_TRUE(open_folder_beneath(root.string(), (root / "project" / "sub").string()));
  EXPECT_TRUE(open_folder_beneath(root.string(), "project/sub"));
  EXPECT_TRUE(open_folder_beneath(root.string(), root.string()));
}

TEST_F(FolderBeneath, a_symlink_on_the_path_outside_or_dot_dot_is_refused_with_a_clear_error) {
  fs::create_directory_symlink(outside, root / "link");
  fs::create_directory_symlink(root / "project", root / "inner-link");
  for (const auto& dir : {(root / "link").string(), (root / "inner-link" / "sub").string(),
                          outside.string(), std::string("../outside"),
                          (root / "project" / ".." / ".." / "outside").string()}) {
    auto opened = open_folder_beneath(root.string(), dir);
    ASSERT_FALSE(opened) << dir;
    EXPECT_NE(opened.error().message.find(std::string("cannot enter working directory \"").append(dir).append("\"")),
              std::string::npos)
        << opened.error().message;
  }
  EXPECT_FALSE(open_folder_beneath(root.string(), (root / "absent").string()));
}

TestFile a_test() {
  TestFile test;
  test.id = "beneath::test";
  test.path = "beneath.sh";
  test.title = "test";
  return test;
}

RunnerConfig pwd_into(const std::string& file, const std::string& dir) {
  return RunnerConfig{RunnerKind::command, {"sh", "-c", std::string("pwd -P > ").append(file)}, dir};
}

TEST_F(FolderBeneath, a_test_starts_in_the_checked_folder) {
  CommandOptions options;
  options.project_root = root.string();
  auto test = a_test();
  auto dir = root / "project";
  auto result = run_command(test, pwd_into("where", dir.string()), 10s, options);
  EXPECT_EQ(result.status, TestStatus::passed) << result.error.value_or("");
  EXPECT_EQ(read_file((dir / "where").string()), std::string(dir.string()).append("\n"));
}

TEST_F(FolderBeneath, a_folder_swapped_for_a_symlink_out_after_the_check_runs_nothing_outside) {
  CommandOptions options;
  options.project_root = root.string();
  auto test = a_test();
  auto dir = root / "project"; // the real path the server checked
  fs::rename(dir, root / "moved");
  fs::create_directory_symlink(outside, dir);

  auto result = run_command(test, pwd_into("where", dir.string()), 10s, options);

  EXPECT_EQ(result.status, TestStatus::failed);
  EXPECT_NE(result.error.value_or("").find("cannot enter working directory"), std::string::npos)
      << result.error.value_or("");
  EXPECT_FALSE(fs::exists(outside / "where")) << "the test ran outside the project root";
}

TEST_F(FolderBeneath, without_a_project_root_a_symlinked_folder_is_entered_as_before) {
  fs::create_directory_symlink(root / "project", root / "link");
  auto test = a_test();
  auto result = run_command(test, pwd_into("where", (root / "link").string()), 10s);
  EXPECT_EQ(result.status, TestStatus::passed) << result.error.value_or("");
  EXPECT_TRUE(fs::exists(root / "project" / "where"));
}

} // namespace
} // namespace shardline
