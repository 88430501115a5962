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

InlineUtf8 BertNormalizer::ComputeEntry::operator()(char32_t cp) const {
  InlineUtf8 entry;
  if (cp >= 0xD800 && cp <= 0xDFFF) return entry;  // never in valid UTF-8
  std::string out;
  self->MapChar(cp, out);
  if (out.size() > InlineUtf8::kCapacity) {
    entry.size = InlineUtf8::kLong;
  } else {
    entry.size = static_cast<uint8_t>(out.size());
    std::memcpy(entry.bytes, out.data(), out.size());
  }
  return entry;
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

// One pass over the text, writing through raw pointers into buffers grown ahead of need (no
// capacity check per byte). `span_of(start, end)` gives the original span of the character
// at bytes [start, end) of the input.
template <typename SpanOf>
void BertNormalizer::Rewrite(NormalizedString& text, SpanOf span_of) const {
  const std::string& in = text.normalized();
  std::string out;
  std::vector<Span> spans;
  size_t capacity = in.size() + in.size() / 8 + 64;
  out.resize(capacity);
  spans.resize(capacity);
  size_t n = 0;
  auto ensure = [&](size_t room) {
    while (capacity - n < room) capacity *= 2;
    out.resize(capacity);
    spans.resize(capacity);
  };
  std::string scratch;
  size_t pos = 0;
  while (pos < in.size()) {
    if (capacity - n < 64) ensure(64);
    const auto byte = static_cast<unsigned char>(in[pos]);
    if (byte < 0x80) {
      const int16_t mapped = ascii_[byte];
      if (mapped >= 0) {
        out[n] = static_cast<char>(mapped);
        spans[n++] = span_of(pos, pos + 1);
      }
      ++pos;
      continue;
    }
    const size_t start = pos;
    const char32_t cp = utf8::DecodeValid(in, pos);
    const Span span = span_of(start, pos);
    const InlineUtf8& mapped = cache_.Get(cp);
    std::string_view bytes(mapped.bytes, mapped.size);
    if (mapped.size == InlineUtf8::kLong) {
      scratch.clear();
      MapChar(cp, scratch);
      bytes = scratch;
      if (capacity - n < bytes.size()) ensure(bytes.size());
    }
    for (size_t i = 0; i < bytes.size(); ++i) {
      out[n + i] = bytes[i];
      spans[n + i] = span;
    }
    n += bytes.size();
  }
  out.resize(n);
  spans.resize(n);
  text.Set(std::move(out), std::move(spans));
}

void BertNormalizer::Normalize(NormalizedString& text) const {
  if (text.identity()) {
    // Nothing has changed the text yet: a character's span is its own byte range.
    const uint32_t base = text.base();
    Rewrite(text, [base](size_t start, size_t end) {
      return Span{static_cast<uint32_t>(base + start), static_cast<uint32_t>(base + end)};
    });
    return;
  }
  const std::vector<Span>& in_spans = text.alignments();
  Rewrite(text, [&in_spans](size_t start, size_t) { return in_spans[start]; });
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
