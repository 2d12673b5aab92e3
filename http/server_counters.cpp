#include "http/server_counters.hpp"

#include <string_view>

namespace shardline::http {

namespace {

constexpr auto relaxed = std::memory_order_relaxed;

void header(std::string& out, std::string_view name, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" counter\n");
}

void sample(std::string& out, std::string_view name, std::string_view labels,
            std::uint64_t value) {
  out.append(name).append(labels).append(" ").append(std::to_string(value)).append("\n");
}

} // namespace

void ServerCounters::closed_for_room(std::uint64_t count) {
  closed_for_room_.fetch_add(count, relaxed);
}

void ServerCounters::refused_reserve_full() {
  refused_reserve_full_.fetch_add(1, relaxed);
}

void ServerCounters::refused_over_caps() {
  refused_over_caps_.fetch_add(1, relaxed);
}

std::uint64_t ServerCounters::closed_for_room_total() const {
  return closed_for_room_.load(relaxed);
}

std::uint64_t ServerCounters::refused_reserve_full_total() const {
  return refused_reserve_full_.load(relaxed);
}

std::uint64_t ServerCounters::refused_over_caps_total() const {
  return refused_over_caps_.load(relaxed);
}

std::uint64_t ServerCounters::log_lines_held_back_total() const {
  return held_back_.load(relaxed);
}

std::string ServerCounters::prometheus_text() const {
  std::string out;
  constexpr std::string_view closed = "shardline_http_connections_closed_for_room_total";
  header(out, closed,
         "Connections waiting for a request that were closed to make room for new ones.");
  sample(out, closed, "", closed_for_room_total());
  constexpr std::string_view refused = "shardline_http_connections_refused_total";
  header(out, refused,
         "Connections over the connection caps: closed at once with the reserve full "
         "(reserve_full), or answered 503 on a reserve place for a path other than /healthz "
         "and /metrics (over_caps).");
  sample(out, refused, "{reason=\"reserve_full\"}", refused_reserve_full_total());
  sample(out, refused, "{reason=\"over_caps\"}", refused_over_caps_total());
  constexpr std::string_view held = "shardline_log_lines_held_back_total";
  header(out, held,
         "Repeated warnings (refused connections and requests, failed accepts, 5xx answers) "
         "not written: at most one line per 10 s each.");
  sample(out, held, "", log_lines_held_back_total());
  return out;
}

std::string log_lines_dropped_text(std::uint64_t dropped) {
  std::string out;
  constexpr std::string_view name = "shardline_log_lines_dropped_total";
  header(out, name,
         "Log lines lost by the asynchronous logger: pushed out of its full queue, or not "
         "taken by the output at once.");
  sample(out, name, "", dropped);
  return out;
}

} // namespace shardline::http
