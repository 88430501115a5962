// Normalizers against HF tokenizers' own unit tests (expected strings and alignments copied
// from the Rust sources named in each case: tokenizers/src/tokenizer/normalizer.rs and
// tokenizers/src/normalizers/*.rs of HF tokenizers 0.22). Each normalizer is built from its
// tokenizer.json form, so the registry is exercised too.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "simdjson.h"
#include "tokenizers/normalizers/normalizer.h"
#include "tokenizers/serialization/registries.h"

namespace tokenmill {
namespace {

using Alignments = std::vector<std::pair<uint32_t, uint32_t>>;

absl::StatusOr<std::unique_ptr<Normalizer>> FromJson(const std::string& text) {
  simdjson::dom::parser parser;
  simdjson::dom::element element;
  if (parser.parse(text).get(element)) return absl::InvalidArgumentError("bad test JSON");
  return NormalizerRegistry().Create(element, "normalizer");
}

Alignments AlignmentsOf(const NormalizedString& n) {
  Alignments out;
  for (const Span& s : n.alignments()) out.emplace_back(s.start, s.end);
  return out;
}

struct Spec {
  const char* source;  // where HF states the expectation
  std::string normalizer_json;
  std::string input;
  std::string expected;
  std::optional<Alignments> alignments;  // per normalized byte, into the original
};

// Sequence of normalizers used by HF's strip.rs "bug" tests.
const char* kNfkdStripLower =
    R"({"type":"Sequence","normalizers":[{"type":"NFKD"},{"type":"StripAccents"},{"type":"Lowercase"}]})";

std::vector<Spec> Specs() {
  return {
      {"normalizer.rs nfd_adds_new_chars", R"({"type":"NFD"})", "élégant", "e\u0301le\u0301gant",
       Alignments{{0, 2}, {0, 2}, {0, 2}, {2, 3}, {3, 5}, {3, 5}, {3, 5}, {5, 6}, {6, 7}, {7, 8},
                  {8, 9}}},
      {"normalizer.rs remove_chars_added_by_nfd (filter Mn = StripAccents here)",
       R"({"type":"Sequence","normalizers":[{"type":"NFD"},{"type":"StripAccents"}]})",
       "élégant", "elegant",
       Alignments{{0, 2}, {2, 3}, {3, 5}, {5, 6}, {6, 7}, {7, 8}, {8, 9}}},
      {"unicode.rs test_nfkc", R"({"type":"NFKC"})", "\uFB01", "fi", Alignments{{0, 3}, {0, 3}}},
      {"normalizer.rs slice (nfkc of mathematical letters)", R"({"type":"NFKC"})",
       "𝔾𝕠𝕠𝕕 𝕞𝕠𝕣𝕟𝕚𝕟𝕘", "Good morning",
       Alignments{{0, 4}, {4, 8}, {8, 12}, {12, 16}, {16, 17}, {17, 21}, {21, 25}, {25, 29},
                  {29, 33}, {33, 37}, {37, 41}, {41, 45}}},
      {"strip.rs test_strip_accents_multiple", R"({"type":"StripAccents"})",
       "e\u0304\u0304\u0304o", "eo", Alignments{{0, 1}, {7, 8}}},
      {"strip.rs test_strip_accents (NFKD'd input)", R"({"type":"StripAccents"})",
       "Me llamo\u0301", "Me llamo", std::nullopt},
      {"strip.rs test_strip_accents (Chinese unchanged)", R"({"type":"StripAccents"})",
       "这很简单", "这很简单", std::nullopt},
      {"strip.rs test_vietnamese_bug", kNfkdStripLower, "ậ…", "a...", std::nullopt},
      {"strip.rs test_vietnamese_bug (sentence)", kNfkdStripLower,
       "Cụ thể, bạn sẽ tham gia một nhóm các giám đốc điều hành tổ chức, các nhà lãnh đạo "
       "doanh nghiệp, các học giả, chuyên gia phát triển và tình nguyện viên riêng biệt trong "
       "lĩnh vực phi lợi nhuận…",
       "cu the, ban se tham gia mot nhom cac giam đoc đieu hanh to chuc, cac nha lanh đao "
       "doanh nghiep, cac hoc gia, chuyen gia phat trien va tinh nguyen vien rieng biet trong "
       "linh vuc phi loi nhuan...",
       std::nullopt},
      {"strip.rs test_thai_bug", kNfkdStripLower, "ำน\u0E49ำ3ลำ", "านา3ลา", std::nullopt},
      {"replace.rs test_replace", R"({"type":"Replace","pattern":{"String":"''"},"content":"\""})",
       "This is a ''test''", "This is a \"test\"", std::nullopt},
      {"replace.rs test_replace_regex",
       R"({"type":"Replace","pattern":{"Regex":"\\s+"},"content":" "})",
       "This     is   a         test", "This is a test", std::nullopt},
      {"normalizer.rs replace (simple)", R"({"type":"Replace","pattern":{"String":" "},"content":"_"})",
       " Hello   friend ", "_Hello___friend_", std::nullopt},
      {"normalizer.rs replace (a->b)", R"({"type":"Replace","pattern":{"String":"a"},"content":"b"})",
       "aaaab", "bbbbb", std::nullopt},
      {"normalizer.rs replace (overlapping)",
       R"({"type":"Replace","pattern":{"String":"aaa"},"content":"b"})", "aaaab", "bab",
       // HF: inserted content takes the span of the match's last byte.
       Alignments{{2, 3}, {3, 4}, {4, 5}}},
      {"normalizer.rs replace (regex)", R"({"type":"Replace","pattern":{"Regex":"\\s+"},"content":"_"})",
       " Hello   friend ", "_Hello_friend_", std::nullopt},
      {"prepend.rs test_prepend", R"({"type":"Prepend","prepend":"▁"})", "Hello", "▁Hello",
       Alignments{{0, 1}, {0, 1}, {0, 1}, {0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}}},
      {"normalizer.rs prepend", R"({"type":"Prepend","prepend":"Hey "})", "there", "Hey there",
       Alignments{{0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}}},
      {"prepend.rs (empty input stays empty)", R"({"type":"Prepend","prepend":"▁"})", "", "",
       Alignments{}},
      {"normalizer.rs lstrip", R"({"type":"Strip","strip_left":true,"strip_right":false})",
       "  This is an example  ", "This is an example  ", std::nullopt},
      {"normalizer.rs rstrip", R"({"type":"Strip","strip_left":false,"strip_right":true})",
       "  This is an example  ", "  This is an example", std::nullopt},
      {"normalizer.rs strip", R"({"type":"Strip","strip_left":true,"strip_right":true})",
       "  This is an example  ", "This is an example", std::nullopt},
      {"normalizer.rs strip_unicode", R"({"type":"Strip","strip_left":true,"strip_right":true})",
       "  你好asa \n", "你好asa", Alignments{{2, 5}, {2, 5}, {2, 5}, {5, 8}, {5, 8}, {5, 8},
                                           {8, 9}, {9, 10}, {10, 11}}},
      {"normalizer.rs range_conversion (lowercase part)", R"({"type":"Lowercase"})",
       "__Hello__", "__hello__", std::nullopt},
      // Rust's char::to_lowercase: İ → i + U+0307, both with İ's span; Σ is context-free.
      {"Rust char::to_lowercase (SpecialCasing)", R"({"type":"Lowercase"})", "İΣ",
       "i\u0307σ", Alignments{{0, 2}, {0, 2}, {0, 2}, {2, 4}, {2, 4}}},
  };
}

