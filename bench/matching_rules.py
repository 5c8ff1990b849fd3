"""Cross-validate other decision rules on the judged pairs (docs/experiments/matching-rules.md).

    .venv/bin/python bench/matching_rules.py [--pairs FILE ...] [--test FILE]

Each rule is chosen on four folds (every 5th pair of each kind, as bench/matching_pairs.py) by
the same aim (the most same-claim recall with precision >= 0.95 and template false positives
<= 5%; when nothing meets it, the best precision) and scored on the fifth:
- one cosine threshold (what ships);
- two bands: cosine >= high, or low <= cosine < high with evidence: the same figures stated on
  both sides, a shared actor name, either, or word containment >= c;
- a logistic model over (cosine, word overlap, containment, same figures, shared names, event
  marker, length difference), fitted on the pairs the checks let through, and its threshold.
The hard checks apply to every rule. With --test, each rule is also chosen on all the pairs and
scored on the test file's pairs (the held-out set).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.matching_pairs import FOLDS, KINDS, MORE_PAIRS, PAIRS, report  # noqa: E402
from claims import claim_comparison as cc  # noqa: E402
from claims.embedding import encode  # noqa: E402
from tests.matching_pairs import DIFFERENT, SAME  # noqa: E402

GRID = [round(0.5 + 0.01 * i, 2) for i in range(46)]
CONTAINMENT = (0.5, 0.6, 0.7, 0.8)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _inputs(pairs: list[dict]) -> None:
    """Adds the cosine, whether the checks agree, and the evidence features to each pair."""
    cosines = (encode([p["a"] for p in pairs]) * encode([p["b"] for p in pairs])).sum(axis=1)
    for p, cosine in zip(pairs, cosines, strict=True):
        a, b = cc.features(p["a"]), cc.features(p["b"])
        p["ok"] = cc.conflict(a, b, _date(p.get("a_date")), _date(p.get("b_date"))) is None
        fa, fb = cc._figures(a.numbers), cc._figures(b.numbers)
        ta, tb = set(a.tokens), set(b.tokens)
        p["cos"] = float(cosine)
        p["cont"] = len(ta & tb) / max(1, min(len(ta), len(tb)))
        p["figures"] = bool(fa) and fa == fb
        p["names"] = bool(a.names & b.names)
        p["x"] = [p["cos"], len(ta & tb) / max(1, len(ta | tb)), p["cont"], float(p["figures"]),
                  float(p["names"]), float(bool(a.event or b.event)),
                  abs(len(ta) - len(tb)) / max(1, len(ta | tb))]  # fmt: skip


def _aim(pairs: list[dict], said: list[bool]) -> tuple[bool, float]:
    tp = sum(s and p["same"] for p, s in zip(pairs, said, strict=True))
    fp = sum(s and not p["same"] for p, s in zip(pairs, said, strict=True))
    templates = [s for p, s in zip(pairs, said, strict=True) if p["kind"] == "template"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    meets = precision >= 0.95 and (not templates or sum(templates) / len(templates) <= 0.05)
    return meets, (tp if meets else precision)


def _choose(pairs, rule, grid):
    return max(grid, key=lambda t: (*_aim(pairs, [rule(p, t) for p in pairs]), t))


def _logistic(pairs: list[dict]):
    x = np.array([p["x"] for p in pairs])
    y = np.array([p["same"] for p in pairs], dtype=float)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    for _ in range(3000):  # gradient descent, L2 0.01
        w -= 0.1 * (z.T @ (1 / (1 + np.exp(-z @ w)) - y) / len(y) + 0.01 * w)
    return lambda p: float(1 / (1 + np.exp(-np.append((np.array(p["x"]) - mean) / scale, 1) @ w)))


def _threshold_rule(fit):
    return lambda p, t: p["ok"] and p["cos"] >= t[0]


def _band_rule(evidence: tuple[str, ...]):
    def make(fit):
        def rule(p, t):
            return p["ok"] and (
                p["cos"] >= t[1] or (p["cos"] >= t[0] and any(p[k] for k in evidence))
            )

        return rule

    return make


def _containment_rule(fit):
    return lambda p, t: p["ok"] and (p["cos"] >= t[1] or (p["cos"] >= t[0] and p["cont"] >= t[2]))


def _logistic_rule(fit):
    return lambda p, t: p["ok"] and fit(p) >= t[0]


def _rules():
    bands = [(lo, hi) for lo in GRID for hi in GRID if lo < hi]
    yield "one threshold", _threshold_rule, [(t,) for t in GRID]
    yield "two bands, same figures", _band_rule(("figures",)), bands
    yield "two bands, shared name", _band_rule(("names",)), bands
    yield "two bands, figures or name", _band_rule(("figures", "names")), bands
    contained = [(lo, hi, c) for lo, hi in bands for c in CONTAINMENT]
    yield "two bands, containment", _containment_rule, contained
    yield "logistic model", _logistic_rule, [(round(0.3 + 0.01 * i, 2),) for i in range(70)]


def _read(files: list[Path]) -> list[dict]:
    return [json.loads(line) for f in files for line in f.read_text().splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path, action="append", help="pairs file (repeatable)")
    parser.add_argument("--test", type=Path, help="pairs to score rules chosen on --pairs")
    args = parser.parse_args()
    pairs = _read(args.pairs or [PAIRS, MORE_PAIRS])
    pairs += [{"id": f"w{i}", "kind": "written_same", "same": True, "a": a, "b": b}
              for i, (a, b) in enumerate(SAME)]  # fmt: skip
    pairs += [{"id": f"x{i}", "kind": "written_miss", "same": False, "a": a, "b": b}
              for i, (a, b) in enumerate(DIFFERENT)]  # fmt: skip
    _inputs(pairs)
    fold_of, seen = [], dict.fromkeys(KINDS, 0)
    for p in pairs:
        fold_of.append(seen[p["kind"]] % FOLDS)
        seen[p["kind"]] += 1
    for name, make, grid in _rules():
        said, chosen = [False] * len(pairs), []
        for fold in range(FOLDS):
            train = [p for p, f in zip(pairs, fold_of, strict=True) if f != fold]
            rule = make(_logistic([p for p in train if p["ok"]]))
            threshold = _choose(train, rule, grid)
            chosen.append(threshold)
            for i, f in enumerate(fold_of):
                if f == fold:
                    said[i] = rule(pairs[i], threshold)
        print(report(f"{name}, {FOLDS}-fold cross-validated (chosen {chosen})", pairs, said))
    if args.test:
        test = _read([args.test])
        _inputs(test)
        for name, make, grid in _rules():
            rule = make(_logistic([p for p in pairs if p["ok"]]))
            threshold = _choose(pairs, rule, grid)
            said = [rule(p, threshold) for p in test]
            print(report(f"{name} chosen on all ({threshold}), on {args.test.name}", test, said))


if __name__ == "__main__":
    main()
