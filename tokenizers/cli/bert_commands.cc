// `tokenmill embed` and `tokenmill fill-mask`: the BERT encoder (bert/) on the command line.
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bert/extract_features.h"
#include "bert/fill_mask.h"
#include "bert/model.h"
#include "bert/model_tokenizer.h"
#include "simdjson.h"
#include "tokenizers/cli/commands.h"
#include "tokenizers/cli/json_lines.h"

namespace tokenmill::cli {
namespace {

struct ModelOptions {
  std::string model_dir;
  std::string tokenizer;  // default: the model folder's tokenizer.json / vocab.txt
  bool cased = false;
  int threads = 0;
  std::string input = "-";
  std::string output = "-";
  bool plain_text = false;

  void AddFlags(CLI::App& cmd) {
    cmd.add_option("-m,--model", model_dir, "folder with config.json and model.safetensors")->required();
    cmd.add_option("-t,--tokenizer", tokenizer,
                   "tokenizer.json or vocab.txt (default: the one in the model folder)");
    cmd.add_flag("--cased", cased, "for a vocab.txt given with -t: keep case");
    cmd.add_option("--threads", threads, "threads (default: one per core)");
    cmd.add_option("-i,--input", input, "input file (default: stdin)");
    cmd.add_option("-o,--output", output, "output file (default: stdout)");
    cmd.add_flag("--text", plain_text,
                 "read plain text lines (\"A ||| B\" for a pair) instead of JSONL {\"text\", \"text_b\"}");
  }
};

struct Loaded {
  std::unique_ptr<bert::BertModel> model;
  std::unique_ptr<Tokenizer> tokenizer;
};

absl::StatusOr<Loaded> Load(const ModelOptions& o) {
  Loaded l;
  bert::SetNumThreads(o.threads);
  auto model = bert::BertModel::FromPretrained(o.model_dir);
  if (!model.ok()) return model.status();
  l.model = *std::move(model);
  absl::StatusOr<std::unique_ptr<Tokenizer>> tokenizer;
  const size_t max_length = l.model->config().max_position_embeddings;
  if (o.tokenizer.empty()) {
    tokenizer = bert::LoadModelTokenizer(o.model_dir, max_length);
  } else {
    TokenizerSource source{o.tokenizer, "", o.cased};
    tokenizer = source.Load();
    if (tokenizer.ok() && !(*tokenizer)->truncation()) {
      TruncationParams truncation;
      truncation.max_length = max_length;
      (*tokenizer)->SetTruncation(truncation);
    }
  }
  if (!tokenizer.ok()) return tokenizer.status();
  l.tokenizer = *std::move(tokenizer);
  return l;
}

struct InputLine {
  std::string text, text_b;
};

// All input lines: JSONL {"text": ..., "text_b": ...} or plain text ("A ||| B" for a pair).
absl::StatusOr<std::vector<InputLine>> ReadInput(const ModelOptions& o) {
  std::ifstream file;
  if (o.input != "-") {
    file.open(o.input, std::ios::binary);
    if (!file) return absl::NotFoundError(absl::StrFormat("%s: cannot open file", o.input));
  }
  std::istream& in = o.input == "-" ? std::cin : file;
  std::vector<InputLine> lines;
  simdjson::dom::parser parser;
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    InputLine item;
    if (o.plain_text) {
      const size_t sep = line.find(" ||| ");
      item.text = line.substr(0, sep);
      if (sep != std::string::npos) item.text_b = line.substr(sep + 5);
    } else {
      simdjson::dom::element doc;
      std::string_view text, text_b;
      if (parser.parse(line).get(doc) || doc["text"].get_string().get(text)) {
        return absl::InvalidArgumentError(
            absl::StrFormat("%s: line %d: expected a JSON object with a \"text\" string", o.input, n));
      }
      item.text = std::string(text);
      if (!doc["text_b"].get_string().get(text_b)) item.text_b = std::string(text_b);
    }
    lines.push_back(std::move(item));
  }
  return lines;
}

void AppendFloats(const float* v, size_t n, std::string& out) {
  out += '[';
  for (size_t i = 0; i < n; ++i) absl::StrAppend(&out, i ? "," : "", absl::StrFormat("%.6g", v[i]));
  out += ']';
}

struct EmbedOptions : ModelOptions {
  std::vector<int> layers = {-1};
  size_t batch_size = 8;
  std::string pool;  // "", "cls", "mean", "pooler"
};

// One JSON line per input: per token its text, byte offsets and the chosen layers' vectors
// (google-research/bert's extract_features), or with --pool a single vector.
int RunEmbed(const EmbedOptions& o) {
  auto loaded = Load(o);
  if (!loaded.ok()) return Fail(loaded.status());
  auto lines = ReadInput(o);
  if (!lines.ok()) return Fail(lines.status());
  std::ofstream out_file;
  if (o.output != "-") out_file.open(o.output, std::ios::binary);
  std::ostream& out = o.output == "-" ? std::cout : out_file;
  std::vector<std::string_view> texts, pairs;
  for (const auto& l : *lines) {
    texts.push_back(l.text);
    pairs.push_back(l.text_b);
  }
  bert::FeatureOptions options;
  options.layers = o.pool == "pooler" ? std::vector<int>{-1} : o.layers;
  options.batch_size = o.batch_size;
  // In batches of the output size, so a large input does not hold every vector at once.
  for (size_t start = 0; start < texts.size(); start += o.batch_size) {
    const size_t end = std::min(texts.size(), start + o.batch_size);
    const std::vector<std::string_view> t(texts.begin() + start, texts.begin() + end);
    const std::vector<std::string_view> p(pairs.begin() + start, pairs.begin() + end);
    auto features = bert::ExtractFeatures(*loaded->model, *loaded->tokenizer, t, &p, options);
    if (!features.ok()) return Fail(features.status());
    for (const bert::TextFeatures& f : *features) {
      const size_t n = f.encoding.size(), H = f.hidden_size;
      std::string line = "{";
      if (o.pool.empty()) {
        line += "\"tokens\": [";
        for (size_t i = 0; i < n; ++i) {
          if (i) line += ", ";
          AppendJsonString(f.encoding.tokens[i], line);
        }
        line += "], \"offsets\": [";
        for (size_t i = 0; i < n; ++i) {
          absl::StrAppend(&line, i ? ", [" : "[", f.encoding.offsets[i].start, ", ",
                          f.encoding.offsets[i].end, "]");
        }
        line += "], \"layers\": [";
        for (size_t li = 0; li < f.layers.size(); ++li) {
          absl::StrAppend(&line, li ? ", " : "", "{\"index\": ", o.layers[li], ", \"values\": [");
          for (size_t i = 0; i < n; ++i) {
            if (i) line += ", ";
            AppendFloats(f.values.data() + (li * n + i) * H, H, line);
          }
          line += "]}";
        }
        line += "]";
      } else {
        std::vector<float> v(H, 0.0f);
        if (o.pool == "cls") {
          std::copy_n(f.values.begin(), H, v.begin());
        } else if (o.pool == "mean") {
          for (size_t i = 0; i < n; ++i) {
            for (size_t h = 0; h < H; ++h) v[h] += f.values[i * H + h] / n;
          }
        } else {  // pooler: the model's own pooled [CLS]
          bert::BertInput input = bert::BertInput::FromEncodings({f.encoding});
          auto pooled = loaded->model->Forward(input);
          if (!pooled.ok()) return Fail(pooled.status());
          if (pooled->pooler_output.empty()) return Fail(absl::FailedPreconditionError("the model has no pooler"));
          v.assign(pooled->pooler_output.begin(), pooled->pooler_output.end());
        }
        line += "\"pool\": ";
        AppendJsonString(o.pool, line);
        line += ", \"vector\": ";
        AppendFloats(v.data(), H, line);
      }
      out << line << "}\n";
    }
  }
  return 0;
}

struct FillMaskOptions : ModelOptions {
  size_t top_k = 5;
  std::vector<std::string> texts;
};

// One JSON line per text: {"text", "masks": [[{"token", "token_str", "score"}, ...], ...]}.
int RunFillMask(const FillMaskOptions& o) {
  auto loaded = Load(o);
  if (!loaded.ok()) return Fail(loaded.status());
  std::vector<std::string> texts = o.texts;
  if (texts.empty()) {
    auto lines = ReadInput(o);
    if (!lines.ok()) return Fail(lines.status());
    for (auto& l : *lines) texts.push_back(std::move(l.text));
  }
  std::ofstream out_file;
  if (o.output != "-") out_file.open(o.output, std::ios::binary);
  std::ostream& out = o.output == "-" ? std::cout : out_file;
  for (const std::string& text : texts) {
    auto masks = bert::FillMask(*loaded->model, *loaded->tokenizer, text, o.top_k);
    if (!masks.ok()) return Fail(masks.status());
    std::string line = "{\"text\": ";
    AppendJsonString(text, line);
    line += ", \"masks\": [";
    for (size_t m = 0; m < masks->size(); ++m) {
      line += m ? ", [" : "[";
      for (size_t k = 0; k < (*masks)[m].size(); ++k) {
        const auto& p = (*masks)[m][k];
        absl::StrAppend(&line, k ? ", " : "", "{\"token\": ", p.token_id, ", \"token_str\": ");
        AppendJsonString(p.token, line);
        absl::StrAppend(&line, ", \"score\": ", absl::StrFormat("%.6g", p.score), "}");
      }
      line += "]";
    }
    out << line << "]}\n";
  }
  return 0;
}

}  // namespace

