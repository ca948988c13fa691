"""chartcheck.py: checks of tests/data/charts/charts.lay's figures (tests/e2e/charts.sh).

  chartcheck.py grey BOXDUMP PAGEDIR MIN_DL   neighbours apart in a greyscale rendering
  chartcheck.py numbers AUDIT DATADIR          histogram counts and line values recomputed

grey: for every Figure element of the box dump, no two of its texts overlap, and the
neighbouring series must differ by at
least MIN_DL in CIELAB L* as rendered in greyscale (pdftoppm -gray -r 100; PAGEDIR holds
p-N.pgm): neighbouring segments of a (diverging) stacked bar, neighbouring bars of a
grouped cluster, neighbouring keys of the legend (a line's key: its marker). Each is
sampled in the rendered page, not taken from the dump's colours.

numbers: recomputes from the CSVs, in plain Python and fractions (checklib), the counts
of every histogram bin (by the rule in layouts/README.md: Sturges' number of bins, the
nice width nearest in ratio, or binwidth) and the shares of the line figures, and
compares them with what audit.tsv says each printed.
"""
import csv
import math
import os
import re
import sys
from fractions import Fraction

sys.path.insert(0, os.path.dirname(__file__))
from checklib import data_rows, dk, half_up, num  # noqa: E402

DPI = 100.0


def read_pgm(path):
    with open(path, "rb") as f:
        data = f.read()
    parts = data.split(None, 4)
    assert parts[0] == b"P5", path
    w, h, mx = int(parts[1]), int(parts[2]), int(parts[3])
    return w, h, parts[4][-w * h:]


def lstar(v):
    """CIELAB L* of an 8-bit sRGB grey."""
    c = v / 255.0
    y = c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else 24389 / 27 * y


def parse_dump(path):
    pages, elems, cur = [], {}, None
    section = None
    for line in open(path, encoding="utf-8"):
        if line.startswith("boxdoc") and pages:
            break  # the Bilag's document follows
        if line.startswith("page "):
            cur = []
            pages.append(cur)
            section = "page"
        elif line.startswith("elems"):
            section = "elems"
        elif line.startswith("outline"):
            section = "outline"
        elif section == "page" and line.startswith("  "):
            t = line.split()
            if t[0] == "text":
                m = re.match(r'\s*text (\S+) (\S+) (\S+) \S+ e=(\d+) f=\d+ s=(\S+) \S+ "(.*)"$', line.rstrip("\n"))
                if m:
                    cur.append({"kind": "text", "x": float(m.group(1)), "y": float(m.group(2)), "w": float(m.group(3)),
                                "e": int(m.group(4)), "size": float(m.group(5)), "text": m.group(6)})
            elif t[0] in ("rect", "line"):
                box = {"kind": t[0], "x": float(t[1]), "y": float(t[2]), "w": float(t[3]), "h": float(t[4]),
                       "e": int(t[5][2:]), "rgb": t[-1]}
                if t[0] == "line":
                    box["lw"] = float(t[6][3:])
                cur.append(box)
        elif section == "elems":
            m = re.match(r"\s*(\d+) parent=-?\d+ (\w+)", line)
            if m:
                elems[int(m.group(1))] = m.group(2)
    return pages, elems


class Page:
    def __init__(self, path):
        self.w, self.h, self.px = read_pgm(path)

    def grey(self, x, y):
        """L* of the pixel at x, y (pt from the lower left)."""
        col = int(x / 72 * DPI)
        row = int((841.89 - y) / 72 * DPI)
        return lstar(self.px[row * self.w + col])

    def band(self, x0, x1, y):
        """Median L* along y from x0 to x1 (pt)."""
        v = sorted(self.grey(x0 + (x1 - x0) * k / 8, y) for k in range(9))
        return v[4]


def blobs(rects):
    """Consecutive rects of one colour that touch (a marker's scanlines) as one blob."""
    out = []
    for r in rects:
        b = out[-1] if out else None
        if b and b["rgb"] == r["rgb"] and r["x"] <= b["x1"] + 0.3 and r["x"] + r["w"] >= b["x0"] - 0.3 \
                and r["y"] <= b["y1"] + 0.3 and r["y"] + r["h"] >= b["y0"] - 0.3:
            b["x0"], b["x1"] = min(b["x0"], r["x"]), max(b["x1"], r["x"] + r["w"])
            b["y0"], b["y1"] = min(b["y0"], r["y"]), max(b["y1"], r["y"] + r["h"])
        else:
            out.append({"rgb": r["rgb"], "x0": r["x"], "x1": r["x"] + r["w"], "y0": r["y"], "y1": r["y"] + r["h"]})
    return out


