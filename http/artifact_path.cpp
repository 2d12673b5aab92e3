#include "http/artifact_path.hpp"

#include "http/url.hpp"
#include "runners/unique_fd.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <vector>

namespace shardline::http {

namespace fs = std::filesystem;

namespace {

ArtifactError bad_request(std::string message) {
  return {ArtifactError::Kind::bad_request, std::move(message)};
}

ArtifactError not_found() {
  return {ArtifactError::Kind::not_found, "no such artifact in this session"};
}

/// A segment decoded, or why it cannot name a file inside a folder.
std::variant<std::string, ArtifactError> decode_segment(std::string_view raw) {
  if (raw.find('\\') != std::string_view::npos)
    return bad_request("artifact paths use / between folders, not \\");
  auto decoded = percent_decode(raw);
  if (!decoded)
    return bad_request("malformed percent-escape in the artifact path");
  if (decoded->find_first_of(std::string_view("/\\\0", 3)) != std::string::npos)
    return bad_request("an escape in the artifact path decodes to /, \\ or NUL");
  if (decoded->empty() || *decoded == "." || *decoded == "..")
    return bad_request("the artifact path has an empty, . or .. segment");
  return std::move(*decoded);
}

/// The session's folder name followed by the decoded segments of the path.
std::variant<std::vector<std::string>, ArtifactError> segments_of(std::string_view session_id,
                                                                  std::string_view requested) {
  if (requested.empty())
    return bad_request("the artifact path is empty");
  if (requested.front() == '/')
    return bad_request("the artifact path must be relative to the session's folder");
  std::vector<std::string> segments;
  auto session = decode_segment(session_id);
  if (std::holds_alternative<ArtifactError>(session))
    return bad_request("the session id is not a single folder name");
  segments.push_back(std::move(std::get<std::string>(session)));
  std::string_view rest = requested;
  while (true) {
    auto slash = rest.find('/');
    auto segment = decode_segment(rest.substr(0, slash));
    if (auto* error = std::get_if<ArtifactError>(&segment))
      return std::move(*error);
    segments.push_back(std::move(std::get<std::string>(segment)));
    if (slash == std::string_view::npos)
      break;
    rest.remove_prefix(slash + 1);
  }
  return segments;
}

// O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused after
// fstat); a regular file ignores the flag.
constexpr int file_flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;

int openat2_beneath(int root, const std::string& relative) {
  open_how how{};
  how.flags = static_cast<std::uint64_t>(file_flags);
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  return static_cast<int>(::syscall(SYS_openat2, root, relative.c_str(), &how, sizeof how));
}

// One component at a time, none followed if it is a symlink: the folders
// with O_DIRECTORY (a symlink fails with ELOOP or ENOTDIR), the file with
// O_NOFOLLOW.
int open_by_components(int root, const std::vector<std::string>& segments) {
  UniqueFd folder{::fcntl(root, F_DUPFD_CLOEXEC, 0)};
  for (std::size_t i = 0; folder && i + 1 < segments.size(); ++i)
    folder = UniqueFd{::openat(folder.get(), segments[i].c_str(),
                               O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
  if (!folder)
    return -1;
  return ::openat(folder.get(), segments.back().c_str(), file_flags);
}

} // namespace

bool kernel_has_openat2() {
  static const bool has = [] {
    UniqueFd probe{openat2_beneath(AT_FDCWD, ".")};
    // A sandbox may forbid the call (EPERM) rather than lack it.
    return probe || (errno != ENOSYS && errno != EPERM);
  }();
  return has;
}

std::variant<ArtifactFile, ArtifactError> open_artifact(const fs::path& root,
                                                        std::string_view session_id,
                                                        std::string_view requested,
                                                        ArtifactOpening how) {
  auto segments = segments_of(session_id, requested);
  if (auto* error = std::get_if<ArtifactError>(&segments))
    return std::move(*error);
  const auto& names = std::get<std::vector<std::string>>(segments);
  // The root itself is the server's own setting: it may be reached through links.
  UniqueFd root_fd{::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (!root_fd)
    return not_found();
  int fd = -1;
  if (how == ArtifactOpening::best && kernel_has_openat2()) {
    std::string relative;
    for (const auto& name : names)
      relative.append(relative.empty() ? "" : "/").append(name);
    fd = openat2_beneath(root_fd.get(), relative);
  } else
    fd = open_by_components(root_fd.get(), names);
  if (fd < 0)
    return not_found();
  auto body = std::make_shared<BodyFile>(fd, 0);
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode))
    return not_found();
  return ArtifactFile{
      std::make_shared<BodyFile>(body->take(), static_cast<std::uint64_t>(info.st_size)),
      names.back()};
}

std::string content_type_for(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".png")
    return "image/png";
  if (extension == ".jpg" || extension == ".jpeg")
    return "image/jpeg";
  if (extension == ".webm")
    return "video/webm";
  if (extension == ".zip")
    return "application/zip";
  if (extension == ".json")
    return "application/json";
  if (extension == ".txt" || extension == ".log" || extension == ".md")
    return "text/plain; charset=utf-8";
  if (extension == ".html" || extension == ".htm")
    return "text/html; charset=utf-8";
  if (extension == ".svg")
    return "image/svg+xml";
  return "application/octet-stream";
}

bool runs_script(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* risky : {".html", ".htm", ".xhtml", ".svg", ".svgz", ".xml", ".xsl"})
    if (extension == risky)
      return true;
  return false;
}

} // namespace shardline::http
