// Writes the binary form of a tiktoken rank file (tokenizers/serialization/tiktoken_binary.h),
// as bundled in vocab/tiktoken:
//   ninja -C build pack_tiktoken_ranks && for e in cl100k_base o200k_base r50k_base p50k_base; do
//     build/tools/pack_tiktoken_ranks ../shared/vocab/$e.tiktoken vocab/tiktoken/$e.tmranks; done
#include <cstdio>
#include <fstream>

#include "tokenizers/serialization/tiktoken_binary.h"
#include "tokenizers/serialization/tiktoken_file.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s IN.tiktoken[.gz] OUT.tmranks\n", argv[0]);
    return 2;
  }
  auto ranks = tokenmill::ReadTiktokenFile(argv[1]);
  if (!ranks.ok()) {
    std::fprintf(stderr, "%s\n", std::string(ranks.status().message()).c_str());
    return 1;
  }
  auto packed = tokenmill::WriteTiktokenBinary(*ranks);
  if (!packed.ok()) {
    std::fprintf(stderr, "%s: %s\n", argv[1], std::string(packed.status().message()).c_str());
    return 1;
  }
  std::ofstream out(argv[2], std::ios::binary);
  out.write(packed->data(), static_cast<std::streamsize>(packed->size()));
  if (!out.good()) {
    std::fprintf(stderr, "%s: cannot write\n", argv[2]);
    return 1;
  }
  return 0;
}
