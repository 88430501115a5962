// Worst-case inputs for BPE — one repeated letter, a run of spaces, random digits, CJK without
// spaces, a base64 blob — against OpenAI's tiktoken: ids identical (count and FNV-1a 64 hash
// of the id sequence, from tests/models/tiktoken/data/worst_case.jsonl, made by
// gen_worst_case_goldens.js, 256 KiB each). tiktoken (native) took up to 74 s on one of these
// (it is quadratic in the piece length: 16x the time for 4x the text); tokenmill is linear,
// which benchmarks/tiktoken_benchmark.cc measures up to 1 MiB.
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testing/test_data.h"
#include "tests/testing/worst_case_inputs.h"
#include "tokenizers/models/tiktoken/tiktoken_loader.h"

namespace tokenmill {
namespace {

uint64_t Fnv1a64(const std::vector<uint32_t>& ids) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (uint32_t id : ids) {
    for (int k = 0; k < 4; ++k) h = (h ^ ((id >> (8 * k)) & 0xFF)) * 0x100000001B3ull;
  }
  return h;
}

TEST(TiktokenWorstCase, IdenticalToTiktoken) {
  const auto goldens =
      testing::ReadJsonLines(testing::SourceDir() + "/tests/models/tiktoken/data/worst_case.jsonl");
  ASSERT_TRUE(goldens.ok()) << goldens.status();
  ASSERT_GE(goldens->size(), 15u);
  std::map<std::string, std::unique_ptr<TiktokenEncoding>> encodings;
  for (const nlohmann::json& golden : *goldens) {
    const std::string encoding_name = golden["encoding"];
    const std::string kind = golden["kind"];
    if (!encodings.contains(encoding_name)) {
      auto loaded = LoadTiktokenEncoding(encoding_name);
      ASSERT_TRUE(loaded.ok()) << loaded.status();
      encodings[encoding_name] = std::move(*loaded);
    }
    const auto& encoding = encodings[encoding_name];
    const std::string text = testing::MakeWorstCaseInput(kind, golden["bytes"].get<size_t>());
    auto ids = encoding->EncodeOrdinary(text);
    ASSERT_TRUE(ids.ok()) << ids.status();
    EXPECT_EQ(ids->size(), golden["count"].get<size_t>()) << encoding_name << " " << kind;
    EXPECT_EQ(std::to_string(Fnv1a64(*ids)), golden["fnv1a64"].get<std::string>())
        << encoding_name << " " << kind;
  }
}

}  // namespace
}  // namespace tokenmill
