#pragma once

// The `discover` listings of the REST server: a session that asks the server
// to find its tests waits for `playwright test --list`, a Node.js process
// that takes a second or more. It runs on a thread of its own, so it holds
// neither an I/O thread nor an actor's.

#include "model/result.hpp"
#include "model/test_file.hpp"
#include "runners/playwright_discovery.hpp"
#include "runners/process_canceller.hpp"

#include <atomic>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace shardline::http {

/// At most `limit` listings at once; stop() cancels those in flight (their
/// processes killed) and waits for their threads. The server stops its
/// discoveries before its actor system goes, so no listing outlives what its
/// callback talks to.
class Discoveries {
public:
  /// The listing's outcome; `stopping` when stop() cut it short.
  using Done = std::function<void(Result<std::vector<TestFile>> tests, bool stopping)>;

  explicit Discoveries(int limit = 2) : limit_(limit) {}
  Discoveries(const Discoveries&) = delete;
  Discoveries& operator=(const Discoveries&) = delete;
  ~Discoveries() { stop(); }

  /// Lists on a new thread and calls `done` there. False, with nothing
  /// started, when `limit` listings run already or after stop().
  bool start(PlaywrightListOptions options, Done done);

  /// Cancels every listing in flight and joins their threads; start() refuses
  /// from now on. Safe to call twice; not from a `done` callback.
  void stop();

  /// Listings whose callback has not returned yet.
  int running() const;

private:
  struct Listing {
    std::thread thread;
    std::shared_ptr<ProcessCanceller> canceller;
    std::shared_ptr<std::atomic<bool>> finished;
  };
  void reap_finished(); // with mutex_ held

  mutable std::mutex mutex_;
  std::list<Listing> listings_;
  int limit_;
  bool stopped_ = false;
};

} // namespace shardline::http
