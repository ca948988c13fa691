#!/usr/bin/env python3
"""surveycheck.py OUT FIXTURE [--weighted]: recomputes the generic test survey's
numbers from FIXTURE/svar.csv independently of notat (plain Python, exact
fractions) and compares them with OUT/audit.tsv and OUT/bilag1/*.csv. The
definitions mirror tests/data/survey/notat.lay and codebook.txt. With
--weighted every share, mean and quantile is weighted by the column vaegt
(the codebook then says `weight vaegt`); counts and n stay unweighted.
Exit 0 when everything matches."""
import csv
import sys
from fractions import Fraction
from math import isqrt
from checklib import Fails, data_rows, dk, half_up, mean, num, numfmt, quant

out, fix = sys.argv[1], sys.argv[2]
WEIGHTED = "--weighted" in sys.argv[3:]
fail = Fails("surveycheck")


def wt(r):
    """The row's weight: vaegt (empty: 0) in a weighted build, else 1."""
    return (num(r["vaegt"]) or Fraction(0)) if WEIGHTED else Fraction(1)


def share(part, whole):
    """Weighted share in percent of the rows part among the rows whole."""
    return Fraction(100) * sum(wt(r) for r in part) / sum(wt(r) for r in whole)


def pct(part, whole, dec=0):
    return dk(half_up(share(part, whole), dec), dec) + " pct."


D = data_rows(fix + "/svar.csv")
R = [r for r in D if r["parti"] != ""]
LABEL = {"0": "Socialdemokratiet", "1": "Demokraterne", "2": "Det Konservative Folkeparti",
         "3": "De Grønne", "4": "Andet parti"}
UDD = {"1": "8 klassetrin eller mindre", "2": "Gymnasial eller erhvervsfaglig uddannelse",
       "3": "Videregående uddannelse"}
hi = [r for r in R if r["tillid"] != ""]
wcount = {k: sum(wt(r) for r in R if r["parti"] == k) for k in LABEL}
best = max(LABEL, key=lambda k: (wcount[k], -int(k)))
want = {
    "N1": str(len(D)),
    "N2": str(len(R)),
    "P1": pct(R, D, 1),
    "N3": str(sum(r["kommune"] != "" for r in D)),
    "P2": pct([r for r in R if r["parti"] == "1"], R),
    "P3": pct([r for r in R if r["parti"] in ("0", "2")], R),
    "P4": pct([r for r in hi if r["tillid"] in ("4", "5")], hi, 1),
    "A1": LABEL[best][0].lower() + LABEL[best][1:],
}


def values(col, rows):
    """(value, weight) of the answered cells of a number column; weight 0 rows left out."""
    return [(num(r[col]), wt(r)) for r in rows if r[col] != "" and wt(r) != 0]


def sd(xw):
    m, tw, n = mean(xw), sum(w for _, w in xw), len(xw)
    v = sum(w * (x - m) ** 2 for x, w in xw) / tw * n / (n - 1)
    return Fraction(isqrt(int(v * 10 ** 12)), 10 ** 6)  # truncated, as documented


