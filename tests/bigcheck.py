#!/usr/bin/env python3
"""bigcheck.py: checks an audit.tsv built from many rows against exact oracles.

usage: bigcheck.py exact AUDIT
       bigcheck.py replicated SMALL_AUDIT BIG_AUDIT K
  exact: every row resting on one numerator and one denominator whose value
      is a share (100*num/den), an index (num/den) or the count num must print that value
      rounded half up, computed here with Python's exact fractions, to the
      printed number of decimals.
  replicated: BIG was built from the SMALL build's rows repeated K times
      (bench/mkbig.c), with --min-base scaled by K. Replication keeps every
      share, index and difference identical, so every printed value, value,
      numerator and denominator of BIG must equal SMALL's, or, for a count,
      be exactly K times it. Populations, expressions and sources are equal.
Prints one line per problem and a summary; exit 1 on any problem.
"""
import sys
from fractions import Fraction
from checklib import half_up

problems = []


def rows(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    head = lines[0].split("\t")
    out = []
    for ln in lines[1:]:
        if ln:
            out.append(dict(zip(head, ln.split("\t"))))
    return out


def printed_number(p):
    """The number printed in p ("64,4 pct.", "1.234", "-5") as (scaled int, decimals), or None."""
    t = p.replace(" pct.", "").replace(" procentpoint", "").replace(".", "")
    neg = t.startswith("-")
    t = t[1:] if neg else t
    ip, _, fp = t.partition(",")
    if not ip.isdigit() or (fp and not fp.isdigit()):
        return None
    v = int(ip + fp)
    return (-v if neg else v), len(fp)


def exact(path):
    n = 0
    for r in rows(path):
        num, den = r["numerator"], r["denominator"]
        if ";" in num or not num.lstrip("-").isdigit() or not den.isdigit() or int(den) == 0:
            continue
        got = printed_number(r["printed"])
        if got is None or "." not in r["value"]:
            continue
        val = float(r["value"])
        share, index = Fraction(100 * int(num), int(den)), Fraction(int(num), int(den))
        x = None
        for cand in (share, index, Fraction(int(num))):
            if abs(float(cand) - val) < 1e-5:
                x = cand
                break
        if x is None:
            problems.append("%s: value %s is neither 100*%s/%s, %s/%s nor %s"
                            % (r["id"], r["value"], num, den, num, den, num))
            continue
        want = half_up(x, got[1])
        if got[0] != want:
            problems.append("%s: printed %r, exact rounding of %s gives %d (scaled by 10^%d)"
                            % (r["id"], r["printed"], x, want, got[1]))
        n += 1
    return n


def same_or_scaled(a, b, k):
    """b == a, or both integers (Danish '.' grouping and a '<' allowed) with b == k*a."""
    if a == b:
        return True
    pa, pb = a.lstrip("<").replace(".", ""), b.lstrip("<").replace(".", "")
    if a.startswith("<") != b.startswith("<"):
        return False
    try:
        return int(pb) == k * int(pa)
    except ValueError:
        return False


def fields(s):
    return s.split("; ")


def replicated(small, big, k):
    a, b = rows(small), rows(big)
    if [r["id"] for r in a] != [r["id"] for r in b]:
        problems.append("the two audits do not list the same ids in the same order")
        return 0
    for ra, rb in zip(a, b):
        rid = ra["id"]
        for col in ("population", "expression", "source"):
            if ra[col] != rb[col]:
                problems.append("%s: %s differs: %r vs %r" % (rid, col, ra[col], rb[col]))
        if not same_or_scaled(ra["printed"], rb["printed"], k):
            problems.append("%s: printed %r at %d x, %r once" % (rid, rb["printed"], k, ra["printed"]))
        for col in ("value", "numerator", "denominator"):
            fa, fb = fields(ra[col]), fields(rb[col])
            if len(fa) != len(fb) or not all(same_or_scaled(x, y, k) for x, y in zip(fa, fb)):
                problems.append("%s: %s %r at %d x, %r once" % (rid, col, rb[col], k, ra[col]))
    return len(a)


def main(argv):
    if len(argv) == 3 and argv[1] == "exact":
        n = exact(argv[2])
        what = "%d rows of %s checked against exact fractions" % (n, argv[2])
    elif len(argv) == 5 and argv[1] == "replicated":
        n = replicated(argv[2], argv[3], int(argv[4]))
        what = "%d rows of %s checked against %s x %s" % (n, argv[3], argv[2], argv[4])
    else:
        sys.stderr.write(__doc__)
        return 2
    for p in problems[:50]:
        print(p)
    print("%s: %d problem(s)" % (what, len(problems)))
    return 1 if problems or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
