#include "tools/token_file.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace shardline::cli {

namespace fs = std::filesystem;

std::string random_token() {
  std::array<unsigned char, 32> bytes{};
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    auto got = ::getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      throw std::runtime_error(std::string("no randomness for a token: ") + std::strerror(errno));
    filled += static_cast<std::size_t>(got);
  }
  static constexpr char digits[] = "0123456789abcdef";
  std::string token;
  for (auto byte : bytes) {
    token.push_back(digits[byte >> 4]);
    token.push_back(digits[byte & 0xf]);
  }
  return token;
}

std::optional<fs::path> default_token_file() {
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");
  if (runtime != nullptr && *runtime == '/')
    return fs::path(runtime) / "shardline" / "token";
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home == '/')
    return fs::path(home) / ".config" / "shardline" / "token";
  return std::nullopt;
}

std::optional<Error> write_token_file(const fs::path& path, const std::string& token) {
  auto failed = [&](const std::string& what) {
    std::string message = "cannot write the token to ";
    message.append(path.string()).append(": ").append(what);
    return Error{"--token-file", std::move(message)};
  };
  auto folder = path.parent_path();
  if (!folder.empty() && ::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) {
    // A missing parent of the folder (~/.config itself) is made the usual way.
    std::error_code ec;
    fs::create_directories(folder.parent_path(), ec);
    if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
      return failed(std::strerror(errno));
  }
  // Written beside and renamed over: never a moment with a partial token, and
  // an existing file (or a symlink planted there) is replaced, not written through.
  auto temporary = path.string() + ".XXXXXX";
  int fd = ::mkstemp(temporary.data());
  if (fd < 0)
    return failed(std::strerror(errno));
  auto text = token + "\n";
  bool written = ::fchmod(fd, 0600) == 0 &&
                 ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  int error = errno;
  ::close(fd);
  if (!written || ::rename(temporary.c_str(), path.c_str()) != 0) {
    if (written)
      error = errno;
    ::unlink(temporary.c_str());
    return failed(std::strerror(error));
  }
  return std::nullopt;
}

void remove_token_file(const fs::path& path, const std::string& token) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return;
  std::string text(token.size() + 2, '\0');
  auto length = ::read(fd, text.data(), text.size());
  ::close(fd);
  if (length >= 0 &&
      std::string_view(text.data(), static_cast<std::size_t>(length)) == token + "\n")
    ::unlink(path.c_str());
}

} // namespace shardline::cli
