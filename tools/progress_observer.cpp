#include "tools/progress_observer.hpp"

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <chrono>
#include <ostream>

namespace shardline::cli {

namespace {

struct observer_state {
  static inline constexpr auto name = "progress";
  observer_state() = default; // not an aggregate: see actors/worker_state.hpp

  std::ostream* out = nullptr;
  ViewStyle style;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  ExecutionProgress last;
  std::int64_t flaky = 0;
  int logged_step = -1; // the last 10% step printed in log mode
};

using self_pointer = session_observer_actor::stateful_pointer<observer_state>;

std::int64_t elapsed_ms(const observer_state& st) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               st.started)
      .count();
}

void draw(observer_state& st) {
  auto text = progress_text(st.last, st.flaky, elapsed_ms(st));
  if (st.style.terminal) {
    *st.out << "\r\x1b[K" << text << std::flush;
    return;
  }
  auto step = static_cast<int>(st.last.percentage() / 10);
  if (step != st.logged_step) {
    st.logged_step = step;
    *st.out << text << '\n' << std::flush;
  }
}

session_observer_actor::behavior_type observer(self_pointer self, std::ostream* out,
                                               ViewStyle style) {
  self->state.out = out;
  self->state.style = style;
  return {
      [self](atom::result, const TestResult& result) {
        auto& st = self->state;
        st.flaky += result.flaky ? 1 : 0;
        if (!result.flaky && !is_failure(result.status))
          return;
        if (st.style.terminal)
          *st.out << "\r\x1b[K";
        *st.out << attempt_line(result, st.style) << '\n';
        if (st.style.terminal)
          draw(st);
      },
      [self](atom::progress, const ExecutionProgress& progress) {
        self->state.last = progress;
        draw(self->state);
      },
      [self](atom::ended, const ExecutionSession&) {
        if (self->state.style.terminal)
          *self->state.out << '\n' << std::flush;
        self->quit();
      },
  };
}

} // namespace

session_observer_actor spawn_progress_observer(caf::actor_system& system, std::ostream& out,
                                               ViewStyle style) {
  return system.spawn(observer, &out, style);
}

} // namespace shardline::cli
