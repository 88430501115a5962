// One registry per component family maps tokenizer.json "type" names to factories, so a new
// component is one registration, not a new branch elsewhere.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "tokenizers/serialization/json_reader.h"

namespace tokenmill {

template <typename T>
class ComponentRegistry {
 public:
  // Builds a component from its JSON object; `context` names it in error messages.
  using Factory =
      std::function<absl::StatusOr<std::unique_ptr<T>>(json::Object, std::string_view context)>;

  explicit ComponentRegistry(std::string family) : family_(std::move(family)) {}

  void Register(std::string type, Factory factory) { factories_[std::move(type)] = std::move(factory); }

  absl::StatusOr<std::unique_ptr<T>> Create(json::Value value, std::string_view context) const {
    auto object = json::AsObject(value, context);
    if (!object.ok()) return object.status();
    auto type = json::String(*object, "type", context);
    if (!type.ok()) return type.status();
    auto it = factories_.find(*type);
    if (it == factories_.end()) {
      std::vector<std::string> known;
      for (const auto& [name, _] : factories_) known.push_back(name);
      std::sort(known.begin(), known.end());
      return absl::UnimplementedError(absl::StrFormat(
          "%s: unsupported %s type \"%s\" (supported: %s)", context, family_, *type,
          absl::StrJoin(known, ", ")));
    }
    return it->second(*object, context);
  }

 private:
  std::string family_;
  absl::flat_hash_map<std::string, Factory> factories_;
};

}  // namespace tokenmill
