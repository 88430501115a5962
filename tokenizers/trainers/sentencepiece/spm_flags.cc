// spm_train's command-line flags → TrainerSpec + NormalizerSpec, with spm_train's names,
// spellings (--flag=value, --flag value, bare --flag or --noflag for booleans, -flag) and
// defaults (the proto's), so existing recipes port unchanged. An unknown flag is an error.
#include "tokenizers/trainers/sentencepiece/spm_flags.h"

#include <functional>
#include <map>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace tokenmill {
namespace {


using Setter = std::function<absl::Status(SpmFlags&, const std::string&)>;

absl::Status Bad(const std::string& name, const std::string& value, const std::string& expected) {
  return absl::InvalidArgumentError(
      absl::StrCat("--", name, "=", value, ": expected ", expected));
}

absl::StatusOr<bool> ParseBool(const std::string& name, std::string value) {
  value = absl::AsciiStrToLower(value);
  if (value == "true" || value == "1" || value == "yes" || value == "t" || value == "y") return true;
  if (value == "false" || value == "0" || value == "no" || value == "f" || value == "n") return false;
  return Bad(name, value, "true or false");
}

std::vector<std::string> SplitList(const std::string& value) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(value, ',', absl::SkipEmpty())) {
    out.emplace_back(part);
  }
  return out;
}

struct FlagTable {
  std::map<std::string, Setter> setters;
  std::map<std::string, bool> is_bool;
};

template <typename T, typename Set>
void IntFlag(FlagTable& t, const std::string& name, Set set) {
  t.setters[name] = [name, set](SpmFlags& f, const std::string& v) -> absl::Status {
    int64_t n;
    if (!absl::SimpleAtoi(v, &n)) return Bad(name, v, "an integer");
    set(f, static_cast<T>(n));
    return absl::OkStatus();
  };
}
template <typename Set>
void FloatFlag(FlagTable& t, const std::string& name, Set set) {
  t.setters[name] = [name, set](SpmFlags& f, const std::string& v) -> absl::Status {
    double d;
    if (!absl::SimpleAtod(v, &d)) return Bad(name, v, "a number");
    set(f, static_cast<float>(d));
    return absl::OkStatus();
  };
}
template <typename Set>
void BoolFlag(FlagTable& t, const std::string& name, Set set) {
  t.is_bool[name] = true;
  t.setters[name] = [name, set](SpmFlags& f, const std::string& v) -> absl::Status {
    auto b = ParseBool(name, v);
    if (!b.ok()) return b.status();
    set(f, *b);
    return absl::OkStatus();
  };
}
template <typename Set>
void StringFlag(FlagTable& t, const std::string& name, Set set) {
  t.setters[name] = [set](SpmFlags& f, const std::string& v) -> absl::Status {
    set(f, v);
    return absl::OkStatus();
  };
}

#define TM_T(method) [](SpmFlags& f, auto v) { f.trainer.method(v); }
#define TM_N(method) [](SpmFlags& f, auto v) { f.normalizer.method(v); }

