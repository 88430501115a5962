// Loading config.json + model.safetensors: HF name variants load the same model; missing or
// mismatched tensors, wrong dtypes, truncated or corrupt files and bad inputs give clear errors.
#include <filesystem>
#include <fstream>

#include "bert/model.h"
#include "bert/safetensors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/bert/safetensors_writer.h"
#include "tests/testing/test_data.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace tokenmill::bert {
namespace {

using ::testing::HasSubstr;
using testing::RawTensor;

std::string MicroDir() { return ::tokenmill::testing::SourceDir() + "/tests/data/bert/micro"; }

class LoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tokenmill_bert_loader_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    auto file = SafetensorsFile::Open(MicroDir() + "/model.safetensors");
    ASSERT_TRUE(file.ok()) << file.status();
    for (const auto& [name, info] : (*file)->tensors()) {
      tensors_[name] = RawTensor{"F32", info.shape,
                                 std::string(reinterpret_cast<const char*>(info.data), info.num_bytes)};
    }
    config_ = *ReadFile(MicroDir() + "/config.json");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes the (edited) model to a fresh folder (a loaded model maps its file, which must not
  // change under it) and loads it.
  absl::StatusOr<std::unique_ptr<BertModel>> Load() {
    const auto dir = dir_ / std::to_string(++loads_);
    std::filesystem::create_directories(dir);
    testing::WriteFile(dir / "model.safetensors", testing::SerializeSafetensors(tensors_));
    testing::WriteFile(dir / "config.json", config_);
    return BertModel::FromPretrained(dir.string());
  }
  absl::Status LoadError() {
    auto model = Load();
    return model.ok() ? absl::OkStatus() : model.status();
  }
  void SetConfig(const std::string& key, int value) {
    auto j = nlohmann::json::parse(config_);
    j[key] = value;
    config_ = j.dump();
  }

  std::filesystem::path dir_;
  int loads_ = 0;
  std::map<std::string, RawTensor> tensors_;
  std::string config_;
};

// The same input through two loads of one model gives the same outputs (up to float32
// rounding: Eigen's SIMD loops peel differently for differently aligned weights).
void ExpectNear(const FloatBuffer& a, const FloatBuffer& b) {
  ASSERT_EQ(a.size(), b.size());
  ASSERT_FALSE(a.empty());
  for (size_t i = 0; i < a.size(); ++i) ASSERT_NEAR(a[i], b[i], 1e-5) << i;
}

void ExpectSameOutputs(const BertModel& a, const BertModel& b) {
  BertInput in;
  in.batch = 1;
  in.length = 6;
  in.input_ids = {101, 1996, 1997, 103, 1998, 102};
  ForwardOptions o{.mlm = true, .nsp = true};
  auto x = a.Forward(in, o);
  auto y = b.Forward(in, o);
  ASSERT_TRUE(x.ok() && y.ok());
  ExpectNear(x->last_hidden_state, y->last_hidden_state);
  ExpectNear(x->pooler_output, y->pooler_output);
  ExpectNear(x->mlm_logits, y->mlm_logits);
  ExpectNear(x->nsp_logits, y->nsp_logits);
}

TEST_F(LoaderTest, LoadsTheMicroModelWithAllHeads) {
  auto model = Load();
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_TRUE((*model)->has_pooler());
  EXPECT_TRUE((*model)->has_mlm_head());
  EXPECT_TRUE((*model)->has_nsp_head());
  EXPECT_EQ((*model)->config().hidden_size, 64u);
  EXPECT_EQ((*model)->config().num_attention_heads, 4u);
}

TEST_F(LoaderTest, OldAndHeadlessNamesLoadTheSameModel) {
  auto reference = Load();
  ASSERT_TRUE(reference.ok());
  // LayerNorm gamma/beta, no "bert." prefix, cls.predictions.decoder.bias.
  std::map<std::string, RawTensor> renamed;
  for (auto& [name, t] : tensors_) {
    std::string n = name;
    if (n.rfind("bert.", 0) == 0) n = n.substr(5);
    if (n.size() > 16 && n.substr(n.size() - 16) == "LayerNorm.weight") n = n.substr(0, n.size() - 6) + "gamma";
    if (n.size() > 14 && n.substr(n.size() - 14) == "LayerNorm.bias") n = n.substr(0, n.size() - 4) + "beta";
    if (n == "cls.predictions.bias") n = "cls.predictions.decoder.bias";
    renamed[n] = t;
  }
  tensors_ = renamed;
  auto model = Load();
  ASSERT_TRUE(model.ok()) << model.status();
  ExpectSameOutputs(**reference, **model);
}

TEST_F(LoaderTest, HeadsAreOptional) {
  for (auto it = tensors_.begin(); it != tensors_.end();) {
    it = it->first.rfind("cls.", 0) == 0 ? tensors_.erase(it) : std::next(it);
  }
  auto model = Load();
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_FALSE((*model)->has_mlm_head());
  EXPECT_FALSE((*model)->has_nsp_head());
  EXPECT_TRUE((*model)->has_pooler());
  BertInput in{1, 3, {101, 1996, 102}, {}, {}};
  auto out = (*model)->Forward(in, ForwardOptions{.mlm = true, .nsp = true});
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out->mlm_logits.empty());
  EXPECT_TRUE(out->nsp_logits.empty());
  EXPECT_FALSE((*model)->MlmLogits(out->last_hidden_state.data(), 1).ok());
}