void AddEmbedCommand(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<EmbedOptions>();
  CLI::App* cmd = app.add_subcommand(
      "embed", "BERT features per token (or one pooled vector) for each input line, as JSONL");
  o->AddFlags(*cmd);
  cmd->add_option("--layers", o->layers,
                  "hidden states to output: 0 = embeddings, -1 = last layer (default -1)")
      ->delimiter(',');
  cmd->add_option("--batch-size", o->batch_size, "rows per forward pass (default 8)");
  cmd->add_option("--pool", o->pool, "one vector per line instead: cls, mean (of the first --layers "
                                     "entry) or pooler")
      ->check(CLI::IsMember({"cls", "mean", "pooler"}));
  cmd->callback([o, &exit_code] { exit_code = RunEmbed(*o); });
}

void AddFillMaskCommand(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<FillMaskOptions>();
  CLI::App* cmd = app.add_subcommand("fill-mask", "Top predictions for each [MASK] of a text");
  o->AddFlags(*cmd);
  cmd->add_option("--top-k", o->top_k, "predictions per mask (default 5)");
  cmd->add_option("texts", o->texts, "texts (default: read lines from --input)");
  cmd->callback([o, &exit_code] { exit_code = RunFillMask(*o); });
}

}  // namespace tokenmill::cli
