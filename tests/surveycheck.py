#!/usr/bin/env python3
"""surveycheck.py OUT FIXTURE: recomputes the generic test survey's numbers
from FIXTURE/svar.csv independently of notat (plain Python, exact fractions)
and compares them with OUT/audit.tsv and OUT/bilag1/*.csv. The definitions
mirror tests/data/survey/notat.lay. Exit 0 when everything matches."""
import csv
import sys
from fractions import Fraction
from math import isqrt

out, fix = sys.argv[1], sys.argv[2]
fails = 0


def fail(msg):
    global fails
    fails += 1
    print("surveycheck: " + msg)


def rows():
    with open(fix + "/svar.csv", encoding="utf-8") as f:
        lines = [l for l in f if not l.startswith("#")]
    return list(csv.DictReader(lines))


def half_up(fr, dec):
    """fr (a Fraction) rounded half away from zero to dec decimals, scaled."""
    s = fr * 10 ** dec
    n = (abs(s.numerator) * 2 + s.denominator) // (2 * s.denominator)
    return n if s >= 0 else -n


def dk(v, dec):
    """A scaled integer in Danish: 1234 -> '1.234', 644 (dec 1) -> '64,4'."""
    neg, v = v < 0, abs(v)
    ip, fp = divmod(v, 10 ** dec)
    s = "{:,}".format(ip).replace(",", ".")
    if dec:
        s += "," + str(fp).zfill(dec)
    return ("-" if neg else "") + s


def pct(num, den, dec=0):
    return dk(half_up(Fraction(100 * num, den), dec), dec) + " pct."


HEADINGS = True  # readers see labels, not keys
D = rows()
R = [r for r in D if r["parti"] != ""]
LABEL = {"0": "Socialdemokratiet", "1": "Demokraterne", "2": "Det Konservative Folkeparti",
         "3": "De Grønne", "4": "Andet parti"}
UDD = {"1": "8 klassetrin eller mindre", "2": "Gymnasial eller erhvervsfaglig uddannelse",
       "3": "Videregående uddannelse"}
hi = [r for r in R if r["tillid"] != ""]
counts = {k: sum(r["parti"] == k for r in R) for k in LABEL}
best = max(LABEL, key=lambda k: (counts[k], -int(k)))
want = {
    "N1": str(len(D)),
    "N2": str(len(R)),
    "P1": pct(len(R), len(D), 1),
    "N3": str(sum(r["kommune"] != "" for r in D)),
    "P2": pct(counts["1"], len(R)),
    "P3": pct(counts["0"] + counts["2"], len(R)),
    "P4": pct(sum(r["tillid"] in ("4", "5") for r in hi), len(hi), 1),
    "A1": LABEL[best][0].lower() + LABEL[best][1:],
}


def num(s):
    """A cell of a number column as an exact Fraction ('.' or ',' mark), or None."""
    return Fraction(s.replace(",", ".")) if s != "" else None


def quant(xs, p):
    """Smallest x whose cumulative share exceeds p; the mean of x and the next
    where it equals p exactly (SAS definition 5)."""
    xs = sorted(xs)
    n = len(xs)
    for i in range(n):
        if Fraction(i + 1, n) > p:
            return xs[i]
        if Fraction(i + 1, n) == p:
            return (xs[i] + xs[i + 1]) / 2 if i + 1 < n else xs[i]
    return xs[-1]


def sd(xs):
    m = sum(xs) / len(xs)
    v = sum((x - m) ** 2 for x in xs) / (len(xs) - 1)
    return Fraction(isqrt(int(v * 10 ** 12)), 10 ** 6)  # truncated, as documented


def numfmt(fr, dec, unit):
    return dk(half_up(fr, dec), dec) + (" " + unit if unit else "")


