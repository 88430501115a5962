#!/usr/bin/python3
"""Writes the golden generators' input: WORK/dev.jsonl (dev lines 1-600) and WORK/edge.jsonl,
keeping the lines of at most 4 KiB, as {"text", "line"} (1-based line in the corpus file).

usage: select_corpus_lines.py SHARED_DIR WORK_DIR
"""
import json
import sys

shared, work = sys.argv[1:]
for corpus, max_lines in (("dev", 600), ("edge", None)):
    with open(f"{work}/{corpus}.jsonl", "w") as selected:
        for i, line in enumerate(open(f"{shared}/corpus/{corpus}.jsonl")):
            if max_lines is not None and i >= max_lines:
                break
            text = json.loads(line)["text"]
            if len(text.encode()) <= 4096:
                selected.write(json.dumps({"text": text, "line": i + 1}) + "\n")
