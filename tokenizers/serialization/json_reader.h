// Reading tokenizer.json values with errors that name the field that is wrong.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "simdjson.h"

namespace tokenmill::json {

using Value = simdjson::dom::element;
using Object = simdjson::dom::object;

// `context` names where the value sits, e.g. "normalizer" or "model.vocab".
absl::StatusOr<Object> AsObject(Value v, std::string_view context);
absl::StatusOr<std::string> AsString(Value v, std::string_view context);

// Field getters: a missing field is an error unless a default is given; null counts as
// missing for the optional getters.
absl::StatusOr<Value> Field(Object o, std::string_view key, std::string_view context);
std::optional<Value> OptionalField(Object o, std::string_view key);
absl::StatusOr<std::string> String(Object o, std::string_view key, std::string_view context);
absl::StatusOr<std::string> String(Object o, std::string_view key, std::string_view context,
                                   std::string_view fallback);
absl::StatusOr<bool> Bool(Object o, std::string_view key, std::string_view context, bool fallback);
absl::StatusOr<std::optional<bool>> OptionalBool(Object o, std::string_view key,
                                                 std::string_view context);
absl::StatusOr<uint64_t> Uint(Object o, std::string_view key, std::string_view context);
absl::StatusOr<uint64_t> Uint(Object o, std::string_view key, std::string_view context,
                              uint64_t fallback);
// The "type" of a component object.
absl::StatusOr<std::string> Type(Value v, std::string_view context);

}  // namespace tokenmill::json
