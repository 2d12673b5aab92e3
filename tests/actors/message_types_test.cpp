// Message types cross to other nodes through CAF's binary serialization, by
// the names registered in actors/actor_config.cpp: what goes in comes out.

#include "actor_fixture.hpp"

#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>
#include <caf/make_message.hpp>

#include <vector>

namespace shardline::testing {
namespace {

class MessageTypes : public ActorFixture {
protected:
  // A message through bytes and back, as the middleman carries it.
  caf::message round_trip(caf::message message) {
    std::vector<char> bytes;
    caf::binary_serializer sink{sys, bytes};
    auto written = sink(message);
    EXPECT_FALSE(written) << caf::to_string(written);
    caf::message read;
    caf::binary_deserializer source{sys, bytes};
    auto failed = source(read);
    EXPECT_FALSE(failed) << caf::to_string(failed);
    return read;
  }
};

TEST_F(MessageTypes, a_batchs_handed_back_tests_round_trip_in_their_order) {
  std::vector<HandedBack> tests{{7, 2}, {8, 3}, {9, 5}};
  auto read = round_trip(caf::make_message(atom::lost::value, 4, tests));
  ASSERT_TRUE((read.match_elements<atom::lost, int, std::vector<HandedBack>>()));
  EXPECT_EQ(read.get_as<int>(1), 4);
  EXPECT_EQ(read.get_as<std::vector<HandedBack>>(2), tests);
}

TEST_F(MessageTypes, a_test_keeps_its_unit_and_serial_group) {
  TestFile test;
  test.id = "a::b";
  test.path = "a.spec.ts";
  test.title = "b";
  test.unit = std::string("[desktop] a.spec.ts");
  test.serial_group = std::string("[desktop] a.spec.ts \u203a checkout");
  auto read = round_trip(caf::make_message(test));
  ASSERT_TRUE(read.match_elements<TestFile>());
  EXPECT_EQ(read.get_as<TestFile>(0), test);
}

} // namespace
} // namespace shardline::testing
