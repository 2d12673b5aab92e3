#include "http/artifact_path.hpp"

#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace shardline::http {
namespace {

namespace fs = std::filesystem;
using test_support::ScratchDir;

/// An artifact root with one session, s1, holding shots/login.png, and a
/// secret file beside the root that no request may reach.
class ArtifactPath : public ::testing::Test {
protected:
  ArtifactPath() {
    fs::create_directories(root() / "s1" / "shots");
    write(root() / "s1" / "shots" / "login.png", "png bytes");
    write(root() / "s1" / "trace.zip", "zip bytes");
    write(scratch_.path() / "secret.txt", "secret");
  }

  fs::path root() const { return scratch_.path() / "artifacts"; }

  static void write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }

  ArtifactError::Kind error_of(std::string_view requested, std::string_view session = "s1") const {
    auto result = resolve_artifact_path(root(), session, requested);
    if (auto* error = std::get_if<ArtifactError>(&result))
      return error->kind;
    ADD_FAILURE() << requested << " resolved to " << std::get<fs::path>(result);
    return ArtifactError::Kind::too_large;
  }

  ScratchDir scratch_;
};

using Kind = ArtifactError::Kind;

TEST_F(ArtifactPath, resolves_a_nested_file_inside_the_session_folder) {
  auto result = resolve_artifact_path(root(), "s1", "shots/login.png");
  ASSERT_TRUE(std::holds_alternative<fs::path>(result));
  EXPECT_EQ(std::get<fs::path>(result), fs::canonical(root() / "s1" / "shots" / "login.png"));
}

TEST_F(ArtifactPath, decodes_escapes_that_stay_inside_one_segment) {
  write(root() / "s1" / "shots" / "a b.png", "x");
  EXPECT_TRUE(
      std::holds_alternative<fs::path>(resolve_artifact_path(root(), "s1", "shots/a%20b.png")));
}

TEST_F(ArtifactPath, rejects_dot_dot_segments) {
  EXPECT_EQ(error_of("../../secret.txt"), Kind::bad_request);
  EXPECT_EQ(error_of("shots/../trace.zip"), Kind::bad_request);
  EXPECT_EQ(error_of("./trace.zip"), Kind::bad_request);
}

TEST_F(ArtifactPath, rejects_percent_encoded_traversal) {
  EXPECT_EQ(error_of("%2e%2e/%2e%2e/secret.txt"), Kind::bad_request);
  EXPECT_EQ(error_of("%2E%2E%2F%2E%2E%2Fsecret.txt"), Kind::bad_request);
  EXPECT_EQ(error_of("shots%2Flogin.png"), Kind::bad_request);
  EXPECT_EQ(error_of("shots%5Clogin.png"), Kind::bad_request);
  EXPECT_EQ(error_of("%252e%252e/secret.txt"), Kind::not_found); // decoded once: a name "%2e%2e"
}

TEST_F(ArtifactPath, rejects_absolute_paths_backslashes_nul_and_empty_segments) {
  EXPECT_EQ(error_of("/etc/passwd"), Kind::bad_request);
  EXPECT_EQ(error_of("shots\\login.png"), Kind::bad_request);
  EXPECT_EQ(error_of("trace.zip%00.png"), Kind::bad_request);
  EXPECT_EQ(error_of("shots//login.png"), Kind::bad_request);
  EXPECT_EQ(error_of(""), Kind::bad_request);
  EXPECT_EQ(error_of("%zz"), Kind::bad_request);
}

TEST_F(ArtifactPath, rejects_a_session_id_that_is_not_one_folder_name) {
  EXPECT_EQ(error_of("secret.txt", ".."), Kind::bad_request);
  EXPECT_EQ(error_of("secret.txt", "%2e%2e"), Kind::bad_request);
  EXPECT_EQ(error_of("trace.zip", "s1%2F..%2Fs1"), Kind::bad_request);
}

TEST_F(ArtifactPath, a_symlink_leading_out_of_the_session_folder_is_not_found) {
  fs::create_symlink(scratch_.path() / "secret.txt", root() / "s1" / "leak.txt");
  fs::create_directory_symlink(scratch_.path(), root() / "s1" / "up");
  EXPECT_EQ(error_of("leak.txt"), Kind::not_found);
  EXPECT_EQ(error_of("up/secret.txt"), Kind::not_found);
}

TEST_F(ArtifactPath, a_symlink_to_another_session_is_not_found) {
  fs::create_directories(root() / "s2");
  write(root() / "s2" / "other.png", "x");
  fs::create_symlink(root() / "s2" / "other.png", root() / "s1" / "other.png");
  EXPECT_EQ(error_of("other.png"), Kind::not_found);
}

TEST_F(ArtifactPath, a_symlink_inside_the_session_folder_is_followed) {
  fs::create_symlink(root() / "s1" / "trace.zip", root() / "s1" / "latest.zip");
  auto result = resolve_artifact_path(root(), "s1", "latest.zip");
  ASSERT_TRUE(std::holds_alternative<fs::path>(result));
  EXPECT_EQ(std::get<fs::path>(result).filename(), "trace.zip");
}

TEST_F(ArtifactPath, missing_files_folders_and_sessions_are_not_found) {
  EXPECT_EQ(error_of("shots/missing.png"), Kind::not_found);
  EXPECT_EQ(error_of("shots"), Kind::not_found);
  EXPECT_EQ(error_of("trace.zip", "s9"), Kind::not_found);
}

TEST_F(ArtifactPath, reads_a_file_within_the_size_bound) {
  auto contents = read_artifact(root() / "s1" / "trace.zip", 1024);
  ASSERT_TRUE(std::holds_alternative<std::string>(contents));
  EXPECT_EQ(std::get<std::string>(contents), "zip bytes");
}

TEST_F(ArtifactPath, refuses_to_read_a_file_over_the_size_bound) {
  auto contents = read_artifact(root() / "s1" / "trace.zip", 4);
  ASSERT_TRUE(std::holds_alternative<ArtifactError>(contents));
  EXPECT_EQ(std::get<ArtifactError>(contents).kind, Kind::too_large);
}

TEST_F(ArtifactPath, content_types_follow_the_extension) {
  EXPECT_EQ(content_type_for("a/shot.PNG"), "image/png");
  EXPECT_EQ(content_type_for("a.jpg"), "image/jpeg");
  EXPECT_EQ(content_type_for("a.jpeg"), "image/jpeg");
  EXPECT_EQ(content_type_for("video.webm"), "video/webm");
  EXPECT_EQ(content_type_for("trace.zip"), "application/zip");
  EXPECT_EQ(content_type_for("r.json"), "application/json");
  EXPECT_EQ(content_type_for("out.log"), "text/plain; charset=utf-8");
  EXPECT_EQ(content_type_for("out.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(content_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("blob"), "application/octet-stream");
}

} // namespace
} // namespace shardline::http
