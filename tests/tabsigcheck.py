#!/usr/bin/env python3
"""tabsigcheck.py OUT FIXTURE [--swapped]: recomputes the change columns of
tests/data/survey/change.lay (table 1: parti and tillid by edition, the change
2024 minus 2023; table 2: a summary of alder) from FIXTURE/svar.csv (2023) and
FIXTURE/svar2024.csv (2024) independently of notat (plain Python, exact
fractions; the tests of tests/sigcheck.py) and compares it with
OUT/bilag1/tabel-01.csv: every change as a number, its mark when the two
editions' shares differ at the 5 % level. --swapped: the layout's data lines
were swapped. Exit 0 when all match."""
import csv
import sys
from fractions import Fraction

from checklib import Fails, data_rows, half_up, mean, quant
from sigcheck import choose

out, fix = sys.argv[1], sys.argv[2]
files = ["svar.csv", "svar2024.csv"]
if "--swapped" in sys.argv[3:]:
    files.reverse()
fail = Fails("tabsigcheck")


def num(v, dec):
    """A signed scaled integer as the CSV writes the change: '-9', '16', '4,0'."""
    s = str(abs(v) // 10 ** dec) + ("," + str(abs(v) % 10 ** dec).zfill(dec) if dec else "")
    return ("-" if v < 0 else "") + s


old, new = [[r for r in data_rows(fix + "/" + f) if r["parti"] != ""] for f in files]
want = []  # (label, change, mark)
for var, codes, labels in [("parti", "01234", ["Socialdemokratiet", "Demokraterne", "Det Konservative Folkeparti",
                                              "De Grønne", "Andet parti"]),
                           ("tillid", "12345", ["Meget lav tillid", "Lav tillid", "Hverken høj eller lav",
                                               "Høj tillid", "Meget høj tillid"])]:
    bn, bo = [[r for r in e if r[var] != ""] for e in (new, old)]
    for code, label in zip(codes, labels):
        cn, co = [len([r for r in b if r[var] == code]) for b in (bn, bo)]
        d = Fraction(100 * cn, len(bn)) - Fraction(100 * co, len(bo))
        test, p, _ = choose(cn, len(bn), co, len(bo))
        want.append((label, num(half_up(d, 0), 0), "†" if p < 0.05 else ""))
ages = [[(Fraction(r["alder"]), 1) for r in e if r["alder"] != ""] for e in (new, old)]
for label, f in [("Gennemsnit", mean), ("Median", lambda xw: quant(xw, Fraction(1, 2))),
                 ("Nedre kvartil", lambda xw: quant(xw, Fraction(1, 4))),
                 ("Øvre kvartil", lambda xw: quant(xw, Fraction(3, 4)))]:
    want.append((label, num(half_up(f(ages[0]) - f(ages[1]), 1), 1), ""))

got = {}
for t in ("01", "02"):
    with open(out + "/bilag1/tabel-%s.csv" % t, encoding="utf-8-sig") as f:
        got.update({r[0]: (r[-2], r[-1]) for r in csv.reader(f, delimiter=";")})
# the inline change of an index (index points, printed like the index)
idx = [Fraction(sum(25 * (int(r["tillid"]) - 1) for r in e if r["tillid"] != ""),
                len([r for r in e if r["tillid"] != ""])) for e in (new, old)]
d = half_up(idx[0] - idx[1], 0)
iw = {"I1": "uændret" if d == 0 else ("steget med " if d > 0 else "faldet med ") + str(abs(d)),
      "I2": str(half_up(idx[1], 0)), "I3": str(half_up(idx[0], 0))}
with open(out + "/audit.tsv", encoding="utf-8") as f:
    printed = {r["id"]: r["printed"] for r in csv.DictReader(f, delimiter="\t")}
for k, v in iw.items():
    if printed.get(k) != v:
        fail("%s: printed %r, recomputed %r" % (k, printed.get(k), v))

marks = 0
for label, change, mark in want:
    if got.get(label) != (change, mark):
        fail("%s: the table has %r, recomputed %r" % (label, got.get(label), (change, mark)))
    marks += mark != ""
if marks == 0 or marks == len(want):
    fail("the check needs marked and unmarked changes (%d of %d marked)" % (marks, len(want)))
sys.exit(fail.status())
