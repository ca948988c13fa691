#!/usr/bin/env python3
"""examplecheck.py OUT EXAMPLE [--swapped]: recomputes the numbers of the second
example (layouts/trivsel-2024: weighted by vaegt; editions 2024, EXAMPLE/svar.csv,
and 2023, EXAMPLE/svar2023.csv) from the CSVs independently of notat (plain
Python, exact fractions; the tests of sigcheck.py with Kish's effective counts)
and compares them with OUT/audit.tsv and the Bilag CSVs: the 2024 numbers, the
comparison of the editions (changes, sign words, p-values, the change column and
its marks) and the marks of table 6. The definitions mirror the example's
notat.lay and codebook.txt. --swapped: the layout's data lines were swapped
(2023 reads svar.csv, 2024 svar2023.csv); then only the comparison is checked.
Exit 0 when everything matches."""
import csv
import sys
from fractions import Fraction
from checklib import Fails, close, data_rows, dk, half_up, kish, mean, num, numfmt, quant, wilson
from sigcheck import prop_test

out, ex = sys.argv[1], sys.argv[2]
fail = Fails("examplecheck")


def wt(r):
    return num(r["vaegt"]) or Fraction(0)


def pct(part, whole, dec=0):
    sh = Fraction(100) * sum(wt(r) for r in part) / sum(wt(r) for r in whole)
    return dk(half_up(sh, dec), dec) + " pct."


def values(col, rows):
    return [(num(r[col]), wt(r)) for r in rows if r[col] != "" and wt(r) != 0]


SWAPPED = "--swapped" in sys.argv[3:]
D, D23 = data_rows(ex + "/svar.csv"), data_rows(ex + "/svar2023.csv")
if SWAPPED:
    D, D23 = D23, D
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
    if got.get(k) != v and not SWAPPED:
        fail("%s: notat printed %r, recomputed %r" % (k, got.get(k), v))


def ci_check(id, part, whole):
    """The audit's Wilson 95 % interval of a weighted share: Kish's n_eff of the base."""
    x, n = kish(sum(wt(r) for r in part), sum(wt(r) for r in whole), sum(wt(r) ** 2 for r in whole))
    lo, hi = wilson(x, n)
    row = audit.get(id)
    if SWAPPED:
        return
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
    if r["ci95"] and not (k.endswith("/pct") or k.startswith(("P", "S", "U", "figur-"))):
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
        if gotv != exp and not SWAPPED:
            fail("table 3 %s, group %s: %r, recomputed %r" % (col, afd or "I alt", gotv, exp))


# ---- the two editions compared (section 4, tables 5 and 6) ----
def wshare(part, whole):
    """A weighted share in percent (exact) and its test counts: Kish's effective x and n."""
    sw = sum(wt(r) for r in whole)
    x, n = kish(sum(wt(r) for r in part), sw, sum(wt(r) ** 2 for r in whole))
    return Fraction(100) * sum(wt(r) for r in part) / sw, x, n


def ptest(a, b):
    """The weighted builds' test of two shares: the z-test on Kish's effective counts."""
    return prop_test(a[1], a[2], b[1], b[2])[1]


def change_words(d, dec, unit, thresh=0):
    """change()'s words for a difference d printed with dec decimals."""
    r = half_up(abs(d), dec)
    if r <= thresh * 10 ** dec:
        return "uændret"
    return ("steget med " if d > 0 else "faldet med ") + dk(r, dec) + unit


def ptext(p):
    return "p < 0,001" if p < 0.001 else "p = 0,%03d" % int(p * 1000 + 0.5)


E = {"2024": D, "2023": D23}
TRIV = {y: [r for r in e if r["trivsel"] != ""] for y, e in E.items()}
STR = {y: [r for r in e if r["stress"] != ""] for y, e in E.items()}
hi24, hi23 = [wshare(hi(TRIV[y]), TRIV[y]) for y in ("2024", "2023")]
st24, st23 = [wshare(often(STR[y]), STR[y]) for y in ("2024", "2023")]
hj24, hj23 = [wshare([r for r in E[y] if r["hjemme"] == "1"], [r for r in E[y] if r["hjemme"] != ""])
              for y in ("2024", "2023")]
