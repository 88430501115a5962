// The Unigram model against sentencepiece 0.1.97's goldens (../shared/golden/spm): for every
// dev, edge and invalid_utf8 line of the unigram models and the released XLNet model, the
// golden `normalized` string (the normalizer is tested on its own) goes through our model;
// ids and pieces must be identical, and the top-5 n-best ids and float scores identical,
// in sentencepiece's order (its agenda order and pruning are reproduced).
//
// The model's raw output is post-processed as sentencepiece's processor does: a run of
// unknown characters becomes one unk piece, or, with byte_fallback, the UTF-8 byte pieces.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "simdjson.h"
#include "tests/testing/test_data.h"
#include "tokenizers/models/unigram/unigram_model.h"
#include "tokenizers/models/unigram/unigram_model_proto.h"

namespace tokenmill {
namespace {

struct Piece {
  uint32_t id;
  std::string piece;
};

std::vector<Piece> PostProcess(const UnigramModel& model, bool byte_fallback,
                               std::string_view normalized, const std::vector<Token>& tokens) {
  std::vector<Piece> out;
  bool previous_unk = false;
  for (const Token& t : tokens) {
    const std::string_view surface = normalized.substr(t.begin, t.end - t.begin);
    const bool unk = t.id == model.unk_id();
    if (unk && byte_fallback) {
      for (const char c : surface) {
        const std::string byte_piece = ByteToPiece(static_cast<unsigned char>(c));
        out.push_back({model.PieceToId(byte_piece), byte_piece});
      }
    } else if (unk && previous_unk) {
      out.back().piece += surface;
    } else {
      out.push_back({t.id, unk ? std::string(surface) : std::string(model.IdToPiece(t.id))});
    }
    previous_unk = unk;
  }
  return out;
}

std::vector<uint32_t> Ids(const std::vector<Piece>& pieces) {
  std::vector<uint32_t> ids;
  for (const Piece& p : pieces) ids.push_back(p.id);
  return ids;
}

// The fields of one golden line this test reads. Parsed with simdjson: the goldens are
// ~200 MB of JSON in all, most of it fields this test does not need.
struct GoldenLine {
  std::string normalized;
  std::vector<uint32_t> ids;
  std::vector<std::string> pieces;
  bool has_nbest = false;
  bool nbest_shrunk = false;
  std::vector<std::pair<std::vector<uint32_t>, double>> nbest;  // (ids, score)
};

bool ReadIds(simdjson::dom::element e, std::vector<uint32_t>& out) {
  simdjson::dom::array array;
  if (e.get_array().get(array)) return false;
  for (simdjson::dom::element id : array) {
    uint64_t v;
    if (id.get_uint64().get(v)) return false;
    out.push_back(static_cast<uint32_t>(v));
  }
  return true;
}

absl::StatusOr<std::vector<GoldenLine>> ReadGolden(const std::string& path) {
  auto text = testing::ReadMaybeGzip(path);
  if (!text.ok()) return text.status();
  simdjson::dom::parser parser;
  std::vector<GoldenLine> lines;
  for (size_t start = 0; start < text->size();) {
    size_t end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    const std::string_view json(text->data() + start, end - start);
    start = end + 1;
    if (json.empty()) continue;
    GoldenLine& line = lines.emplace_back();
    const auto bad = [&] {
      return absl::DataLossError(absl::StrCat(path, ": line ", lines.size(), " is not as expected"));
    };
    simdjson::dom::element doc;
    std::string_view normalized;
    simdjson::dom::array pieces;
    if (parser.parse(json).get(doc) || doc["normalized"].get_string().get(normalized) ||
        !ReadIds(doc["ids"], line.ids) || doc["pieces"].get_array().get(pieces)) {
      return bad();
    }
    line.normalized = std::string(normalized);
    for (simdjson::dom::element piece : pieces) {
      std::string_view p;
      if (piece.get_string().get(p)) return bad();
      line.pieces.emplace_back(p);
    }
    simdjson::dom::array nbest;
    if (doc["nbest"].get_array().get(nbest) == simdjson::SUCCESS) {
      line.has_nbest = true;
      bool shrunk = false;
      if (doc["nbest_agenda_shrunk"].get_bool().get(shrunk) == simdjson::SUCCESS) line.nbest_shrunk = shrunk;
      for (simdjson::dom::element item : nbest) {
        auto& [ids, score] = line.nbest.emplace_back();
        if (!ReadIds(item["ids"], ids) || item["score"].get_double().get(score)) return bad();
      }
    }
  }
  return lines;
}

struct GoldenCase {
  std::string model;
  std::string set;
};
void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.model << "." << c.set; }

class UnigramGoldenTest : public ::testing::TestWithParam<GoldenCase> {};

// Every line of `golden_path` through the model of `model_path`.
void ExpectMatchesGolden(const std::string& model_path, const std::string& path,
                         bool expect_nbest) {
  auto proto = LoadSentencePieceModel(model_path);
  ASSERT_TRUE(proto.ok()) << proto.status();
  auto model = UnigramModelFromProto(*proto);
  ASSERT_TRUE(model.ok()) << model.status();
  const bool byte_fallback = proto->trainer_spec().byte_fallback();
  auto lines = ReadGolden(path);
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_FALSE(lines->empty());
  int encode_mismatches = 0, nbest_lines = 0, nbest_mismatches = 0, score_mismatches = 0;
  for (size_t i = 0; i < lines->size(); ++i) {
    const GoldenLine& line = (*lines)[i];
    const std::string& normalized = line.normalized;
    std::vector<Token> tokens;
    (*model)->Encode(normalized, tokens);
    const std::vector<Piece> pieces = PostProcess(**model, byte_fallback, normalized, tokens);
    std::vector<std::string> piece_strings;
    for (const Piece& p : pieces) piece_strings.push_back(p.piece);
    if (Ids(pieces) != line.ids || piece_strings != line.pieces) {
      if (++encode_mismatches <= 5) ADD_FAILURE() << path << " line " << i + 1 << ": encode differs";
    }

    if (!line.has_nbest) continue;
    ++nbest_lines;
    const auto nbest = (*model)->NBestEncode(normalized, 5);
    bool same = nbest.size() == line.nbest.size();
    for (size_t k = 0; same && k < nbest.size(); ++k) {
      const auto processed = PostProcess(**model, byte_fallback, normalized, nbest[k].tokens);
      same = Ids(processed) == line.nbest[k].first;
      if (same && nbest[k].score != static_cast<float>(line.nbest[k].second)) {
        if (++score_mismatches <= 5) {
          ADD_FAILURE() << path << " line " << i + 1 << " n-best " << k << ": score "
                        << absl::StrFormat("%.9g", nbest[k].score) << " vs " << line.nbest[k].second;
        }
      }
    }
    if (!same && ++nbest_mismatches <= 5) {
      ADD_FAILURE() << path << " line " << i + 1 << ": n-best differs (shrunk: " << line.nbest_shrunk << ")";
    }
  }
  EXPECT_EQ(encode_mismatches, 0) << path;
  EXPECT_EQ(nbest_mismatches, 0) << path << " (" << nbest_lines << " n-best lines)";
  EXPECT_EQ(score_mismatches, 0) << path;
  if (expect_nbest) {
    EXPECT_GT(nbest_lines, 0) << path;
  }
}


TEST_P(UnigramGoldenTest, EncodeAndNBestMatchSentencepiece) {
  TM_SHARED_DIR_OR_SKIP(shared);
  const GoldenCase& c = GetParam();
  ExpectMatchesGolden(absl::StrCat(shared, "/vocab/spm/", c.model, ".model"),
                      absl::StrCat(shared, "/golden/spm/", c.model, ".", c.set, ".jsonl.gz"),
                      /*expect_nbest=*/c.model != "unigram_8k_nfkc_cf");
}

// The slice bundled in tests/data/spm (unigram_8k: 300 dev, 100 edge, 33 invalid_utf8 lines of
// the same goldens) runs everywhere, so a fresh clone checks n-best exactness too.
TEST(UnigramGoldenSliceTest, BundledSliceMatchesSentencepiece) {
  const std::string dir = testing::SourceDir() + "/tests/data/spm/";
  for (const char* set : {"dev", "edge", "invalid_utf8"}) {
    ExpectMatchesGolden(dir + "unigram_8k.model", dir + "unigram_8k." + set + ".jsonl.gz", true);
  }
}

std::vector<GoldenCase> Cases() {
  std::vector<GoldenCase> cases;
  // unigram_8k_nfkc_cf has light goldens (no n-best).
  for (const char* model : {"unigram_8k", "unigram_16k_bytefallback", "unigram_8k_identity",
                            "unigram_8k_nfkc_cf", "xlnet-base-cased-spiece"}) {
    for (const char* set : {"dev", "edge", "invalid_utf8"}) cases.push_back({model, set});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Spm, UnigramGoldenTest, ::testing::ValuesIn(Cases()),
                         [](const auto& info) {
                           std::string name = info.param.model + "_" + info.param.set;
                           for (char& ch : name) {
                             if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace tokenmill
