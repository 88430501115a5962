#include "tokenizers/trainers/sentencepiece/spm_trainer_spec.h"

#include <unicode/uscript.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/sentencepiece/model_file.h"
#include "tokenizers/sentencepiece/prefix_matcher.h"
#include "tokenizers/sentencepiece/sentencepiece_normalizer.h"

namespace tokenmill {
namespace {

absl::Status OptionError(const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat("sentencepiece trainer: ", what));
}

bool IsValidCodepoint(char32_t c) {
  return c < 0xD800 || (c >= 0xE000 && c <= 0x10FFFF);
}

bool IsDecimalNumber(char32_t c) {
  return (c >= 0x30 && c <= 0x39) || (c >= 0xFF10 && c <= 0xFF19);
}

// Where spm's script table (an older Unicode) differs from ICU: {first, last, spm's script}.
struct ScriptException {
  char32_t first, last;
  int script;
};
constexpr ScriptException kSpmScriptExceptions[] = {
#include "tokenizers/trainers/sentencepiece/spm_script_exceptions.inc"
};

// spm's unicode_script: ICU's script corrected to spm's table (Common for characters its
// table lacks; ICU says Unknown for those).
int ScriptOf(char32_t c) {
  const auto* it = std::upper_bound(
      std::begin(kSpmScriptExceptions), std::end(kSpmScriptExceptions), c,
      [](char32_t x, const ScriptException& e) { return x < e.first; });
  if (it != std::begin(kSpmScriptExceptions) && c <= (it - 1)->last) return (it - 1)->script;
  UErrorCode error = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &error);
  if (U_FAILURE(error) || script == USCRIPT_UNKNOWN) return USCRIPT_COMMON;
  return script;
}

std::u32string Decode(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) out.push_back(utf8::DecodeValid(text, pos));
  return out;
}

// A replacement for ifstream + getline that also works on huge files: lines split at '\n'
// only (a '\r' stays, as in spm), the last line kept without its newline.
template <typename Fn>
absl::Status ForEachLine(const std::string& path, Fn&& fn) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open the training input"));
  std::string line;
  while (std::getline(in, line)) {
    if (!fn(line)) break;
  }
  if (in.bad()) return absl::DataLossError(absl::StrCat(path, ": read error"));
  return absl::OkStatus();
}

template <typename K, typename V>
std::vector<std::pair<K, V>> SortedByValue(std::vector<std::pair<K, V>> v) {
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
    return a.second > b.second || (a.second == b.second && a.first < b.first);
  });
  return v;
}

}  // namespace

absl::Status VerifySpmTrainerSpec(const spm::TrainerSpec& spec) {
  if (spec.vocab_size() <= 0) return OptionError("--vocab_size must be positive");
  auto range = [](auto v, auto lo, auto hi) { return v >= lo && v <= hi; };
  if (!range(spec.character_coverage(), 0.98f, 1.0f)) {
    return OptionError("--character_coverage must be in [0.98, 1]");
  }
  if (!range(spec.max_sentencepiece_length(), 1, 512)) {
    return OptionError("--max_sentencepiece_length must be in [1, 512]");
  }
  if (!range(spec.num_sub_iterations(), 1, 10)) return OptionError("--num_sub_iterations must be in [1, 10]");
  if (!range(spec.num_threads(), 1, 128)) return OptionError("--num_threads must be in [1, 128]");
  if (!range(spec.shrinking_factor(), 0.5f, 0.95f)) {
    return OptionError("--shrinking_factor must be in [0.5, 0.95]");
  }
  if (!range(spec.max_sentence_length(), 10, 1073741824)) {
    return OptionError("--max_sentence_length must be in [10, 1073741824]");
  }
  if (spec.input_sentence_size() > 0 && spec.input_sentence_size() <= 100) {
    return OptionError("--input_sentence_size must be 0 or more than 100");
  }
  if (spec.unk_piece().empty() || spec.bos_piece().empty() || spec.eos_piece().empty() ||
      spec.pad_piece().empty()) {
    return OptionError("--unk_piece, --bos_piece, --eos_piece and --pad_piece must not be empty");
  }
  if (spec.input().empty()) return OptionError("--input is required");
  if (!spec.input_format().empty() && spec.input_format() != "text") {
    return OptionError("only --input_format=text is supported");
  }
  return absl::OkStatus();
}

