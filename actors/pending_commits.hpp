#pragma once

// The results a session recorded that the store has not committed yet: what
// the session may not show anyone until they are (a result counts once it
// would survive a crash).

#include "model/execution_session.hpp"
#include "model/test_status.hpp"

#include <cstddef>
#include <deque>

namespace shardline {

/// Results recorded and not yet committed, oldest first. The store commits
/// a session's results in the order they were sent, so the committed ones
/// are always a prefix of the recorded ones: this is the rest.
class PendingCommits {
public:
  struct Entry {
    TestStatus status = TestStatus::passed;
    bool final = true;       // the test is done with it (else it runs again)
    bool was_running = true; // a worker's result (else the session ended the test itself)
  };

  void recorded(Entry entry) { entries_.push_back(entry); }

  /// The oldest one was committed. Precondition: not empty.
  Entry committed() {
    auto entry = entries_.front();
    entries_.pop_front();
    return entry;
  }

  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }

  /// The ledger's counts as they were before the uncommitted results: a
  /// final result's test still runs (or waits, when the session ended it),
  /// a retried one still runs. Totals stay whole:
  /// completed + running + pending == total.
  ExecutionProgress visible(ExecutionProgress progress) const;

private:
  std::deque<Entry> entries_;
};

} // namespace shardline
