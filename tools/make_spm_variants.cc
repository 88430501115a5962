// Writes the SentencePiece variant models of tests/sentencepiece/variant_models.h, for
// making their goldens with sentencepiece (see tests/data/spm/make_variant_goldens.sh):
//   ninja -C build make_spm_variants && build/tools/make_spm_variants tests/data/spm OUT_DIR
#include <iostream>

#include "tests/sentencepiece/variant_models.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: make_spm_variants BUNDLED_SPM_DIR OUT_DIR\n";
    return 2;
  }
  for (const auto& v : tokenmill::testing::SpmVariants()) {
    auto model = tokenmill::LoadSentencePieceModel(std::string(argv[1]) + "/" + v.base + ".model");
    if (!model.ok()) {
      std::cerr << model.status() << "\n";
      return 1;
    }
    tokenmill::testing::ApplySpmVariant(v.name, *model);
    const std::string out = std::string(argv[2]) + "/" + v.name + ".model";
    if (auto s = tokenmill::SaveSentencePieceModel(*model, out); !s.ok()) {
      std::cerr << s << "\n";
      return 1;
    }
    std::cout << out << "\n";
  }
  return 0;
}
