#include "tokenizers/serialization/json_reader.h"

#include "absl/strings/str_format.h"

namespace tokenmill::json {
namespace {

absl::Status WrongType(std::string_view context, std::string_view expected) {
  return absl::InvalidArgumentError(absl::StrFormat("%s: expected %s", context, expected));
}

std::string Join(std::string_view context, std::string_view key) {
  return context.empty() ? std::string(key) : absl::StrFormat("%s.%s", context, key);
}

}  // namespace

absl::StatusOr<Object> AsObject(Value v, std::string_view context) {
  Object o;
  if (v.get_object().get(o)) return WrongType(context, "an object");
  return o;
}

absl::StatusOr<std::string> AsString(Value v, std::string_view context) {
  std::string_view s;
  if (v.get_string().get(s)) return WrongType(context, "a string");
  return std::string(s);
}

absl::StatusOr<Value> Field(Object o, std::string_view key, std::string_view context) {
  Value v;
  if (o.at_key(key).get(v)) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: missing field \"%s\"", context, key));
  }
  return v;
}

std::optional<Value> OptionalField(Object o, std::string_view key) {
  Value v;
  if (o.at_key(key).get(v) || v.is_null()) return std::nullopt;
  return v;
}

absl::StatusOr<std::string> String(Object o, std::string_view key, std::string_view context) {
  auto v = Field(o, key, context);
  if (!v.ok()) return v.status();
  return AsString(*v, Join(context, key));
}

absl::StatusOr<std::string> String(Object o, std::string_view key, std::string_view context,
                                   std::string_view fallback) {
  auto v = OptionalField(o, key);
  if (!v) return std::string(fallback);
  return AsString(*v, Join(context, key));
}

absl::StatusOr<bool> Bool(Object o, std::string_view key, std::string_view context, bool fallback) {
  auto v = OptionalField(o, key);
  if (!v) return fallback;
  bool b;
  if (v->get_bool().get(b)) return WrongType(Join(context, key), "true or false");
  return b;
}

absl::StatusOr<std::optional<bool>> OptionalBool(Object o, std::string_view key,
                                                 std::string_view context) {
  auto v = OptionalField(o, key);
  if (!v) return std::optional<bool>();
  bool b;
  if (v->get_bool().get(b)) return WrongType(Join(context, key), "true, false or null");
  return std::optional<bool>(b);
}

absl::StatusOr<uint64_t> Uint(Object o, std::string_view key, std::string_view context) {
  auto v = Field(o, key, context);
  if (!v.ok()) return v.status();
  uint64_t n;
  if (v->get_uint64().get(n)) return WrongType(Join(context, key), "a non-negative integer");
  return n;
}

absl::StatusOr<uint64_t> Uint(Object o, std::string_view key, std::string_view context,
                              uint64_t fallback) {
  auto v = OptionalField(o, key);
  if (!v) return fallback;
  uint64_t n;
  if (v->get_uint64().get(n)) return WrongType(Join(context, key), "a non-negative integer");
  return n;
}

absl::StatusOr<std::string> Type(Value v, std::string_view context) {
  auto o = AsObject(v, context);
  if (!o.ok()) return o.status();
  return String(*o, "type", context);
}

}  // namespace tokenmill::json
