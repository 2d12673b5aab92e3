#pragma once

#include "model/test_result.hpp"
#include "runners/playwright_events.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace shardline {

/// Where the screenshots, traces and videos of a session's tests are kept:
/// `<root>/<session>/<test>/<file>`, served as `/api/artifacts/<session>/...`.
struct ArtifactStore {
  std::filesystem::path root; // empty: attachments are not kept
  std::string session_id;
};

/// `text` as one safe file name and URL path segment: letters, digits and
/// `. _ - @` stay, every other byte (`/`, spaces, `›`) becomes `_`; a leading
/// `.` becomes `_` too, so the name is never `.`, `..` or hidden; empty text
/// gives `_`; at most 200 bytes.
std::string artifact_name(std::string_view text);

/// Copies the attachments of one test into the store, in the folder
/// `<root>/<artifact_name(session)>/<artifact_name(test id)>/`, and lists
/// each in `result.attachments` (name, content type and its URL,
/// `/api/artifacts/<session>/<test>/<file>`, so a dashboard can fetch it from
/// the coordinator; no URL when it has no file or could not be copied).
/// Some are named again where a TestResult has a place for them:
/// - image/*: screenshots (`test-failed-1.png`);
/// - the one named `trace`, or application/zip: trace_url;
/// - video/*: video_url.
/// The reporter writes an attachment made with a `body` to a file, so it has
/// a path too. Without a store root nothing is copied: each is listed without a URL. A file name
/// already in the folder, from an earlier attempt, gets
/// `-2`, `-3`... before its extension: nothing is overwritten. Returns what
/// could not be copied, one sentence each; those are left out of `result`.
/// The URL prefix under which artifacts are served.
inline constexpr std::string_view artifact_url_prefix = "/api/artifacts/";

/// The file behind an artifact URL that keep_attachments wrote into a store
/// rooted at `root`; empty when `url` is not one (for display: a server must
/// check the path it serves on its own).
std::filesystem::path artifact_file(const std::filesystem::path& root, std::string_view url);

std::vector<std::string> keep_attachments(const std::vector<PlaywrightAttachment>& attachments,
                                          const ArtifactStore& store, TestResult& result);

} // namespace shardline
