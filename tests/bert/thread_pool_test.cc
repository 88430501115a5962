// The encoder's fork-join pool: every index exactly once, grain-aligned ranges, concurrent
// callers, and resizing.
#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

#include "bert/model.h"
#include "bert/thread_pool.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"

namespace tokenmill::bert {
namespace {

void ExpectEachIndexOnce(ThreadPool& pool, size_t n, size_t grain) {
  std::vector<std::atomic<int>> hits(n);
  pool.ParallelFor(n, grain, [&](size_t begin, size_t end) {
    ASSERT_LT(begin, end);
    ASSERT_LE(end, n);
    ASSERT_EQ(begin % grain, 0u);
    for (size_t i = begin; i < end; ++i) hits[i].fetch_add(1);
  });
  for (size_t i = 0; i < n; ++i) ASSERT_EQ(hits[i].load(), 1) << "n=" << n << " i=" << i;
}

TEST(ThreadPoolTest, CoversEveryIndexOnce) {
  for (int threads : {1, 2, 3, 8}) {
    ThreadPool pool(threads);
    EXPECT_EQ(pool.threads(), threads);
    for (size_t n : {0, 1, 2, 15, 16, 17, 100, 1000}) {
      for (size_t grain : {1, 16}) ExpectEachIndexOnce(pool, n, grain);
    }
  }
}

TEST(ThreadPoolTest, ManyShortJobsInARow) {
  ThreadPool pool(3);
  std::atomic<size_t> total{0};
  for (int job = 0; job < 2000; ++job) {
    pool.ParallelFor(64, 1, [&](size_t b, size_t e) { total += e - b; });
  }
  EXPECT_EQ(total.load(), 2000u * 64);
}

TEST(ThreadPoolTest, ConcurrentCallersEachGetTheirWholeRange) {
  ThreadPool pool(2);
  std::vector<std::thread> callers;
  std::atomic<int> failures{0};
  for (int c = 0; c < 4; ++c) {
    callers.emplace_back([&] {
      for (int job = 0; job < 200; ++job) {
        std::atomic<size_t> sum{0};
        pool.ParallelFor(100, 1, [&](size_t b, size_t e) {
          for (size_t i = b; i < e; ++i) sum += i;
        });
        if (sum.load() != 4950) ++failures;
      }
    });
  }
  for (auto& t : callers) t.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(ThreadPoolTest, SetNumThreads) {
  const int before = NumThreads();
  SetNumThreads(3);
  EXPECT_EQ(NumThreads(), 3);
  SetNumThreads(1);
  EXPECT_EQ(NumThreads(), 1);
  SetNumThreads(before);
  EXPECT_EQ(NumThreads(), before);
}

// The model on 1 or 3 threads, and from several threads at once, computes the same outputs.
TEST(ThreadPoolTest, ForwardIsTheSameOnAnyNumberOfThreads) {
  auto model = BertModel::FromPretrained(::tokenmill::testing::SourceDir() + "/tests/data/bert/micro");
  ASSERT_TRUE(model.ok()) << model.status();
  BertInput in;
  in.batch = 3;
  in.length = 40;
  for (size_t i = 0; i < in.batch * in.length; ++i) {
    in.input_ids.push_back(static_cast<int32_t>(999 + (i * 7919) % 1000));
    in.attention_mask.push_back(i % in.length < 40 - 9 * (i / in.length) ? 1 : 0);
  }
  const int before = NumThreads();
  SetNumThreads(1);
  auto one = (*model)->Forward(in, ForwardOptions{.mlm = true, .nsp = true});
  SetNumThreads(3);
  auto three = (*model)->Forward(in, ForwardOptions{.mlm = true, .nsp = true});
  ASSERT_TRUE(one.ok() && three.ok());
  for (size_t i = 0; i < one->last_hidden_state.size(); ++i) {
    ASSERT_NEAR(one->last_hidden_state[i], three->last_hidden_state[i], 1e-5) << i;
  }
  for (size_t i = 0; i < one->mlm_logits.size(); ++i) {
    ASSERT_NEAR(one->mlm_logits[i], three->mlm_logits[i], 1e-5) << i;
  }
  std::vector<std::thread> callers;
  std::atomic<int> mismatches{0};
  for (int c = 0; c < 4; ++c) {
    callers.emplace_back([&] {
      for (int r = 0; r < 5; ++r) {
        auto out = (*model)->Forward(in);
        if (!out.ok()) {
          ++mismatches;
          continue;
        }
        for (size_t i = 0; i < out->last_hidden_state.size(); ++i) {
          if (std::abs(out->last_hidden_state[i] - one->last_hidden_state[i]) > 1e-5f) {
            ++mismatches;
            break;
          }
        }
      }
    });
  }
  for (auto& t : callers) t.join();
  EXPECT_EQ(mismatches.load(), 0);
  SetNumThreads(before);
}

}  // namespace
}  // namespace tokenmill::bert
