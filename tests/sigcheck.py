#!/usr/bin/env python3
"""sigcheck.py AUDIT: recomputes every sig() row of an unweighted build's
audit.tsv from its counts (and every test of a table's marks and change column,
at its level), and the Wilson interval (column ci95) of every share.

Independent of src/sig.c: Pearson's chi-square with Yates' correction capped
as R's prop.test does, Fisher's exact test by exact fractions (no floating
point), the choice by the smallest expected count, Wilson intervals. Prints
one line per sig() row and exits 1 on any difference beyond 1e-6 relative,
or when an audit has no ci95 column or no share with an interval."""
import math, sys
from fractions import Fraction

from checklib import close, wilson

def prop_test(x1, n1, x2, n2):
    p = (x1 + x2) / (n1 + n2)
    d = x1 / n1 - x2 / n2
    yates = min(0.5, abs(d) / (1 / n1 + 1 / n2))
    obs = [x1, n1 - x1, x2, n2 - x2]
    exp = [n1 * p, n1 * (1 - p), n2 * p, n2 * (1 - p)]
    chi = sum((abs(o - e) - yates) ** 2 / e for o, e in zip(obs, exp))
    return chi, math.erfc(math.sqrt(chi / 2))

def fisher(x1, n1, x2, n2):
    m = x1 + x2
    def prob(x):
        return Fraction(math.comb(n1, x) * math.comb(n2, m - x), math.comb(n1 + n2, m))
    pobs = prob(x1)
    tot = sum(prob(x) for x in range(max(0, m - n2), min(m, n1) + 1) if prob(x) <= pobs * Fraction(10**7 + 1, 10**7))
    return float(tot)

def choose(x1, n1, x2, n2):
    """The test sig() chooses and its (p, chi2): Fisher when an expected count is under 5."""
    m, n = x1 + x2, n1 + n2
    if min(n1, n2) * min(m, n - m) / n < 5:
        return "Fisher", fisher(x1, n1, x2, n2), None
    chi, p = prop_test(x1, n1, x2, n2)
    return "z-test", p, chi


def main():
    bad = 0
    rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
    head = rows[0]
    if head[-1] != "ci95":
        print("no ci95 column"); return 1
    nci = 0
    for r in rows[1:]:  # every share's interval: its count and base are columns 4 and 5
        if r[-1] == "":
            continue
        nci += 1
        x, nn = int(r[3]), int(r[4])
        lo, hi = r[-1].split("-")
        wl, wh = wilson(x, nn)
        if not (close(float(lo), 100 * wl) and close(float(hi), 100 * wh)):
            print(f"{r[0]}: ci95 {r[-1]}, recomputed {100 * wl:.6g}-{100 * wh:.6g}"); bad += 1
    if nci == 0:
        print("no share has an interval"); bad += 1
    for r in rows[1:]:
        if "test=" not in r[2]:
            continue
        f = dict(kv.split("=", 1) for kv in r[2].split("; ")[1:])
        (x1, x2), (n1, n2) = [int(v) for v in r[3].split("; ")], [int(v) for v in r[4].split("; ")]
        m, n = x1 + x2, n1 + n2
        small = min(n1, n2) * min(m, n - m) / n
        if small < 5:
            want_test, p = "Fisher", fisher(x1, n1, x2, n2)
        else:
            want_test, (chi, p) = "z-test", prop_test(x1, n1, x2, n2)
            if not close(float(f["chi2"]), chi):
                print(f"{r[0]}: chi2 {f['chi2']} != {chi:.6g}"); bad += 1
        ok = f["test"] == want_test and close(float(f["p"]), p)
        level = float(f.get("level", "0.05"))  # a table's `mark sig LEVEL`
        ok = ok and r[2].startswith("true" if p < level else "false")
        for i, (x, nn) in enumerate([(x1, n1), (x2, n2)], 1):
            lo, hi = f[f"ci95[{i}]"].split("-")
            wl, wh = wilson(x, nn)
            ok = ok and close(float(lo), 100 * wl) and close(float(hi), 100 * wh)
        print(f"{r[0]}: {want_test} p={p:.6g} {'ok' if ok else 'DIFFERS: ' + r[2]}")
        bad += not ok
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
