"""Compares the playground's per-round test accuracy (`npm run sim` JSON lines) with the Flower
run's (the app's `export.metrics-file`): every round present in both, within `tolerance` points.
Prints a Markdown table. usage: python compare.py <name> <sim.jsonl> <flower.jsonl> <engine>
"""

import json
import sys

TOLERANCE = 0.5  # percentage points


def rows(path: str, key: str = "round") -> dict[int, dict]:
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                row = json.loads(line)
                if key in row:
                    out[int(row[key])] = row
    return out


def main() -> int:
    name, sim_file, flower_file, engine = sys.argv[1:5]
    sim, flower = rows(sim_file), rows(flower_file)
    if not sim or set(sim) != set(flower):
        print(f"{name}: rounds differ: playground {sorted(sim)}, Flower {sorted(flower)}")
        return 1
    worst = 0.0
    print(f"\n{name} ({engine}):\n")
    print("| round | playground acc. % | Flower acc. % | diff (points) | Flower wall s |")
    print("|---:|---:|---:|---:|---:|")
    for r in sorted(sim):
        a, b = 100 * sim[r]["accuracy"], 100 * flower[r]["accuracy"]
        worst = max(worst, abs(a - b))
        print(f"| {r} | {a:.2f} | {b:.2f} | {b - a:+.2f} | {flower[r]['wallSeconds']:.1f} |")
    ok = worst <= TOLERANCE
    print(f"\n{name}: largest difference {worst:.2f} points: {'ok' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
