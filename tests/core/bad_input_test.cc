// Bad input gets a clear error, never a crash, a hang or silent garbage: invalid UTF-8,
// empty and huge input, truncated or malformed tokenizer.json and vocab.txt.
#include <sys/resource.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/serialization/tokenizer_json.h"
#include "tokenizers/serialization/vocab_txt.h"

namespace tokenmill {
namespace {

namespace fs = std::filesystem;

std::string BundledTokenizerJson() {
  return testing::SourceDir() + "/vocab/bert-base-uncased/tokenizer.json";
}

std::unique_ptr<Tokenizer> LoadBert() {
  auto tokenizer = LoadTokenizerJson(BundledTokenizerJson());
  EXPECT_TRUE(tokenizer.ok()) << tokenizer.status();
  return std::move(*tokenizer);
}

std::string WriteTemp(const std::string& name, std::string_view content) {
  const fs::path path = fs::temp_directory_path() / ("tokenmill_test_" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

TEST(BadInput, EveryInvalidUtf8CaseIsAnErrorNamingTheByteOffset) {
  auto bert = LoadBert();
  auto data = testing::ReadMaybeGzip(testing::DataDirFor("corpus/invalid_utf8.bin"));
  ASSERT_TRUE(data.ok()) << data.status();
  std::vector<std::string> lines = absl::StrSplit(*data, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  ASSERT_EQ(lines.size(), 33u);
  for (size_t i = 0; i < lines.size(); ++i) {
    auto encoding = bert->Encode(lines[i]);
    ASSERT_FALSE(encoding.ok()) << "line " << i + 1 << " was accepted";
    EXPECT_EQ(encoding.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(absl::StrContains(encoding.status().message(), "invalid UTF-8 at byte offset"))
        << encoding.status();
  }
}

TEST(BadInput, ErrorNamesTheExactOffset) {
  auto bert = LoadBert();
  auto encoding = bert->Encode("abc\xC3(");
  ASSERT_FALSE(encoding.ok());
  EXPECT_TRUE(absl::StrContains(encoding.status().message(), "byte offset 3")) << encoding.status();
  // Surrogates encoded in UTF-8 and overlong forms are invalid too.
  EXPECT_FALSE(bert->Encode("\xED\xA0\x80").ok());
  EXPECT_FALSE(bert->Encode("\xC0\xAF").ok());
  EXPECT_FALSE(bert->Encode("\xF4\x90\x80\x80").ok());
  // ... and a pair is checked as well.
  EXPECT_FALSE(bert->Encode("fine", std::string_view("\xFF")).ok());
}

TEST(BadInput, EmptyTextGivesAnEmptyEncoding) {
  auto bert = LoadBert();
  auto plain = bert->Encode("", std::nullopt, /*add_special_tokens=*/false);
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->empty());
  auto with_specials = bert->Encode("");
  ASSERT_TRUE(with_specials.ok());
  EXPECT_EQ(with_specials->tokens, (std::vector<std::string>{"[CLS]", "[SEP]"}));
  auto only_spaces = bert->Encode(" \t\n", std::nullopt, false);
  ASSERT_TRUE(only_spaces.ok());
  EXPECT_TRUE(only_spaces->empty());
}

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

TEST(BadInput, HugeSingleStringWorksWithLinearMemory) {
  // 100 MB by default; sanitizer builds set TOKENMILL_HUGE_MB lower (they are ~10x slower).
  size_t megabytes = 100;
  if (const char* env = std::getenv("TOKENMILL_HUGE_MB")) megabytes = std::stoul(env);
  auto bert = LoadBert();
  const std::string unit = "The quick brown fox jumps over the lazy dog; naïve café 東京. ";
  std::string text;
  text.reserve(megabytes << 20);
  while (text.size() + unit.size() <= (megabytes << 20)) text += unit;
  const long before = PeakRssKb();
  auto encoding = bert->Encode(text);
  ASSERT_TRUE(encoding.ok()) << encoding.status();
  const size_t repeats = text.size() / unit.size();
  auto unit_encoding = bert->Encode(unit, std::nullopt, false);
  ASSERT_TRUE(unit_encoding.ok());
  EXPECT_EQ(encoding->size(), repeats * unit_encoding->size() + 2);
  EXPECT_EQ(encoding->offsets[encoding->size() - 2].end, text.size() - 1);  // before the last space
  const double growth = (PeakRssKb() - before) * 1024.0 / text.size();
  EXPECT_LT(growth, 64.0) << "peak memory grew by " << growth << " bytes per input byte";
}

TEST(BadInput, MissingTokenizerFileNamesThePath) {
  auto t = LoadTokenizerJson("/nonexistent/tokenizer.json");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(t.status().message(), "/nonexistent/tokenizer.json"));
}

TEST(BadInput, TruncatedTokenizerJsonIsAnErrorNamingTheFile) {
  auto full = ReadFile(BundledTokenizerJson());
  ASSERT_TRUE(full.ok());
  for (size_t cut : {size_t{0}, size_t{1}, size_t{100}, full->size() / 2, full->size() - 2}) {
    const std::string path = WriteTemp("truncated.json", full->substr(0, cut));
    auto t = LoadTokenizerJson(path);
    ASSERT_FALSE(t.ok()) << "cut at " << cut;
    EXPECT_TRUE(absl::StrContains(t.status().message(), path)) << t.status();
  }
}

TEST(BadInput, MalformedComponentsNameTheFieldThatIsWrong) {
  struct Case {
    std::string json;
    std::string expected;  // part of the error message
  };
  const Case cases[] = {
      {R"([1, 2])", "expected an object"},
      {R"({"normalizer": null})", "missing field \"model\""},
      {R"({"model": {"type": "WordPiece", "vocab": {"a": "x"}}})", "model.vocab"},
      {R"({"model": {"type": "WordPiece", "vocab": {"a": 0, "b": 0}}})", "id 0 is used by two tokens"},
      {R"({"model": {"type": "Nope"}})", "unsupported model type \"Nope\""},
      {R"({"model": {"type": "WordPiece", "vocab": {"a": 0}}, "normalizer": {"type": "Fancy"}})",
       "unsupported normalizer type \"Fancy\""},
      {R"({"model": {"type": "WordPiece", "vocab": {"a": 0}}, "normalizer": {"lowercase": true}})",
       "normalizer: missing field \"type\""},
      {R"({"model": {"type": "WordPiece", "vocab": {"a": 0}}, "added_tokens": [{"id": 1}]})",
       "added_tokens: missing field \"content\""},
      {R"({"model": {"type": "WordPiece", "vocab": {"a": 0}}, "truncation": {"strategy": "Middle"}})",
       "truncation.strategy"},
      {R"({"model": {"type": "WordPiece", "vocab": {"a": 0}, "max_input_chars_per_word": -1}})",
       "max_input_chars_per_word"},
      {R"({"model": {"type": "WordPiece", "vocab": {"a": 0}}, "post_processor": {"type": "TemplateProcessing",
           "single": [{"Sequence": {"id": "C", "type_id": 0}}], "pair": [], "special_tokens": {}}})",
       "unknown sequence \"C\""},
      {R"({"model": {"type": "WordPiece", "vocab": {"a": 0}}, "post_processor": {"type": "TemplateProcessing",
           "single": [{"Sequence": {"id": "AB", "type_id": 0}}], "pair": [], "special_tokens": {}}})",
       "unknown sequence \"AB\""},
  };
  for (const Case& c : cases) {
    auto t = ParseTokenizerJson(c.json, "test.json");
    ASSERT_FALSE(t.ok()) << c.json;
    EXPECT_TRUE(absl::StrContains(t.status().message(), c.expected))
        << c.json << " gave: " << t.status();
    EXPECT_TRUE(absl::StrContains(t.status().message(), "test.json")) << t.status();
  }
}

