#!/usr/bin/python3
"""The README's per-stage table from a tokenmill_benchmarks JSON file.

    build/benchmarks/tokenmill_benchmarks --benchmark_min_time=0.1 \\
        --benchmark_out=stages.json --benchmark_out_format=json
    /usr/bin/python3 benchmarks/stage_table.py stages.json

One row per sized benchmark family (BM_<Stage>/<component>): MB/s (10^6 input bytes per CPU
second, libbenchmark's bytes_per_second) on each input at 32 KiB, and on real text at 1 KiB,
32 KiB and 1 MiB; the last column is the cost per byte at 1 MiB over that at 32 KiB, on every
input (1.0: linear; above 1 the cost grows faster than the input — often only the tables
touched no longer fitting in the CPU caches, which 32x more text of 45 languages does).
Inputs that leave a stage nothing to do (e.g. WordPiece on spaces only) show as "idle".
"""
import json
import sys

KINDS = ["text", "letter", "spaces", "digits", "cjk", "base64"]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        benchmarks = json.load(f)["benchmarks"]
    rates = {}
    for b in benchmarks:
        parts = b["name"].split("/")
        if len(parts) == 4 and parts[2] in KINDS and parts[3].isdigit() and b.get("run_type") == "iteration":
            if not b.get("error_occurred") and "bytes_per_second" in b:
                rates[(parts[0], parts[1], parts[2], int(parts[3]))] = b["bytes_per_second"] / 1e6
    families = list(dict.fromkeys((s, c) for s, c, _, _ in rates))

    def cell(rate):
        if rate is None:
            return "–"
        return "idle" if rate > 1e5 else f"{rate:,.0f}"

    print("| stage | component | " + " | ".join(f"{k} 32K" for k in KINDS) +
          " | text 1K / 32K / 1M | cost/byte 1M vs 32K (worst input) |")
    print("|---|---|" + "---:|" * (len(KINDS) + 2))
    for stage, component in families:
        row = [cell(rates.get((stage, component, k, 32768))) for k in KINDS]
        text = " / ".join(cell(rates.get((stage, component, "text", n))) for n in (1024, 32768, 1 << 20))
        growth = [(rates[(stage, component, k, 32768)] / rates[(stage, component, k, 1 << 20)], k)
                  for k in KINDS if (stage, component, k, 32768) in rates
                  and (stage, component, k, 1 << 20) in rates and rates[(stage, component, k, 32768)] < 1e5]
        worst = max(growth, default=None)
        print(f"| {stage[3:]} | {component} | " + " | ".join(row) + f" | {text} | "
              f"{'' if worst is None else f'×{worst[0]:.1f} ({worst[1]})'} |")


if __name__ == "__main__":
    main()
