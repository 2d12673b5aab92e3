#pragma once

#include "model/result.hpp"

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace shardline {

/// Variables a test gets on top of the worker's own environment; a name that
/// is already set is replaced, not duplicated.
using EnvironmentVariables = std::vector<std::pair<std::string, std::string>>;

/// Starts `argv` with posix_spawnp, never through a shell: argv[0] is looked
/// up in PATH unless it contains a '/', and every element reaches the program
/// as one argument, byte for byte. The child gets
/// - a process group of its own whose id is its pid, so the whole group can be
///   signalled without touching the worker;
/// - stdin from /dev/null, stdout and stderr both on `output_fd` (one pipe
///   keeps the order in which the two streams were written);
/// - no other descriptor of the worker, even one opened without O_CLOEXEC;
/// - default signal dispositions and an empty signal mask, whatever the
///   calling thread ignores or blocks (a server ignores SIGPIPE);
/// - `working_dir` as its directory unless that is empty; when
///   `working_dir_fd` is a descriptor, the child enters it instead (fchdir)
///   and `working_dir` only names it in messages.
///
/// A program that cannot be started is an Error in the user's terms
/// (`cannot start "nope": No such file or directory`), never an exception.
Result<pid_t> spawn_in_own_group(const std::vector<std::string>& argv,
                                 const std::string& working_dir,
                                 const EnvironmentVariables& environment, int output_fd,
                                 int working_dir_fd = -1);

} // namespace shardline
