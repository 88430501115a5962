#include "tokenizers/serialization/metaspace_json.h"

#include <optional>
#include <string>

#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"

namespace tokenmill {

absl::Status ReadMetaspace(json::Object o, std::string_view ctx, char32_t& replacement,
                           PrependScheme& scheme, bool& split) {
  TM_ASSIGN_OR_RETURN(std::string rep, json::String(o, "replacement", ctx));
  size_t pos = 0;
  if (rep.empty() || !utf8::Validate(rep).ok() ||
      (replacement = utf8::DecodeValid(rep, pos), pos != rep.size())) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.replacement: expected one character", ctx));
  }
  TM_ASSIGN_OR_RETURN(std::string name, json::String(o, "prepend_scheme", ctx, "always"));
  if (name == "always") {
    scheme = PrependScheme::kAlways;
  } else if (name == "first") {
    scheme = PrependScheme::kFirst;
  } else if (name == "never") {
    scheme = PrependScheme::kNever;
  } else {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s.prepend_scheme: \"%s\" is not always, first or never", ctx, name));
  }
  TM_ASSIGN_OR_RETURN(std::optional<bool> add_prefix_space,
                      json::OptionalBool(o, "add_prefix_space", ctx));
  if (add_prefix_space == false) {
    if (scheme != PrependScheme::kNever) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: add_prefix_space does not match declared prepend_scheme", ctx));
    }
  }
  TM_ASSIGN_OR_RETURN(split, json::Bool(o, "split", ctx, true));
  return absl::OkStatus();
}

}  // namespace tokenmill