absl::StatusOr<SpmMetaPieces> MakeSpmMetaPieces(const spm::TrainerSpec& spec) {
  SpmMetaPieces meta;
  bool has_unk = false;
  auto insert_id = [&](int id, const std::string& piece) -> absl::Status {
    if (id < 0) return absl::OkStatus();
    if (id >= spec.vocab_size() || meta.contains(id) || (has_unk && piece == spec.unk_piece())) {
      return OptionError(absl::StrCat("the id ", id, " of ", piece,
                                      " is out of range or already taken"));
    }
    const bool unk = piece == spec.unk_piece();
    has_unk |= unk;
    meta[id] = {piece, unk ? spm::ModelProto::SentencePiece::UNKNOWN
                           : spm::ModelProto::SentencePiece::CONTROL};
    return absl::OkStatus();
  };
  TM_RETURN_IF_ERROR(insert_id(spec.unk_id(), spec.unk_piece()));
  TM_RETURN_IF_ERROR(insert_id(spec.bos_id(), spec.bos_piece()));
  TM_RETURN_IF_ERROR(insert_id(spec.eos_id(), spec.eos_piece()));
  TM_RETURN_IF_ERROR(insert_id(spec.pad_id(), spec.pad_piece()));
  if (!has_unk) return OptionError(absl::StrCat(spec.unk_piece(), " must be defined"));

  std::set<std::string> seen;
  int next_id = 0;
  auto insert_symbol = [&](const std::string& piece, SpmPieceType type) -> absl::Status {
    if (!seen.insert(piece).second) return OptionError(absl::StrCat(piece, " is already defined"));
    if (piece == spec.unk_piece()) {
      return OptionError(absl::StrCat(spec.unk_piece(),
                                      " must not be a control or user-defined symbol"));
    }
    if (piece == spec.bos_piece() && spec.bos_id() >= 0) {
      meta[spec.bos_id()].second = type;
    } else if (piece == spec.eos_piece() && spec.eos_id() >= 0) {
      meta[spec.eos_id()].second = type;
    } else if (piece == spec.pad_piece() && spec.pad_id() >= 0) {
      meta[spec.pad_id()].second = type;
    } else {
      while (meta.contains(next_id)) ++next_id;
      meta[next_id] = {piece, type};
    }
    return absl::OkStatus();
  };
  for (const std::string& w : spec.control_symbols()) {
    TM_RETURN_IF_ERROR(insert_symbol(w, spm::ModelProto::SentencePiece::CONTROL));
  }
  for (const std::string& w : spec.user_defined_symbols()) {
    TM_RETURN_IF_ERROR(insert_symbol(w, spm::ModelProto::SentencePiece::USER_DEFINED));
  }
  if (spec.byte_fallback()) {
    for (int b = 0; b < 256; ++b) {
      TM_RETURN_IF_ERROR(
          insert_symbol(ByteToPiece(static_cast<unsigned char>(b)), spm::ModelProto::SentencePiece::BYTE));
    }
  }
  return meta;
}

bool IsValidSpmPiece(std::u32string_view piece, const spm::TrainerSpec& spec) {
  if (piece.empty() || piece.size() > static_cast<size_t>(spec.max_sentencepiece_length())) {
    return false;
  }
  constexpr int kAnyScript = -1;
  int prev_script = kAnyScript;
  const bool all_whitespace =
      std::all_of(piece.begin(), piece.end(), [](char32_t c) { return c == kSpmSpaceChar; });
  const size_t last = piece.size() - 1;
  for (size_t pos = 0; pos < piece.size(); ++pos) {
    const char32_t c = piece[pos];
    if (c == kSpmUnknownChar || c == 0 || c == kSpmBoundaryChar || c == 0x20 ||
        !IsValidCodepoint(c)) {
      return false;
    }
    if (c == kSpmSpaceChar) {
      if (!spec.allow_whitespace_only_pieces() || !all_whitespace) {
        if (spec.treat_whitespace_as_suffix()) {
          if ((spec.split_by_whitespace() && pos < last) ||
              (!spec.split_by_whitespace() && pos < last && pos == 0)) {
            return false;
          }
        } else if ((spec.split_by_whitespace() && pos > 0) ||
                   (!spec.split_by_whitespace() && pos > 0 && pos == last)) {
          return false;
        }
      }
      continue;
    }
    int script = ScriptOf(c);
    if (script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA || c == 0x30FC) {
      script = USCRIPT_HAN;
    } else if (script == USCRIPT_INHERITED) {
      script = prev_script;
    }
    if (!spec.split_by_number() && IsDecimalNumber(c)) script = kAnyScript;
    if (spec.split_digits() && IsDecimalNumber(c) && piece.size() > 1) return false;
    if (spec.split_by_unicode_script() && script != kAnyScript && prev_script != kAnyScript &&
        prev_script != script) {
      return false;
    }
    prev_script = script;
  }
  return true;
}

