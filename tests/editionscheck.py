#!/usr/bin/env python3
"""editionscheck.py STATS OUT FIXTURE [--swapped | --mapped]: recomputes the numbers of
tests/data/survey/editions.lay from FIXTURE/svar.csv (edition 2023) and
FIXTURE/svar2024.csv (edition 2024) independently of notat (plain Python,
exact fractions) and compares them with the printed values in STATS (the
output of `notat build --dump=stats`) and with OUT/bilag1/tabel-01.csv (the
table `by edition`). With --swapped the layout's data lines were swapped
(2023 reads svar2024.csv and 2024 reads svar.csv). With --mapped the layout is
edmap.lay: edition 2023 is FIXTURE/svar2023cb.csv in the terms of its own codebook
(codebook2023.txt), translated here by hand as its map says (the column uddannelse
is udd; tillid 1..5 is 5..1), and the extra numbers (U23, U24, the table of tillid
by edition) are checked too. Exit 0 when all match."""
import csv
import math
import re
import sys
from fractions import Fraction
from checklib import Fails, data_rows, half_up

stats, out, fix = sys.argv[1], sys.argv[2], sys.argv[3]
SWAPPED = "--swapped" in sys.argv[4:]
MAPPED = "--mapped" in sys.argv[4:]
fail = Fails("editionscheck")


def dk(v, dec):
    """A scaled integer in Danish: 644 (dec 1) -> '64,4' (no sign)."""
    ip, fp = divmod(abs(v), 10 ** dec)
    return str(ip) + ("," + str(fp).zfill(dec) if dec else "")


def share(part, whole):
    return Fraction(100 * len(part), len(whole))


def pct(fr):
    return dk(half_up(fr, 0), 0) + " pct."


def change(a, b, unit, dec):
    """change(A, B): A - B rounded, with the Danish sign word."""
    d = half_up(a - b, dec)
    if d == 0:
        return "uændret"
    return ("steget med " if d > 0 else "faldet med ") + dk(d, dec) + " " + unit


def mean_alder(rs):
    v = [Fraction(r["alder"]) for r in rs if r["alder"] != ""]
    return sum(v) / len(v)


def yates_p(x1, n1, x2, n2):
    """Pearson's chi-square with Yates' correction on the 2x2 table (R's
    prop.test(c(x1, x2), c(n1, n2))): the p-value."""
    n = n1 + n2
    a, b, c, d = x1, n1 - x1, x2, n2 - x2
    num = n * max(0.0, abs(a * d - b * c) - n / 2) ** 2
    chi2 = num / ((a + b) * (c + d) * (a + c) * (b + d))
    return math.erfc(math.sqrt(chi2 / 2))


def by_hand(r):
    """A row of svar2023cb.csv in the reference codebook's terms (edmap.lay's map)."""
    r["udd"] = r.pop("uddannelse")
    r["tillid"] = str(6 - int(r["tillid"])) if r["tillid"] != "" else ""
    return r


e23, e24 = data_rows(fix + "/svar.csv"), data_rows(fix + "/svar2024.csv")
if MAPPED:
    e23 = [by_hand(r) for r in data_rows(fix + "/svar2023cb.csv")]
if SWAPPED:
    e23, e24 = e24, e23