const FlagTable& Flags() {
  static const FlagTable* table = [] {
    auto* t = new FlagTable;
    StringFlag(*t, "input", [](SpmFlags& f, const std::string& v) {
      for (const std::string& s : SplitList(v)) f.trainer.add_input(s);
    });
    StringFlag(*t, "input_format", TM_T(set_input_format));
    StringFlag(*t, "model_prefix", TM_T(set_model_prefix));
    t->setters["model_type"] = [](SpmFlags& f, const std::string& v) -> absl::Status {
      const std::string m = absl::AsciiStrToLower(v);
      if (m == "unigram") f.trainer.set_model_type(spm::TrainerSpec::UNIGRAM);
      else if (m == "bpe") f.trainer.set_model_type(spm::TrainerSpec::BPE);
      else if (m == "word") f.trainer.set_model_type(spm::TrainerSpec::WORD);
      else if (m == "char") f.trainer.set_model_type(spm::TrainerSpec::CHAR);
      else return Bad("model_type", v, "unigram, bpe, word or char");
      return absl::OkStatus();
    };
    IntFlag<int32_t>(*t, "vocab_size", TM_T(set_vocab_size));
    StringFlag(*t, "accept_language", [](SpmFlags& f, const std::string& v) {
      for (const std::string& s : SplitList(v)) f.trainer.add_accept_language(s);
    });
    IntFlag<int32_t>(*t, "self_test_sample_size", TM_T(set_self_test_sample_size));
    FloatFlag(*t, "character_coverage", TM_T(set_character_coverage));
    IntFlag<uint64_t>(*t, "input_sentence_size", TM_T(set_input_sentence_size));
    BoolFlag(*t, "shuffle_input_sentence", TM_T(set_shuffle_input_sentence));
    IntFlag<int32_t>(*t, "seed_sentencepiece_size", TM_T(set_seed_sentencepiece_size));
    FloatFlag(*t, "shrinking_factor", TM_T(set_shrinking_factor));
    IntFlag<int32_t>(*t, "max_sentence_length", TM_T(set_max_sentence_length));
    IntFlag<int32_t>(*t, "num_threads", TM_T(set_num_threads));
    IntFlag<int32_t>(*t, "num_sub_iterations", TM_T(set_num_sub_iterations));
    IntFlag<int32_t>(*t, "max_sentencepiece_length", TM_T(set_max_sentencepiece_length));
    BoolFlag(*t, "split_by_unicode_script", TM_T(set_split_by_unicode_script));
    BoolFlag(*t, "split_by_number", TM_T(set_split_by_number));
    BoolFlag(*t, "split_by_whitespace", TM_T(set_split_by_whitespace));
    BoolFlag(*t, "split_digits", TM_T(set_split_digits));
    BoolFlag(*t, "treat_whitespace_as_suffix", TM_T(set_treat_whitespace_as_suffix));
    BoolFlag(*t, "allow_whitespace_only_pieces", TM_T(set_allow_whitespace_only_pieces));
    StringFlag(*t, "control_symbols", [](SpmFlags& f, const std::string& v) {
      for (const std::string& s : SplitList(v)) f.trainer.add_control_symbols(s);
    });
    StringFlag(*t, "user_defined_symbols", [](SpmFlags& f, const std::string& v) {
      for (const std::string& s : SplitList(v)) f.trainer.add_user_defined_symbols(s);
    });
    StringFlag(*t, "required_chars", TM_T(set_required_chars));
    BoolFlag(*t, "byte_fallback", TM_T(set_byte_fallback));
    BoolFlag(*t, "vocabulary_output_piece_score", TM_T(set_vocabulary_output_piece_score));
    BoolFlag(*t, "hard_vocab_limit", TM_T(set_hard_vocab_limit));
    BoolFlag(*t, "use_all_vocab", TM_T(set_use_all_vocab));
    IntFlag<int32_t>(*t, "unk_id", TM_T(set_unk_id));
    IntFlag<int32_t>(*t, "bos_id", TM_T(set_bos_id));
    IntFlag<int32_t>(*t, "eos_id", TM_T(set_eos_id));
    IntFlag<int32_t>(*t, "pad_id", TM_T(set_pad_id));
    StringFlag(*t, "unk_piece", TM_T(set_unk_piece));
    StringFlag(*t, "bos_piece", TM_T(set_bos_piece));
    StringFlag(*t, "eos_piece", TM_T(set_eos_piece));
    StringFlag(*t, "pad_piece", TM_T(set_pad_piece));
    StringFlag(*t, "unk_surface", TM_T(set_unk_surface));
    BoolFlag(*t, "train_extremely_large_corpus", TM_T(set_train_extremely_large_corpus));
    StringFlag(*t, "normalization_rule_name", TM_N(set_name));
    StringFlag(*t, "normalization_rule_tsv", TM_N(set_normalization_rule_tsv));
    BoolFlag(*t, "add_dummy_prefix", TM_N(set_add_dummy_prefix));
    BoolFlag(*t, "remove_extra_whitespaces", TM_N(set_remove_extra_whitespaces));
    // Accepted for compatibility; they do not change the model.
    StringFlag(*t, "minloglevel", [](SpmFlags&, const std::string&) {});
    StringFlag(*t, "random_seed", [](SpmFlags&, const std::string&) {});
    return t;
  }();
  return *table;
}

#undef TM_T
#undef TM_N

