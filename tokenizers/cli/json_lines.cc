#include "tokenizers/cli/json_lines.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tokenmill::cli {

void AppendJsonString(std::string_view s, std::string& out) {
  out.push_back('"');
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", static_cast<int>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

namespace {

template <typename T, typename F>
void AppendArray(std::string& out, const std::vector<T>& items, F&& each) {
  out.push_back('[');
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    each(items[i]);
  }
  out.push_back(']');
}

}  // namespace

std::string EncodingToJsonLine(const Encoding& e, bool extra_fields) {
  std::string out = "{\"ids\": ";
  AppendArray(out, e.ids, [&](uint32_t id) { absl::StrAppend(&out, id); });
  out += ", \"tokens\": ";
  AppendArray(out, e.tokens, [&](const std::string& t) { AppendJsonString(t, out); });
  out += ", \"offsets\": ";
  AppendArray(out, e.offsets, [&](Span s) { absl::StrAppend(&out, "[", s.start, ", ", s.end, "]"); });
  if (extra_fields) {
    out += ", \"type_ids\": ";
    AppendArray(out, e.type_ids, [&](uint32_t v) { absl::StrAppend(&out, v); });
    out += ", \"special_tokens_mask\": ";
    AppendArray(out, e.special_tokens_mask, [&](uint8_t v) { absl::StrAppend(&out, v); });
    out += ", \"attention_mask\": ";
    AppendArray(out, e.attention_mask, [&](uint8_t v) { absl::StrAppend(&out, v); });
    out += ", \"word_ids\": ";
    AppendArray(out, e.word_ids, [&](const std::optional<uint32_t>& w) {
      if (w) absl::StrAppend(&out, *w); else out += "null";
    });
  }
  out += "}";
  return out;
}

}  // namespace tokenmill::cli