LEAST = [1000.0]


def check_pairs(what, pairs, min_dl, fails):
    for a, b, la, lb in pairs:
        LEAST[0] = min(LEAST[0], abs(la - lb))
        if abs(la - lb) < min_dl:
            fails.append("%s: %s and %s are %.1f L* apart in greyscale" % (what, a, b, abs(la - lb)))


def figure_checks(fig, page, boxes, min_dl, fails):
    rects = [b for b in boxes if b["kind"] == "rect"]
    axes = [b for b in boxes if b["kind"] == "line" and b["h"] == 0 and b["w"] > 20 and b["rgb"] == "#4D4D4D"]
    if not axes:
        return 0
    yaxis = min(a["y"] for a in axes)
    n = 0
    # the legend: keys below the axis, in series order
    keys = [b for b in blobs([r for r in rects if r["y"] + r["h"] < yaxis - 5])]
    keys = [k for k in keys if k["x1"] - k["x0"] >= 4 and k["y1"] - k["y0"] >= 4]
    ls = [(k, page.grey((k["x0"] + k["x1"]) / 2, (k["y0"] + k["y1"]) / 2)) for k in keys]
    check_pairs("figure %d legend" % fig, [("key %d (%s)" % (i, ls[i][0]["rgb"]), "key %d (%s)" % (i + 1, ls[i + 1][0]["rgb"]),
                                          ls[i][1], ls[i + 1][1]) for i in range(len(ls) - 1)], min_dl, fails)
    n += max(0, len(ls) - 1)
    plot = [r for r in rects if r["y"] > yaxis]
    # segments of a stacked or diverging bar: 11 pt high, touching in x
    rows = {}
    for r in plot:
        if abs(r["h"] - 11) < 0.01 and r["w"] >= 2.5:
            rows.setdefault(round(r["y"], 2), []).append(r)
    for y, segs in rows.items():
        segs.sort(key=lambda r: r["x"])
        for a, b in zip(segs, segs[1:]):
            if b["x"] - (a["x"] + a["w"]) > 1.5:
                continue  # the non-answers' block, set apart
            ya = y + 11 - 1.3  # near the top edge: above the value label
            la, lb = page.band(a["x"] + 0.8, a["x"] + a["w"] - 0.8, ya), page.band(b["x"] + 0.8, b["x"] + b["w"] - 0.8, ya)
            check_pairs("figure %d bar at y %.1f" % (fig, y), [(a["rgb"], b["rgb"], la, lb)], min_dl, fails)
            n += 1
    # bars of a grouped cluster: 8 pt high, one above the other 1 pt apart
    gb = sorted([r for r in plot if abs(r["h"] - 8) < 0.01 and r["w"] >= 2.5], key=lambda r: -r["y"])
    for a, b in zip(gb, gb[1:]):
        if abs(a["y"] - b["y"] - 9) < 0.01:
            la = page.band(a["x"] + 0.5, a["x"] + min(a["w"], b["w"]) - 0.5, a["y"] + 4)
            lb = page.band(b["x"] + 0.5, b["x"] + min(a["w"], b["w"]) - 0.5, b["y"] + 4)
            check_pairs("figure %d cluster" % fig, [(a["rgb"], b["rgb"], la, lb)], min_dl, fails)
            n += 1
    return n


def overlaps(fig, boxes, fails):
    """Text boxes of a figure that overlap (ink extent: 0.2 size below to 0.72 above the baseline)."""
    ts = [b for b in boxes if b["kind"] == "text" and b["text"].strip()]
    for i, a in enumerate(ts):
        for b in ts[i + 1:]:
            ax1, bx1 = a["x"] + a["w"], b["x"] + b["w"]
            ay0, ay1 = a["y"] - 0.2 * a["size"], a["y"] + 0.72 * a["size"]
            by0, by1 = b["y"] - 0.2 * b["size"], b["y"] + 0.72 * b["size"]
            if min(ax1, bx1) - max(a["x"], b["x"]) > 0.3 and min(ay1, by1) - max(ay0, by0) > 0.3:
                fails.append("figure %d: texts %r and %r overlap" % (fig, a["text"], b["text"]))
    return len(ts)


