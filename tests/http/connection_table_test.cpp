// Which connections are served and which are closed to make room: idle
// sockets can never keep a new client out.

#include "http/connection_table.hpp"
#include "http/log_throttle.hpp"

#include <gtest/gtest.h>

#include <array>

namespace shardline::http {
namespace {

using namespace std::chrono_literals;
using Admission = ConnectionTable::Admission;
using clock = ConnectionTable::clock;

// Distinct addresses to serve as keys.
std::array<char, 64> slots;
ConnectionTable::Key key(std::size_t i) {
  return &slots.at(i);
}

ConnectionTable::Limits limits(std::size_t max, std::size_t per_client, std::size_t reserve) {
  return ConnectionTable::Limits{max, per_client, reserve, 2s};
}

const clock::time_point t0{};

TEST(ConnectionTable, admits_up_to_the_cap) {
  ConnectionTable table(limits(4, 4, 0));
  for (std::size_t i = 0; i < 4; ++i)
    EXPECT_EQ(table.enroll(key(i), "10.0.0." + std::to_string(i), t0).admission,
              Admission::admitted);
  EXPECT_EQ(table.admitted(), 4u);
}

TEST(ConnectionTable, at_the_cap_the_longest_waiting_connection_makes_room) {
  ConnectionTable table(limits(3, 3, 0));
  table.enroll(key(0), "a", t0);
  table.enroll(key(1), "b", t0 + 1ms);
  table.enroll(key(2), "c", t0 + 2ms);
  table.waiting(key(0), t0 + 3ms); // answered, waits again: now the youngest waiter

  auto decision = table.enroll(key(3), "d", t0 + 4ms);

  EXPECT_EQ(decision.admission, Admission::admitted);
  EXPECT_EQ(decision.to_close, std::vector<ConnectionTable::Key>{key(1)});
  EXPECT_EQ(table.admitted(), 3u);
  EXPECT_EQ(table.closed_for_room(), 1u);
}

TEST(ConnectionTable, a_connection_answering_a_request_is_never_closed_for_room) {
  ConnectionTable table(limits(2, 2, 1));
  table.enroll(key(0), "a", t0);
  table.enroll(key(1), "b", t0);
  EXPECT_EQ(table.waiting_now(), 2u) << "a new connection waits for its request";
  table.working(key(0));
  table.working(key(1));
  EXPECT_EQ(table.waiting_now(), 0u);

  auto decision = table.enroll(key(2), "c", t0 + 1ms);

  EXPECT_EQ(decision.admission, Admission::reserve);
  EXPECT_TRUE(decision.to_close.empty());
  EXPECT_EQ(table.enroll(key(3), "c", t0 + 1ms).admission, Admission::refused)
      << "the reserve holds one";
}

TEST(ConnectionTable, a_client_at_its_own_cap_makes_room_among_its_own_connections) {
  ConnectionTable table(limits(10, 2, 0));
  table.enroll(key(0), "flood", t0);
  table.enroll(key(1), "other", t0 + 1ms);
  table.enroll(key(2), "flood", t0 + 2ms);

  auto decision = table.enroll(key(3), "flood", t0 + 3ms);

  EXPECT_EQ(decision.admission, Admission::admitted);
  EXPECT_EQ(decision.to_close, std::vector<ConnectionTable::Key>{key(0)});
  EXPECT_EQ(table.admitted_from("flood"), 2u);
  EXPECT_EQ(table.admitted_from("other"), 1u);
}

TEST(ConnectionTable, near_the_cap_every_connection_past_the_header_timeout_is_closed) {
  ConnectionTable table(limits(8, 8, 0)); // near: from 7 on
  for (std::size_t i = 0; i < 7; ++i)
    table.enroll(key(i), "a", t0);
  table.working(key(0));
  table.waiting(key(1), t0 + 5s); // sent a request since: waits afresh

  auto decision = table.enroll(key(7), "b", t0 + 3s);

  EXPECT_EQ(decision.admission, Admission::admitted);
  EXPECT_EQ(decision.to_close.size(), 5u); // 2..6 waited 3 s > 2 s; 0 works, 1 is fresh
  EXPECT_EQ(table.admitted(), 3u);
}

TEST(ConnectionTable, withdrawing_a_closed_connection_counts_nothing_twice) {
  ConnectionTable table(limits(1, 1, 1));
  table.enroll(key(0), "a", t0);
  auto decision = table.enroll(key(1), "a", t0 + 1ms);
  ASSERT_EQ(decision.to_close, std::vector<ConnectionTable::Key>{key(0)});
  table.withdraw(key(0));
  EXPECT_EQ(table.admitted(), 1u);
  EXPECT_EQ(table.admitted_from("a"), 1u);
  table.withdraw(key(1));
  EXPECT_EQ(table.admitted(), 0u);
  EXPECT_EQ(table.admitted_from("a"), 0u);
}

TEST(ConnectionTable, a_reserve_place_is_given_back_when_its_connection_goes) {
  ConnectionTable table(limits(1, 1, 1));
  table.enroll(key(0), "a", t0);
  table.working(key(0));
  ASSERT_EQ(table.enroll(key(1), "b", t0).admission, Admission::reserve);
  table.withdraw(key(1));
  EXPECT_EQ(table.in_reserve(), 0u);
  EXPECT_EQ(table.enroll(key(2), "b", t0).admission, Admission::reserve);
}

TEST(LogThrottle, writes_one_line_per_interval_and_counts_the_rest) {
  LogThrottle throttle(10s);
  auto start = LogThrottle::clock::time_point{} + 1h;
  EXPECT_EQ(throttle.admit(start), 0u);
  EXPECT_FALSE(throttle.admit(start + 1s));
  EXPECT_FALSE(throttle.admit(start + 9s));
  EXPECT_EQ(throttle.admit(start + 10s), 2u);
  EXPECT_EQ(throttle.admit(start + 25s), 0u);
  EXPECT_EQ(LogThrottle::held_back(0), "");
  EXPECT_EQ(LogThrottle::held_back(2), " (and 2 more like it held back)");
}

} // namespace
} // namespace shardline::http
