#pragma once

#include "model/result.hpp"

#include <filesystem>
#include <string>

namespace shardline {

/// A fresh directory under the system's temp folder (TMPDIR), removed with
/// everything in it when the object goes: a batch's test list and Playwright's
/// output folder live there until their attachments are copied.
class TemporaryDirectory {
public:
  /// `prefix` starts the directory's name (`shardline-playwright-`).
  static Result<TemporaryDirectory> create(const std::string& prefix);

  TemporaryDirectory(TemporaryDirectory&& other) noexcept;
  TemporaryDirectory& operator=(TemporaryDirectory&& other) noexcept;
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  ~TemporaryDirectory();

  const std::filesystem::path& path() const { return path_; }

private:
  explicit TemporaryDirectory(std::filesystem::path path) : path_(std::move(path)) {}
  void remove();

  std::filesystem::path path_; // empty once moved from
};

} // namespace shardline
