#include "runners/playwright_deadline.hpp"

#include "model/deadline.hpp"

#include <algorithm>

namespace shardline {

namespace {

using std::chrono::milliseconds;

std::string ms(milliseconds value) {
  return std::to_string(value.count()) + " ms";
}

} // namespace

PlaywrightDeadline::PlaywrightDeadline(Clock::time_point start, milliseconds cap)
    : start_(start), at_(deadline_after(start, startup_allowance)),
      why_("to load the config, " + ms(startup_allowance)) {
  if (cap.count() > 0)
    cap_ = deadline_after(start, cap);
}

void PlaywrightDeadline::configured(Clock::time_point now, std::int64_t setup_timeout_ms) {
  auto setup = milliseconds{std::max<std::int64_t>(setup_timeout_ms, 0)};
  at_ = deadline_after(now, saturating_sum(setup, startup_allowance));
  why_ =
      "its web servers' timeouts and global setup, " + ms(setup) + " plus " + ms(startup_allowance);
}

void PlaywrightDeadline::began(Clock::time_point now, std::optional<std::int64_t> time_budget_ms) {
  if (!time_budget_ms) {
    at_ = Clock::time_point::max();
    why_ = "no limit: a test has no timeout";
    return;
  }
  auto budget = milliseconds{std::max<std::int64_t>(*time_budget_ms, 0)};
  at_ = deadline_after(now, saturating_sum(budget, end_allowance));
  why_ = "the tests' timeouts x 3 per try, " + ms(budget) + ", plus " + ms(end_allowance);
}

PlaywrightDeadline::Clock::time_point PlaywrightDeadline::at() const {
  return std::min(at_, cap_);
}

std::string PlaywrightDeadline::explain() const {
  if (at() == Clock::time_point::max())
    return "no limit";
  auto allowed = std::chrono::duration_cast<milliseconds>(at() - start_);
  if (cap_ <= at_)
    return ms(allowed) + " (the batch timeout)";
  return ms(allowed) + " (" + why_ + ")";
}

} // namespace shardline
