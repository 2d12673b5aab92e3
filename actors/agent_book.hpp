#pragma once

#include "actors/messages.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace shardline {

/// The bookkeeping of one HTTP agent, without any actor: the batches handed
/// to it, which of their tests wait for the agent's next poll and which it
/// was given and owes a result for, and the results it reported. The agent
/// reports each result naming the session and epoch of its hand-over; the
/// book says whether it is new (accepted), a repeat (duplicate) or for a test
/// the agent does not hold (stale).
///
/// An epoch names exactly one hand-over, so one test at one attempt: a result
/// is identified by (session, epoch, test id), which is what docs/API.md calls
/// (session, test, attempt) without trusting the attempt the agent echoes.
class AgentBook {
public:
  /// A batch that is over: its run id and the epochs of its tests that never
  /// reported (they run again elsewhere).
  struct EndedRun {
    std::uint64_t run_id = 0;
    std::vector<std::uint64_t> not_run;

    friend bool operator==(const EndedRun&, const EndedRun&) = default;
  };

  /// What a reported result is, and for an accepted one, the batch it belongs
  /// to and whether that batch is now complete.
  struct Report {
    ReportVerdict verdict = ReportVerdict::stale;
    std::uint64_t run_id = 0;  // accepted only
    bool run_complete = false; // accepted only: the batch's last result
    int attempt = 0;           // accepted only: of the hand-over
    std::string detail;        // why, for people (stale, duplicate)
  };

  /// `remembered_results`: how many accepted results the book remembers to
  /// recognise duplicates (the oldest are forgotten first); at least 1.
  explicit AgentBook(std::size_t remembered_results = 10000);

  /// Takes a batch, its tests to be delivered on the next poll; returns how
  /// many it took. Precondition: `run_id` is new. A test whose (session,
  /// epoch) the book already holds is left out; a batch of which it took
  /// nothing is not kept (the caller ends it at once).
  std::size_t add_batch(std::uint64_t run_id, std::vector<TestAssignment> batch);

  /// The tests to deliver now, in the order they were handed over: every
  /// pending one, which from now on awaits a result.
  std::vector<TestAssignment> poll();

  /// A result the agent reported for the hand-over (session, epoch).
  Report report(const std::string& session_id, std::uint64_t epoch, const TestResult& result);

  /// Drops every test of the session (pending or delivered) and forgets its
  /// results; returns the batches that ended, with what never reported.
  std::vector<EndedRun> cancel(const std::string& session_id);

  /// The agent fell silent: drops every test it holds. Returns every batch,
  /// each with its unreported epochs. Results seen are remembered still, so a
  /// repeat of an accepted one stays a duplicate.
  std::vector<EndedRun> expire();

  // -- state -------------------------------------------------------------------

  /// Busy while it holds any test, pending or delivered.
  WorkerState status() const;
  /// The ids of the tests it holds, in hand-over order.
  std::vector<std::string> current_tests() const;
  std::size_t pending_count() const;
  std::size_t delivered_count() const;
  std::size_t run_count() const { return runs_.size(); }
  std::size_t remembered_count() const { return remembered_order_.size(); }

private:
  // A hand-over is (session id, epoch).
  using Key = std::pair<std::string, std::uint64_t>;

  struct Held {
    std::uint64_t run_id = 0;
    std::uint64_t order = 0; // rises with every hand-over
    TestAssignment assignment;
    bool delivered = false;
  };

  struct Run {
    std::string session_id;
    std::vector<std::uint64_t> epochs; // still held, in batch order
  };

  EndedRun end_run(std::uint64_t run_id);
  void remember(const Key& key, const std::string& test_id);
  std::string stale_detail(const std::string& session_id, std::uint64_t epoch,
                           const std::string& test_id) const;

  /// The held tests in hand-over order.
  std::vector<const Held*> in_order(bool delivered, bool pending) const;

  std::map<Key, Held> held_;
  std::uint64_t next_order_ = 1;
  std::map<std::uint64_t, Run> runs_;
  // Accepted results: test id per hand-over, and their order for forgetting.
  std::map<Key, std::string> remembered_;
  std::deque<Key> remembered_order_;
  std::size_t remembered_results_;
  // The few most recent cancelled sessions, to say why a result is stale.
  std::deque<std::string> cancelled_;
};

} // namespace shardline