absl::StatusOr<SpmSentences> LoadSpmSentences(const spm::TrainerSpec& spec,
                                              const spm::NormalizerSpec& normalizer_spec,
                                              const SpmMetaPieces& meta_pieces,
                                              Progress& progress) {
  SpmSentences out;
  auto& sentences = out.sentences;
  const std::string unknown_str = "\xE2\x96\x85";
  const uint64_t limit = spec.input_sentence_size();
  progress.Start("read", 0, "lines");
  bool full = false;
  std::mt19937 engine(12345678);
  uint64_t seen = 0;
  absl::Status bad_line;
  for (const std::string& path : spec.input()) {
    if (full) break;
    uint64_t line_number = 0;
    TM_RETURN_IF_ERROR(ForEachLine(path, [&](const std::string& line) {
      progress.Advance();
      ++line_number;
      // spm_train would read invalid bytes as U+FFFD; here they are an error.
      if (absl::Status valid = utf8::Validate(line); !valid.ok()) {
        bad_line = absl::InvalidArgumentError(absl::StrCat(
            path, ":", line_number, ": invalid UTF-8 (", valid.message(), ")"));
        return false;
      }
      if (line.empty()) return true;
      if (line.size() > static_cast<size_t>(spec.max_sentence_length())) {
        ++out.skipped_too_long;
        return true;
      }
      if (line.find(unknown_str) != std::string::npos) return true;
      if (limit == 0) {
        sentences.emplace_back(line, 1);
      } else if (spec.shuffle_input_sentence()) {
        // spm's ReservoirSampler: mt19937 seeded 12345678, so the same N lines as spm_train.
        ++seen;
        if (sentences.size() < limit) {
          sentences.emplace_back(line, 1);
        } else {
          std::uniform_int_distribution<uint64_t> dist(0, seen - 1);
          const uint64_t n = dist(engine);
          if (n < sentences.size()) sentences[n] = {line, 1};
        }
      } else {
        sentences.emplace_back(line, 1);  // the first N lines
        if (sentences.size() >= limit) {
          full = true;
          return false;
        }
      }
      return true;
    }));
    TM_RETURN_IF_ERROR(bad_line);
  }
  progress.Finish();
  if (sentences.empty()) return absl::InvalidArgumentError("sentencepiece trainer: the corpus has no usable line");

  // Normalize (in parallel, each thread its own stripe as spm does), meta pieces → tab.
  TM_ASSIGN_OR_RETURN(SentencePieceNormalizer normalizer,
                      SentencePieceNormalizer::FromSpec(normalizer_spec,
                                                        spec.treat_whitespace_as_suffix()));
  std::vector<std::string_view> meta_strings;
  for (const auto& [id, piece] : meta_pieces) meta_strings.push_back(piece.first);
  const PrefixMatcher meta_matcher(meta_strings);
  const int threads = std::max(
      1, std::min<int>(spec.num_threads(), std::max(1u, std::thread::hardware_concurrency())));
  {
    std::vector<std::thread> workers;
    for (int n = 0; n < threads; ++n) {
      workers.emplace_back([&, n] {
        SentencePieceNormalized normalized;
        std::string replaced;
        for (size_t i = n; i < sentences.size(); i += threads) {
          normalizer.Normalize(sentences[i].first, normalized);
          std::string_view w = normalized.text;
          replaced.clear();
          while (!w.empty()) {
            size_t len = meta_matcher.empty() ? 0 : meta_matcher.LongestMatch(w);
            if (len > 0) {
              replaced.push_back('\t');
            } else {
              len = std::min<size_t>(utf8::SequenceLength(static_cast<unsigned char>(w[0])), w.size());
              if (len == 0) len = 1;
              replaced.append(w.data(), len);
            }
            w.remove_prefix(len);
          }
          sentences[i].first = replaced;
        }
      });
    }
    for (auto& worker : workers) worker.join();
  }
  for (size_t i = 0; i < sentences.size(); ++i) {
    if (sentences[i].first.find(' ') != std::string::npos) {
      return absl::InvalidArgumentError(
          "sentencepiece trainer: the normalized text contains a space (use escape_whitespaces)");
    }
    // spm drops empty sentences by swapping in the last one (which is then not re-checked).
    if (sentences[i].first.empty()) {
      std::swap(sentences[i], sentences.back());
      sentences.pop_back();
    }
  }

  TM_RETURN_IF_ERROR(SelectSpmRequiredChars(spec, meta_pieces.size(), out));
  std::string replaced;
  for (auto& [sentence, freq] : sentences) ReplaceNonRequiredChars(out.required_chars, sentence, replaced);
  return out;
}

