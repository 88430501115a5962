// The tokenmill command line: encode, decode, demo, bench, train, embed, fill-mask.
#include "tokenizers/cli/commands.h"

int main(int argc, char** argv) {
  // spm_train's flag syntax (--flag=value, bare booleans, --noflag) is not CLI11's.
  if (argc >= 3 && std::string_view(argv[1]) == "train" &&
      std::string_view(argv[2]) == "sentencepiece") {
    return tokenmill::cli::RunTrainSentencePiece(std::vector<std::string>(argv + 3, argv + argc));
  }
  CLI::App app{"tokenmill: fast, exact tokenizers"};
  app.require_subcommand(1);
  int exit_code = 0;
  tokenmill::cli::AddEncodeCommand(app, exit_code);
  tokenmill::cli::AddDecodeCommand(app, exit_code);
  tokenmill::cli::AddDemoCommand(app, exit_code);
  tokenmill::cli::AddBenchCommand(app, exit_code);
  tokenmill::cli::AddTrainCommand(app, exit_code);
  tokenmill::cli::AddEmbedCommand(app, exit_code);
  tokenmill::cli::AddFillMaskCommand(app, exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
