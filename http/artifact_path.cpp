#include "http/artifact_path.hpp"

#include "http/url.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>

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

bool is_inside(const fs::path& folder, const fs::path& candidate) {
  auto mismatch = std::mismatch(folder.begin(), folder.end(), candidate.begin(), candidate.end());
  return mismatch.first == folder.end() && mismatch.second != candidate.end();
}

} // namespace

std::variant<fs::path, ArtifactError> resolve_artifact_path(const fs::path& root,
                                                            std::string_view session_id,
                                                            std::string_view requested) {
  if (requested.empty())
    return bad_request("the artifact path is empty");
  if (requested.front() == '/')
    return bad_request("the artifact path must be relative to the session's folder");

  auto session = decode_segment(session_id);
  if (std::holds_alternative<ArtifactError>(session))
    return bad_request("the session id is not a single folder name");
  fs::path candidate = root / std::get<std::string>(session);
  fs::path folder = candidate;

  std::string_view rest = requested;
  while (true) {
    auto slash = rest.find('/');
    auto segment = decode_segment(rest.substr(0, slash));
    if (auto* error = std::get_if<ArtifactError>(&segment))
      return std::move(*error);
    candidate /= std::get<std::string>(segment);
    if (slash == std::string_view::npos)
      break;
    rest.remove_prefix(slash + 1);
  }

  // Follow symlinks on both sides, then compare real paths: a link that leads
  // out of the folder resolves outside it.
  std::error_code error;
  auto real_folder = fs::canonical(folder, error);
  if (error)
    return not_found();
  auto real_file = fs::canonical(candidate, error);
  if (error || !is_inside(real_folder, real_file))
    return not_found();
  if (!fs::is_regular_file(real_file, error))
    return not_found();
  return real_file;
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
  if (extension == ".txt" || extension == ".log")
    return "text/plain; charset=utf-8";
  if (extension == ".html" || extension == ".htm")
    return "text/html; charset=utf-8";
  return "application/octet-stream";
}

std::variant<std::string, ArtifactError> read_artifact(const fs::path& path,
                                                       std::size_t max_bytes) {
  std::error_code error;
  if (!fs::is_regular_file(path, error))
    return not_found();
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return not_found();
  // Read at most one byte past the limit instead of trusting the size the
  // file had a moment ago: it may still be growing.
  std::string contents;
  auto size = fs::file_size(path, error);
  contents.resize(error ? 0 : std::min<std::uintmax_t>(size, max_bytes));
  in.read(contents.data(), static_cast<std::streamsize>(contents.size()));
  contents.resize(static_cast<std::size_t>(in.gcount()));
  char extra[4096];
  while (in && contents.size() <= max_bytes) {
    in.read(extra, sizeof extra);
    contents.append(extra, static_cast<std::size_t>(in.gcount()));
  }
  if (contents.size() > max_bytes)
    return ArtifactError{ArtifactError::Kind::too_large,
                         "the artifact is larger than " + std::to_string(max_bytes) + " bytes"};
  return contents;
}

} // namespace shardline::http
