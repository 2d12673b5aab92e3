// GET /api/artifacts over real sockets: only a known session's folder, no
// symlink followed even while one is swapped in under a running download, the
// answers hardened (nosniff, sandbox, HTML and SVG as downloads), and a large
// file streamed rather than read whole.

#include "tests/http/api_fixture.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

namespace {

using namespace shardline::test_support;
namespace fs = std::filesystem;

constexpr std::string_view outside_marker = "OUTSIDE-MARKER-7f3a";

class ApiArtifacts : public ApiTest {
protected:
  ApiArtifacts() : ApiTest(1) {
    session = start(command_session({"a"}, "true", 1));
    await_end(session);
    folder = scratch.path() / "artifacts" / session;
    fs::create_directories(folder);
    fs::create_directories(scratch.path() / "outside");
    write(scratch.path() / "outside" / "secret.txt", outside_marker);
    write(scratch.path() / "outside" / "shot.png", outside_marker);
  }

  static void write(const fs::path& path, std::string_view text) {
    std::ofstream(path, std::ios::binary) << text;
  }

  HttpResponse artifact(const std::string& path) {
    return get("/api/artifacts/" + session + "/" + path);
  }

  std::string session;
  fs::path folder;
};

TEST_F(ApiArtifacts, a_known_sessions_artifact_is_served_hardened) {
  fs::create_directories(folder / "test-1");
  write(folder / "test-1" / "shot.png", "PNG bytes");

  auto response = artifact("test-1/shot.png");

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, "PNG bytes");
  EXPECT_EQ(response.header("content-type"), "image/png");
  EXPECT_EQ(response.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(response.header("content-security-policy"), "sandbox");
  EXPECT_EQ(response.header("content-disposition"), std::nullopt);
}

TEST_F(ApiArtifacts, html_and_svg_go_out_as_sandboxed_downloads) {
  write(folder / "report.html", "<script>alert(1)</script>");
  write(folder / "logo.SVG", "<svg onload=alert(1)/>");
  for (const char* name : {"report.html", "logo.SVG"}) {
    auto response = artifact(name);
    ASSERT_EQ(response.status, 200) << name;
    EXPECT_EQ(response.header("content-disposition"), "attachment") << name;
    EXPECT_EQ(response.header("content-security-policy"), "sandbox") << name;
    EXPECT_EQ(response.header("x-content-type-options"), "nosniff") << name;
  }
}

TEST_F(ApiArtifacts, refusals_carry_nosniff_too) {
  auto response = artifact("missing.png");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.header("x-content-type-options"), "nosniff");
}

TEST_F(ApiArtifacts, a_folder_under_the_root_that_is_no_session_is_not_served) {
  fs::create_directories(scratch.path() / "artifacts" / "not-a-session");
  write(scratch.path() / "artifacts" / "not-a-session" / "shot.png", "PNG bytes");

  auto response = get("/api/artifacts/not-a-session/shot.png");

  EXPECT_EQ(response.status, 404) << response.body;
  EXPECT_EQ(response.body.find("PNG"), std::string::npos);
}

TEST_F(ApiArtifacts, a_session_folder_that_is_a_symlink_out_is_not_served) {
  fs::remove(folder);
  fs::create_directory_symlink(scratch.path() / "outside", folder);

  for (const char* name : {"secret.txt", "shot.png"}) {
    auto response = artifact(name);
    EXPECT_EQ(response.status, 404) << name;
    EXPECT_EQ(response.body.find(outside_marker), std::string::npos) << name;
  }
}

TEST_F(ApiArtifacts, no_artifact_path_leaves_the_sessions_folder) {
  fs::create_symlink(scratch.path() / "outside" / "secret.txt", folder / "leak.txt");
  for (const std::string target :
       {"../../outside/secret.txt", "%2e%2e/%2e%2e/outside/secret.txt",
        "..%2f..%2foutside%2fsecret.txt", "a%00.png", "%2fetc%2fpasswd", "leak.txt"}) {
    auto response = artifact(target);
    EXPECT_TRUE(response.status == 400 || response.status == 404)
        << target << " " << response.status;
    EXPECT_EQ(response.body.find(outside_marker), std::string::npos) << target;
  }
}

