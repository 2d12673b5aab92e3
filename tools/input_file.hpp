#pragma once

#include "model/result.hpp"

#include <string>

namespace shardline::cli {

/// Reads a whole file, or standard input for "-". The error names the file
/// and the system's reason (`cannot read "x.json": No such file or directory`).
Result<std::string> read_input(const std::string& path);

} // namespace shardline::cli
