#include "app/queue_events.h"

#include <gtest/gtest.h>

#include <thread>

namespace relais::app {
namespace {

using std::chrono::milliseconds;

TEST(QueueEvents, AWaiterGetsTheLatestBoardOnly) {
  QueueEvents events;
  EXPECT_EQ(events.version(), 0u);
  EXPECT_FALSE(events.WaitNewer(0, milliseconds(1), {})) << "nothing published yet";
  QueueBoard first;
  first.waiting = 1;
  QueueBoard second;
  second.waiting = 2;
  events.Publish(first);
  events.Publish(second);
  auto got = events.WaitNewer(0, milliseconds(1), {});
  ASSERT_TRUE(got);
  EXPECT_EQ(got->first, 2u);
  EXPECT_EQ(got->second, second) << "a slow reader skips to the latest";
  EXPECT_FALSE(events.WaitNewer(2, milliseconds(1), {}));
}

TEST(QueueEvents, ARefreshWithTheSameBoardWakesNoOne) {
  QueueEvents events;
  QueueBoard board;
  board.waiting = 3;
  events.PublishIfChanged(board);
  EXPECT_EQ(events.version(), 1u) << "the first board is always news";
  events.PublishIfChanged(board);
  EXPECT_EQ(events.version(), 1u);
  EXPECT_FALSE(events.WaitNewer(1, milliseconds(1), {}));
  board.called.push_back({4, "7", {}});  // called through another process
  events.PublishIfChanged(board);
  auto got = events.WaitNewer(1, milliseconds(1), {});
  ASSERT_TRUE(got);
  EXPECT_EQ(got->first, 2u);
  EXPECT_EQ(got->second.called.at(0).counter, "7");
}

TEST(QueueEvents, APublishWakesAWaiterAtOnce) {
  QueueEvents events;
  std::optional<std::pair<std::uint64_t, QueueBoard>> got;
  std::thread waiter([&] { got = events.WaitNewer(0, milliseconds(10'000), {}); });
  std::this_thread::sleep_for(milliseconds(20));
  QueueBoard board;
  board.called.push_back({12, "2", {}});
  const auto published = std::chrono::steady_clock::now();
  events.Publish(board);
  waiter.join();
  EXPECT_LT(std::chrono::steady_clock::now() - published, milliseconds(1000));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->second.called.at(0).number, 12);
}

TEST(QueueEvents, AStopRequestEndsTheWait) {
  QueueEvents events;
  std::stop_source stop;
  bool returned = false;
  std::thread waiter([&] {
    EXPECT_FALSE(events.WaitNewer(0, milliseconds(60'000), stop.get_token()));
    returned = true;
  });
  std::this_thread::sleep_for(milliseconds(20));
  stop.request_stop();
  waiter.join();
  EXPECT_TRUE(returned);
}

}  // namespace
}  // namespace relais::app