TEST(Normalizers, MatchHfUnitTests) {
  for (const Spec& spec : Specs()) {
    SCOPED_TRACE(spec.source);
    auto normalizer = FromJson(spec.normalizer_json);
    ASSERT_TRUE(normalizer.ok()) << normalizer.status();
    NormalizedString n(spec.input);
    (*normalizer)->Normalize(n);
    EXPECT_EQ(n.normalized(), spec.expected);
    ASSERT_EQ(n.alignments().size(), n.normalized().size());
    if (spec.alignments) {
      EXPECT_EQ(AlignmentsOf(n), *spec.alignments);
    }
  }
}

// The alignment consequences of HF's algorithms beyond its own tests (derived from
// unicode-normalization-alignments and NormalizedString::transform, not from an oracle run).
TEST(Normalizers, CompositionKeepsTheBaseSpan) {
  // NFC composes e + U+0301 into é: the composite replaces 'e' and absorbs the mark, so it
  // carries the span of 'e' only (the change is -1 on 'e').
  auto nfc = FromJson(R"({"type":"NFC"})");
  ASSERT_TRUE(nfc.ok());
  NormalizedString n("e\u0301x");
  (*nfc)->Normalize(n);
  EXPECT_EQ(n.normalized(), "\u00E9x");
  EXPECT_EQ(AlignmentsOf(n), (Alignments{{0, 1}, {0, 1}, {3, 4}}));
}

