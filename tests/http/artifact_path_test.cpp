#include "http/artifact_path.hpp"
#include "runners/unique_fd.hpp"

#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

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
    // Both ways of opening must agree: openat2 (where the kernel has it) and
    // one component at a time.
    auto best = open_artifact(root(), session, requested);
    auto fallback = open_artifact(root(), session, requested, ArtifactOpening::per_component);
    auto* error = std::get_if<ArtifactError>(&best);
    auto* fallback_error = std::get_if<ArtifactError>(&fallback);
    if (!error || !fallback_error) {
      ADD_FAILURE() << requested << " was opened (openat2: " << kernel_has_openat2() << ")";
      return ArtifactError::Kind::bad_request;
    }
    EXPECT_EQ(error->kind, fallback_error->kind) << requested;
    return error->kind;
  }

  /// What an opened artifact holds, read from its descriptor.
  static std::string contents(std::variant<ArtifactFile, ArtifactError> opened) {
    auto* file = std::get_if<ArtifactFile>(&opened);
    if (!file) {
      ADD_FAILURE() << std::get<ArtifactError>(opened).message;
      return {};
    }
    shardline::UniqueFd fd{file->body->take()};
    std::string text(static_cast<std::size_t>(file->body->size()), '\0');
    auto got = ::pread(fd.get(), text.data(), text.size(), 0);
    text.resize(got < 0 ? 0 : static_cast<std::size_t>(got));
    return text;
  }

  ScratchDir scratch_;
};

using Kind = ArtifactError::Kind;

TEST_F(ArtifactPath, opens_a_nested_file_inside_the_session_folder) {
  auto opened = open_artifact(root(), "s1", "shots/login.png");
  ASSERT_TRUE(std::holds_alternative<ArtifactFile>(opened));
  EXPECT_EQ(std::get<ArtifactFile>(opened).name, "login.png");
  EXPECT_EQ(std::get<ArtifactFile>(opened).body->size(), 9u);
  EXPECT_EQ(contents(std::move(opened)), "png bytes");
}

TEST_F(ArtifactPath, decodes_escapes_that_stay_inside_one_segment) {
  write(root() / "s1" / "shots" / "a b.png", "x");
  EXPECT_EQ(contents(open_artifact(root(), "s1", "shots/a%20b.png")), "x");
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

TEST_F(ArtifactPath, a_symlink_inside_the_session_folder_is_not_followed_either) {
  fs::create_symlink(root() / "s1" / "trace.zip", root() / "s1" / "latest.zip");
  fs::create_directory_symlink(root() / "s1" / "shots", root() / "s1" / "pictures");
  EXPECT_EQ(error_of("latest.zip"), Kind::not_found);
  EXPECT_EQ(error_of("pictures/login.png"), Kind::not_found);
}

TEST_F(ArtifactPath, a_session_folder_that_is_a_symlink_is_not_served) {
  fs::create_directories(scratch_.path() / "outside");
  write(scratch_.path() / "outside" / "secret.png", "secret");
  fs::create_directory_symlink(scratch_.path() / "outside", root() / "s2");
  fs::create_directory_symlink(root() / "s1", root() / "s3");
  EXPECT_EQ(error_of("secret.png", "s2"), Kind::not_found);
  EXPECT_EQ(error_of("trace.zip", "s3"), Kind::not_found);
}

TEST_F(ArtifactPath, missing_files_folders_and_sessions_are_not_found) {
  EXPECT_EQ(error_of("shots/missing.png"), Kind::not_found);
  EXPECT_EQ(error_of("shots"), Kind::not_found);
  EXPECT_EQ(error_of("trace.zip", "s9"), Kind::not_found);
}

TEST_F(ArtifactPath, a_fifo_is_refused_without_waiting_for_a_writer) {
  ASSERT_EQ(::mkfifo((root() / "s1" / "pipe.log").c_str(), 0600), 0);
  EXPECT_EQ(error_of("pipe.log"), Kind::not_found);
}

TEST_F(ArtifactPath, the_fallback_opens_a_nested_file_too) {
  EXPECT_EQ(
      contents(open_artifact(root(), "s1", "shots/login.png", ArtifactOpening::per_component)),
      "png bytes");
}

// Both ways of opening, while a thread exchanges a real file and folder with
// symlinks to outside: an open either refuses or reads the real file.
TEST_F(ArtifactPath, a_symlink_swapped_in_meanwhile_is_never_read_through) {
  write(scratch_.path() / "secret.png", "outside");
  fs::create_directories(scratch_.path() / "out");
  write(scratch_.path() / "out" / "login.png", "outside");
  fs::create_symlink(scratch_.path() / "secret.png", root() / "s1" / "link.png");
  fs::create_directory_symlink(scratch_.path() / "out", root() / "s1" / "shots-link");
  write(root() / "s1" / "shot.png", "inside");
  std::atomic<bool> done = false;
  std::thread swapper([&] {
    auto file = root() / "s1" / "shot.png", link = root() / "s1" / "link.png";
    auto dir = root() / "s1" / "shots", dir_link = root() / "s1" / "shots-link";
    while (!done) {
      ::renameat2(AT_FDCWD, file.c_str(), AT_FDCWD, link.c_str(), RENAME_EXCHANGE);
      ::renameat2(AT_FDCWD, dir.c_str(), AT_FDCWD, dir_link.c_str(), RENAME_EXCHANGE);
    }
  });
  int read_inside = 0;
  for (int i = 0; i < 20'000; ++i) {
    auto how = i % 4 < 2 ? ArtifactOpening::best : ArtifactOpening::per_component;
    auto opened = open_artifact(root(), "s1", i % 2 == 0 ? "shot.png" : "shots/login.png", how);
    if (std::holds_alternative<ArtifactFile>(opened)) {
      auto text = contents(std::move(opened));
      EXPECT_NE(text, "outside") << i;
      read_inside += text == "inside" || text == "png bytes";
    }
  }
  done = true;
  swapper.join();
  EXPECT_GT(read_inside, 0);
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
  EXPECT_EQ(content_type_for("logo.svg"), "image/svg+xml");
}

TEST_F(ArtifactPath, html_svg_and_xml_are_files_that_run_script) {
  for (const char* name : {"a.html", "a.HTM", "b.svg", "c.xml", "d.xhtml"})
    EXPECT_TRUE(runs_script(name)) << name;
  for (const char* name : {"a.png", "trace.zip", "out.txt", "video.webm", "r.json"})
    EXPECT_FALSE(runs_script(name)) << name;
}

} // namespace
} // namespace shardline::http
