// What the actor runtime costs per test, with tests that take no time: a
// coordinator, a session and W workers whose executor passes each test the
// moment it starts it. Throughput and the idle time of a worker between two
// tests, in one process and across the middleman on 127.0.0.1, beside a plain
// CAF request/response ping-pong; and the peak memory of a session of 1e6
// tests on 1e3 workers beside the suite alone.

#include "actors/actor_config.hpp"
#include "actors/coordinator.hpp"
#include "actors/worker.hpp"
#include "bench/args.hpp"
#include "bench/child.hpp"
#include "bench/noop_executor.hpp"
#include "bench/suite.hpp"
#include "bench/table.hpp"

#include <caf/actor_system.hpp>
#include <caf/exit_reason.hpp>
#include <caf/io/middleman.hpp>
#include <caf/scheduler/abstract_coordinator.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

using namespace shardline;
using namespace shardline::bench;
using Steady = std::chrono::steady_clock;

constexpr double goal_local_tests_per_s = 100'000;
constexpr double goal_remote_tests_per_s = 20'000;
constexpr double goal_latency_us = 20;
constexpr double goal_bytes_per_test = 1024;
constexpr unsigned memory_child_timeout_seconds = 300;
constexpr auto registration_limit = std::chrono::seconds{30};
// A request to another node needs a timeout: a lost connection fails nothing.
constexpr auto remote_ping_timeout = std::chrono::seconds{30};
// Parts 1 and 2 end well within this, or something hangs.
constexpr unsigned watchdog_seconds = 600;

/// The 1, 5 and 15 minute load averages: other work on the machine skews
/// every number here.
std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

double seconds_since(Steady::time_point start) {
  return std::chrono::duration<double>(Steady::now() - start).count();
}

double micros(Steady::duration d) {
  return std::chrono::duration<double, std::micro>(d).count();
}

double mean(const std::vector<double>& values) {
  double sum = 0;
  for (const double v : values) {
    sum += v;
  }
  return values.empty() ? 0 : sum / static_cast<double>(values.size());
}

/// The q-quantile (0..1) of values, nearest rank; 0 when there are none.
double quantile(std::vector<double> values, double q) {
  if (values.empty()) {
    return 0;
  }
  const auto k = static_cast<std::size_t>(q * static_cast<double>(values.size() - 1) + 0.5);
  std::nth_element(values.begin(), values.begin() + static_cast<long>(k), values.end());
  return values[k];
}

/// ActorConfig, with the middleman when the node talks to another.
struct NodeConfig : ActorConfig {
  explicit NodeConfig(bool networked) {
    if (networked) {
      load<caf::io::middleman>();
    }
  }
};

// -- the baseline: request/response between two plain actors ----------------------

using ping_atom = caf::atom_constant<caf::atom("ping")>;
using go_atom = caf::atom_constant<caf::atom("go")>;

/// The PONG actor interface: answers a ping with its number.
using pong_actor = caf::typed_actor<caf::replies_to<ping_atom, std::uint64_t>::with<std::uint64_t>>;

/// The PING actor interface: plays `count` round trips one after the other,
/// answering the number played.
using ping_actor = caf::typed_actor<caf::replies_to<go_atom, std::uint64_t>::with<std::uint64_t>>;

pong_actor::behavior_type pong() {
  return {[](ping_atom, std::uint64_t n) { return n; }};
}

struct ping_state {
  static inline constexpr auto name = "ping";

  ping_state() = default; // not an aggregate: see actors/worker_state.hpp

  pong_actor partner;
  caf::duration timeout{caf::infinite};
  std::shared_ptr<std::vector<double>> round_trips_us; // written here, read after the answer
  std::uint64_t played = 0;
  std::uint64_t count = 0;
  caf::typed_response_promise<std::uint64_t> finished;
};

