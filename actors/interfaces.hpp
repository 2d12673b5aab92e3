#pragma once

// The whole actor protocol of shardline in one place: every actor interface,
// one handler per line. Messages marked "internal" are sent by an actor to
// itself (CAF 0.17 only lets a typed actor delay a message its own interface
// declares); nobody else sends them.

#include "actors/atoms.hpp"
#include "actors/messages.hpp"

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace shardline {

/// Index of a test within its session's suite.
using TestIndex = std::uint64_t;

/// The RESULT SINK interface: where a worker streams the results of a batch,
/// each the moment its test ends.
using result_sink_actor = caf::typed_actor<
    // A test ended: the epoch of its hand-over and its result.
    caf::reacts_to<atom::result, std::uint64_t, TestResult>,
    // The same, from a reporter that waits until the result counts (stored,
    // when there is a store): answers true then, false when it was dropped.
    caf::replies_to<atom::commit, std::uint64_t, TestResult>::with<bool>>;

/// The WORKER actor interface: runs the batches it is handed, up to its
/// `maxConcurrent` at once. The same interface whether the worker lives in
/// this process or on another node.
using worker_actor = caf::typed_actor<
    // Runs a batch of one session's tests in one go (one Playwright
    // invocation, or one process after the other), streaming each result to
    // the sink; answers, once the batch is over, the epochs of the tests that
    // never reported (they run again: the infrastructure failed, not them).
    caf::replies_to<atom::run, std::vector<TestAssignment>,
                    result_sink_actor>::with<std::vector<std::uint64_t>>,
    // Stops every running and waiting batch of a session; their requests fail.
    caf::reacts_to<atom::cancel, std::string>,
    // The session is over: what the worker kept for it (a Playwright
    // config's web servers) may go once its batches have ended.
    caf::reacts_to<atom::ended, std::string>,
    // Internal: a batch (by run id) is over; the epochs that never reported.
    caf::reacts_to<atom::done, std::uint64_t, std::vector<std::uint64_t>>,
    // Internal: time for the next heartbeat.
    caf::reacts_to<atom::tick>>;

/// The HTTP AGENT actor interface: stands in for a worker that speaks REST
/// (in any language), so the coordinator and shards treat it like any worker.
/// It keeps the batches it is handed until the agent polls for them, and
/// forwards the results the agent posts to the batch's sink.
using http_agent_actor = caf::typed_actor<
    // Its registration with the coordinator, once done: worker id, heartbeat
    // interval and timeout in ms (POST /api/workers/register).
    caf::replies_to<atom::register_>::with<std::string, std::int64_t, std::int64_t>,
    // The agent's heartbeat: answers its status and the tests to run now;
    // tells the coordinator it is alive.
    caf::replies_to<atom::poll>::with<AgentPoll>,
    // A result the agent posts: session id, epoch of the hand-over, result;
    // answers whether it was accepted, a duplicate or stale.
    caf::replies_to<atom::report, std::string, std::uint64_t, TestResult>::with<ResultReceipt>,
    // Internal: the delayed check a poll scheduled (its generation).
    caf::reacts_to<atom::check, std::uint64_t>,
    // Internal: the delayed drop an expiry scheduled (its generation).
    caf::reacts_to<atom::forget, std::uint64_t>>::extend_with<worker_actor>;

/// The AGENT DIRECTORY actor interface: the HTTP agents by worker id, so a
/// REST handler reaches any of them through one handle.
using agent_directory_actor = caf::typed_actor<
    // Spawns an HTTP agent for the profile and registers it with the
    // coordinator; answers its worker id, heartbeat interval and timeout.
    caf::replies_to<atom::register_, WorkerProfile>::with<std::string, std::int64_t, std::int64_t>,
    // An agent's heartbeat, by worker id; fails with `unknown_worker` (never
    // registered, or dropped: it registers again).
    caf::replies_to<atom::poll, std::string>::with<AgentPoll>,
    // An agent's result: worker id, session id, epoch, result; fails with
    // `unknown_worker` as a heartbeat does.
    caf::replies_to<atom::report, std::string, std::string, std::uint64_t,
                    TestResult>::with<ResultReceipt>>;

/// The SHARD actor interface: one allocation bound to one worker. Feeds its
/// queue to the worker in batches, keeps the worker's slots busy, relays each
/// result to the session.
using shard_actor = caf::typed_actor<
    // Adds tests to the queue: at the back, or at the front (retries).
    caf::reacts_to<atom::enqueue, std::vector<TestIndex>, bool>,
    // Gives up not-started tests from the tail of the queue, about half its
    // estimated work (work stealing); answers the tests given.
    caf::replies_to<atom::give>::with<std::vector<TestIndex>>,
    // Binds the shard to a worker: id, handle, slots.
    caf::reacts_to<atom::bind, std::string, worker_actor, int>,
    // Its worker is gone: forget the queue and in-flight tests (the session
    // re-plans them) and wait for a new binding.
    caf::reacts_to<atom::lost>,
    // Its worker drains: drop the queue (the session re-plans it), hand out
    // nothing more, and once the batches in flight have ended, unbind and
    // tell the session `drained`.
    caf::reacts_to<atom::drain>,
    // The session ended.
    caf::reacts_to<atom::stop>>::extend_with<result_sink_actor>;

/// The SESSION OBSERVER interface: what a session tells those who watch it
/// (a progress bar, a server-sent event stream), as it happens.
using session_observer_actor = caf::typed_actor<
    // An attempt ended (every attempt, retries included).
    caf::reacts_to<atom::result, TestResult>,
    // The counts changed; also the first message after subscribing.
    caf::reacts_to<atom::progress, ExecutionProgress>,
    // The session ended, in this final state.
    caf::reacts_to<atom::ended, ExecutionSession>>;

/// The SESSION EVENTS interface: a session observer that also hears of the
/// session's shards (a server-sent event stream).
using session_events_actor = session_observer_actor::extend<
    // A shard's status or worker changed (bound, done, lost, drained); after
    // subscribing, once per shard right after the first progress.
    caf::reacts_to<atom::shard, ShardStatus>>;

/// The WORKER OBSERVER interface: what the coordinator tells those who watch
/// its workers, as it happens.
using worker_observer_actor = caf::typed_actor<
    // A worker registered or changed status (draining, offline, back online);
    // after watching, once per known worker first.
    caf::reacts_to<atom::worker, Worker>>;

/// The SESSION actor interface: owns one execution.
using session_actor = caf::typed_actor<
    // What starting it produced: id, status and the initial allocations.
    caf::replies_to<atom::start>::with<SessionStarted>,
    // -- queries ------------------------------------------------------------------
    // Status and progress (GET .../status).
    caf::replies_to<atom::status>::with<ExecutionSession>,
    // Every attempt's result so far (GET .../results).
    caf::replies_to<atom::results>::with<std::vector<TestResult>>,
    // Cancels and answers the final state; fails with `session_finished` when
    // already over.
    caf::replies_to<atom::cancel>::with<ExecutionSession>,
    // Answers once the session has ended, with its final state.
    caf::replies_to<atom::await>::with<ExecutionSession>,
    // The tests each worker holds now (GET /api/sharding/workers).
    caf::replies_to<atom::held>::with<std::vector<HeldTests>>,
    // -- from the coordinator -----------------------------------------------------
    // A worker is gone (down, missed heartbeats, drained).
    caf::reacts_to<atom::lost, std::string>,
    // A worker became available: id, handle, slots.
    caf::reacts_to<atom::joined, std::string, worker_actor, int>,
    // A worker drains: its in-flight tests finish and count, its shard's other
    // tests are re-planned onto the other workers, and it is unbound once it
    // holds nothing.
    caf::reacts_to<atom::drain, std::string>,
    // -- from shards --------------------------------------------------------------
    // A shard hands these queued tests to its worker; answers the assignments
    // (tests no longer pending or no longer planned on that shard are left out).
    caf::replies_to<atom::dispatch, int, std::vector<TestIndex>>::with<std::vector<TestAssignment>>,
    // A worker's result for a hand-over (shard, epoch, result).
    caf::reacts_to<atom::result, int, std::uint64_t, TestResult>,
    // The same, answered once the result counts (committed to the store,
    // when there is one): true; false at once when it is dropped.
    caf::replies_to<atom::commit, int, std::uint64_t, TestResult>::with<bool>,
    // A batch's hand-overs that ended without a result (shard, the tests in
    // their order): its run request failed, or its runner died. They run
    // again, queued together, unless their hand-overs were already fenced.
    caf::reacts_to<atom::lost, int, std::vector<HandedBack>>,
    // A shard ran out of tests (shard index).
    caf::reacts_to<atom::steal, int>,
    // A draining shard's last batch ended and it unbound (shard index).
    caf::reacts_to<atom::drained, int>,
    // -- observers ----------------------------------------------------------------
    // Watches the session until it ends (at once, if it has ended).
    caf::reacts_to<atom::subscribe, session_observer_actor>,
    // The same, hearing of shards too.
    caf::reacts_to<atom::subscribe, session_events_actor>,
    // Internal: time to publish what changed since the last publication.
    caf::reacts_to<atom::publish>>;

/// The STORE actor interface: the one writer of the database file, on a
/// thread of its own. Writes that arrive while it commits go into the next
/// transaction (group commit); a commit that fails is retried, the writes
/// kept in memory meanwhile (StoreHealth says why).
using store_actor = caf::typed_actor<
    // A session's state (its first record: what started it too).
    caf::reacts_to<atom::session, SessionRecord>,
    // An attempt's result; answers its seq once it is committed.
    caf::replies_to<atom::result, ResultRecord>::with<std::uint64_t>,
    // A worker seen (registered).
    caf::reacts_to<atom::worker, Worker>,
    // A session is no longer kept: its rows go, a few at a time.
    caf::reacts_to<atom::forget, std::string>,
    // Answers once everything sent before it is committed: how many writes
    // were committed so far.
    caf::replies_to<atom::commit>::with<std::uint64_t>,
    // Internal: commit what came since the last commit.
    caf::reacts_to<atom::flush>,
    // Internal: time to retry a commit that failed.
    caf::reacts_to<atom::tick>>;

/// The STORE READER actor interface: reads the database file on a thread
/// and connection of its own, for what is no longer in memory.
using store_reader_actor = caf::typed_actor<
    // Every result of a kept session, in the order it recorded them.
    caf::replies_to<atom::results, std::string>::with<std::vector<TestResult>>,
    // The request that resumes a kept session that did not complete: its
    // tests and config, `resumedFrom`, and the final results it has. Fails
    // with `not_resumable` while it runs or when every test has its final
    // result, `unknown_session` when the database does not hold it.
    caf::replies_to<atom::resume, std::string>::with<SessionRequest>>;

/// The COORDINATOR actor interface: the registry of workers and sessions.
using coordinator_actor = caf::typed_actor<
    // A worker joins; answers its id, heartbeat interval and timeout.
    caf::replies_to<atom::register_, WorkerProfile, worker_actor>::with<std::string, std::int64_t,
                                                                        std::int64_t>,
    // A worker is alive (worker id, sequence number rising per heartbeat).
    caf::reacts_to<atom::heartbeat, std::string, std::uint64_t>,
    // Internal: the delayed check a heartbeat scheduled.
    caf::reacts_to<atom::check, std::string, std::uint64_t>,
    // Starts a session.
    caf::replies_to<atom::start, SessionRequest>::with<SessionStarted, session_actor>,
    // The session of an id.
    caf::replies_to<atom::session, std::string>::with<session_actor>,
    // Every session's status, newest first (GET /api/execution/parallel).
    caf::replies_to<atom::sessions>::with<std::vector<ExecutionSession>>,
    // A session of this coordinator ended (it keeps the newest finished ones).
    caf::reacts_to<atom::ended, std::string>,
    // Every worker, as GET /api/sharding/workers lists them: its status
    // (busy while a session says it holds tests) and its current tests.
    caf::replies_to<atom::workers>::with<std::vector<Worker>>,
    // Every worker as registered (idle, draining or offline; no currentTests):
    // asks no session, so it is cheap enough for every request.
    caf::replies_to<atom::registry>::with<std::vector<Worker>>,
    // Drains a worker (DELETE /api/workers/:id): it finishes what it runs and
    // takes no more; answers it, now draining. Fails with `unknown_worker`.
    caf::replies_to<atom::drain, std::string>::with<Worker>,
    // Tells the observer every worker now, then every change, until it goes down.
    caf::reacts_to<atom::watch, worker_observer_actor>,
    // A worker whose actor failed has been listed offline long enough: it
    // leaves the list (a delayed message to itself).
    caf::reacts_to<atom::forget, std::string>>;

} // namespace shardline