TEST(BadInput, MalformedVocabTxtIsAnErrorNamingFileAndLine) {
  BertVocabOptions options;
  const std::pair<std::string, std::string> cases[] = {
      {"", "no tokens"},
      {"[UNK]\n[CLS]\n[SEP]\nab\xFF\n", "line 4: invalid UTF-8"},
      {"[UNK]\n[CLS]\n[SEP]\na\na\n", "duplicate"},
      {"[UNK]\n\n[CLS]\n", "line 2: empty token"},
      {"[CLS]\n[SEP]\na\n", "unk token [UNK]"},
      {"[UNK]\na\n", "lacks [CLS] or [SEP]"},
  };
  for (const auto& [content, expected] : cases) {
    const std::string path = WriteTemp("vocab.txt", content);
    auto t = LoadBertVocabTxt(path, options);
    ASSERT_FALSE(t.ok()) << expected;
    EXPECT_TRUE(absl::StrContains(t.status().message(), expected)) << t.status();
    EXPECT_TRUE(absl::StrContains(t.status().message(), path)) << t.status();
  }
  EXPECT_EQ(LoadBertVocabTxt("/nonexistent/vocab.txt", options).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(BadInput, DecodeRejectsUnknownIds) {
  auto bert = LoadBert();
  auto text = bert->Decode({101, 7592, 999999, 102});
  ASSERT_FALSE(text.ok());
  EXPECT_TRUE(absl::StrContains(text.status().message(), "999999"));
}

}  // namespace
}  // namespace tokenmill