void play(ping_actor::stateful_pointer<ping_state> self) {
  auto& st = self->state;
  if (st.played == st.count) {
    st.finished.deliver(st.played);
    return;
  }
  const auto sent = Steady::now();
  self->request(st.partner, st.timeout, ping_atom::value, st.played)
      .then([self, sent](std::uint64_t) {
        self->state.round_trips_us->push_back(micros(Steady::now() - sent));
        ++self->state.played;
        play(self);
      });
}

ping_actor::behavior_type ping(ping_actor::stateful_pointer<ping_state> self, pong_actor partner,
                               caf::duration timeout,
                               std::shared_ptr<std::vector<double>> round_trips_us) {
  self->state.partner = std::move(partner);
  self->state.timeout = timeout;
  self->state.round_trips_us = std::move(round_trips_us);
  return {[self](go_atom, std::uint64_t count) -> caf::result<std::uint64_t> {
    auto& st = self->state;
    st.count = count;
    st.round_trips_us->reserve(count);
    st.finished = self->make_response_promise<std::uint64_t>();
    play(self);
    return st.finished;
  }};
}

/// What a row measured: `count` tests (or round trips) in `wall_s`, and the
/// per-item latency samples (idle gaps or round trips) in microseconds.
struct Row {
  std::string label;
  std::string error;
  std::uint64_t count = 0;
  double wall_s = 0;
  double planned_s = 0; // runtime rows: until the start answer
  std::vector<double> latency_us;
  std::string note;
};

Row run_ping_pong(std::string label, std::uint64_t count, caf::duration timeout, bool remote) {
  Row row;
  row.label = std::move(label);
  auto round_trips = std::make_shared<std::vector<double>>();
  {
    NodeConfig pong_config{remote};
    caf::actor_system pong_node{pong_config};
    std::optional<NodeConfig> ping_config;
    std::optional<caf::actor_system> ping_node; // destroyed before pong_node
    auto ponger = pong_node.spawn(pong);
    pong_actor partner = ponger;
    caf::actor_system* ping_system = &pong_node;
    if (remote) {
      ping_config.emplace(true);
      ping_node.emplace(*ping_config);
      ping_system = &*ping_node;
      auto port = pong_node.middleman().publish(ponger, 0, "127.0.0.1");
      auto proxy = port ? ping_node->middleman().remote_actor<pong_actor>("127.0.0.1", *port)
                        : caf::expected<pong_actor>{port.error()};
      if (proxy) {
        partner = *proxy;
      } else {
        row.error = "ping-pong across nodes: " + pong_node.render(proxy.error());
      }
    }
    if (row.error.empty()) {
      auto pinger = ping_system->spawn(ping, partner, timeout, round_trips);
      const auto start = Steady::now();
      {
        caf::scoped_actor self{*ping_system};
        self->request(pinger, caf::infinite, go_atom::value, count)
            .receive([&](std::uint64_t played) { row.count = played; },
                     [&](const caf::error& error) { row.error = ping_system->render(error); });
      }
      row.wall_s = seconds_since(start);
      caf::anon_send_exit(pinger, caf::exit_reason::user_shutdown);
    }
    caf::anon_send_exit(ponger, caf::exit_reason::user_shutdown);
  }
  row.latency_us = std::move(*round_trips);
  return row;
}

// -- the runtime -----------------------------------------------------------------

WorkerProfile noop_profile(int index, int slots, bool remote) {
  WorkerProfile profile;
  profile.name = "noop-" + std::to_string(index + 1);
  profile.type = remote ? WorkerType::remote : WorkerType::local;
  profile.host = remote ? "127.0.0.1" : "localhost";
  profile.capabilities.max_concurrent = slots;
  return profile;
}

/// Waits (bounded) until the coordinator lists `count` workers.
bool wait_for_workers(caf::actor_system& system, const coordinator_actor& coordinator,
                      std::size_t count) {
  caf::scoped_actor self{system};
  const auto deadline = Steady::now() + registration_limit;
  while (Steady::now() < deadline) {
    std::size_t listed = 0;
    self->request(coordinator, std::chrono::seconds{5}, atom::workers::value)
        .receive([&](const std::vector<Worker>& workers) { listed = workers.size(); },
                 [](const caf::error&) {});
    if (listed >= count) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  }
  return false;
}

