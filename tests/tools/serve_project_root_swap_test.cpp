// `serve --project-root`: a folder accepted inside the root, then swapped for
// a symlink to outside before the session's next test starts, runs nothing
// outside: that test fails with a clear error. The real executable.

#include "tests/http/http_client.hpp"
#include "tests/support/child.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

namespace {

namespace fs = std::filesystem;
using namespace shardline::test_support;
using namespace std::chrono_literals;

TEST(ServeProjectRoot, a_folder_swapped_for_a_symlink_out_after_the_check_runs_no_test_outside) {
  ScratchDir scratch;
  auto root = scratch.path() / "root";
  auto project = root / "project";
  auto outside = scratch.path() / "outside";
  fs::create_directories(project);
  fs::create_directories(outside);
  auto go = scratch.file("go");
  const std::string token = "project-root-swap-token";
  Child serve({SHARDLINE_BIN, "serve", "--db", scratch.file("shardline.db"), "--http",
               "127.0.0.1:0", "--local-workers", "1", "--token", token, "--project-root",
               root.string(), "--artifacts", scratch.file("artifacts")},
              scratch.file("serve.txt"));
  std::uint16_t port = 0;
  ASSERT_TRUE(eventually([&] {
    std::smatch match;
    auto output = read_file(scratch.file("serve.txt"));
    if (std::regex_search(output, match, std::regex("listening on http://127.0.0.1:(\\d+)")))
      port = static_cast<std::uint16_t>(std::stoi(match[1].str()));
    return port != 0;
  })) << read_file(scratch.file("serve.txt"));
  HttpClient client(port, 10s);
  HeaderList headers{{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}};

  // One worker, in order: `first` says it runs (in the folder by now), waits
  // for the swap; `second` starts after it.
  auto first_runs = scratch.file("first-runs");
  std::string script = std::string("if [ \"$1\" = first ]; then : > '")
                           .append(first_runs)
                           .append("'; while [ ! -e '")
                           .append(go)
                           .append("' ]; do sleep 0.02; done; fi; pwd -P > \"$1.pwd\"");
  nlohmann::json body = {
      {"tests", {{{"path", "swap"}, {"title", "first"}}, {{"path", "swap"}, {"title", "second"}}}},
      {"config",
       {{"workerCount", 1},
        {"strategy", "round-robin"},
        {"steal", false},
        {"runner",
         {{"kind", "command"},
          {"dir", "project"},
          {"argv", {"sh", "-c", script, "sh", "{title}"}}}}}}};
  auto started = client.request("POST", "/api/execution/parallel", body.dump(), headers);
  ASSERT_EQ(started.status, 201) << started.body;
  auto session = started.json()["sessionId"].get<std::string>();
  ASSERT_TRUE(eventually([&] { return fs::exists(first_runs); })) << "the first test runs";

  fs::rename(project, root / "moved"); // the first test keeps its folder
  fs::create_directory_symlink(outside, project);
  std::ofstream(go) << "go";

  nlohmann::json status;
  ASSERT_TRUE(eventually([&] {
    status =
        client.request("GET", "/api/execution/parallel/" + session + "/status", "", headers).json();
    return status["status"] != "running" && status["status"] != "pending";
  }));
  auto results =
      client.request("GET", "/api/execution/parallel/" + session + "/results", "", headers).json();
  nlohmann::json second;
  for (const auto& result : results["results"])
    if (result["testName"] == "second")
      second = result;
  ASSERT_FALSE(second.is_null()) << results.dump();
  EXPECT_EQ(second["status"], "failed") << second.dump();
  EXPECT_NE(second["error"].get<std::string>().find("cannot enter working directory"),
            std::string::npos)
      << second.dump();
  EXPECT_FALSE(fs::exists(outside / "second.pwd")) << "a test ran outside the project root";
  EXPECT_TRUE(fs::exists(root / "moved" / "first.pwd")) << results.dump();
}

} // namespace