TEST_F(LoaderTest, F16AndBf16TensorsAreConverted) {
  // 1, -2, 65504, the smallest subnormal, 0.5 as IEEE half; 1, -2, 0.5 as bfloat16.
  const uint16_t half[] = {0x3C00, 0xC000, 0x7BFF, 0x0001, 0x3800};
  const uint16_t bf16[] = {0x3F80, 0xC000, 0x3F00};
  testing::WriteFile(dir_ / "h.safetensors",
                     testing::SerializeSafetensors(
                         {{"h", RawTensor{"F16", {5}, std::string(reinterpret_cast<const char*>(half), 10)}},
                          {"b", RawTensor{"BF16", {3}, std::string(reinterpret_cast<const char*>(bf16), 6)}}}));
  auto file = SafetensorsFile::Open((dir_ / "h.safetensors").string());
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_THAT(ToFloat32(*(*file)->Find("h")), ::testing::ElementsAre(1.0f, -2.0f, 65504.0f, 0x1p-24f, 0.5f));
  EXPECT_THAT(ToFloat32(*(*file)->Find("b")), ::testing::ElementsAre(1.0f, -2.0f, 0.5f));
}

TEST_F(LoaderTest, MissingTensor) {
  tensors_.erase("bert.encoder.layer.1.attention.self.query.weight");
  EXPECT_THAT(LoadError().message(),
              HasSubstr("missing tensor \"bert.encoder.layer.1.attention.self.query.weight\""));
}

TEST_F(LoaderTest, MissingHeadPart) {
  tensors_.erase("cls.predictions.transform.LayerNorm.bias");
  EXPECT_THAT(LoadError().message(), HasSubstr("cls.predictions.transform.LayerNorm.bias"));
}

TEST_F(LoaderTest, ShapeMismatchWithTheConfig) {
  SetConfig("intermediate_size", 256);
  EXPECT_THAT(LoadError().message(),
              HasSubstr("tensor \"bert.encoder.layer.0.intermediate.dense.weight\" has shape [192, 64]; "
                        "config.json implies [256, 64]"));
  SetConfig("intermediate_size", 192);
  SetConfig("vocab_size", 30522);
  EXPECT_THAT(LoadError().message(), HasSubstr("word_embeddings.weight\" has shape [2000, 64]"));
}

TEST_F(LoaderTest, MoreLayersInTheFileThanTheConfig) {
  SetConfig("num_hidden_layers", 1);
  EXPECT_THAT(LoadError().message(), HasSubstr("belongs to layer 1, but config.json says num_hidden_layers = 1"));
}

TEST_F(LoaderTest, WrongDtype) {
  tensors_["bert.pooler.dense.bias"].dtype = "I32";
  EXPECT_THAT(LoadError().message(),
              HasSubstr("tensor \"bert.pooler.dense.bias\" has dtype I32; expected F32"));
}

TEST_F(LoaderTest, DataSizeDisagreesWithShape) {
  tensors_["bert.pooler.dense.bias"].shape = {65};
  EXPECT_THAT(LoadError().message(), HasSubstr("256 bytes of data for shape [65] of F32 (260 bytes expected)"));
}

TEST_F(LoaderTest, TruncatedFilesNeverCrash) {
  const std::string full = testing::SerializeSafetensors(tensors_);
  testing::WriteFile(dir_ / "config.json", config_);
  for (size_t size : {size_t{0}, size_t{5}, size_t{8}, size_t{100}, full.size() / 2, full.size() - 1}) {
    testing::WriteFile(dir_ / "model.safetensors", full.substr(0, size));
    auto model = BertModel::FromPretrained(dir_.string());
    ASSERT_FALSE(model.ok()) << size;
    EXPECT_THAT(model.status().message(), HasSubstr("model.safetensors")) << size;
  }
  // The last byte missing: the error names the tensor whose data is cut.
  testing::WriteFile(dir_ / "model.safetensors", full.substr(0, full.size() - 1));
  EXPECT_THAT(BertModel::FromPretrained(dir_.string()).status().message(), HasSubstr("truncated"));
}

TEST_F(LoaderTest, CorruptHeaders) {
  testing::WriteFile(dir_ / "config.json", config_);
  const std::string huge_length("\xff\xff\xff\xff\xff\xff\xff\x7f{}", 10);
  const std::string not_json = std::string("\x04\0\0\0\0\0\0\0", 8) + "{{{{";
  const std::string bad_offsets = testing::SerializeSafetensors({}).substr(0, 0) +
                                  std::string("\x40\0\0\0\0\0\0\0", 8) +
                                  R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8000]}}      )";
  for (const std::string& bytes : {huge_length, not_json, bad_offsets}) {
    testing::WriteFile(dir_ / "model.safetensors", bytes);
    auto model = BertModel::FromPretrained(dir_.string());
    ASSERT_FALSE(model.ok());
    EXPECT_THAT(model.status().message(), HasSubstr("model.safetensors"));
  }
}

