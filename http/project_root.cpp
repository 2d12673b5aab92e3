#include "http/project_root.hpp"

#include <algorithm>

namespace shardline::http {

namespace fs = std::filesystem;

namespace {

bool at_or_below(const fs::path& folder, const fs::path& candidate) {
  auto mismatch = std::mismatch(folder.begin(), folder.end(), candidate.begin(), candidate.end());
  return mismatch.first == folder.end();
}

} // namespace

fs::path real_project_root(const fs::path& root) {
  std::error_code error;
  auto real_root = fs::canonical(root.empty() ? fs::current_path(error) : root, error);
  return error ? fs::path() : real_root;
}

Result<fs::path> folder_inside(const fs::path& root, const std::string& dir,
                               const std::string& field) {
  std::error_code error;
  auto real_root = real_project_root(root);
  if (real_root.empty())
    return Error{field, "the server's project root is not available"};
  // Names nothing of the path or of what is there: /etc, /nonexistent, ../..
  // and a symlink out all read the same.
  Error outside{field, "must name a folder inside the project root " + real_root.string()};
  if (dir.empty() || dir.find('\0') != std::string::npos)
    return outside;
  fs::path requested = dir;
  if (requested.is_relative())
    requested = real_root / requested;
  // Resolves every symlink of the part that exists, then `..` in the rest:
  // an absent path under a link out resolves outside as well.
  auto real = fs::weakly_canonical(requested, error);
  if (error || !at_or_below(real_root, real))
    return outside;
  if (!fs::is_directory(real, error))
    return Error{field, "is not a folder (inside the project root " + real_root.string() + ")"};
  return real;
}

} // namespace shardline::http