/// When a session reached each point, in seconds from its start request.
struct SessionTimes {
  std::string error;
  double planned_s = 0; // the start answer (plan and allocations) arrived
  double ended_s = 0;   // the await answer (the final state) arrived
  ExecutionSession final_state;
};

/// Drives one session as run_session does (start, then await the end);
/// `at` is called with "planned" while the start answer is in hand, with
/// "ended" after the end, and, when `fetch_results`, with "results" while
/// every result is in hand.
SessionTimes drive_session(caf::actor_system& system, const coordinator_actor& coordinator,
                           SessionRequest request, bool fetch_results = false,
                           const std::function<void(const char*)>& at = {}) {
  SessionTimes times;
  caf::scoped_actor self{system};
  auto fail = [&](const caf::error& error) { times.error = system.render(error); };
  const auto start = Steady::now();
  session_actor session;
  self->request(coordinator, caf::infinite, atom::start::value, std::move(request))
      .receive(
          [&](SessionStarted& started, session_actor& handle) {
            times.planned_s = seconds_since(start);
            session = std::move(handle);
            if (at) {
              at("planned");
            }
            started = {};
          },
          fail);
  if (!times.error.empty()) {
    return times;
  }
  self->request(session, caf::infinite, atom::await::value)
      .receive(
          [&](ExecutionSession& final_state) {
            times.ended_s = seconds_since(start);
            times.final_state = std::move(final_state);
          },
          fail);
  if (at && times.error.empty()) {
    at("ended");
  }
  if (fetch_results && times.error.empty()) {
    self->request(session, caf::infinite, atom::results::value)
        .receive(
            [&](std::vector<TestResult>&) {
              if (at) {
                at("results");
              }
            },
            fail);
  }
  return times;
}

/// One session of `suite` on a coordinator and `workers` no-op workers of
/// `slots` slots, the workers in the coordinator's actor system or, when
/// `remote`, in a second one that reaches it through the middleman.
Row run_runtime(std::string label, const std::vector<TestFile>& suite, int workers, int slots,
                bool remote) {
  Row row;
  row.label = std::move(label);
  std::vector<std::shared_ptr<NoOpExecutor>> executors;
  {
    NodeConfig coordinator_config{remote};
    caf::actor_system coordinator_node{coordinator_config};
    std::optional<NodeConfig> worker_config;
    std::optional<caf::actor_system> worker_node; // destroyed before coordinator_node
    auto coordinator = spawn_coordinator(coordinator_node);
    coordinator_actor contact = coordinator;
    caf::actor_system* worker_system = &coordinator_node;
    if (remote) {
      worker_config.emplace(true);
      worker_node.emplace(*worker_config);
      worker_system = &*worker_node;
      auto port = coordinator_node.middleman().publish(coordinator, 0, "127.0.0.1");
      auto proxy =
          port ? worker_node->middleman().remote_actor<coordinator_actor>("127.0.0.1", *port)
               : caf::expected<coordinator_actor>{port.error()};
      if (proxy) {
        contact = *proxy;
      } else {
        row.error = "remote_actor<coordinator_actor>: " + coordinator_node.render(proxy.error());
      }
    }
    std::vector<worker_actor> worker_actors;
    if (row.error.empty()) {
      const auto per_worker = suite.size() / static_cast<std::size_t>(workers) * 2 + 1024;
      for (int i = 0; i < workers; ++i) {
        executors.push_back(std::make_shared<NoOpExecutor>(per_worker));
        worker_actors.push_back(spawn_worker(*worker_system, contact,
                                             noop_profile(i, slots, remote), executors.back()));
      }
      if (!wait_for_workers(coordinator_node, coordinator, executors.size())) {
        row.error = "the workers did not all register within 30 s";
      }
    }
    if (row.error.empty()) {
      ParallelExecutionConfig config;
      config.worker_count = workers;
      auto times = drive_session(coordinator_node, coordinator, {suite, config});
      row.error = times.error;
      row.planned_s = times.planned_s;
      row.wall_s = times.ended_s;
      row.count = static_cast<std::uint64_t>(times.final_state.progress.passed);
      if (row.error.empty() && row.count != suite.size()) {
        row.note = std::to_string(row.count) + " of " + std::to_string(suite.size()) +
                   " tests passed (status " + std::string{to_string(times.final_state.status)} +
                   ")";
      }
    }
    for (const auto& worker : worker_actors) {
      caf::anon_send_exit(worker, caf::exit_reason::user_shutdown);
    }
    caf::anon_send_exit(coordinator, caf::exit_reason::user_shutdown);
  }
  // Every actor is gone: the spans are safe to read.
  for (const auto& executor : executors) {
    const auto& spans = executor->spans();
    for (std::size_t k = 1; k < spans.size(); ++k) {
      row.latency_us.push_back(micros(spans[k].begin - spans[k - 1].end));
    }
  }
  return row;
}