TEST_F(LoaderTest, BadConfigs) {
  config_ = "{\"hidden_size\": \"big\"}";
  EXPECT_THAT(LoadError().message(), HasSubstr("\"hidden_size\" must be an integer"));
  config_ = R"({"hidden_size": 64, "num_attention_heads": 5})";
  EXPECT_THAT(LoadError().message(), HasSubstr("not a multiple of num_attention_heads"));
  config_ = R"({"hidden_act": "swish"})";
  EXPECT_THAT(LoadError().message(), HasSubstr("hidden_act \"swish\" is not supported"));
  config_ = "[1, 2]";
  EXPECT_THAT(LoadError().message(), HasSubstr("not a JSON object"));
  EXPECT_THAT(BertModel::FromPretrained(dir_.string()).status().message(), HasSubstr("config.json: cannot open"));
}

class InputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto model = BertModel::FromPretrained(MicroDir());
    ASSERT_TRUE(model.ok()) << model.status();
    model_ = model->release();
  }
  absl::Status Run(const BertInput& in) { return model_->Forward(in).status(); }
  static const BertModel* model_;
};
const BertModel* InputTest::model_ = nullptr;

TEST_F(InputTest, IdsOutsideTheVocabulary) {
  EXPECT_THAT(Run(BertInput{1, 3, {101, 2000, 102}, {}, {}}).message(),
              HasSubstr("input_ids[0][1] = 2000 is outside the vocabulary [0, 2000)"));
  EXPECT_THAT(Run(BertInput{1, 3, {101, -1, 102}, {}, {}}).message(), HasSubstr("= -1 is outside"));
  EXPECT_TRUE(Run(BertInput{1, 3, {101, 1999, 102}, {}, {}}).ok());
}

TEST_F(InputTest, SequencesLongerThanThePositionTable) {
  BertInput in{1, 513, std::vector<int32_t>(513, 1000), {}, {}};
  EXPECT_THAT(Run(in).message(), HasSubstr("sequence length 513 exceeds max_position_embeddings 512"));
  in = BertInput{1, 512, std::vector<int32_t>(512, 1000), {}, {}};
  EXPECT_TRUE(Run(in).ok());
}

TEST_F(InputTest, OtherBadInputs) {
  EXPECT_THAT(Run(BertInput{1, 3, {101, 1000, 102}, {0, 2, 0}, {}}).message(),
              HasSubstr("token_type_ids[0][1] = 2 is outside [0, 2)"));
  EXPECT_THAT(Run(BertInput{1, 3, {101, 1000, 102}, {}, {1, 1, 3}}).message(),
              HasSubstr("attention_mask[0][2] = 3 is not 0 or 1"));
  EXPECT_THAT(Run(BertInput{2, 3, {101, 1000, 102}, {}, {}}).message(),
              HasSubstr("input_ids has 3 values, expected batch 2 x length 3"));
  EXPECT_THAT(Run(BertInput{1, 3, {101, 1000, 102}, {0, 0}, {}}).message(), HasSubstr("token_type_ids has 2 values"));
  EXPECT_THAT(Run(BertInput{0, 0, {}, {}, {}}).message(), HasSubstr("empty input"));
}

// A row without any attended key is computed as HF does: uniform attention over all keys.
TEST_F(InputTest, RowWithNothingAttended) {
  auto out = model_->Forward(BertInput{1, 4, {101, 1000, 1001, 102}, {}, {0, 0, 0, 0}});
  ASSERT_TRUE(out.ok());
  for (float v : out->last_hidden_state) ASSERT_TRUE(std::isfinite(v));
}

}  // namespace
}  // namespace tokenmill::bert

namespace tokenmill::bert {
namespace {

// A forward pass depends on its input alone: not on the lengths of earlier calls, which move
// the work buffers (Eigen's vectorized loops round differently at other alignments).
TEST(ForwardDeterminism, EarlierCallsOfOtherLengthsChangeNothing) {
  auto model = BertModel::FromPretrained(::tokenmill::testing::SourceDir() + "/tests/data/bert/micro");
  ASSERT_TRUE(model.ok()) << model.status();
  BertInput short_input;
  short_input.batch = 1;
  short_input.length = 6;
  short_input.input_ids = {2, 30, 40, 50, 60, 3};
  auto first = (*model)->Forward(short_input);
  ASSERT_TRUE(first.ok());
  for (size_t length : {7, 9, 16, 17, 33, 64}) {
    BertInput other;
    other.batch = 1;
    other.length = length;
    other.input_ids.assign(length, 99);
    ASSERT_TRUE((*model)->Forward(other).ok());
    auto again = (*model)->Forward(short_input);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->last_hidden_state == first->last_hidden_state)
        << "after a call of length " << length;
  }
}

}  // namespace
}  // namespace tokenmill::bert
