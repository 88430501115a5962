// StreamDecoder: per-step output must add up to a one-shot lossy decode (Rust's
// String::from_utf8_lossy, as HF's ByteLevel decoder reads bytes) however the bytes are
// split into tokens; characters split across tokens are held back until complete.
#include "tokenizers/decoders/stream_decoder.h"

#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/decoders/byte_level_decoder.h"
#include "tokenizers/models/bpe/bpe.h"

namespace tokenmill {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";

// A decoder over a fixed list of byte strings (token id = index).
StreamDecoder OverTokens(const std::vector<std::string>& tokens) {
  return StreamDecoder([&tokens](uint32_t id, std::string& bytes) {
    if (id >= tokens.size()) return false;
    bytes += tokens[id];
    return true;
  });
}

bool IsValidUtf8(std::string_view s) { return Utf8Lossy(s) == s; }

// Text of 1- to 4-byte characters, sometimes with invalid bytes mixed in.
std::string RandomBytes(std::mt19937& rng, bool with_invalid) {
  std::string s;
  const size_t chars = rng() % 40;
  for (size_t i = 0; i < chars; ++i) {
    switch (rng() % (with_invalid ? 6 : 4)) {
      case 0: s += static_cast<char>('a' + rng() % 26); break;
      case 1: utf8::Append(0xA0 + rng() % 0x700, s); break;
      case 2: utf8::Append(0x4E00 + rng() % 0x5000, s); break;
      case 3: utf8::Append(0x1F300 + rng() % 0x300, s); break;
      case 4: s += static_cast<char>(0x80 + rng() % 0x80); break;  // stray byte
      default: {  // a character cut short
        std::string c;
        utf8::Append(0x800 + rng() % 0x10000, c);
        s += c.substr(0, 1 + rng() % (c.size() - 1));
      }
    }
  }
  return s;
}

void ExpectSplitsMatchOneShot(bool with_invalid, uint32_t seed) {
  std::mt19937 rng(seed);
  for (int trial = 0; trial < 2000; ++trial) {
    const std::string bytes = RandomBytes(rng, with_invalid);
    std::vector<std::string> tokens;  // a random split into tokens
    for (size_t pos = 0; pos < bytes.size();) {
      const size_t n = std::min(bytes.size() - pos, size_t{1} + rng() % 5);
      tokens.push_back(bytes.substr(pos, n));
      pos += n;
    }
    StreamDecoder decoder = OverTokens(tokens);
    std::string streamed;
    for (uint32_t id = 0; id < tokens.size(); ++id) {
      auto text = decoder.Step(id);
      ASSERT_TRUE(text.ok()) << text.status();
      ASSERT_TRUE(IsValidUtf8(*text));
      ASSERT_LE(decoder.pending().size(), 3u);
      streamed += *text;
    }
    streamed += decoder.Flush();
    ASSERT_EQ(streamed, Utf8Lossy(bytes)) << "trial " << trial;
    ASSERT_TRUE(decoder.pending().empty());
  }
}

TEST(StreamDecoder, RandomSplitsOfValidTextMatchOneShotDecode) {
  ExpectSplitsMatchOneShot(/*with_invalid=*/false, 11);
}

TEST(StreamDecoder, RandomSplitsWithInvalidBytesMatchFromUtf8Lossy) {
  ExpectSplitsMatchOneShot(/*with_invalid=*/true, 12);
}

TEST(StreamDecoder, HoldsBackPartialCharacters) {
  StreamDecoder decoder = OverTokens({});
  EXPECT_EQ(decoder.PushBytes("a\xC3"), "a");
  EXPECT_EQ(decoder.pending(), "\xC3");
  EXPECT_EQ(decoder.PushBytes("\xA9"), "\xC3\xA9");  // é
  // 😀 = F0 9F 98 80, one byte per step.
  EXPECT_EQ(decoder.PushBytes("\xF0"), "");
  EXPECT_EQ(decoder.PushBytes("\x9F"), "");
  EXPECT_EQ(decoder.PushBytes("\x98"), "");
  EXPECT_EQ(decoder.PushBytes("\x80!"), "\xF0\x9F\x98\x80!");
  EXPECT_TRUE(decoder.pending().empty());
}

TEST(StreamDecoder, InvalidBytesBecomeReplacementAtOnce) {
  StreamDecoder decoder = OverTokens({});
  // A lead byte followed by a non-continuation: one U+FFFD, then the byte itself.
  EXPECT_EQ(decoder.PushBytes("\xC3("), kFffd + "(");
  // Bytes that never start a character.
  EXPECT_EQ(decoder.PushBytes("\xFF"), kFffd);
  EXPECT_EQ(decoder.PushBytes("\x80"), kFffd);
  // E0 needs A0..BF next: E0 80 is two maximal invalid subsequences.
  EXPECT_EQ(decoder.PushBytes("\xE0\x80"), kFffd + kFffd);
  // A surrogate (ED A0 80) is invalid byte by byte, as from_utf8_lossy reads it.
  EXPECT_EQ(decoder.PushBytes("\xED\xA0\x80"), kFffd + kFffd + kFffd);
  // A truncated character interrupted by a new one: U+FFFD, and the new one held.
  EXPECT_EQ(decoder.PushBytes("\xE4\xB8"), "");
  EXPECT_EQ(decoder.PushBytes("\xE4"), kFffd);
  EXPECT_EQ(decoder.pending(), "\xE4");
  EXPECT_TRUE(decoder.pending().size() <= 3);
}

TEST(StreamDecoder, FlushReplacesADanglingSequence) {
  StreamDecoder decoder = OverTokens({});
  EXPECT_EQ(decoder.PushBytes("ok\xF0\x9F\x98"), "ok");
  EXPECT_EQ(decoder.Flush(), kFffd);  // one U+FFFD for the whole truncated prefix
  EXPECT_EQ(decoder.Flush(), "");
  EXPECT_EQ(decoder.PushBytes("\xC3\xA9"), "\xC3\xA9");  // reusable after a flush
}

TEST(StreamDecoder, UnknownIdIsAnErrorAndChangesNothing) {
  const std::vector<std::string> tokens = {"\xC3", "\xA9"};
  StreamDecoder decoder = OverTokens(tokens);
  ASSERT_EQ(*decoder.Step(0), "");
  auto bad = decoder.Step(7);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(decoder.pending(), "\xC3");
  EXPECT_EQ(*decoder.Step(1), "\xC3\xA9");
}

// GPT-2 style: "é" is the byte-level characters Ã (0xC3) and © (0xA9), Ġ is a space.
TEST(StreamDecoder, ByteLevelVocabularyMapsTokensBackToBytes) {
  auto vocab = Vocab::Create(std::vector<std::pair<std::string, uint32_t>>{
      {"\xC3\x83", 0}, {"\xC2\xA9", 1}, {"Hi", 2}, {"\xC4\xA0", 3}});
  ASSERT_TRUE(vocab.ok()) << vocab.status();
  auto model = Bpe::Create(std::move(*vocab), {}, BpeOptions{});
  ASSERT_TRUE(model.ok()) << model.status();
  StreamDecoder decoder = StreamDecoder::ForByteLevel(**model);
  EXPECT_EQ(*decoder.Step(2), "Hi");
  EXPECT_EQ(*decoder.Step(3), " ");
  EXPECT_EQ(*decoder.Step(0), "");
  EXPECT_EQ(*decoder.Step(1), "\xC3\xA9");
  EXPECT_EQ(decoder.Step(4).status().code(), absl::StatusCode::kNotFound);
}

TEST(StreamDecoder, IncompleteTailStart) {
  EXPECT_EQ(IncompleteUtf8TailStart(""), 0u);
  EXPECT_EQ(IncompleteUtf8TailStart("abc"), 3u);
  EXPECT_EQ(IncompleteUtf8TailStart("ab\xE4\xB8"), 2u);
  EXPECT_EQ(IncompleteUtf8TailStart("ab\xE4("), 4u);      // decided: invalid
  EXPECT_EQ(IncompleteUtf8TailStart("ab\xF5"), 3u);        // F5 never starts a character
  EXPECT_EQ(IncompleteUtf8TailStart("\xF4\x90"), 2u);      // above U+10FFFF: invalid
}

}  // namespace
}  // namespace tokenmill
