#include "runners/temporary_directory.hpp"

#include <stdlib.h>

#include <cerrno>
#include <system_error>
#include <utility>

namespace shardline {

Result<TemporaryDirectory> TemporaryDirectory::create(const std::string& prefix) {
  std::error_code error;
  auto base = std::filesystem::temp_directory_path(error);
  if (error)
    return Error{"", "cannot find a folder for temporary files: " + error.message()};
  std::string pattern = (base / (prefix + "XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr)
    return Error{"", "cannot create a temporary folder in " + base.string() + ": " +
                         std::generic_category().message(errno)};
  return TemporaryDirectory(std::filesystem::path(pattern));
}

TemporaryDirectory::TemporaryDirectory(TemporaryDirectory&& other) noexcept
    : path_(std::exchange(other.path_, {})) {}

TemporaryDirectory& TemporaryDirectory::operator=(TemporaryDirectory&& other) noexcept {
  if (this != &other) {
    remove();
    path_ = std::exchange(other.path_, {});
  }
  return *this;
}

TemporaryDirectory::~TemporaryDirectory() {
  remove();
}

void TemporaryDirectory::remove() {
  if (path_.empty())
    return;
  std::error_code ignored; // nothing to do about a folder that will not go
  std::filesystem::remove_all(path_, ignored);
  path_.clear();
}

} // namespace shardline