TEST(Normalizers, CanonicalReorderingMovesChangesWithCharacters) {
  // a + U+0315 (ccc 232) + U+0300 (ccc 230): NFD sorts the marks; both are "replacing"
  // characters, so HF gives them the spans of the old characters in order of position.
  auto nfd = FromJson(R"({"type":"NFD"})");
  ASSERT_TRUE(nfd.ok());
  NormalizedString n("a\u0315\u0300");
  (*nfd)->Normalize(n);
  EXPECT_EQ(n.normalized(), "a\u0300\u0315");
  EXPECT_EQ(AlignmentsOf(n), (Alignments{{0, 1}, {1, 3}, {1, 3}, {3, 5}, {3, 5}}));
}

TEST(Normalizers, Unicode9TablesLeaveNewerCharactersAlone) {
  // U+32FF (SQUARE ERA NAME REIWA, Unicode 12.1) has an NFKC mapping HF's tables lack.
  auto nfkc = FromJson(R"({"type":"NFKC"})");
  ASSERT_TRUE(nfkc.ok());
  NormalizedString n("\u32FF");
  (*nfkc)->Normalize(n);
  EXPECT_EQ(n.normalized(), "\u32FF");
}

TEST(Normalizers, ReplaceContentOnEmptyMatchAtStartHasEmptySpan) {
  auto replace = FromJson(R"({"type":"Replace","pattern":{"Regex":"^"},"content":"> "})");
  ASSERT_TRUE(replace.ok()) << replace.status();
  NormalizedString n("ab");
  (*replace)->Normalize(n);
  EXPECT_EQ(n.normalized(), "> ab");
  EXPECT_EQ(AlignmentsOf(n), (Alignments{{0, 0}, {0, 0}, {0, 1}, {1, 2}}));
}

TEST(Normalizers, StripAllWhitespaceLeavesEmpty) {
  auto strip = FromJson(R"({"type":"Strip","strip_left":true,"strip_right":true})");
  ASSERT_TRUE(strip.ok());
  NormalizedString n(" \u3000\t ");
  (*strip)->Normalize(n);
  EXPECT_EQ(n.normalized(), "");
  EXPECT_TRUE(n.alignments().empty());
}

// replace.rs `serialization` and mod.rs `normalizer_serialization`.
TEST(NormalizersJson, RoundTripsHfForms) {
  for (const char* json : {
           R"({"type":"Replace","pattern":{"String":"Hello"},"content":"Hey"})",
           R"({"type":"Replace","pattern":{"Regex":"\\s+"},"content":" "})",
           R"({"type":"Sequence","normalizers":[]})",
           R"({"type":"Sequence","normalizers":[{"type":"NFD"},{"type":"Lowercase"},{"type":"StripAccents"}]})",
           R"({"type":"NFC"})", R"({"type":"NFKC"})", R"({"type":"NFKD"})",
           R"({"type":"Strip","strip_left":false,"strip_right":true})",
           R"({"type":"Prepend","prepend":"▁"})",
           R"({"type":"Nmt"})", R"({"type":"ByteLevel"})",
       }) {
    SCOPED_TRACE(json);
    auto normalizer = FromJson(json);
    ASSERT_TRUE(normalizer.ok()) << normalizer.status();
    EXPECT_EQ((*normalizer)->ToJson().dump(), nlohmann::ordered_json::parse(json).dump());
  }
}

TEST(NormalizersJson, RejectsWhatHfRejects) {
  // mod.rs: a Sequence without "normalizers" and a member without a type both fail.
  EXPECT_FALSE(FromJson(R"({"type":"Sequence","prepend_scheme":"always"})").ok());
  EXPECT_FALSE(FromJson(R"({"type":"Sequence","normalizers":[{}]})").ok());
  EXPECT_FALSE(FromJson(R"({"type":"Strip","strip_left":true})").ok());
  EXPECT_FALSE(FromJson(R"({"type":"Replace","pattern":{"Glob":"x"},"content":""})").ok());
  EXPECT_FALSE(FromJson(R"({"type":"Replace","pattern":{"Regex":"(?<=a)b"},"content":""})").ok());
  auto unknown = FromJson(R"({"type":"Unheard"})");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("Unheard"), std::string::npos);
}

}  // namespace
}  // namespace tokenmill
