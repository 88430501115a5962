#include <zlib.h>

#include "absl/strings/str_cat.h"
#include "tokenizers/trainers/sentencepiece/builtin_charsmaps.h"

namespace tokenmill {

absl::StatusOr<std::string> BuiltinCharsmap(std::string_view rule_name) {
  if (rule_name == "identity") return std::string();
  std::string known = "identity";
  for (const CompressedCharsmap& map : BuiltinCharsmaps()) {
    absl::StrAppend(&known, ", ", std::string(map.name));
    if (map.name != rule_name) continue;
    std::string out(map.size, '\0');
    uLongf size = map.size;
    if (uncompress(reinterpret_cast<Bytef*>(out.data()), &size,
                   reinterpret_cast<const Bytef*>(map.zlib_bytes.data()),
                   map.zlib_bytes.size()) != Z_OK ||
        size != map.size) {
      return absl::InternalError(absl::StrCat("built-in charsmap ", std::string(rule_name), " is corrupt"));
    }
    return out;
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown --normalization_rule_name=", std::string(rule_name),
                                                 " (known: ", known, ")"));
}

}  // namespace tokenmill
