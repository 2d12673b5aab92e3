#include "runners/folder_beneath.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

namespace shardline {

namespace fs = std::filesystem;

namespace {

std::string in_quotes(const std::string& text) {
  std::string quoted;
  quoted.reserve(text.size() + 2);
  quoted += '"';
  quoted += text;
  quoted += '"';
  return quoted;
}

// openat2 where the kernel has it (5.6); -1 with errno ENOSYS where not.
int open_beneath(int root, const std::string& relative) {
  open_how how{};
  how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  return static_cast<int>(::syscall(SYS_openat2, root, relative.c_str(), &how, sizeof how));
}

// The same, one component at a time: a symlink, `..` or a non-folder stops it.
int open_each_component(int root, const fs::path& relative) {
  UniqueFd at(::fcntl(root, F_DUPFD_CLOEXEC, 0));
  if (!at)
    return -1;
  for (const auto& part : relative) {
    if (part == "." || part.empty())
      continue;
    if (part == "..") {
      errno = EXDEV;
      return -1;
    }
    UniqueFd next(
        ::openat(at.get(), part.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!next)
      return -1;
    at = std::move(next);
  }
  return ::fcntl(at.get(), F_DUPFD_CLOEXEC, 0); // a copy: `at` closes its own
}

} // namespace

Result<UniqueFd> open_folder_beneath(const std::string& root, const std::string& dir) {
  auto refusal = [&](int error_number) {
    std::string reason =
        error_number == ELOOP || error_number == EXDEV || error_number == ENOTDIR
            ? "it is not a folder inside the project root " + in_quotes(root) +
                  " without a symlink on its path (swapped for a link after the server "
                  "checked it?)"
            : std::generic_category().message(error_number) + " (beneath the project root " +
                  in_quotes(root) + ")";
    return Error{"", "cannot enter working directory " + in_quotes(dir) + ": " + reason};
  };
  fs::path requested = dir;
  fs::path relative = requested;
  if (requested.is_absolute()) {
    relative = requested.lexically_normal().lexically_relative(fs::path(root).lexically_normal());
    if (relative.empty() || *relative.begin() == "..")
      return refusal(EXDEV);
  }
  if (relative.empty() || relative == ".")
    relative = ".";
  UniqueFd base(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!base)
    return refusal(errno);
  int fd = open_beneath(base.get(), relative.string());
  if (fd < 0 && errno == ENOSYS)
    fd = open_each_component(base.get(), relative);
  if (fd < 0)
    return refusal(errno);
  return UniqueFd(fd);
}

} // namespace shardline
