#include "benchmarks/bench_data.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "simdjson.h"

namespace tokenmill::bench {
namespace {

std::string SourceDir() { return TOKENMILL_SOURCE_DIR; }
// $TOKENMILL_SHARED_DIR overrides the default ../shared next to the project.
std::string SharedDir() {
  const char* env = std::getenv("TOKENMILL_SHARED_DIR");
  return env != nullptr && *env != '\0' ? env : SourceDir() + "/../shared";
}

bool Exists(const std::string& path) { return std::filesystem::exists(path); }

// Every non-empty line's "text" string; lines without one are skipped.
std::vector<std::string> ReadJsonlTexts(const std::string& path) {
  std::vector<std::string> texts;
  std::ifstream in(path, std::ios::binary);
  simdjson::dom::parser parser;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    simdjson::dom::element doc;
    std::string_view text;
    if (parser.parse(line).get(doc) || doc["text"].get_string().get(text)) continue;
    texts.emplace_back(text);
  }
  return texts;
}

}  // namespace

const std::vector<std::string>& DevTexts() {
  static const std::vector<std::string>* texts = [] {
    for (const std::string& path : {SharedDir() + "/corpus/dev.jsonl",
                                     SourceDir() + "/tests/data/corpus/dev.jsonl"}) {
      if (Exists(path)) return new std::vector<std::string>(ReadJsonlTexts(path));
    }
    return new std::vector<std::string>();
  }();
  return *texts;
}

size_t TotalBytes(const std::vector<std::string>& texts) {
  size_t total = 0;
  for (const std::string& t : texts) total += t.size();
  return total;
}

std::optional<std::string> TokenizerJsonPath(std::string_view model) {
  const std::string name(model);
  for (const std::string& dir : {SharedDir() + "/vocab/", SourceDir() + "/vocab/"}) {
    const std::string path = dir + name + "/tokenizer.json";
    if (Exists(path)) return path;
  }
  return std::nullopt;
}

const std::vector<std::string>& TrainSmallLines() {
  static const std::vector<std::string>* lines = [] {
    auto* result = new std::vector<std::string>();
    std::ifstream in(SharedDir() + "/corpus/train-small.txt", std::ios::binary);
    for (std::string line; std::getline(in, line);) result->push_back(std::move(line));
    return result;
  }();
  return *lines;
}

std::optional<std::string> SentencePieceModelPath(std::string_view model) {
  const std::string name(model);
  for (const std::string& dir : {SharedDir() + "/vocab/spm/", SourceDir() + "/tests/data/spm/"}) {
    const std::string path = dir + name + ".model";
    if (Exists(path)) return path;
  }
  return std::nullopt;
}

}  // namespace tokenmill::bench
