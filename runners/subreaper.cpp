#include "runners/subreaper.hpp"

#include <sys/prctl.h>

#include <cerrno>
#include <system_error>

namespace shardline {

std::optional<Error> become_subreaper() {
  if (::prctl(PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L) != 0)
    return Error{"", "cannot become the reaper of orphaned test processes: " +
                         std::generic_category().message(errno)};
  return std::nullopt;
}

} // namespace shardline
