// The bundled tiktoken encodings, loaded once per test binary.
#pragma once

#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "tokenizers/models/tiktoken/tiktoken_loader.h"

namespace tokenmill::testing {

inline const TiktokenEncoding& BundledEncoding(const std::string& name) {
  static auto* cache = new std::map<std::string, std::unique_ptr<TiktokenEncoding>>();
  auto& slot = (*cache)[name];
  if (!slot) {
    auto loaded = LoadTiktokenEncoding(name);
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status();
      std::abort();
    }
    slot = std::move(*loaded);
  }
  return *slot;
}

}  // namespace tokenmill::testing
