#include "tokenizers/normalizers/bert_normalizer.h"

#include "tokenizers/base/unicode.h"
#include "tokenizers/base/utf8.h"

namespace tokenmill {

BertNormalizer::BertNormalizer(BertNormalizerOptions options)
    : options_(options), strip_accents_(options.strip_accents.value_or(options.lowercase)) {
  std::string out;
  for (char32_t c = 0; c < 128; ++c) {
    out.clear();
    MapChar(c, out);
    ascii_[c] = out.empty() ? -1 : static_cast<unsigned char>(out[0]);
  }
}

void BertNormalizer::MapChar(char32_t cp, std::string& out) const {
  if (options_.clean_text) {
    if (cp == 0 || cp == 0xFFFD || unicode::IsBertControl(cp)) return;
    if (unicode::IsBertWhitespace(cp)) cp = ' ';
  }
  const bool pad = options_.handle_chinese_chars && unicode::IsChineseChar(cp);
  if (pad) out.push_back(' ');
  AppendStripAndLowercase(cp, out);
  if (pad) out.push_back(' ');
}

void BertNormalizer::AppendStripAndLowercase(char32_t cp, std::string& out) const {
  if (!strip_accents_) {
    if (options_.lowercase) {
      unicode::AppendLowercase(cp, out);
    } else {
      utf8::Append(cp, out);
    }
    return;
  }
  // NFD, drop non-spacing marks, then lowercase what is left.
  std::string decomposed;
  unicode::AppendDecomposition(cp, /*compatibility=*/false, decomposed);
  size_t pos = 0;
  while (pos < decomposed.size()) {
    const char32_t c = utf8::DecodeValid(decomposed, pos);
    if (unicode::IsNonspacingMark(c)) continue;
    if (options_.lowercase) {
      unicode::AppendLowercase(c, out);
    } else {
      utf8::Append(c, out);
    }
  }
}

void BertNormalizer::Normalize(NormalizedString& text) const {
  const std::string& in = text.normalized();
  const std::vector<Span>& in_spans = text.alignments();
  std::string out;
  std::vector<Span> spans;
  out.reserve(in.size() + 16);
  spans.reserve(in.size() + 16);
  std::string scratch;
  size_t pos = 0;
  while (pos < in.size()) {
    const auto byte = static_cast<unsigned char>(in[pos]);
    if (byte < 0x80) {
      const int16_t mapped = ascii_[byte];
      if (mapped >= 0) {
        out.push_back(static_cast<char>(mapped));
        spans.push_back(in_spans[pos]);
      }
      ++pos;
      continue;
    }
    const Span span = in_spans[pos];
    const char32_t cp = utf8::DecodeValid(in, pos);
    scratch.clear();
    MapChar(cp, scratch);
    out.append(scratch);
    spans.insert(spans.end(), scratch.size(), span);
  }
  text.mutable_normalized() = std::move(out);
  text.mutable_alignments() = std::move(spans);
}

nlohmann::ordered_json BertNormalizer::ToJson() const {
  nlohmann::ordered_json j;
  j["type"] = "BertNormalizer";
  j["clean_text"] = options_.clean_text;
  j["handle_chinese_chars"] = options_.handle_chinese_chars;
  j["strip_accents"] = options_.strip_accents ? nlohmann::ordered_json(*options_.strip_accents)
                                              : nlohmann::ordered_json(nullptr);
  j["lowercase"] = options_.lowercase;
  return j;
}

}  // namespace tokenmill
