// The folders a client names (discover.dir, config.runner.dir) over real
// sockets: inside the project root they are used, outside every one of them
// is refused with the same answer, so the answer tells nothing of what exists.

#include "tests/http/api_fixture.hpp"

#include <filesystem>
#include <fstream>

namespace {

using namespace shardline::test_support;
namespace fs = std::filesystem;

class ApiProjectRoot : public ApiTest {
protected:
  ApiProjectRoot() : ApiTest(1) {
    root = scratch.path() / "project";
    fs::create_directories(root / "sub");
    fs::create_directories(scratch.path() / "outside");
    fs::create_directory_symlink(scratch.path() / "outside", root / "link-out");
    fs::create_directory_symlink(root / "sub", root / "link-in");
    api->project_root = root;
  }

  /// A command session that writes its working folder to `out`.
  nlohmann::json in_folder(const std::string& dir, const fs::path& out) {
    auto body = command_session({"a"}, "pwd > " + out.string(), 1);
    body["config"]["runner"]["dir"] = dir;
    return body;
  }

  HttpResponse discover(const std::string& dir) {
    return post("/api/execution/parallel",
                {{"discover", {{"runner", "playwright"}, {"dir", dir}}}});
  }

  fs::path root;
};

TEST_F(ApiProjectRoot, a_command_runs_in_a_folder_inside_the_root) {
  auto out = scratch.path() / "pwd.txt";
  for (const std::string& dir :
       {(root / "sub").string(), std::string("sub"), std::string("link-in"), root.string()}) {
    fs::remove(out);
    auto session = start(in_folder(dir, out));
    ASSERT_EQ(await_end(session)["status"], "completed") << dir;
    auto expected = dir == root.string() ? root : root / "sub";
    EXPECT_EQ(read_file(out.string()), expected.string() + "\n") << dir;
  }
}

TEST_F(ApiProjectRoot, every_folder_outside_the_root_gets_one_and_the_same_answer) {
  std::vector<std::string> outside{
      "/etc",
      "/nonexistent-7f3a",
      "/etc/nonexistent-7f3a",
      "../..",
      "..",
      (root / ".." / "outside").string(),
      "link-out",
      "link-out/missing",
      "sub/../../outside",
      "/root",
  };
  for (const char* field : {"config.runner.dir", "discover.dir"}) {
    std::optional<std::string> first;
    for (const auto& dir : outside) {
      auto response =
          std::string(field) == "discover.dir"
              ? discover(dir)
              : post("/api/execution/parallel", in_folder(dir, scratch.path() / "never.txt"));
      EXPECT_EQ(response.status, 400) << field << " " << dir;
      auto error = response.json()["error"];
      EXPECT_EQ(error["field"], field) << dir;
      EXPECT_EQ(error["code"], "invalid_argument") << dir;
      if (!first)
        first = response.body;
      EXPECT_EQ(response.body, *first) << field << " " << dir;
    }
    EXPECT_NE(first->find("project root"), std::string::npos) << *first;
  }
  EXPECT_FALSE(fs::exists(scratch.path() / "never.txt"));
}

TEST_F(ApiProjectRoot, a_missing_folder_inside_the_root_is_refused_too) {
  auto response = discover("missing");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.json()["error"]["field"], "discover.dir");
  auto file = root / "file.txt";
  std::ofstream(file) << "x";
  auto runner = post("/api/execution/parallel", in_folder("file.txt", scratch.path() / "n.txt"));
  EXPECT_EQ(runner.status, 400);
  EXPECT_EQ(runner.json()["error"]["field"], "config.runner.dir");
}

} // namespace
