// SentencePieceText messages (sentencepiece_text_proto.h) against sentencepiece 0.1.97's own
// serialized protos (tests/data/spm/protos.jsonl.gz, make_proto_goldens.py): encode, n-best
// and decode, byte for byte. The Python tests check the extra options and the immutable form.
#include "tokenizers/sentencepiece/sentencepiece_text_proto.h"

#include <map>
#include <memory>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"

namespace tokenmill {
namespace {

std::string ModelPath(const std::string& model) {
  const std::string bundled = testing::SourceDir() + "/tests/data/spm/" + model + ".model";
  if (model != "unigram_16k_bytefallback") return bundled;
  const auto shared = testing::SharedDir();
  return shared ? *shared + "/vocab/spm/" + model + ".model" : "";
}

std::string SerializedProto(const SentencePieceProcessor& sp, const nlohmann::json& r) {
  const std::string call = r["call"];
  if (call == "decode") {
    std::vector<std::string> pieces;
    for (const auto& item : r["input"]) {
      pieces.push_back(item.is_number() ? std::string(sp.IdToPiece(item.get<int>()))
                                        : item.get<std::string>());
    }
    spm::SentencePieceText proto;
    EXPECT_TRUE(DecodedTextProto(sp, pieces, proto).ok());
    return proto.SerializeAsString();
  }
  const std::string text = r["text"];
  if (call == "encode") {
    SentencePieceText encoded;
    EXPECT_TRUE(sp.Encode(text, encoded).ok());
    return EncodedTextProto(sp, text, encoded).SerializeAsString();
  }
  auto nbests = sp.NBestEncode(text, 3);
  EXPECT_TRUE(nbests.ok());
  spm::NBestSentencePieceText proto;
  for (const auto& scored : *nbests) {
    *proto.add_nbests() = EncodedTextProto(sp, text, scored.text, scored.score);
  }
  return proto.SerializeAsString();
}

TEST(SentencePieceTextProto, SerializesAsSentencePiece) {
  auto records = testing::ReadJsonLines(testing::SourceDir() + "/tests/data/spm/protos.jsonl.gz");
  ASSERT_TRUE(records.ok()) << records.status();
  std::map<std::string, std::unique_ptr<SentencePieceProcessor>> processors;
  size_t checked = 0;
  for (const nlohmann::json& r : *records) {
    // Extra options are the Python API's (tests/python/test_sentencepiece.py).
    if (r.value("encode_extra", "") != "" || r.value("decode_extra", "") != "") continue;
    const std::string model = r["model"];
    if (ModelPath(model).empty()) continue;
    auto& sp = processors[model];
    if (!sp) {
      auto loaded = SentencePieceProcessor::Load(ModelPath(model));
      ASSERT_TRUE(loaded.ok()) << loaded.status();
      sp = *std::move(loaded);
    }
    std::string want;
    ASSERT_TRUE(absl::Base64Unescape(r["serialized"].get<std::string>(), &want));
    EXPECT_EQ(SerializedProto(*sp, r), want) << r.dump();
    ++checked;
  }
  EXPECT_GE(checked, 50u);
}

TEST(SentencePieceTextProto, UnicodeSpansCountCodePoints) {
  spm::SentencePieceText text;
  text.set_text("a\xC3\xB6\xE6\xBC\xA2z");  // a ö 漢 z
  const std::pair<uint32_t, uint32_t> byte_spans[] = {{0, 1}, {1, 3}, {3, 6}, {6, 7}, {7, 99}};
  for (const auto& [begin, end] : byte_spans) {
    auto* piece = text.add_pieces();
    piece->set_begin(begin);
    piece->set_end(end);
  }
  ConvertToUnicodeSpans(text);
  const std::pair<uint32_t, uint32_t> want[] = {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 4}};
  for (int i = 0; i < text.pieces_size(); ++i) {
    EXPECT_EQ(text.pieces(i).begin(), want[i].first) << i;
    EXPECT_EQ(text.pieces(i).end(), want[i].second) << i;
  }
}

}  // namespace
}  // namespace tokenmill