// spm_train_main.cc copies every flag into the specs, so its .model carries each field
// explicitly (even at its default); the same here makes the written .model byte-identical.
void MarkFlagsSet(SpmFlags& f) {
  spm::TrainerSpec& t = f.trainer;
  t.set_model_type(t.model_type());
  t.set_vocab_size(t.vocab_size());
  t.set_self_test_sample_size(t.self_test_sample_size());
  t.set_input_format(t.input_format());
  t.set_character_coverage(t.character_coverage());
  t.set_input_sentence_size(t.input_sentence_size());
  t.set_seed_sentencepiece_size(t.seed_sentencepiece_size());
  t.set_shrinking_factor(t.shrinking_factor());
  t.set_num_threads(t.num_threads());
  t.set_num_sub_iterations(t.num_sub_iterations());
  t.set_max_sentence_length(t.max_sentence_length());
  t.set_shuffle_input_sentence(t.shuffle_input_sentence());
  t.set_max_sentencepiece_length(t.max_sentencepiece_length());
  t.set_split_by_unicode_script(t.split_by_unicode_script());
  t.set_split_by_whitespace(t.split_by_whitespace());
  t.set_split_by_number(t.split_by_number());
  t.set_treat_whitespace_as_suffix(t.treat_whitespace_as_suffix());
  t.set_split_digits(t.split_digits());
  t.set_allow_whitespace_only_pieces(t.allow_whitespace_only_pieces());
  t.set_vocabulary_output_piece_score(t.vocabulary_output_piece_score());
  t.set_hard_vocab_limit(t.hard_vocab_limit());
  t.set_use_all_vocab(t.use_all_vocab());
  t.set_byte_fallback(t.byte_fallback());
  t.set_required_chars(t.required_chars());
  t.set_unk_id(t.unk_id());
  t.set_bos_id(t.bos_id());
  t.set_eos_id(t.eos_id());
  t.set_pad_id(t.pad_id());
  t.set_unk_surface(t.unk_surface());
  t.set_unk_piece(t.unk_piece());
  t.set_bos_piece(t.bos_piece());
  t.set_eos_piece(t.eos_piece());
  t.set_pad_piece(t.pad_piece());
  t.set_train_extremely_large_corpus(t.train_extremely_large_corpus());
  t.set_enable_differential_privacy(t.enable_differential_privacy());
  t.set_differential_privacy_noise_level(t.differential_privacy_noise_level());
  t.set_differential_privacy_clipping_threshold(t.differential_privacy_clipping_threshold());
  spm::NormalizerSpec& n = f.normalizer;
  n.set_add_dummy_prefix(n.add_dummy_prefix());
  n.set_remove_extra_whitespaces(n.remove_extra_whitespaces());
  n.set_normalization_rule_tsv(n.normalization_rule_tsv());
}

}  // namespace

absl::Status ParseSpmTrainFlags(const std::vector<std::string>& args, SpmFlags& flags) {
  const FlagTable& table = Flags();
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg.rfind("--", 0) != 0 && arg.rfind("-", 0) == 0) arg = "-" + arg;  // -flag → --flag
    if (arg.rfind("--", 0) != 0) {
      return absl::InvalidArgumentError(absl::StrCat("unexpected argument '", arg,
                                                     "' (spm_train takes only --flag=value)"));
    }
    std::string name = arg.substr(2), value;
    bool has_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    auto it = table.setters.find(name);
    if (it == table.setters.end() && !has_value && name.rfind("no", 0) == 0 &&
        table.is_bool.contains(name.substr(2))) {
      name = name.substr(2);
      it = table.setters.find(name);
      value = "false";
      has_value = true;
    }
    if (it == table.setters.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag --", name, " (spm_train's flags are expected)"));
    }
    if (!has_value) {
      if (table.is_bool.contains(name)) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return absl::InvalidArgumentError(absl::StrCat("--", name, " needs a value"));
      }
    }
    absl::Status status = it->second(flags, value);
    if (!status.ok()) return status;
  }
  MarkFlagsSet(flags);
  if (flags.trainer.input().empty()) return absl::InvalidArgumentError("--input is required");
  if (flags.trainer.model_prefix().empty()) {
    return absl::InvalidArgumentError("--model_prefix is required");
  }
  return absl::OkStatus();
}

std::vector<std::string> SpmTrainFlagNames() {
  std::vector<std::string> names;
  for (const auto& [name, setter] : Flags().setters) names.push_back(name);
  return names;
}

}  // namespace tokenmill
