#include "tokenizers/pre_tokenizers/metaspace.h"

#include "tokenizers/base/utf8.h"

namespace tokenmill {

const char* PrependSchemeName(PrependScheme scheme) {
  switch (scheme) {
    case PrependScheme::kAlways: return "always";
    case PrependScheme::kFirst: return "first";
    case PrependScheme::kNever: return "never";
  }
  return "always";
}

MetaspacePreTokenizer::MetaspacePreTokenizer(char32_t replacement, PrependScheme scheme,
                                             bool split)
    : replacement_(replacement), scheme_(scheme), split_(split) {
  utf8::Append(replacement, replacement_utf8_);
}

void MetaspacePreTokenizer::PreTokenize(PreTokenizedString& text) const {
  const std::string_view rep = replacement_utf8_;
  text.Rewrite([&](std::string_view split, const Span* spans, SplitWriter& out) {
    if (split.empty()) return;
    // HF replaces ' ' first, then checks whether the result starts with the replacement.
    const bool starts_with_rep = split[0] == ' ' || split.substr(0, rep.size()) == rep;
    const bool prepend = !starts_with_rep &&
                         (scheme_ == PrependScheme::kAlways ||
                          (scheme_ == PrependScheme::kFirst && spans[0].start == 0));
    bool written = false;
    auto emit_rep = [&](Span span) {
      if (split_ && written) out.EndSplit();
      out.Append(rep, span);
      written = true;
    };
    size_t pos = 0;
    if (prepend) {
      // HF's prepend: the new character takes the first character's span, and the first
      // character, re-inserted after it, the span of its last byte.
      emit_rep(spans[0]);
      const size_t first = utf8::SequenceLength(static_cast<unsigned char>(split[0]));
      out.Append(split.substr(0, first), spans[first - 1]);
      pos = first;
    }
    while (pos < split.size()) {
      if (split[pos] == ' ') {
        emit_rep(spans[pos]);
        ++pos;
        continue;
      }
      const size_t len = utf8::SequenceLength(static_cast<unsigned char>(split[pos]));
      if (split.compare(pos, rep.size(), rep) == 0) {
        if (split_ && written) out.EndSplit();
        for (size_t b = 0; b < len; ++b) out.Append(split.substr(pos + b, 1), spans[pos + b]);
        written = true;
      } else {
        for (size_t b = 0; b < len; ++b) out.Append(split.substr(pos + b, 1), spans[pos + b]);
        written = true;
      }
      pos += len;
    }
    out.EndSplit();
  });
}

nlohmann::ordered_json MetaspacePreTokenizer::ToJson() const {
  return {{"type", "Metaspace"},
          {"replacement", replacement_utf8_},
          {"prepend_scheme", PrependSchemeName(scheme_)},
          {"split", split_}};
}

}  // namespace tokenmill
