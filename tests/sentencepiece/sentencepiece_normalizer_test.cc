#include "tokenizers/sentencepiece/sentencepiece_normalizer.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/sentencepiece/model_file.h"
#include "tokenizers/sentencepiece/spm_utf8.h"
#include "tokenizers/serialization/tiktoken_file.h"

namespace tokenmill {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Options = SentencePieceNormalizer::Options;

SentencePieceNormalizer Identity(Options options = {},
                                 const std::vector<std::string_view>& user = {}) {
  auto n = SentencePieceNormalizer::Create("", options, user);
  EXPECT_TRUE(n.ok()) << n.status();
  return std::move(*n);
}

TEST(SentencePieceNormalizerTest, WhitespaceRulesWithIdentityMap) {
  SentencePieceNormalized out;
  Identity().Normalize("  a  b ", out);
  EXPECT_EQ(out.text, "\xE2\x96\x81" "a" "\xE2\x96\x81" "b");
  // ▁ of the dummy prefix sits where the kept text starts (after the leading spaces); the
  // kept space maps to the first of the two; the removed trailing space is not covered.
  EXPECT_THAT(out.norm_to_orig, ElementsAre(2, 2, 2, 2, 3, 3, 3, 5, 6));

  Identity().Normalize("   ", out);
  EXPECT_EQ(out.text, "");
  EXPECT_TRUE(out.norm_to_orig.empty());
  Identity().Normalize("", out);
  EXPECT_EQ(out.text, "");

  Options keep;
  keep.remove_extra_whitespaces = false;
  EXPECT_EQ(Identity(keep).Normalize(" a  "),
            "\xE2\x96\x81\xE2\x96\x81" "a" "\xE2\x96\x81\xE2\x96\x81");
  Options no_escape;
  no_escape.escape_whitespaces = false;
  EXPECT_EQ(Identity(no_escape).Normalize("a  b "), " a b");
  Options suffix;
  suffix.treat_whitespace_as_suffix = true;
  Identity(suffix).Normalize(" ab c ", out);
  EXPECT_EQ(out.text, "ab" "\xE2\x96\x81" "c" "\xE2\x96\x81");
  EXPECT_EQ(out.norm_to_orig.back(), 5u);
  Options no_prefix;
  no_prefix.add_dummy_prefix = false;
  EXPECT_EQ(Identity(no_prefix).Normalize("a b"), "a" "\xE2\x96\x81" "b");
}

TEST(SentencePieceNormalizerTest, InvalidBytesBecomeReplacementCharacters) {
  SentencePieceNormalized out;
  Identity().Normalize("a\xE4\xB8" "b", out);
  EXPECT_EQ(out.text, "\xE2\x96\x81" "a\xEF\xBF\xBD\xEF\xBF\xBD" "b");
  EXPECT_THAT(out.norm_to_orig, ElementsAre(0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 4));
  // A literal U+FFFD is an ordinary character.
  EXPECT_EQ(Identity().Normalize("\xEF\xBF\xBD"), "\xE2\x96\x81\xEF\xBF\xBD");
}

TEST(SentencePieceNormalizerTest, UserDefinedSymbolsMatchLongestFirst) {
  SentencePieceNormalizer n = Identity(Options{}, {"<a>", "<a> b", "x y"});
  // Spaces inside a symbol are still escaped (sentencepiece escapes every output byte).
  EXPECT_EQ(n.Normalize("<a> bx y"), "\xE2\x96\x81<a>\xE2\x96\x81" "bx\xE2\x96\x81y");
  EXPECT_EQ(n.Normalize("<a>  c"), "\xE2\x96\x81<a>\xE2\x96\x81" "c");
}

// A user-defined symbol is matched before the charsmap, so NFKC leaves it alone.
TEST(SentencePieceNormalizerTest, UserDefinedSymbolsEscapeTheCharsmap) {
  TM_SHARED_DIR_OR_SKIP(shared);
  auto model = LoadSentencePieceModel(shared + "/vocab/spm/unigram_8k.model");
  ASSERT_TRUE(model.ok());
  auto plain = SentencePieceNormalizer::FromSpec(model->normalizer_spec(), false);
  auto with_symbol = SentencePieceNormalizer::FromSpec(model->normalizer_spec(), false,
                                                       {"\xEF\xBD\x98"});  // ｘ U+FF58
  ASSERT_TRUE(plain.ok() && with_symbol.ok());
  EXPECT_EQ(plain->Normalize("\xEF\xBD\x98\xEF\xBD\x99"), "\xE2\x96\x81xy");
  EXPECT_EQ(with_symbol->Normalize("\xEF\xBD\x98\xEF\xBD\x99"), "\xE2\x96\x81\xEF\xBD\x98y");
}

TEST(SentencePieceNormalizerTest, RejectsCharsmapsThatDoNotParse) {
  const std::string cases[] = {
      std::string("\x01\x00\x00", 3),                      // shorter than the size field
      std::string("\xFF\x00\x00\x00" "abcd", 8),           // trie larger than the blob
      std::string("\x06\x00\x00\x00" "abcdefgh", 12),      // not whole units
      std::string("\x00\x00\x00\x00" "abcd", 8),           // no units
      // One unit that is a leaf pointing past the (NUL-free) pool.
      std::string("\x04\x00\x00\x00" "\x10\x00\x00\x80" "ab", 10),
  };
  for (const std::string& blob : cases) {
    auto n = SentencePieceNormalizer::Create(blob, Options{});
    ASSERT_FALSE(n.ok());
    EXPECT_THAT(n.status().message(), HasSubstr("precompiled_charsmap does not parse"));
  }
}

// A random walk over corrupt copies of a real charsmap: parse either fails cleanly or the
// result normalizes text without reading outside the blob (checked by ASan in CI).
TEST(SentencePieceNormalizerTest, CorruptCharsmapsNeverCrash) {
  TM_SHARED_DIR_OR_SKIP(shared);
  auto model = LoadSentencePieceModel(shared + "/vocab/spm/unigram_8k.model");
  ASSERT_TRUE(model.ok());
  const std::string& blob = model->normalizer_spec().precompiled_charsmap();
  uint32_t state = 12345;
  auto next = [&] { return state = state * 1103515245u + 12345u; };
  int parsed = 0;
  for (int round = 0; round < 200; ++round) {
    std::string corrupt = blob;
    for (int k = 0; k < 20; ++k) corrupt[next() % corrupt.size()] = static_cast<char>(next() >> 8);
    auto n = SentencePieceNormalizer::Create(corrupt, Options{});
    if (!n.ok()) continue;
    ++parsed;
    n->Normalize("Ｈｅｌｌｏ ｗｏｒｌｄ ① ﬁ é 가 \t x");
  }
  EXPECT_GT(parsed, 0);
}

// `normalized` in the goldens is sentencepiece's normalizer output (the bundled slice here;
// processor_parity_test.cc checks it on every golden of ../shared).
TEST(SentencePieceNormalizerTest, MatchesSentencePieceOnTheBundledSlice) {
  const std::string dir = testing::SourceDir() + "/tests/data/spm/";
  for (const char* name : {"unigram_8k", "bpe_8k"}) {
    auto model = LoadSentencePieceModel(dir + name + ".model");
    ASSERT_TRUE(model.ok()) << model.status();
    auto normalizer = SentencePieceNormalizer::FromSpec(
        model->normalizer_spec(), model->trainer_spec().treat_whitespace_as_suffix());
    ASSERT_TRUE(normalizer.ok()) << normalizer.status();
    for (const char* set : {"dev", "edge", "invalid_utf8"}) {
      auto lines = testing::ReadJsonLines(dir + name + "." + set + ".jsonl.gz");
      ASSERT_TRUE(lines.ok()) << lines.status();
      ASSERT_FALSE(lines->empty());
      int mismatches = 0;
      for (size_t i = 0; i < lines->size(); ++i) {
        const nlohmann::json& line = (*lines)[i];
        std::string text;
        if (line.contains("bytes_b64")) {
          ASSERT_TRUE(DecodeBase64(line["bytes_b64"].get<std::string>(), text));
        } else {
          text = line["text"].get<std::string>();
        }
        const std::string got = normalizer->Normalize(text);
        if (got != line["normalized"].get<std::string>() && ++mismatches <= 3) {
          ADD_FAILURE() << name << "." << set << " line " << i << "\n  text: " << text
                        << "\n  got:  " << got << "\n  want: " << line["normalized"];
        }
      }
      EXPECT_EQ(mismatches, 0) << name << "." << set;
    }
  }
}


// sentencepiece's normalizer loop, written plainly (one NormalizePrefix per step, no fast
// paths): the reference the optimized Normalize must equal, text and offsets.
SentencePieceNormalized NaiveNormalize(std::string_view input, const PrecompiledCharsMap* charsmap,
                                       const Options& options,
                                       const std::vector<std::string>& user_defined) {
  auto prefix = [&](std::string_view in) -> std::pair<std::string, size_t> {
    size_t longest = 0;
    for (const std::string& symbol : user_defined) {
      if (in.substr(0, symbol.size()) == symbol) longest = std::max(longest, symbol.size());
    }
    if (longest > 0) return {std::string(in.substr(0, longest)), longest};
    if (charsmap != nullptr) {
      const auto m = charsmap->LongestPrefix(in);
      if (m.length > 0) return {std::string(m.replacement), m.length};
    }
    const size_t n = spm_utf8::ValidCharLength(in);
    if (n == 0) return {std::string(spm_utf8::kReplacementChar), 1};
    return {std::string(in.substr(0, n)), n};
  };
  SentencePieceNormalized out;
  uint32_t consumed = 0;
  if (options.remove_extra_whitespaces) {
    while (!input.empty()) {
      const auto [replacement, length] = prefix(input);
      if (replacement != " ") break;
      input.remove_prefix(length);
      consumed += static_cast<uint32_t>(length);
    }
  }
  if (input.empty()) return out;
  const std::string space = options.escape_whitespaces ? "\xE2\x96\x81" : " ";
  auto add_space = [&] {
    out.text += space;
    for (size_t k = 0; k < space.size(); ++k) out.norm_to_orig.push_back(consumed);
  };
  if (!options.treat_whitespace_as_suffix && options.add_dummy_prefix) add_space();
  bool is_prev_space = options.remove_extra_whitespaces;
  while (!input.empty()) {
    auto [replacement, length] = prefix(input);
    std::string_view sp = replacement;
    while (is_prev_space && !sp.empty() && sp.front() == ' ') sp.remove_prefix(1);
    if (!sp.empty()) {
      for (char c : sp) {
        if (c == ' ') {
          add_space();
        } else {
          out.text.push_back(c);
          out.norm_to_orig.push_back(consumed);
        }
      }
      is_prev_space = sp.back() == ' ';
    }
    consumed += static_cast<uint32_t>(length);
    input.remove_prefix(length);
    if (!options.remove_extra_whitespaces) is_prev_space = false;
  }
  if (options.remove_extra_whitespaces) {
    while (out.text.size() >= space.size() &&
           out.text.compare(out.text.size() - space.size(), space.size(), space) == 0) {
      const size_t length = out.text.size() - space.size();
      consumed = out.norm_to_orig[length];
      out.text.resize(length);
      out.norm_to_orig.resize(length);
    }
  }
  if (options.treat_whitespace_as_suffix && options.add_dummy_prefix) add_space();
  out.norm_to_orig.push_back(consumed);
  return out;
}

// Random texts from pieces that exercise every branch of the precomputed per-character
// rules: characters that combining marks or jamo may follow, spaces and runs of them, tabs
// and other spaces, user-defined symbols of one and more bytes, NFKC rules, invalid,
// overlong and surrogate sequences.
TEST(SentencePieceNormalizerTest, FastPathEqualsTheNaiveLoop) {
  const std::string dir = testing::SourceDir() + "/tests/data/spm/";
  std::vector<std::string> charsmaps = {""};
  for (const char* name : {"unigram_8k", "bpe_8k"}) {
    auto model = LoadSentencePieceModel(dir + name + ".model");
    ASSERT_TRUE(model.ok()) << model.status();
    charsmaps.push_back(model->normalizer_spec().precompiled_charsmap());
  }
  if (auto shared = testing::SharedDir()) {
    for (const char* name : {"xlnet-base-cased-spiece", "unigram_8k_nfkc_cf"}) {
      auto model = LoadSentencePieceModel(*shared + "/vocab/spm/" + name + ".model");
      ASSERT_TRUE(model.ok()) << model.status();
      charsmaps.push_back(model->normalizer_spec().precompiled_charsmap());
    }
  }
  const std::vector<std::vector<std::string>> symbol_sets = {
      {}, {".", "-", "<eop>", "\xE2\x82\xAC"}, {"e", "ab", " ", "<"}, {"a", "a b"}};
  const std::vector<std::string> palette = {
      "a", "e", "E", "x", "0", "7", ".", "-", "<", ">", "<eop>", " ", "  ", "\t", "\n", "\r",
      "\xC2\xA0", "\xE3\x80\x80", "\xCC\x81", "\xCC\x88", "\xC3\xA9", "\xEF\xBD\x98",
      "\xEF\xAC\x81", "\xE2\x91\xA0", "\xEA\xB0\x80", "\xE2\x82\xAC", "\xE2\x96\x81", "\xD0\xB8",
      "\xE1\x86\xA8", "\xE1\x84\x80", "\xED\xA0\x80", "\xE0\x80\x80", "\xC1\xBF",
      "\xE4\xB8", "\x80", "\xC3", std::string("\0", 1), "\x7F", "\xEF\xBF\xBD", "\xF0\x9F\x98\x80"};
  uint32_t state = 20261126;
  auto next = [&] { return (state = state * 1103515245u + 12345u) >> 8; };
  int checked = 0;
  for (const std::string& blob : charsmaps) {
    std::optional<PrecompiledCharsMap> charsmap;
    if (!blob.empty()) {
      auto parsed = PrecompiledCharsMap::Parse(blob);
      ASSERT_TRUE(parsed.ok()) << parsed.status();
      charsmap = *std::move(parsed);
    }
    for (const auto& symbols : symbol_sets) {
      const std::vector<std::string_view> views(symbols.begin(), symbols.end());
      for (int flags = 0; flags < 16; ++flags) {
        Options options;
        options.add_dummy_prefix = flags & 1;
        options.remove_extra_whitespaces = flags & 2;
        options.escape_whitespaces = flags & 4;
        options.treat_whitespace_as_suffix = flags & 8;
        auto normalizer = SentencePieceNormalizer::Create(blob, options, views);
        ASSERT_TRUE(normalizer.ok()) << normalizer.status();
        SentencePieceNormalized got;
        for (int round = 0; round < 60; ++round) {
          std::string text;
          const int pieces = static_cast<int>(next() % 12);
          for (int k = 0; k < pieces; ++k) text += palette[next() % palette.size()];
          normalizer->Normalize(text, got);
          const SentencePieceNormalized want =
              NaiveNormalize(text, charsmap ? &*charsmap : nullptr, options, symbols);
          ASSERT_EQ(got.text, want.text) << "text: " << text << " flags " << flags;
          ASSERT_EQ(got.norm_to_orig, want.norm_to_orig) << "text: " << text << " flags " << flags;
          ++checked;
        }
      }
    }
  }
  EXPECT_GE(checked, 3 * 4 * 16 * 60);
}

// Every character of the Basic Multilingual Plane, alone and before a letter, a combining
// mark and a Hangul jamo (what may continue a rule), with the bundled model's charsmap and
// user-defined symbols around the precomputed blocks.
TEST(SentencePieceNormalizerTest, EveryBmpCharacterEqualsTheNaiveLoop) {
  auto model = LoadSentencePieceModel(testing::SourceDir() + "/tests/data/spm/unigram_8k.model");
  ASSERT_TRUE(model.ok()) << model.status();
  const std::string& blob = model->normalizer_spec().precompiled_charsmap();
  auto charsmap = PrecompiledCharsMap::Parse(blob);
  ASSERT_TRUE(charsmap.ok()) << charsmap.status();
  const std::vector<std::string> symbols = {"\xE2\x82\xAC", "\xEA\xB0\x80\xEA\xB0\x81", "."};
  const std::vector<std::string_view> views(symbols.begin(), symbols.end());
  auto normalizer = SentencePieceNormalizer::Create(blob, Options{}, views);
  ASSERT_TRUE(normalizer.ok()) << normalizer.status();
  SentencePieceNormalized got;
  int mismatches = 0;
  for (uint32_t cp = 0; cp < 0x10000; ++cp) {
    std::string c;
    if (cp < 0x80) {
      c.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      c = {static_cast<char>(0xC0 | cp >> 6), static_cast<char>(0x80 | (cp & 0x3F))};
    } else {  // surrogates too: as bytes they are invalid UTF-8
      c = {static_cast<char>(0xE0 | cp >> 12), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
           static_cast<char>(0x80 | (cp & 0x3F))};
    }
    for (const char* next : {"", "a", "\xCC\x81", "\xE1\x86\xA8"}) {
      const std::string text = c + next;
      normalizer->Normalize(text, got);
      const SentencePieceNormalized want = NaiveNormalize(text, &*charsmap, Options{}, symbols);
      if ((got.text != want.text || got.norm_to_orig != want.norm_to_orig) && ++mismatches <= 5) {
        ADD_FAILURE() << "U+" << std::hex << cp << " before \"" << next << "\": got \"" << got.text
                      << "\", want \"" << want.text << "\"";
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
}

}  // namespace
}  // namespace tokenmill