/// Runs `measure` `runs` times and keeps the run of median throughput (the
/// machine's other work makes single runs noisy); its label tells how many.
Row median_run(int runs, const std::function<Row()>& measure) {
  std::vector<Row> all;
  for (int i = 0; i < runs; ++i) {
    all.push_back(measure());
    if (!all.back().error.empty()) {
      return std::move(all.back());
    }
  }
  auto per_s = [](const Row& row) {
    return row.wall_s > 0 ? static_cast<double>(row.count) / row.wall_s : 0;
  };
  std::sort(all.begin(), all.end(),
            [&](const Row& a, const Row& b) { return per_s(a) < per_s(b); });
  Row chosen = std::move(all[all.size() / 2]);
  if (runs > 1) {
    chosen.label += " (median of " + std::to_string(runs) + ")";
  }
  return chosen;
}

void print_rows(const std::vector<Row>& rows, double goal_per_s, std::optional<double> goal_us,
                const char* latency_label) {
  // The first row is the baseline, if it worked.
  const Row* baseline = !rows.empty() && rows.front().error.empty() && rows.front().wall_s > 0
                            ? &rows.front()
                            : nullptr;
  Table table({"run", "count", "start s", "wall s", "per s", "vs goal", "vs base", "median us",
               "mean us", "p99 us", "vs goal", "vs base"});
  table.set_groups({{"", 1}, {"throughput", 5}, {latency_label, 5}});
  std::vector<std::string> notes;
  for (const auto& row : rows) {
    if (!row.error.empty()) {
      table.add_row({row.label, "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-"});
      notes.push_back(row.label + ": " + row.error);
      continue;
    }
    if (!row.note.empty()) {
      notes.push_back(row.label + ": " + row.note);
    }
    const double per_s = row.wall_s > 0 ? static_cast<double>(row.count) / row.wall_s : 0;
    const double median = quantile(row.latency_us, 0.5);
    const double base_per_s =
        baseline ? static_cast<double>(baseline->count) / baseline->wall_s : 0;
    const double base_median = baseline ? quantile(baseline->latency_us, 0.5) : 0;
    table.add_row(
        {row.label, std::to_string(row.count),
         row.planned_s > 0 ? format("%.2f", row.planned_s) : "-", format("%.2f", row.wall_s),
         format("%.0f", per_s), format("%.2f", per_s / goal_per_s),
         base_per_s > 0 ? format("%.3f", per_s / base_per_s) : "-", format("%.1f", median),
         format("%.1f", mean(row.latency_us)), format("%.1f", quantile(row.latency_us, 0.99)),
         goal_us ? format("%.2f", median / *goal_us) : "-",
         base_median > 0 ? format("%.3f", median / base_median) : "-"});
  }
  table.print();
  for (const auto& note : notes) {
    std::printf("  ! %s\n", note.c_str());
  }
  std::fflush(stdout);
}

