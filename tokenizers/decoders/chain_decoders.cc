#include "tokenizers/decoders/chain_decoders.h"

#include "absl/strings/str_format.h"
#include "tokenizers/base/utf8.h"

namespace tokenmill {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "<0xNN>" (Rust's from_str_radix accepts either case) → the byte, else -1.
int ByteOfToken(const std::string& token) {
  if (token.size() != 6 || token.compare(0, 3, "<0x") != 0 || token[5] != '>') return -1;
  const int high = HexValue(token[3]), low = HexValue(token[4]);
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

}  // namespace

void ByteFallbackDecoder::DecodeChain(std::vector<std::string>& tokens) const {
  std::vector<std::string> out;
  out.reserve(tokens.size());
  std::string bytes;
  size_t byte_tokens = 0;
  auto flush = [&] {
    if (byte_tokens == 0) return;
    if (utf8::Validate(bytes).ok()) {
      out.push_back(bytes);
    } else {  // HF: one U+FFFD per byte token when the run is not UTF-8 as a whole
      for (size_t i = 0; i < byte_tokens; ++i) out.emplace_back(utf8::kReplacementCharacter);
    }
    bytes.clear();
    byte_tokens = 0;
  };
  for (std::string& token : tokens) {
    if (const int byte = ByteOfToken(token); byte >= 0) {
      bytes.push_back(static_cast<char>(byte));
      ++byte_tokens;
    } else {
      flush();
      out.push_back(std::move(token));
    }
  }
  flush();
  tokens = std::move(out);
}

void FuseDecoder::DecodeChain(std::vector<std::string>& tokens) const {
  std::string joined;
  for (const std::string& t : tokens) joined += t;
  tokens.assign(1, std::move(joined));
}

void StripDecoder::DecodeChain(std::vector<std::string>& tokens) const {
  for (std::string& token : tokens) {
    std::vector<std::pair<char32_t, size_t>> chars;  // code point, byte offset
    for (size_t pos = 0; pos < token.size();) {
      const size_t at = pos;
      chars.emplace_back(utf8::DecodeValid(token, pos), at);
    }
    size_t start_cut = 0;
    for (size_t i = 0; i < start_ && i < chars.size() && chars[i].first == content_; ++i) {
      start_cut = i + 1;
    }
    size_t stop_cut = chars.size();
    for (size_t i = 0; i < stop_ && i < chars.size(); ++i) {
      const size_t index = chars.size() - i - 1;
      if (chars[index].first != content_) break;
      stop_cut = index;
    }
    if (start_cut >= stop_cut) {  // HF would panic on an inverted range; nothing is left
      token.clear();
      continue;
    }
    const size_t begin = chars[start_cut].second;
    const size_t end = stop_cut < chars.size() ? chars[stop_cut].second : token.size();
    token = token.substr(begin, end - begin);
  }
}

nlohmann::ordered_json StripDecoder::ToJson() const {
  std::string content;
  utf8::Append(content_, content);
  return {{"type", "Strip"}, {"content", content}, {"start", start_}, {"stop", stop_}};
}

absl::StatusOr<std::unique_ptr<ReplaceDecoder>> ReplaceDecoder::Create(SplitPattern pattern,
                                                                       std::string content) {
  auto matcher = SplitPreTokenizer::Create(pattern, SplitBehavior::kRemoved, /*invert=*/false);
  if (!matcher.ok()) {
    return absl::Status(matcher.status().code(),
                        absl::StrFormat("Replace: %s", matcher.status().message()));
  }
  return std::unique_ptr<ReplaceDecoder>(
      new ReplaceDecoder(std::move(pattern), std::move(content), std::move(*matcher)));
}

void ReplaceDecoder::DecodeChain(std::vector<std::string>& tokens) const {
  std::vector<Match> matches;
  for (std::string& token : tokens) {
    matches.clear();
    matcher_->FindMatches(token, matches);
    if (matches.empty()) continue;
    std::string out;
    size_t last = 0;
    for (const Match& m : matches) {
      out.append(token, last, m.begin - last);
      out.append(content_);
      last = m.end;
    }
    out.append(token, last, std::string::npos);
    token = std::move(out);
  }
}

nlohmann::ordered_json ReplaceDecoder::ToJson() const {
  const char* kind = pattern_.kind == SplitPattern::Kind::kString ? "String" : "Regex";
  return {{"type", "Replace"}, {"pattern", {{kind, pattern_.text}}}, {"content", content_}};
}

void DecoderSequence::DecodeChain(std::vector<std::string>& tokens) const {
  for (const auto& decoder : decoders_) decoder->DecodeChain(tokens);
}

nlohmann::ordered_json DecoderSequence::ToJson() const {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& decoder : decoders_) list.push_back(decoder->ToJson());
  return {{"type", "Sequence"}, {"decoders", list}};
}

}  // namespace tokenmill