def grey_main(dump, pagedir, min_dl):
    pages, elems = parse_dump(dump)
    fails, total, figs = [], 0, 0
    for pi, boxes in enumerate(pages):
        page = Page(os.path.join(pagedir, "p-%d.pgm" % (pi + 1)))
        for e in sorted({b["e"] for b in boxes if elems.get(b["e"]) == "Figure"}):
            figs += 1
            total += figure_checks(e, page, [b for b in boxes if b["e"] == e], min_dl, fails)
            overlaps(e, [b for b in boxes if b["e"] == e], fails)
    for f in fails:
        print("  " + f)
    print("  %d figures, %d neighbouring pairs checked, least step %.1f L*" % (figs, total, LEAST[0]))
    return 0 if not fails and total > 0 else 1


def rows_of(datadir, name):
    return data_rows(os.path.join(datadir, name))


def sturges_width(vals):
    """The README's default: k = ceil(log2 n) + 1 bins, width 1, 2, 2.5 or 5 x 10^e nearest
    to range / k in ratio (a whole number of the variable's steps: scaled values)."""
    n, lo, hi = len(vals), min(vals), max(vals)
    k = math.ceil(math.log2(n)) + 1 if n > 1 else 1
    raw = max(1, (hi - lo) / k)
    best = 1
    for e in range(0, 13):
        for m in (1, 2, 2.5, 5):
            w = m * 10 ** e
            if w == int(w) and abs(math.log(w / raw)) < abs(math.log(best / raw)):
                best = int(w)
    return best