// -- memory ----------------------------------------------------------------------

/// Runs in a forked child: an actor system with a coordinator and `workers`
/// no-op workers (not recording), then a suite of `tests` generated and moved
/// into one session on `workers` shards. Reports `key value` lines.
std::string measure_memory(int tests, int workers, std::uint64_t seed) {
  std::ostringstream out;
  out.precision(17);
  NodeConfig config{false};
  caf::actor_system system{config};
  auto coordinator = spawn_coordinator(system);
  std::vector<worker_actor> worker_actors;
  for (int i = 0; i < workers; ++i) {
    worker_actors.push_back(spawn_worker(system, coordinator, noop_profile(i, 1, false),
                                         std::make_shared<NoOpExecutor>(0, false)));
  }
  if (wait_for_workers(system, coordinator, static_cast<std::size_t>(workers))) {
    out << "base " << current_rss_kib() << '\n';
    SuiteSpec spec;
    spec.tests = tests;
    auto suite = generate_suite(spec, seed);
    out << "suite " << current_rss_kib() << '\n';
    ParallelExecutionConfig session_config;
    session_config.worker_count = workers;
    auto times = drive_session(system, coordinator, {std::move(suite), session_config}, true,
                               [&](const char* point) {
                                 out << point << ' ' << peak_rss_kib() << '\n';
                                 out << point << "_now " << current_rss_kib() << '\n';
                               });
    out << "planned_s " << times.planned_s << '\n' << "ended_s " << times.ended_s << '\n';
    out << "passed " << times.final_state.progress.passed << '\n';
    if (!times.error.empty()) {
      out << "error " << times.error << '\n';
    }
  } else {
    out << "error the workers did not all register within 30 s\n";
  }
  for (const auto& worker : worker_actors) {
    caf::anon_send_exit(worker, caf::exit_reason::user_shutdown);
  }
  caf::anon_send_exit(coordinator, caf::exit_reason::user_shutdown);
  return out.str();
}