absl::Status SelectSpmRequiredChars(const spm::TrainerSpec& spec, size_t meta_piece_count,
                                    SpmSentences& out) {
  absl::flat_hash_map<char32_t, std::pair<bool, int64_t>> chars_count;
  for (const char32_t c : Decode(spec.required_chars())) {
    if (!IsValidCodepoint(c)) return OptionError("--required_chars holds an invalid code point");
    if (c == 0) continue;
    chars_count[c].first = true;
  }
  int64_t all_chars = 0;
  for (const auto& [sentence, freq] : out.sentences) {
    size_t pos = 0;
    while (pos < sentence.size()) {
      const char32_t c = utf8::DecodeValid(sentence, pos);
      if (!IsValidCodepoint(c) || c == 0 || c == 0x20) continue;
      chars_count[c].second += freq;
      all_chars += freq;
    }
  }
  if (all_chars == 0) return absl::InvalidArgumentError("sentencepiece trainer: the corpus has no characters");
  int64_t accumulated = 0;
  for (const auto& [c, count] :
       SortedByValue(std::vector<std::pair<char32_t, std::pair<bool, int64_t>>>(
           chars_count.begin(), chars_count.end()))) {
    const float coverage = static_cast<float>(1.0 * accumulated / all_chars);
    if (!spec.use_all_vocab() && coverage >= spec.character_coverage()) break;
    accumulated += count.second;
    if (c == kSpmBoundaryChar) continue;
    out.required_chars.emplace(c, count.second);
  }
  if (spec.model_type() != spm::TrainerSpec::WORD && spec.model_type() != spm::TrainerSpec::CHAR &&
      out.required_chars.size() + meta_piece_count > static_cast<size_t>(spec.vocab_size())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "sentencepiece trainer: --vocab_size=", spec.vocab_size(),
        " is smaller than the required characters plus meta pieces (",
        out.required_chars.size() + meta_piece_count,
        "); increase --vocab_size or decrease --character_coverage"));
  }
  return absl::OkStatus();
}

void ReplaceNonRequiredChars(const absl::flat_hash_map<char32_t, int64_t>& required_chars,
                             std::string& text, std::string& scratch) {
  scratch.clear();
  size_t pos = 0;
  while (pos < text.size()) {
    const char32_t c = utf8::DecodeValid(text, pos);
    utf8::Append(required_chars.contains(c) ? c : kSpmUnknownChar, scratch);
  }
  text.swap(scratch);
}

void SplitSpmSentencesByWhitespace(const spm::TrainerSpec& spec, SpmSentences& sentences) {
  const bool suffix = spec.treat_whitespace_as_suffix();
  const bool ws_only = spec.allow_whitespace_only_pieces();
  absl::flat_hash_map<std::string, int64_t> words;
  std::vector<std::string_view> parts;
  for (const auto& [text, freq] : sentences.sentences) {
    SplitSpmWords(text, suffix, ws_only, parts);
    for (std::string_view w : parts) words[std::string(w)] += freq;
  }
  sentences.sentences = SortedByValue(
      std::vector<std::pair<std::string, int64_t>>(words.begin(), words.end()));
}

void SplitSpmWords(std::string_view text, bool suffix, bool ws_only,
                   std::vector<std::string_view>& parts) {
  // model_interface.cc SplitIntoWords.
  const std::string_view space = "\xE2\x96\x81";
  {
    parts.clear();
    const char* begin = text.data();
    const char* end = begin + text.size();
    bool in_ws = false;
    auto extend = [&](size_t n) { parts.back() = std::string_view(parts.back().data(), parts.back().size() + n); };
    if (suffix) {
      if (begin < end) parts.emplace_back(begin, 0);
      while (begin < end) {
        const size_t len = std::min<size_t>(utf8::SequenceLength(static_cast<unsigned char>(*begin)), end - begin);
        const bool is_ws = std::string_view(begin, len) == space;
        if (is_ws) {
          in_ws = true;
        } else if (in_ws) {
          if (ws_only) parts.emplace_back(begin, 0);
          in_ws = false;
        }
        extend(len);
        begin += len;
        if (begin < end && is_ws && !ws_only) parts.emplace_back(begin, 0);
      }
    } else {
      while (begin < end) {
        const size_t len = std::min<size_t>(utf8::SequenceLength(static_cast<unsigned char>(*begin)), end - begin);
        const bool is_ws = std::string_view(begin, len) == space;
        if (begin == text.data() || (is_ws && (!in_ws || !ws_only))) {
          parts.emplace_back(begin, 0);
          in_ws = true;
        }
        if (in_ws && !is_ws) in_ws = false;
        extend(len);
        begin += len;
      }
    }
  }
}

}  // namespace tokenmill
