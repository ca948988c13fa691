#!/usr/bin/env python3
"""examplecheck.py OUT EXAMPLE: recomputes the numbers of the second example
(layouts/trivsel-2024: weighted by vaegt) from EXAMPLE/svar.csv independently of
notat (plain Python, exact fractions) and compares them with OUT/audit.tsv and
the Bilag CSVs. The definitions mirror the example's notat.lay and codebook.txt.
Exit 0 when everything matches."""
import csv
import sys
from fractions import Fraction
from checklib import close, dk, half_up, kish, mean, num, numfmt, quant, wilson

out, ex = sys.argv[1], sys.argv[2]
fails = 0


def fail(msg):
    global fails
    fails += 1
    print("examplecheck: " + msg)


def wt(r):
    return num(r["vaegt"]) or Fraction(0)


def pct(part, whole, dec=0):
    sh = Fraction(100) * sum(wt(r) for r in part) / sum(wt(r) for r in whole)
    return dk(half_up(sh, dec), dec) + " pct."


def values(col, rows):
    return [(num(r[col]), wt(r)) for r in rows if r[col] != "" and wt(r) != 0]


with open(ex + "/svar.csv", encoding="utf-8") as f:
    D = list(csv.DictReader([l for l in f if not l.startswith("#")]))
SVAR = [r for r in D if r["trivsel"] != ""]
STRESS = [r for r in D if r["stress"] != ""]


def t3(r):  # trivsel3, from its derive line
    return {"1": "lav", "2": "lav", "3": "middel", "4": "hoej", "5": "hoej"}.get(r["trivsel"])


def agegrp(r):  # aldersgruppe, from its derive line
    a = int(r["alder"])
    return "u35" if a <= 34 else "a35" if a <= 49 else "a50"


hi = lambda rows: [r for r in rows if t3(r) == "hoej"]
often = lambda rows: [r for r in rows if r["stress"] in ("4", "5")]
AGE, ANC = values("alder", D), values("anciennitet", D)
want = {
    "N1": str(len(D)),
    "N2": str(len(SVAR)),
    "P1": pct(hi(SVAR), SVAR),
    "P2": pct([r for r in SVAR if t3(r) == "lav"], SVAR, 1),
    "P3": pct(hi([r for r in SVAR if r["afdeling"] == "2"]), [r for r in SVAR if r["afdeling"] == "2"]),
    "P4": pct(hi([r for r in SVAR if r["afdeling"] == "3"]), [r for r in SVAR if r["afdeling"] == "3"]),
    "P5": pct(often(STRESS), STRESS),
    "P6": pct(often([r for r in STRESS if t3(r) == "lav"]), [r for r in STRESS if t3(r) == "lav"]),
    "S1": pct([r for r in D if r["hjemme"] == "1"], [r for r in D if r["hjemme"] != ""]),
    "M1": numfmt(mean(AGE), 1, "år"),
    "M2": numfmt(quant(AGE, Fraction(1, 2)), 1, "år"),
    "M3": numfmt(mean(ANC), 2, "år"),
    "M4": numfmt(quant(ANC, Fraction(1, 2)), 2, "år"),
    "P7": pct([r for r in D if agegrp(r) == "u35"], D),
    "T1": str(sum(r["kommentar"] != "" for r in D)),
}
with open(out + "/audit.tsv", encoding="utf-8") as f:
    audit = {r["id"]: r for r in csv.DictReader(f, delimiter="\t")}
got = {k: r["printed"] for k, r in audit.items()}
for k, v in want.items():
    if got.get(k) != v:
        fail("%s: notat printed %r, recomputed %r" % (k, got.get(k), v))


def ci_check(id, part, whole):
    """The audit's Wilson 95 % interval of a weighted share: Kish's n_eff of the base."""
    x, n = kish(sum(wt(r) for r in part), sum(wt(r) for r in whole), sum(wt(r) ** 2 for r in whole))
    lo, hi = wilson(x, n)
    row = audit.get(id)
    g = row["ci95"].split("-") if row and row.get("ci95") else None
    if not g or not (close(float(g[0]), 100 * lo) and close(float(g[1]), 100 * hi)):
        fail("%s: ci95 %r, recomputed %.6g-%.6g" % (id, row and row.get("ci95"), 100 * lo, 100 * hi))


ci_check("P1", hi(SVAR), SVAR)
ci_check("P6", often([r for r in STRESS if t3(r) == "lav"]), [r for r in STRESS if t3(r) == "lav"])
ci_check("S1", [r for r in D if r["hjemme"] == "1"], [r for r in D if r["hjemme"] != ""])
ci_check("P7", [r for r in D if agegrp(r) == "u35"], D)
TRIV = ["meget_lav", "lav", "middel", "hoej", "meget_hoej"]
for g, (afd, head) in enumerate(zip(["1", "2", "3", "4", None], ["adm", "it", "kund", "drift", "I alt"])):
    base = [r for r in SVAR if afd is None or r["afdeling"] == afd]
    for v, key in enumerate(TRIV, 1):
        ci_check("tabel-1/%s/%s/pct" % (key, head), [r for r in base if r["trivsel"] == str(v)], base)
for k, r in audit.items():  # no interval but for shares
    if r["ci95"] and not (k.endswith("/pct") or k.startswith(("P", "S", "figur-"))):
        fail("%s: an interval for a value that is no share (%r)" % (k, r["ci95"]))

# Table 3: the number-by-group table (mean, median, quartiles, n per afdeling and in all).
AFD = ["1", "2", "3", "4", None]
with open(out + "/bilag1/tabel-03.csv", encoding="utf-8-sig") as f:
    rows = [r for r in csv.reader(f, delimiter=";")]
cells = [r for r in rows if r and r[0] in ("Gennemsnit", "Median", "Nedre kvartil", "Øvre kvartil")]
if len(cells) != 8:
    fail("table 3: %d statistic rows, want 8" % len(cells))
for part, (col, dec) in enumerate([("alder", 1), ("anciennitet", 2)]):
    for g, afd in enumerate(AFD):
        xw = values(col, [r for r in D if afd is None or r["afdeling"] == afd])
        exp = [numfmt(mean(xw), dec, ""), numfmt(quant(xw, Fraction(1, 2)), dec, ""),
               numfmt(quant(xw, Fraction(1, 4)), dec, ""), numfmt(quant(xw, Fraction(3, 4)), dec, "")]
        gotv = [c[1 + 2 * g + 1] if len(c) > 2 * g + 2 else None for c in cells[4 * part:4 * part + 4]]
        if gotv != exp:
            fail("table 3 %s, group %s: %r, recomputed %r" % (col, afd or "I alt", gotv, exp))
sys.exit(1 if fails else 0)
