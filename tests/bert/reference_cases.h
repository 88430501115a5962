// Reading the BERT reference cases (reference.jsonl written by ../shared/bert/reference.py).
#pragma once

#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "bert/input.h"
#include "nlohmann/json.hpp"
#include "tests/testing/test_data.h"

namespace tokenmill::bert::testing {

// A "base64-le" float32 array {"dtype", "shape", "encoding", "data"}.
struct RefArray {
  std::vector<size_t> shape;
  std::vector<float> values;
};


// The models with reference cases: the bundled micro model always, the ../shared models
// when present. Each entry: {name, directory, reference file}.
struct RefModel {
  std::string name;
  std::string dir;
  std::string reference;
};
inline void PrintTo(const RefModel& m, std::ostream* os) { *os << m.name; }

inline RefArray DecodeArray(const nlohmann::json& j) {
  RefArray a;
  for (const auto& d : j.at("shape")) a.shape.push_back(d.get<size_t>());
  std::string raw;
  absl::Base64Unescape(j.at("data").get<std::string>(), &raw);
  a.values.resize(raw.size() / 4);
  std::memcpy(a.values.data(), raw.data(), a.values.size() * 4);
  return a;
}

inline BertInput InputOf(const nlohmann::json& c) {
  BertInput in;
  in.batch = c.at("input_ids").size();
  in.length = c.at("input_ids")[0].size();
  for (const char* key : {"input_ids", "token_type_ids", "attention_mask"}) {
    std::vector<int32_t>& dst = std::string(key) == "input_ids"        ? in.input_ids
                                : std::string(key) == "token_type_ids" ? in.token_type_ids
                                                                       : in.attention_mask;
    for (const auto& row : c.at(key)) {
      for (const auto& v : row) dst.push_back(v.get<int32_t>());
    }
  }
  return in;
}

inline bool SharedBertAvailable() {
  auto shared = ::tokenmill::testing::SharedDir();
  return shared && std::filesystem::exists(*shared + "/bert/random-tiny/model.safetensors");
}

inline std::vector<RefModel> ReferenceModels() {
  const std::string bundled = ::tokenmill::testing::SourceDir() + "/tests/data/bert/micro";
  std::vector<RefModel> models = {{"micro", bundled, bundled + "/reference.jsonl.gz"}};
  if (SharedBertAvailable()) {
    const std::string shared = *::tokenmill::testing::SharedDir() + "/bert/";
    for (const char* name : {"random-tiny", "random-odd"}) {
      models.push_back({name, shared + name, shared + name + "/reference.jsonl"});
    }
  }
  return models;
}

}  // namespace tokenmill::bert::testing
