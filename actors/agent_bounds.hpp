#pragma once

// What an HTTP agent may send: its results are bounded as a local run's are
// (the output tail, the error and its stack), its strings and lists have
// lengths, and the links it gives are this session's artifacts or http(s)
// pages, never `javascript:` or another scheme a dashboard would follow.

#include "actors/messages.hpp"
#include "model/result.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace shardline::agent_bounds {

inline constexpr std::size_t output_tail_bytes = 64 * 1024; // as runners/output_tail.hpp
inline constexpr std::size_t error_bytes = 16 * 1024;
inline constexpr std::size_t error_stack_bytes = 64 * 1024;
inline constexpr std::size_t text_bytes = 4096; // ids, paths, titles, notes
inline constexpr std::size_t name_bytes = 256;  // attachment names, content types, kinds
inline constexpr std::size_t url_bytes = 2048;
inline constexpr std::size_t list_entries = 64; // screenshots, attachments, annotations
inline constexpr std::size_t runner_attempts = 16;

inline constexpr std::size_t worker_name_bytes = 128;
inline constexpr std::size_t host_bytes = 255;        // a DNS name's length
inline constexpr std::size_t capability_entries = 32; // browsers, tags
inline constexpr std::size_t capability_bytes = 64;   // one browser or tag
inline constexpr int max_concurrent = 1024;
inline constexpr int cpus = 4096;
inline constexpr std::int64_t memory_mib = std::int64_t{1} << 30; // 1 EiB

/// Whether `url` is a link a result may carry: an artifact of this session
/// (`/api/artifacts/<session_id>/...`) or an http(s) URL, with no control
/// characters or spaces.
bool allowed_result_url(std::string_view url, std::string_view session_id);

/// Whether `url` is an http(s) URL with no control characters or spaces.
bool allowed_http_url(std::string_view url);

/// Brings a result an agent reported for `session_id` within bounds: the
/// output tail keeps its last 64 KiB, the error and stack their first 16 and
/// 64 KiB (cut at a whole UTF-8 character), as a local run keeps them.
/// Anything else over a bound, and a link that is not allowed, is an error
/// naming the field under `at` ("result.attachments[2].url").
std::optional<Error> bound_result(TestResult& result, std::string_view session_id,
                                  const std::string& at = "result");

/// A registration within bounds, or the error naming its field.
std::optional<Error> check_profile(const WorkerProfile& profile);

} // namespace shardline::agent_bounds
