#!/usr/bin/env python3
"""bilagcheck.py: checks Bilag 1 against its CSV export and the notat's footnotes.

usage: bilagcheck.py OUTDIR
  1. every table's counts and percentages agree (pct = count/n, half up),
     and the single-choice tables of the plan add up to n and ~100 %;
  2. every CSV row's numbers appear, in order, in that table's PDF text;
  3. each footnote "Bilag 1, tabel ..." of the notat points to tables whose
     titles match the claim the footnote stands under.
Prints one line per problem; exit 1 if any.
"""
import csv, os, re, subprocess, sys

# Tables that are one single-choice question per column (bilag1.md): their
# categories partition the base.
# Table 17 holds index values per area and statement, not counts.
INDEX = {17}
SINGLE = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
# Footnote number -> what the titles of its tables must say (claims.md).
FOOTNOTE_TITLES = {
    2: [r"rådgivning|sikkerhedskonsulent"],
    3: [r"(voksne|Skoleområdet).*kontakte"],
    5: [r"udsagn"],
    7: [r"Beskæftigelsesrettet.*kontakte"],
    8: [r"Beskæftigelsesrettet.*problemstillinger"],
    9: [r"Beskæftigelsesrettet.*(tiltag|initiativer)"],
    10: [r"Beskæftigelsesrettet.*problemstillinger"],
    11: [r"børn og unge.*problemstillinger"],
    12: [r"børn og unge.*viden"],
    14: [r"voksne.*viden"],
    15: [r"voksne.*problemstillinger"],
    16: [r"Skoleområdet.*problemstillinger"],
    17: [r"Skoleområdet.*(tiltag|initiativer)"],
}
problems = []

def bad(msg):
    problems.append(msg)

def half_up(num, den):
    return (200 * num + den) // (2 * den)

def pdftext(path, layout):
    args = ["pdftotext"] + (["-layout"] if layout else []) + [path, "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout

def load_tables(outdir):
    tables = {}
    d = os.path.join(outdir, "bilag1")
    for name in sorted(os.listdir(d)):
        m = re.match(r"tabel-(\d+)\.csv$", name)
        if m:
            with open(os.path.join(d, name), encoding="utf-8-sig") as f:
                tables[int(m.group(1))] = list(csv.reader(f, delimiter=";"))
    return tables

def num(s):
    s = s.replace(".", "").replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None

def segments(body):
    """Splits a table's rows into parts, each ending in its own n row."""
    part = []
    for r in body:
        if r and r[0] == "n":
            yield part, r
            part = []
        elif r:
            part.append(r)

def check_part(no, head, data, nrow):
    for col in range(1, len(head), 2):
        n = num(nrow[col])
        if not n:
            continue
        total = pcts = 0
        for r in data:
            c = num(r[col]) if col < len(r) else None
            p = num(r[col + 1]) if col + 1 < len(r) else None
            if c is None:
                continue
            if c > n:
                bad(f"tabel {no} {head[col]}: count {c:g} above n={n:g}")
            if p is not None and "," not in r[col + 1] and p != half_up(int(c), int(n)):
                bad(f"tabel {no} {head[col]} '{r[0]}': {p:g} pct. is not {c:g}/{n:g}")
            total += c
            pcts += p or 0
        if no in SINGLE and total != n:
            bad(f"tabel {no} {head[col]}: counts add to {total:g}, n is {n:g}")
        if no in SINGLE and abs(pcts - 100) > (len(data) + 1) // 2:
            bad(f"tabel {no} {head[col]}: percentages add to {pcts:g}")

def check_totals(no, rows):
    head = rows[0]
    parts = list(segments(rows[1:]))
    if not parts and no not in INDEX:
        bad(f"tabel {no}: no n row")
    for data, nrow in parts:
        check_part(no, head, [r for r in data if len(r) == len(head)], nrow)

def table_blocks(text):
    blocks, cur = {}, None
    for line in text.splitlines():
        m = re.match(r"\s*\f?\s*Tabel (\d+)\.", line)
        if m:
            cur = int(m.group(1))
            blocks[cur] = []
        if cur is not None:
            blocks[cur].append(line)
    return blocks

def check_pdf_text(no, rows, block):
    for r in rows[1:]:
        cells = [c for c in r[1:] if c != ""]
        if not cells:
            continue
        pat = re.compile(r"(^|\s)" + r"\s+".join(map(re.escape, cells)) + r"\s*$")
        if not any(pat.search(l) for l in block):
            bad(f"tabel {no}: row '{r[0]}' ({' '.join(cells)}) not found in bilag1.pdf")

def parse_refs(s):
    out = []
    for part in re.split(r",|\bog\b", s):
        m = re.match(r"\s*(\d+)(?:-(\d+))?", part)
        if m:
            a, b = int(m.group(1)), int(m.group(2) or m.group(1))
            out.extend(range(a, b + 1))
    return out

def check_footnotes(notat_text, titles):
    lines = notat_text.splitlines()
    seen = set()
    for i, l in enumerate(lines):
        m = re.match(r"\s*Bilag 1, (tabel .*?)\.?\s*$", l)
        if not m:
            continue
        prev = [x.strip() for x in lines[max(0, i - 2):i] if x.strip()]
        fn = int(prev[-1]) if prev and prev[-1].isdigit() else None
        if fn is None:
            bad(f"no footnote number before '{l.strip()}'")
            continue
        seen.add(fn)
        for t in parse_refs(m.group(1).replace("tabel", "")):
            title = titles.get(t)
            if title is None:
                bad(f"footnote {fn}: tabel {t} does not exist")
            elif not any(re.search(p, title) for p in FOOTNOTE_TITLES.get(fn, [r"."])):
                bad(f"footnote {fn}: tabel {t} '{title}' does not match its claim")
    missing = set(FOOTNOTE_TITLES) - seen
    if missing:
        bad(f"footnotes without a Bilag 1 reference: {sorted(missing)}")

def main():
    outdir = sys.argv[1]
    tables = load_tables(outdir)
    if len(tables) != 36:
        bad(f"{len(tables)} table CSVs, the plan has 36")
    blocks = table_blocks(pdftext(os.path.join(outdir, "bilag1.pdf"), True))
    titles = {}
    for no, block in blocks.items():
        titles[no] = re.sub(r"\s+", " ", " ".join(block[:2]))
    for no, rows in tables.items():
        check_totals(no, rows)
        check_pdf_text(no, rows, blocks.get(no, []))
    check_footnotes(pdftext(os.path.join(outdir, "notat.pdf"), True), titles)
    for p in problems:
        print("bilagcheck:", p)
    print(f"bilagcheck: {len(tables)} tables, {len(problems)} problems")
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main())