R23 = [r for r in e23 if r["parti"] != ""]
R24 = [r for r in e24 if r["parti"] != ""]
T23 = [r for r in R23 if r["tillid"] != ""]
T24 = [r for r in R24 if r["tillid"] != ""]
D23 = [r for r in R23 if r["parti"] == "1"]
D24 = [r for r in R24 if r["parti"] == "1"]
H23 = [r for r in T23 if r["tillid"] in ("4", "5")]
H24 = [r for r in T24 if r["tillid"] in ("4", "5")]
p = yates_p(len(D24), len(R24), len(D23), len(R23))
want = {
    "N23": str(len(e23)), "N24": str(len(e24)),
    "P23": pct(share(D23, R23)), "P24": pct(share(D24, R24)),
    "C1": change(share(D24, R24), share(D23, R23), "procentpoint", 0),
    "S1": "statistisk signifikant" if p < 0.05 else "ikke statistisk signifikant",
    "S2": "p < 0,001" if p < 0.001 else "p = " + ("%.3f" % p).replace(".", ","),
    "H23": pct(share(H23, T23)), "H24": pct(share(H24, T24)),
    "C2": change(share(H24, T24), share(H23, T23), "procentpoint", 0),
    "C3": change(share(H23, T23), share(H24, T24), "procentpoint", 0),
    "M23": dk(half_up(mean_alder(e23), 1), 1) + " år",
    "M24": dk(half_up(mean_alder(e24), 1), 1) + " år",
    "C4": change(mean_alder(e24), mean_alder(e23), "år", 1),
}
# The same written with `in LABEL`.
want.update({"P23b": want["P23"], "P24b": want["P24"], "C5": want["C1"], "S3": want["S1"],
             "N0": str(len(e23) + len(e24)), "N0b": want["N24"]})
if MAPPED:
    for k, rs in (("U23", e23), ("U24", e24)):
        base = [r for r in rs if r["udd"] != ""]
        want[k] = pct(share([r for r in base if r["udd"] == "3"], base))
got = {}
with open(stats, encoding="utf-8") as f:
    for line in f:
        m = re.match(r'stat (\S+) "(.*)" @', line)
        if m:
            got[m.group(1)] = m.group(2)
for k, v in want.items():
    if got.get(k) != v:
        fail("%s: notat printed %r, recomputed %r" % (k, got.get(k), v))

# The table `by edition`: counts per party and edition, then the total.
with open(out + "/bilag1/tabel-01.csv", encoding="utf-8-sig") as f:
    table = list(csv.reader(f, delimiter=";"))
head = ["", "2023 Antal", "2023 Pct.", "2024 Antal", "2024 Pct.", "I alt Antal", "I alt Pct."]
if table[0] != head:
    fail("table header %r" % table[0])
for row in table[1:]:
    if row[0] == "n":
        cnt = [len(R23), len(R24), len(R23) + len(R24)]
        if [int(row[1]), int(row[3]), int(row[5])] != cnt:
            fail("table n %r, recomputed %r" % (row, cnt))
        continue
    code = {"Socialdemokratiet": "0", "Demokraterne": "1", "Det Konservative Folkeparti": "2",
            "De Grønne": "3", "Andet parti": "4"}[row[0]]
    for col, rs in ((1, R23), (3, R24), (5, R23 + R24)):
        part = [r for r in rs if r["parti"] == code]
        if int(row[col]) != len(part) or row[col + 1] != dk(half_up(share(part, rs), 0), 0):
            fail("table %s column %d: %r, recomputed %d, %s" % (row[0], col, row[col:col + 2],
                 len(part), dk(half_up(share(part, rs), 0), 0)))
if MAPPED:  # the table of tillid (recoded in 2023) by edition, over R
    with open(out + "/bilag1/tabel-02.csv", encoding="utf-8-sig") as f:
        table = list(csv.reader(f, delimiter=";"))
    if table[0] != head:
        fail("table 2 header %r" % table[0])
    labels = ["Meget lav tillid", "Lav tillid", "Hverken høj eller lav", "Høj tillid",
              "Meget høj tillid"]
    if [row[0] for row in table[1:]] != labels + ["n"]:
        fail("table 2 rows %r" % [row[0] for row in table[1:]])
    for row in table[1:]:
        code = str(labels.index(row[0]) + 1) if row[0] in labels else None
        for col, rs in ((1, T23), (3, T24), (5, T23 + T24)):
            part = rs if code is None else [r for r in rs if r["tillid"] == code]
            if int(row[col]) != len(part) or (code and row[col + 1] != dk(half_up(share(part, rs), 0), 0)):
                fail("table 2 %s column %d: %r, recomputed %d" % (row[0], col, row[col:col + 2], len(part)))
sys.exit(fail.status())