void print_memory(const ChildReport& child, int tests, int workers) {
  std::map<std::string, double> values;
  std::string error = child.error;
  std::istringstream in(child.text);
  std::string key;
  while (in >> key) {
    if (key == "error") {
      std::getline(in, error);
      continue;
    }
    double value = 0;
    in >> value;
    values[key] = value;
  }
  if (!error.empty()) {
    std::printf("  ! memory run failed: %s\n", error.c_str());
  }
  if (!values.contains("suite")) {
    return;
  }
  const double n = tests;
  const double suite_bytes = values["suite"] * 1024 / n;
  Table table({"point", "KiB", "B/test", "vs goal", "vs suite", "runtime B/test"});
  auto add = [&](const std::string& label, const std::string& key) {
    if (!values.contains(key)) {
      table.add_row({label, "-", "-", "-", "-", "-"});
      return;
    }
    const double bytes = values[key] * 1024 / n;
    table.add_row({label, format("%.0f", values[key]), format("%.0f", bytes),
                   format("%.2f", bytes / goal_bytes_per_test), format("%.2f", bytes / suite_bytes),
                   key == "suite" ? "-" : format("%.0f", bytes - suite_bytes)});
  };
  add("suite alone (baseline): RSS", "suite");
  add("planned: start answered, peak", "planned");
  add("session ended: peak", "ended");
  add("results fetched (run_session): peak", "results");
  table.print();
  std::printf("  actor system + coordinator + %d idle workers before the suite: %.0f KiB "
              "(%.0f B/test of the above)\n",
              workers, values["base"], values["base"] * 1024 / n);
  std::printf("  RSS now: planned %.0f KiB, ended %.0f KiB, results in hand %.0f KiB\n",
              values["planned_now"], values["ended_now"], values["results_now"]);
  std::printf("  start answered after %.2f s, ended after %.2f s (%.0f tests/s); %.0f of %d "
              "passed\n",
              values["planned_s"], values["ended_s"],
              values["ended_s"] > 0 ? n / values["ended_s"] : 0.0, values["passed"], tests);
  std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv) {
  Args args(argc, argv,
            "[--seed N] [--runs N] [--tests N] [--workers W] [--slots 1,2,4] [--remote-tests N] "
            "[--remote-workers W] [--remote-pings N] [--memory-tests N] [--memory-workers W]\n"
            "  a count of 0 skips that part; --runs repeats each row and keeps the run of median "
            "throughput");
  const std::uint64_t seed = args.u64("seed", 1);
  const int tests = args.integer("tests", 200'000, 0);
  const int workers = args.integer("workers", 8);
  const auto slots = args.integers("slots", {1, 2, 4});
  const int remote_tests = args.integer("remote-tests", 50'000, 0);
  const int remote_workers = args.integer("remote-workers", 8);
  const int remote_pings = args.integer("remote-pings", 10'000);
  const int memory_tests = args.integer("memory-tests", 1'000'000, 0);
  const int memory_workers = args.integer("memory-workers", 1000);
  const int runs = args.integer("runs", 1);
  args.finish();
  const auto started = Steady::now();
  const auto load_before = load_average();
  // The memory child is forked first: a child shares the parent's pages, and
  // its ru_maxrss counts them, so the parent must still be small (and have a
  // single thread) when it forks.
  ChildReport memory_report;
  if (memory_tests > 0) {
    memory_report = run_in_child([&] { return measure_memory(memory_tests, memory_workers, seed); },
                                 memory_child_timeout_seconds);
  }
  alarm(watchdog_seconds); // not inherited by the forked child, which has its own
  {
    NodeConfig config{false};
    caf::actor_system system{config};
    std::printf("# bench_dispatch: the actor runtime with no-op tests (each passes the moment its "
                "executor starts it);\n#   %zu scheduler threads per actor system, %u cores, load "
                "average %s before\n",
                system.scheduler().num_workers(), std::thread::hardware_concurrency(),
                load_before.c_str());
  }
  std::fputs(
      R"(# count = tests (or ping-pong round trips); start s = until the start answer (planned, allocations
#   answered; tests already run meanwhile); wall s = from the start request to the session's end
#   (the await answer); per s = count / wall s; vs goal = per s / goal (>= 1 meets it);
#   vs base = per s / the baseline's per s
# idle gap = on one worker, from the moment a test ended (just before its result is reported) to
#   the moment that worker's executor starts its next test. With 1 slot it is a test's whole trip
#   through the runtime: done -> the worker answers the run -> the shard asks the session to
#   dispatch -> the session answers -> the shard sends the run -> the executor starts it (5 mailbox
#   hops, queued behind the other shards' messages). The issue's dispatch latency (the session
#   dispatches -> the executor starts) is the last 2 of those hops, so it is at most this gap; its
#   floor is one ping-pong round trip (2 hops). With more slots, runs overlap and a worker often
#   starts queued runs back to back: the gap is then no longer one test's trip.
#   The mean is about workers x slots / (tests/s) minus the test itself: every trip passes the one
#   session actor, so the mean says how busy it is, the median what a typical trip costs.
#   vs goal = median / goal (<= 1 meets it); vs base = median / the baseline's median
)",
      stdout);
  std::printf("\n");
  std::fflush(stdout);

  if (tests > 0) {
    std::printf("## 1. in one process: %d no-op tests, %d workers, strategy round-robin, "
                "stealing on; goals >= %.0f tests/s, median dispatch latency <= %.0f us\n",
                tests, workers, goal_local_tests_per_s, goal_latency_us);
    SuiteSpec spec;
    spec.tests = tests;
    const auto suite = generate_suite(spec, seed);
    std::vector<Row> rows;
    const auto count = static_cast<std::uint64_t>(tests);
    rows.push_back(median_run(runs, [&] {
      return run_ping_pong("ping-pong, no timeout (baseline)", count, caf::infinite, false);
    }));
    rows.push_back(median_run(runs, [&] {
      return run_ping_pong("ping-pong, 120 s timeout", count,
                           caf::duration{std::chrono::seconds{120}}, false);
    }));
    for (const int s : slots) {
      const auto label = "runtime, " + std::to_string(workers) + " workers x " + std::to_string(s) +
                         " slot" + (s > 1 ? "s" : "");
      rows.push_back(
          median_run(runs, [&] { return run_runtime(label, suite, workers, s, false); }));
    }
    print_rows(rows, goal_local_tests_per_s, goal_latency_us, "round trip / idle gap");
    std::fputs(
        R"(  the shard's run request carries a timeout (2 x testTimeout + 60 s = 120 s by default), which
  CAF 0.17 arms and cancels on its clock thread: the second baseline row is that cost alone

)",
        stdout);
  }

  if (remote_tests > 0) {
    std::printf(
        "## 2. across the middleman on 127.0.0.1: the coordinator in one actor system, %d "
        "workers in a second one\n#   (same process, each system with its middleman), "
        "%d no-op tests, baseline %d round trips (30 s timeout each); goal >= %.0f tests/s\n",
        remote_workers, remote_tests, remote_pings, goal_remote_tests_per_s);
    SuiteSpec spec;
    spec.tests = remote_tests;
    const auto suite = generate_suite(spec, seed);
    std::vector<Row> rows;
    rows.push_back(median_run(runs, [&] {
      return run_ping_pong("ping-pong across nodes (baseline)",
                           static_cast<std::uint64_t>(remote_pings),
                           caf::duration{remote_ping_timeout}, true);
    }));
    for (const int s : slots) {
      const auto label = "remote runtime, " + std::to_string(remote_workers) + " workers x " +
                         std::to_string(s) + " slot" + (s > 1 ? "s" : "");
      rows.push_back(
          median_run(runs, [&] { return run_runtime(label, suite, remote_workers, s, true); }));
    }
    print_rows(rows, goal_remote_tests_per_s, std::nullopt, "round trip / idle gap");
    std::fputs(
        R"(  the ping-pong plays one round trip at a time; the runtime keeps every worker's slots busy at
  once, so its throughput can exceed the baseline's
)",
        stdout);
    if (std::all_of(rows.begin(), rows.end(), [](const Row& row) { return row.error.empty(); })) {
      std::printf("  every worker registered across the node boundary with the message types "
                  "actors/actor_config.cpp\n  registers today\n");
    }
    std::printf("\n");
  }

  if (memory_tests > 0) {
    std::printf("## 3. memory: one session of %d no-op tests on %d shards and %d worker actors "
                "in one process;\n#   peak RSS (ru_maxrss) of a child forked first, while this "
                "process was small; B/test = RSS / tests;\n#   runtime B/test = B/test - the "
                "suite's; goal <= %.0f B/test\n",
                memory_tests, memory_workers, memory_workers, goal_bytes_per_test);
    print_memory(memory_report, memory_tests, memory_workers);
    std::printf("  sizeof: TestFile %zu, TestAssignment %zu, TestResult %zu bytes (plus their "
                "strings on the heap)\n\n",
                sizeof(TestFile), sizeof(TestAssignment), sizeof(TestResult));
  }

  std::string slot_list;
  for (const int s : slots) {
    slot_list += (slot_list.empty() ? "" : ",") + std::to_string(s);
  }
  std::printf("# %.1f s, load average %s after; reproduce: %s --seed %llu --runs %d --tests %d "
              "--workers %d --slots %s --remote-tests %d --remote-workers %d --remote-pings %d "
              "--memory-tests %d --memory-workers %d\n",
              seconds_since(started), load_average().c_str(), args.program().c_str(),
              static_cast<unsigned long long>(seed), runs, tests, workers, slot_list.c_str(),
              remote_tests, remote_workers, remote_pings, memory_tests, memory_workers);
  return 0;
}