// A thread exchanges a real file with a symlink to outside (and a real folder
// with a symlink to an outside folder), atomically and without pause, while a
// client downloads both paths. Not one byte from outside may be served.
TEST_F(ApiArtifacts, a_symlink_swapped_in_during_downloads_never_serves_outside_bytes) {
  write(folder / "shot.png", "INSIDE");
  fs::create_symlink(scratch.path() / "outside" / "shot.png", folder / "shot-link");
  fs::create_directories(folder / "dir");
  write(folder / "dir" / "shot.png", "INSIDE");
  fs::create_directory_symlink(scratch.path() / "outside", folder / "dir-link");

  std::atomic<bool> done = false;
  std::atomic<long> swaps = 0;
  std::thread swapper([&] {
    auto file = (folder / "shot.png").string(), file_link = (folder / "shot-link").string();
    auto dir = (folder / "dir").string(), dir_link = (folder / "dir-link").string();
    while (!done) {
      ::renameat2(AT_FDCWD, file.c_str(), AT_FDCWD, file_link.c_str(), RENAME_EXCHANGE);
      ::renameat2(AT_FDCWD, dir.c_str(), AT_FDCWD, dir_link.c_str(), RENAME_EXCHANGE);
      ++swaps;
    }
  });

  constexpr int requests = 10'000;
  int served = 0, refused = 0, leaked = 0, other = 0;
  auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < requests; ++i) {
    auto response = artifact(i % 2 == 0 ? "shot.png" : "dir/shot.png");
    if (response.body.find(outside_marker) != std::string::npos)
      ++leaked;
    else if (response.status == 200 && response.body == "INSIDE")
      ++served;
    else if (response.status == 404)
      ++refused;
    else
      ++other;
  }
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  done = true;
  swapper.join();

  std::cout << requests << " requests in " << elapsed.count() << " ms while " << swaps
            << " swaps ran: " << served << " served, " << refused << " refused (a link), " << leaked
            << " leaked\n";
  EXPECT_EQ(leaked, 0);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(served + refused, requests);
  EXPECT_GT(served, 0) << "the real file was served when it was in place";
}

// The process's resident memory, in bytes.
std::size_t resident_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0)
      return std::stoull(line.substr(6)) * 1024;
  return 0;
}

TEST_F(ApiArtifacts, a_large_artifact_is_streamed_not_read_whole) {
  // Sparse: 512 MiB that cost no disk. Read whole, the server would hold it all.
  constexpr std::uint64_t size = 512ull * 1024 * 1024;
  {
    std::ofstream(folder / "video.webm");
    fs::resize_file(folder / "video.webm", size);
  }
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(server->port());
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  std::string request = "GET /api/artifacts/" + session +
                        "/video.webm HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(::send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));

  auto baseline = resident_bytes();
  std::size_t peak = baseline;
  std::string head;
  bool head_done = false;
  std::uint64_t body = 0;
  std::vector<char> chunk(1 << 16);
  for (std::uint64_t read_so_far = 0;;) {
    auto n = ::recv(fd, chunk.data(), chunk.size(), 0);
    if (n <= 0)
      break;
    if (!head_done) {
      head.append(chunk.data(), static_cast<std::size_t>(n));
      auto end = head.find("\r\n\r\n");
      if (end != std::string::npos) {
        head_done = true;
        body += head.size() - end - 4;
        head.resize(end);
      }
    } else
      body += static_cast<std::uint64_t>(n);
    read_so_far += static_cast<std::uint64_t>(n);
    if (read_so_far % (16 << 20) < chunk.size())
      peak = std::max(peak, resident_bytes());
  }
  ::close(fd);

  EXPECT_NE(head.find("200 OK"), std::string::npos) << head;
  EXPECT_NE(head.find("Content-Length: " + std::to_string(size)), std::string::npos) << head;
  EXPECT_EQ(body, size);
  EXPECT_LT(peak - baseline, size / 4)
      << "resident memory grew by " << (peak - baseline) / (1024 * 1024) << " MiB";
}

} // namespace
