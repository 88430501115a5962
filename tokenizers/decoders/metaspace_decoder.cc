#include "tokenizers/decoders/metaspace_decoder.h"

#include "tokenizers/base/utf8.h"

namespace tokenmill {

MetaspaceDecoder::MetaspaceDecoder(char32_t replacement, PrependScheme scheme, bool split)
    : scheme_(scheme), split_(split) {
  utf8::Append(replacement, replacement_utf8_);
}

void MetaspaceDecoder::DecodeChain(std::vector<std::string>& tokens) const {
  const std::string_view rep = replacement_utf8_;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const bool drop = i == 0 && scheme_ != PrependScheme::kNever;
    std::string out;
    const std::string& token = tokens[i];
    for (size_t pos = 0; pos < token.size();) {
      if (token.compare(pos, rep.size(), rep) == 0) {
        if (!drop) out.push_back(' ');
        pos += rep.size();
      } else {
        out.push_back(token[pos++]);
      }
    }
    tokens[i] = std::move(out);
  }
}

nlohmann::ordered_json MetaspaceDecoder::ToJson() const {
  return {{"type", "Metaspace"},
          {"replacement", replacement_utf8_},
          {"prepend_scheme", PrependSchemeName(scheme_)},
          {"split", split_}};
}

}  // namespace tokenmill