AGE = values("alder", D)
TV = values("timer", D)
TVD = values("timer", [r for r in D if r["parti"] == "1"])
TVG = values("timer", [r for r in D if r["parti"] == "3"])
TV60 = values("timer", [r for r in D if r["alder"] != "" and int(r["alder"]) > 60])
want.update({
    "M1": numfmt(mean(AGE), 1, "år"),
    "M2": numfmt(quant(AGE, Fraction(1, 2)), 1, "år"),
    "M3": numfmt(quant(AGE, Fraction(1, 4)), 1, "år"),
    "M4": numfmt(quant(AGE, Fraction(3, 4)), 1, "år"),
    "M5": numfmt(min(x for x, _ in AGE), 0, "år"),
    "M6": numfmt(max(x for x, _ in AGE), 0, "år"),
    "M7": numfmt(sd(AGE), 1, "år"),
    "M8": numfmt(mean(TVD), 2, "timer"),
    "M9": numfmt(quant(TVD, Fraction(1, 2)), 2, "timer"),
    "M10": numfmt(sum(x * w for x, w in TV), 1, "timer"),
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
ag = {k: sum(wt(r) for r in D if agegrp(r) == k) for k in AGEL}
want.update({
    "D1": pct([r for r in a18 if blok(r) == "roed"], a18),
    "D2": pct([r for r in a60 if blok(r) == "roed"], a60, 1),
    "D3": AGEL[max(AGEL, key=lambda k: ag[k])],
    "D4": pct([r for r in tvs if tvgrp(r) == "meget"], tvs),
})

with open(out + "/audit.tsv", encoding="utf-8") as f:
    audit = list(csv.DictReader(f, delimiter="\t"))
got = {r["id"]: r["printed"] for r in audit}
for k, v in want.items():
    if got.get(k) != v:
        fail("%s: notat printed %r, recomputed %r" % (k, got.get(k), v))
if WEIGHTED:  # the audit: weight sums as numerator and denominator, the unweighted n last
    p2 = next(r for r in audit if r["id"] == "P2")
    part = [r for r in R if r["parti"] == "1"]
    for col, w in (("numerator", sum(wt(r) for r in part)), ("denominator", sum(wt(r) for r in R))):
        if Fraction(p2[col]) != w:
            fail("P2 %s %s, recomputed %s" % (col, p2[col], w))
    if p2.get("n") != str(len(R)):
        fail("P2 n %r, recomputed %d" % (p2.get("n"), len(R)))
    f1 = next(r for r in audit if r["id"] == "figur-1/Tillid til politikerne, roed/Meget lav tillid")
    red = [r for r in R if blok(r) == "roed" and r["tillid"] != ""]
    if (Fraction(f1["numerator"]), Fraction(f1["denominator"]), f1["n"]) != \
            (sum(wt(r) for r in red if r["tillid"] == "1"), sum(wt(r) for r in red), str(len(red))):
        fail("figure 1 audit %r" % f1)

# Figure 2: a histogram of age as bars of the derived age groups (counts, unweighted).
for k, lab in AGEL.items():
    row = next((r for r in audit if r["id"] == "figur-2/%s/Antal respondenter" % lab), None)
    n = sum(agegrp(r) == k for r in D)
    if row is None or row["printed"] != str(n):
        fail("figure 2 bar %s: %r, recomputed %d" % (lab, row and row["printed"], n))


def table(no, head, keys, labels, rows, var, groups, grpvar):
    """Bilag table no: counts (unweighted) and column percentages (weighted) of
    var (keys -> labels) among rows, by groups (key -> label) of grpvar."""
    with open("%s/bilag1/tabel-%02d.csv" % (out, no), encoding="utf-8-sig") as f:
        t = list(csv.reader(f, delimiter=";"))
    cols = list(groups) + [None]
    exp = [""]
    for c in cols:
        exp += [(groups[c] if c else "I alt") + " Antal", (groups[c] if c else "I alt") + " Pct."]
    if head and t[0] != exp:
        fail("table %d heading %r, expected %r" % (no, t[0], exp))
    for i, k in enumerate(keys):
        line = [labels[k]]
        for c in cols:
            grp = [r for r in rows if var(r) is not None and (c is None or grpvar(r) == c)]
            part = [r for r in grp if var(r) == k]
            line += [str(len(part)), dk(half_up(share(part, grp), 0), 0)]
        if t[1 + i] != line:
            fail("table %d row %r, expected %r" % (no, t[1 + i], line))


table(1, True, list(LABEL), LABEL, R, lambda r: r["parti"] or None, UDD, lambda r: r["udd"])
BL = {"roed": "Rød blok", "blaa": "Blå blok"}
table(2, True, list(BL), BL, R, blok, AGEL, agegrp)


def summary_check(no):
    """Bilag table no: summary alder | * then summary timer | answered(parti), by udd."""
    with open("%s/bilag1/tabel-%02d.csv" % (out, no), encoding="utf-8-sig") as f:
        t = [r for r in csv.reader(f, delimiter=";") if not r[0].startswith("(")][1:]
    exp = []
    for col, rows, dec in (("alder", D, 1), ("timer", R, 2)):
        stats = [("Gennemsnit", mean), ("Median", lambda xw: quant(xw, Fraction(1, 2))),
                 ("Nedre kvartil", lambda xw: quant(xw, Fraction(1, 4))),
                 ("Øvre kvartil", lambda xw: quant(xw, Fraction(3, 4)))]
        groups = [[r for r in rows if r["udd"] == g] for g in UDD] + [rows]
        for label, fn in stats:
            line = [label]
            for g in groups:
                xw = values(col, g)
                n = sum(1 for r in g if r[col] != "")
                line += ["", numfmt(fn(xw), dec, "") if n >= 5 else "–"]
            exp.append(line)
        line = ["n"]
        for g in groups:
            line += [str(sum(1 for r in g if r[col] != "")), ""]
        exp.append(line)
    if t != exp:
        fail("table %d:\n  got      %r\n  expected %r" % (no, t, exp))


summary_check(3)

# Open text: counted in prose; listed under the respondent's group (blok), sorted
# in Danish order (independently of ICU: letters a-z, then æ, ø, å, with "aa" as å;
# bytes break ties: upper case first), empty answers left out, groups under the minimum base
# (5) left out.
def da_key(s):
    low = s.lower().replace("aa", "å")
    prim = low.translate(str.maketrans({"æ": "{", "ø": "|", "å": "}"}))
    return (prim, s.encode())
want_t = {"T1": str(sum(r["kommentar"] != "" for r in D)),
          "T2": str(sum(r["kommentar"] != "" for r in R))}
for k, v in want_t.items():
    if got.get(k) != v:
        fail("%s: notat printed %r, recomputed %r" % (k, got.get(k), v))
with open("%s/bilag1/tabel-04.csv" % out, encoding="utf-8-sig") as f:
    t4 = [r[0] for r in csv.reader(f, delimiter=";")][1:]
exp4, hidden = [], False
for b, label in list(BL.items()) + [(None, "Uoplyst")]:
    ans = sorted((r["kommentar"] for r in R if r["kommentar"] != "" and blok(r) == b),
                 key=da_key)
    if len(ans) < 5:
        hidden = hidden or len(ans) > 0
        continue
    exp4 += [label] + ans
if hidden:
    exp4.append("Svar fra grupper med færre end 5 svar vises ikke.")
if t4 != exp4:
    fail("table 4:\n  got      %r\n  expected %r" % (t4, exp4))
sys.exit(fail.status())
