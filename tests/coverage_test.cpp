// Coverage (core/coverage.hpp) and the period an input's name gives
// (ingest::period_named_by): where the data say nothing, nothing is counted.
#include <gtest/gtest.h>

#include "skywitness/core/coverage.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/ingest/ingest.hpp"

namespace skywitness {
namespace {

double t(const char* iso) {
  return *parse_iso8601(iso);
}

TEST(Coverage, MergesOverlappingAndTouchingSpansAndDropsEmptyOnes) {
  const auto m = merge_spans({{10, 20}, {0, 5}, {5, 8}, {15, 30}, {40, 40}, {50, 45}});
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].from, 0);
  EXPECT_EQ(m[0].to, 8);
  EXPECT_EQ(m[1].from, 10);
  EXPECT_EQ(m[1].to, 30);
  EXPECT_TRUE(merge_spans({}).empty());
}

TEST(Coverage, MeasuresAndClassifiesAPeriod) {
  const auto m = merge_spans({{0, 100}, {200, 300}});
  EXPECT_DOUBLE_EQ(covered_seconds(m, 50, 250), 100);
  EXPECT_DOUBLE_EQ(covered_seconds(m, 100, 200), 0);
  EXPECT_DOUBLE_EQ(covered_seconds(m, -50, 400), 200);
  EXPECT_EQ(classify(m, 0, 100), Coverage::kFull);
  EXPECT_EQ(classify(m, 0, 101), Coverage::kFull);  // a sliver short is still all of it
  EXPECT_EQ(classify(m, 0, 150), Coverage::kPartial);
  EXPECT_EQ(classify(m, 100, 200), Coverage::kNone);
  EXPECT_EQ(classify({}, 0, 10), Coverage::kNone);
  EXPECT_EQ(classify(m, 10, 10), Coverage::kNone);  // an empty period holds no data
  EXPECT_STREQ(coverage_name(Coverage::kPartial), "partial");
}

TEST(Coverage, NamesTheUncoveredParts) {
  const auto m = merge_spans({{0, 100}, {200, 300}, {305, 400}});
  const auto u = uncovered(m, -10, 500, 10);
  ASSERT_EQ(u.size(), 3u);  // the 5 s between 300 and 305 is shorter than 10
  EXPECT_EQ(u[0].from, -10);
  EXPECT_EQ(u[0].to, 0);
  EXPECT_EQ(u[1].from, 100);
  EXPECT_EQ(u[1].to, 200);
  EXPECT_EQ(u[2].from, 400);
  EXPECT_EQ(u[2].to, 500);
  EXPECT_TRUE(uncovered(m, 10, 90).empty());
  const auto all = uncovered({}, 5, 7);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].to, 7);
}

TEST(Coverage, TheDayOrHourAnInputsNameGives) {
  const auto day =
      ingest::period_named_by("/data/globe_history/2024/03/30/traces/07/trace_full_a8f007.json");
  ASSERT_TRUE(day);
  EXPECT_EQ(day->from, t("2024-03-30T00:00:00Z"));
  EXPECT_EQ(day->to, t("2024-03-31T00:00:00Z"));
  const auto release = ingest::period_named_by("/dl/v2024.03.30-planes-readsb-prod-0.tar.*");
  ASSERT_TRUE(release);
  EXPECT_EQ(release->from, t("2024-03-30T00:00:00Z"));
  EXPECT_EQ(release->to - release->from, 86400);
  const auto hour = ingest::period_named_by("opensky/states_2024-03-12-11.csv.gz");
  ASSERT_TRUE(hour);
  EXPECT_EQ(hour->from, t("2024-03-12T11:00:00Z"));
  EXPECT_EQ(hour->to - hour->from, 3600);
  // Names that give no period: an address only, no real date, digits that
  // are no date folder.
  EXPECT_FALSE(ingest::period_named_by("trace_full_ac671b.json.gz"));
  EXPECT_FALSE(ingest::period_named_by("/x/2024/02/30/traces/00/trace_full_a8f000.json"));
  EXPECT_FALSE(ingest::period_named_by("/x/12024/03/30/a.json"));
  EXPECT_FALSE(ingest::period_named_by("capture-2024-03-30.beast"));
}

}  // namespace
}  // namespace skywitness
