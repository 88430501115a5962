// tokenizer.json: what we write is what HF wrote (JSON-equal), and it loads back to a
// tokenizer that encodes the same.
#include "tokenizers/serialization/tokenizer_json.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "tests/testing/test_data.h"

namespace tokenmill {
namespace {

TEST(TokenizerJson, WritesBackWhatHuggingFaceWrote) {
  for (const char* name : {"bert-base-uncased", "bert-base-cased"}) {
    const std::string path = testing::SourceDir() + "/vocab/" + name + "/tokenizer.json";
    auto tokenizer = LoadTokenizerJson(path);
    ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
    auto original = ReadFile(path);
    ASSERT_TRUE(original.ok());
    EXPECT_EQ(nlohmann::json::parse(ToTokenizerJson(**tokenizer)), nlohmann::json::parse(*original))
        << name;
  }
}

TEST(TokenizerJson, SaveAndLoadRoundTripEncodesTheSame) {
  auto tokenizer = LoadTokenizerJson(testing::SourceDir() + "/vocab/bert-base-uncased/tokenizer.json");
  ASSERT_TRUE(tokenizer.ok());
  const std::string saved =
      (std::filesystem::temp_directory_path() / "tokenmill_roundtrip.json").string();
  ASSERT_TRUE(SaveTokenizerJson(**tokenizer, saved).ok());
  auto reloaded = LoadTokenizerJson(saved);
  ASSERT_TRUE(reloaded.ok()) << reloaded.status();
  for (const char* text : {"Hello, World!", "naïve café [MASK] 東京", "", "unaffable ##x"}) {
    auto a = (*tokenizer)->Encode(text, std::string_view("pair text"));
    auto b = (*reloaded)->Encode(text, std::string_view("pair text"));
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->ids, b->ids) << text;
    EXPECT_EQ(a->tokens, b->tokens) << text;
    EXPECT_EQ(a->type_ids, b->type_ids) << text;
  }
  EXPECT_EQ(SaveTokenizerJson(**tokenizer, "/nonexistent/dir/t.json").code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace tokenmill
