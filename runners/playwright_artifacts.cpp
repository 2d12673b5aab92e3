#include "runners/playwright_artifacts.hpp"

#include <system_error>

namespace shardline {

namespace {

constexpr std::size_t max_name_bytes = 200;

enum class Kind { screenshot, trace, video, other };

Kind kind_of(const PlaywrightAttachment& attachment) {
  std::string_view type = attachment.content_type;
  if (type.starts_with("image/"))
    return Kind::screenshot;
  if (attachment.name == "trace" || type == "application/zip")
    return Kind::trace;
  if (type.starts_with("video/"))
    return Kind::video;
  return Kind::other;
}

// `name`, or `stem-2.ext`, `stem-3.ext`... whichever is free in `folder`.
std::filesystem::path free_path(const std::filesystem::path& folder, const std::string& name) {
  auto candidate = folder / name;
  std::error_code ignored;
  auto stem = std::filesystem::path(name).stem().string();
  auto extension = std::filesystem::path(name).extension().string();
  for (int n = 2; std::filesystem::exists(candidate, ignored); ++n)
    candidate = folder / (stem + '-' + std::to_string(n) + extension);
  return candidate;
}

} // namespace

std::string artifact_name(std::string_view text) {
  std::string name;
  for (char c : text.substr(0, max_name_bytes)) {
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '_' || c == '-' || c == '@';
    name += safe ? c : '_';
  }
  if (name.empty())
    return "_";
  if (name.front() == '.')
    name.front() = '_';
  return name;
}

std::vector<std::string> keep_attachments(const std::vector<PlaywrightAttachment>& attachments,
                                          const ArtifactStore& store, TestResult& result) {
  std::vector<std::string> problems;
  if (store.root.empty()) {
    for (const auto& attachment : attachments)
      result.attachments.push_back({attachment.name, attachment.content_type, std::nullopt});
    return problems;
  }
  auto session = artifact_name(store.session_id);
  auto test = artifact_name(result.test_id);
  auto folder = store.root / session / test;
  for (const auto& attachment : attachments) {
    auto kind = kind_of(attachment);
    // Every attachment is listed, kept or not: its name and type still tell.
    auto& listed = result.attachments.emplace_back(
        ResultAttachment{attachment.name, attachment.content_type, std::nullopt});
    if (attachment.path.empty())
      continue;
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    std::filesystem::path target;
    if (!error) {
      target = free_path(folder,
                         artifact_name(std::filesystem::path(attachment.path).filename().string()));
      std::filesystem::copy_file(attachment.path, target, error);
    }
    if (error) {
      problems.push_back("cannot keep the attachment \"" + attachment.name + "\" of test " +
                         result.test_id + " (" + attachment.path + "): " + error.message());
      continue;
    }
    std::string url{artifact_url_prefix};
    url += session;
    url += '/';
    url += test;
    url += '/';
    url += target.filename().string();
    listed.url = url;
    if (kind == Kind::other)
      continue;
    if (kind == Kind::screenshot)
      result.screenshots.push_back(std::move(url));
    else if (kind == Kind::trace)
      result.trace_url = std::move(url);
    else
      result.video_url = std::move(url);
  }
  return problems;
}

std::filesystem::path artifact_file(const std::filesystem::path& root, std::string_view url) {
  if (!url.starts_with(artifact_url_prefix))
    return {};
  return root / std::filesystem::path(url.substr(artifact_url_prefix.size()));
}

} // namespace shardline