def hist_expect(vals, w, dec, start=None):
    """{ "lo–hi": count } of bins [lo, hi) of width w (scaled values) from start (default:
    the largest multiple of w not above the minimum)."""
    start = (min(vals) // w) * w if start is None else start
    nb = (max(vals) - start) // w + 1
    pdec = dec
    while pdec > 0 and all(x % 10 ** (dec - pdec + 1) == 0 for x in (w, start)):
        pdec -= 1
    def edge(x):
        return dk(x // 10 ** (dec - pdec), pdec)
    out = {}
    for k in range(nb):
        lo, hi = start + k * w, start + (k + 1) * w
        out["%s–%s" % (edge(lo), edge(hi))] = sum(1 for v in vals if lo <= v < hi)
    return out


def audit_rows(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def numbers_main(audit, datadir):
    fails = []
    aud = audit_rows(audit)
    d24 = rows_of(datadir, "svar2024.csv")
    d23 = rows_of(datadir, "svar.csv")
    # figure 8: alder (no decimals), default rule; figure 9: timer (1 decimal), binwidth 2.5
    for fig, col, dec, width in ((8, "alder", 0, None), (9, "timer", 1, 25)):
        vals = [int(num(r[col]) * 10 ** dec) for r in d24 if r[col] != ""]
        w = width or sturges_width(vals)
        exp = hist_expect(vals, w, dec)
        got = {r["id"].split("/")[1]: int(r["printed"].replace(".", "")) for r in aud if r["id"].startswith("figur-%d/" % fig)}
        if exp != got:
            fails.append("figure %d bins: expected %s, printed %s" % (fig, exp, got))
        if sum(got.values()) != len(vals):
            fails.append("figure %d: bins hold %d of %d answers" % (fig, sum(got.values()), len(vals)))
    # figure 12: alder over both editions, "bins 6": width ceil((max - min + 1) / 6) from the minimum
    vals = [int(r["alder"]) for r in d23 + d24 if r["alder"] != ""]
    w = -(-(max(vals) - min(vals) + 1) // 6)
    exp = hist_expect(vals, w, 0, min(vals))
    got = {r["id"].split("/")[1]: int(r["printed"].replace(".", "")) for r in aud if r["id"].startswith("figur-12/")}
    if exp != got or len(got) > 6:
        fails.append("figure 12 bins: expected %s, printed %s" % (exp, got))
    # figure 5: share of tilfreds in {4, 5} among answered, per edition
    for ed, rows in (("e2023", d23), ("e2024", d24)):
        ans = [r for r in rows if r["tilfreds"] != ""]
        share = Fraction(sum(1 for r in ans if r["tilfreds"] in ("4", "5")) * 100, len(ans))
        got = [r["printed"] for r in aud if r["id"] == "figur-5/%s/Tilfredshed" % ed]
        if got != [dk(half_up(share, 0), 0)]:
            fails.append("figure 5 %s: expected %s, printed %s" % (ed, dk(half_up(share, 0), 0), got))
    # figure 10: one line per variable, the share of codes 4 and 5 per edition
    for ed, rows in (("e2023", d23), ("e2024", d24)):
        for col, lab in (("tilfreds", "Tilfredshed"), ("kvalitet", "Kvalitet")):
            ans = [r for r in rows if r[col] != ""]
            share = Fraction(sum(1 for r in ans if r[col] in ("4", "5")) * 100, len(ans))
            got = [r["printed"] for r in aud if r["id"] == "figur-10/%s/%s" % (ed, lab)]
            if got != [dk(half_up(share, 0), 0)]:
                fails.append("figure 10 %s %s: expected %s, printed %s" % (ed, lab, dk(half_up(share, 0), 0), got))
    # figure 6: each kvalitet code's share per edition, "Meget tilfreds" (5) excluded from the base
    labels = {"1": "Meget utilfreds", "2": "Utilfreds", "3": "Hverken eller", "4": "Tilfreds"}
    for ed, rows in (("e2023", d23), ("e2024", d24)):
        base = [r for r in rows if r["kvalitet"] in labels]
        for code, lab in labels.items():
            share = Fraction(sum(1 for r in base if r["kvalitet"] == code) * 100, len(base))
            want = dk(half_up(share, 0), 0) if share > 0 else None
            got = [r["printed"] for r in aud if r["id"] == "figur-6/Kvalitet, %s/%s" % (ed, lab)]
            if got != ([want] if want else []):
                fails.append("figure 6 %s %s: expected %s, printed %s" % (ed, lab, want, got))
    # figure 3 (grouped): each kvalitet code's share within each afdeling, 2024
    afd = {"1": "Administration", "2": "IT og digitalisering", "3": "Kundeservice", "4": "Drift og vedligehold",
           "5": "Jura", "6": "Personale og HR", "7": "Kommunikation og presse"}
    kv = {"1": "Meget utilfreds", "2": "Utilfreds", "3": "Hverken eller", "4": "Tilfreds", "5": "Meget tilfreds"}
    for a, alab in afd.items():
        base = [r for r in d24 if r["afd"] == a and r["kvalitet"] != ""]
        for code, klab in kv.items():
            k = sum(1 for r in base if r["kvalitet"] == code)
            got = [r["printed"] for r in aud if r["id"] == "figur-3/%s/%s" % (klab, alab)]
            want = [dk(half_up(Fraction(100 * k, len(base)), 0), 0)] if k else []
            if got != want:
                fails.append("figure 3 %s %s: expected %s, printed %s" % (klab, alab, want, got))
    # figure 7 (line over the scale, groups it, kund, drift: the first group, adm, left out
    # as empty): each group's share of each code, under the group's own label
    for a in ("2", "3", "4"):
        base = [r for r in d24 if r["afd"] == a and r["kvalitet"] != ""]
        for code, klab in kv.items():
            k = sum(1 for r in base if r["kvalitet"] == code)
            got = [r["printed"] for r in aud if r["id"] == "figur-7/%s/%s" % (klab, afd[a])]
            want = [dk(half_up(Fraction(100 * k, len(base)), 0), 0)] if k else []
            if got != want:
                fails.append("figure 7 %s %s: expected %s, printed %s" % (klab, afd[a], want, got))
    if any(r["id"].startswith("figur-7/") and r["id"].endswith("/Administration") for r in aud):
        fails.append("figure 7: a line for the empty group Administration")
    # reshaped figures (grouped, line over a scale): each share and its Wilson 95 % interval
    # from its own numerator and denominator, so transposing kept them together
    z = 1.959963984540054
    for r in aud:
        if not r["id"].startswith(("figur-3/", "figur-7/")):
            continue
        k, n = int(r["numerator"]), int(r["denominator"])
        p = k / n
        mid, half = (p + z * z / (2 * n)) / (1 + z * z / n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        lo, hi = (float(x) for x in r["ci95"].split("-"))
        if r["printed"] != dk(half_up(Fraction(100 * k, n), 0), 0) or abs(lo - 100 * (mid - half)) > 1e-3 or abs(hi - 100 * (mid + half)) > 1e-3:
            fails.append("%s: printed %s, ci95 %s for %d of %d" % (r["id"], r["printed"], r["ci95"], k, n))
    for f in fails:
        print("  " + f)
    return 0 if not fails else 1


if __name__ == "__main__":
    if sys.argv[1] == "grey":
        sys.exit(grey_main(sys.argv[2], sys.argv[3], float(sys.argv[4])))
    sys.exit(numbers_main(sys.argv[2], sys.argv[3]))