age = [mean(values("alder", E[y])) for y in ("2024", "2023")]
p_hi = ptest(hi24, hi23)
cmp_want = {
    "U1": str(len(D23)), "U2": str(len(D)),
    "U3": change_words(hi24[0] - hi23[0], 0, " procentpoint"),
    "U4": dk(half_up(hi23[0], 0), 0) + " pct.", "U5": dk(half_up(hi24[0], 0), 0) + " pct.",
    "U6": "statistisk signifikant" if p_hi < 0.05 else "ikke statistisk signifikant",
    "U7": ptext(p_hi),
    "U8": change_words(st24[0] - st23[0], 0, " procentpoint"),
    "U9": change_words(hj24[0] - hj23[0], 0, " procentpoint"),
    "U10": change_words(age[0] - age[1], 1, " år", 1),
    "U11": ptext(ptest(hj24, hj23)),  # share() of a multi item: Kish's n_eff from the cross-tab
}
for k, v in cmp_want.items():
    if got.get(k) != v:
        fail("%s: notat printed %r, recomputed %r" % (k, got.get(k), v))
# The trend figure: one line per trivsel3 group, its weighted share in each edition
trend = sorted(k.split("/")[0] for k in got if k.endswith("/Trivsel (tre grupper), e2023/Høj trivsel"))
if len(trend) != 1:
    fail("the trend figure's points are not in the audit (%r)" % trend)
for y in ("2023", "2024"):
    for key, label in [("lav", "Lav trivsel"), ("middel", "Hverken høj eller lav"), ("hoej", "Høj trivsel")]:
        fid = "%s/Trivsel (tre grupper), e%s/%s" % (trend[0] if trend else "?", y, label)
        v = dk(half_up(wshare([r for r in TRIV[y] if t3(r) == key], TRIV[y])[0], 0), 0)
        if got.get(fid) != v:
            fail("%s: the figure has %r, recomputed %r" % (fid, got.get(fid), v))
if p_hi >= 0.05:
    fail("U6: the layout asserts a significant difference, p = %g" % p_hi)


def table(n):
    with open(out + "/bilag1/tabel-%02d.csv" % n, encoding="utf-8-sig") as f:
        return [r for r in csv.reader(f, delimiter=";")]


# Table 5: by edition (2023, 2024, no total), the change 2024 - 2023 and its mark (5 %).
t5 = {r[0]: r for r in table(5)}
parts = [("trivsel", TRIV, ["Meget lav trivsel", "Lav trivsel", "Hverken høj eller lav", "Høj trivsel",
                             "Meget høj trivsel"]),
         ("stress", STR, ["Aldrig", "Sjældent", "Somme tider", "Ofte", "Altid"])]
rows5 = []
for var, base, labels in parts:
    for code, label in enumerate(labels, 1):
        sh = {y: wshare([r for r in base[y] if r[var] == str(code)], base[y]) for y in ("2023", "2024")}
        rows5.append((label, sh))
rows5.append(("Hjemmearbejde", {y: wshare([r for r in E[y] if r["hjemme"] == "1"],
                                          [r for r in E[y] if r["hjemme"] != ""]) for y in ("2023", "2024")}))
marks5 = 0
for label, sh in rows5:
    d = half_up(sh["2024"][0] - sh["2023"][0], 0)
    mark = "†" if ptest(sh["2024"], sh["2023"]) < 0.05 else ""
    marks5 += mark != ""
    exp = [dk(half_up(sh["2023"][0], 0), 0), dk(half_up(sh["2024"][0], 0), 0), dk(d, 0), mark]
    row = t5.get(label)
    gotv = [row[2], row[4], row[5], row[6]] if row and len(row) == 7 else row
    if gotv != exp:
        fail("table 5 %s: %r, recomputed %r" % (label, gotv, exp))
if marks5 == 0 or marks5 == len(rows5):
    fail("table 5: %d of %d changes marked; the example should show both" % (marks5, len(rows5)))

# Table 6 (2024): each department's share against the rest of SVAR, marked * at 5 %.
if not SWAPPED:
    t6 = {r[0]: r for r in table(6)}
    marks6 = 0
    for key, label in [("lav", "Lav trivsel"), ("middel", "Hverken høj eller lav"), ("hoej", "Høj trivsel")]:
        for g, afd in enumerate(["1", "2", "3", "4"]):
            grp = [r for r in SVAR if r["afdeling"] == afd]
            rest = [r for r in SVAR if r["afdeling"] != afd]
            a = wshare([r for r in grp if t3(r) == key], grp)
            b = wshare([r for r in rest if t3(r) == key], rest)
            mark = "*" if len(grp) >= 5 and len(rest) >= 5 and ptest(a, b) < 0.05 else ""
            marks6 += mark != ""
            exp = dk(half_up(a[0], 0), 0) + mark
            gotc = t6[label][2 + 2 * g] if label in t6 else None
            if gotc != exp:
                fail("table 6 %s, department %s: %r, recomputed %r" % (label, afd, gotc, exp))
    if marks6 == 0:
        fail("table 6: no department marked; the example should show marks")
sys.exit(fail.status())