AGE = [num(r["alder"]) for r in D if r["alder"] != ""]
TV = [num(r["timer"]) for r in D if r["timer"] != ""]
TVD = [num(r["timer"]) for r in D if r["timer"] != "" and r["parti"] == "1"]
TVG = [num(r["timer"]) for r in D if r["timer"] != "" and r["parti"] == "3"]
TV60 = [num(r["timer"]) for r in D if r["timer"] != "" and r["alder"] != "" and int(r["alder"]) > 60]
mean = lambda xs: sum(xs) / len(xs)
want.update({
    "M1": numfmt(mean(AGE), 1, "år"),
    "M2": numfmt(quant(AGE, Fraction(1, 2)), 1, "år"),
    "M3": numfmt(quant(AGE, Fraction(1, 4)), 1, "år"),
    "M4": numfmt(quant(AGE, Fraction(3, 4)), 1, "år"),
    "M5": numfmt(min(AGE), 0, "år"),
    "M6": numfmt(max(AGE), 0, "år"),
    "M7": numfmt(sd(AGE), 1, "år"),
    "M8": numfmt(mean(TVD), 2, "timer"),
    "M9": numfmt(quant(TVD, Fraction(1, 2)), 2, "timer"),
    "M10": numfmt(sum(TV), 1, "timer"),
    "M11": numfmt(mean(TVD) - mean(TVG), 2, "timer"),
    "M12": numfmt(sd(TV), 2, "timer"),
    "M13": numfmt(mean(TV60), 2, ""),
})


# Derived variables, recomputed from their definitions in codebook.txt.
def agegrp(r):
    if r["alder"] == "":
        return None
    a = int(r["alder"])
    return "a18" if 18 <= a <= 29 else "a30" if a <= 44 else "a45" if a <= 59 else "a60"


def blok(r):
    return {"0": "roed", "3": "roed", "1": "blaa", "2": "blaa"}.get(r["parti"])


def tvgrp(r):
    if r["timer"] == "":
        return None
    t = num(r["timer"])
    return "lidt" if t <= Fraction(99, 10) else "noget" if t <= Fraction(199, 10) else "meget"


AGEL = {"a18": "18-29 år", "a30": "30-44 år", "a45": "45-59 år", "a60": "60 år og derover"}
a18 = [r for r in R if agegrp(r) == "a18"]
a60 = [r for r in R if agegrp(r) == "a60"]
tvs = [r for r in D if tvgrp(r)]
ag = {k: sum(agegrp(r) == k for r in D) for k in AGEL}
want.update({
    "D1": pct(sum(blok(r) == "roed" for r in a18), len(a18)),
    "D2": pct(sum(blok(r) == "roed" for r in a60), len(a60), 1),
    "D3": AGEL[max(AGEL, key=lambda k: ag[k])],
    "D4": pct(sum(tvgrp(r) == "meget" for r in tvs), len(tvs)),
})
with open(out + "/bilag1/tabel-02.csv", encoding="utf-8-sig") as f:
    t2 = list(csv.reader(f, delimiter=";"))
BL = {"roed": "Rød blok", "blaa": "Blå blok"}
for i, b in enumerate(BL):
    line = [BL[b]]
    for g in list(AGEL) + [None]:
        grp = [r for r in R if blok(r) and (g is None or agegrp(r) == g)]
        n = sum(blok(r) == b for r in grp)
        line += [str(n), dk(half_up(Fraction(100 * n, len(grp)), 0), 0)]
    if t2[1 + i] != line:
        fail("table 2 row %r, expected %r" % (t2[1 + i], line))
with open(out + "/audit.tsv", encoding="utf-8") as f:
    got = {r["id"]: r["printed"] for r in csv.DictReader(f, delimiter="\t")}
for k, v in want.items():
    if got.get(k) != v:
        fail("%s: notat printed %r, recomputed %r" % (k, got.get(k), v))

# Bilag table 1: parti by udd, counts and column percentages.
with open(out + "/bilag1/tabel-01.csv", encoding="utf-8-sig") as f:
    t = list(csv.reader(f, delimiter=";"))
cols = list(UDD) + [None]
exp_head = [""]
for c in cols:
    name = UDD[c] if c else "I alt"
    exp_head += [name + " Antal", name + " Pct."]
if HEADINGS and t[0] != exp_head:
    fail("table 1 heading %r, expected %r" % (t[0], exp_head))
for i, k in enumerate(LABEL):
    line = [LABEL[k]]
    for c in cols:
        grp = [r for r in R if c is None or r["udd"] == c]
        n = sum(r["parti"] == k for r in grp)
        line += [str(n), dk(half_up(Fraction(100 * n, len(grp)), 0), 0)]
    if t[1 + i] != line:
        fail("table 1 row %r, expected %r" % (t[1 + i], line))
sys.exit(1 if fails else 0)
