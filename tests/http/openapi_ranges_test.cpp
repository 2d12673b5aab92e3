// The OpenAPI document states the same ranges the decoders enforce
// (model/ranges.hpp): a range changed in one place and not the other fails here.
#include "http/openapi.hpp"
#include "model/ranges.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace shardline {
namespace {

struct Documented {
  const char* schema;
  const char* property;
  ValueRange range;
};

TEST(OpenApiRanges, every_bounded_field_has_the_decoders_minimum_and_maximum) {
  auto document = nlohmann::json::parse(http::openapi_document());
  const auto& schemas = document["components"]["schemas"];
  for (const auto& [schema, property, range] :
       {Documented{"ParallelExecutionConfig", "workerCount", ranges::worker_count},
        Documented{"ParallelExecutionConfig", "retries", ranges::retries},
        Documented{"ParallelExecutionConfig", "testTimeoutMs", ranges::test_timeout_ms},
        Documented{"ParallelExecutionConfig", "maxFailures", ranges::max_failures},
        Documented{"ParallelExecutionConfig", "heartbeatIntervalMs", ranges::heartbeat_interval_ms},
        Documented{"ParallelExecutionConfig", "heartbeatTimeoutMs", ranges::heartbeat_timeout_ms},
        Documented{"TestFile", "line", ranges::line},
        Documented{"TestFile", "estimatedDurationMs", ranges::estimated_duration_ms},
        Documented{"TestFile", "priority", ranges::priority},
        Documented{"PreviewRequest", "workerCount", ranges::worker_count}}) {
    SCOPED_TRACE(std::string(schema) + "." + property);
    const auto& field = schemas[schema]["properties"][property];
    ASSERT_TRUE(field.contains("minimum") && field.contains("maximum")) << field.dump();
    EXPECT_EQ(field["minimum"].get<std::int64_t>(), range.min);
    EXPECT_EQ(field["maximum"].get<std::int64_t>(), range.max);
  }
}

} // namespace
} // namespace shardline
