#!/usr/bin/env bash
# README command 1: install dependencies, build, install the `tokenmill` command and the
# Python module, then tokenize the bundled sample text with the bundled BERT vocabulary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
bash scripts/build.sh release
cmake --install build >/dev/null
echo "== tokenmill demo (bert-base-uncased on vocab/sample.txt) =="
tokenmill demo --tokenizer vocab/bert-base-uncased/tokenizer.json --text-file vocab/sample.txt
root=$PWD
(cd / && /usr/bin/python3 -c "import tokenmill; t = tokenmill.Tokenizer.from_file('$root/vocab/bert-base-uncased/tokenizer.json'); print('python (installed module):', t.encode('Hello, tokenmill!').tokens)")
