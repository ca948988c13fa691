#!/usr/bin/env python3
"""xlsxcheck.py: reads OUT/bilag1.xlsx back (zip + XML, no spreadsheet library) and checks it
against the table CSVs of the same build.

usage: xlsxcheck.py OUTDIR NTABLES
  1. the workbook has a contents sheet ("Indhold") and then NTABLES sheets "Tabel N", one per
     OUTDIR/bilag1/tabel-NN.csv; the contents sheet links to each ('Tabel N'!A1);
  2. each table sheet: A1 is "Tabel N. <title>", the head rows are frozen with the label column,
     and every CSV row is there with its label; a cell the CSV prints as a number is a number in
     the sheet (never text): a count equal to the CSV's, a percentage with a '%' number format
     whose value x 100 is within 0.5 of the printed one (an index: a plain format, within 0.5);
     a cell printed as text ("<5", "-") is that text; an empty one is empty.
Prints one line per problem and a summary; exit 1 if any.
"""
import csv, os, re, sys, zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
BUILTIN_FMT = {0: "General", 1: "0", 3: "#,##0", 9: "0%", 10: "0.00%"}
problems = []


def bad(msg):
    problems.append(msg)


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1, int(ref[len(letters):]) - 1


class Book:
    def __init__(self, path):
        self.z = zipfile.ZipFile(path)
        sst = ET.fromstring(self.z.read("xl/sharedStrings.xml"))
        self.strings = ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])) for si in sst.findall("m:si", NS)]
        st = ET.fromstring(self.z.read("xl/styles.xml"))
        fmts = {int(f.get("numFmtId")): f.get("formatCode") for f in st.findall("m:numFmts/m:numFmt", NS)}
        self.xf_fmt = [fmts.get(int(x.get("numFmtId", 0)), BUILTIN_FMT.get(int(x.get("numFmtId", 0)), "?"))
                       for x in st.findall("m:cellXfs/m:xf", NS)]
        wb = ET.fromstring(self.z.read("xl/workbook.xml"))
        rels = ET.fromstring(self.z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels}
        self.sheets = [(s.get("name"), "xl/" + target[s.get("{%s}id" % NS["r"])])
                       for s in wb.findall("m:sheets/m:sheet", NS)]

    def sheet(self, part):
        """{(row, col): (kind, value, numfmt)} with kind 's' text, 'n' number; and the root."""
        root = ET.fromstring(self.z.read(part))
        cells = {}
        for c in root.iter("{%s}c" % NS["m"]):
            col, row = col_index(c.get("r"))
            v = c.find("m:v", NS)
            fmt = self.xf_fmt[int(c.get("s", 0))]
            if v is None:
                cells[(row, col)] = ("blank", None, fmt)
            elif c.get("t") == "s":
                cells[(row, col)] = ("s", self.strings[int(v.text)], fmt)
            elif c.get("t") is None:
                cells[(row, col)] = ("n", float(v.text), fmt)
            else:
                cells[(row, col)] = (c.get("t"), v.text, fmt)
        return cells, root


def number(text):
    """The value of a printed Danish number ("1.234", "64", "64,4", a change "-3"), or None."""
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?", text):
        return float(text.replace(".", "").replace(",", "."))
    return None


MARK = "*"  # a share significantly different from the rest (layout `mark sig`)


def check_cell(where, text, cell, head):
    if text == "":
        if cell is not None and cell[0] != "blank":
            bad(f"{where}: empty in the CSV, {cell[1]!r} in the sheet")
        return
    if cell is None:
        bad(f"{where}: {text!r} missing")
        return
    kind, val, fmt = cell
    marked = text.endswith(MARK) and number(text[:-1]) is not None
    want = number(text[:-1] if marked else text)
    if marked and not fmt.endswith('"%s"' % MARK):
        bad(f"{where}: marked share {text!r} without the mark in its format {fmt!r}")
    if want is None or head in ("Værdi", "Value"):  # a summary value is text with its decimals
        if kind != "s" or val != text:
            bad(f"{where}: text {text!r} expected, got {val!r} ({kind})")
        return
    if kind != "n":
        bad(f"{where}: {text!r} stored as {kind} {val!r}, not as a number")
        return
    if head in ("Pct.", "Per cent"):
        if "%" not in fmt:
            bad(f"{where}: percentage with number format {fmt!r}")
        if abs(val * 100 - want) > 0.5 + 1e-9:
            bad(f"{where}: {val} is not {text} %")
    elif head in ("Pct.-point", "Point", "Points"):  # a change: signed format, within 0.5
        if not fmt.startswith("+") or abs(val - want) > 0.5 + 1e-9:
            bad(f"{where}: change {val} ({fmt}) is not {text}")
    elif head in ("Indeks", "Index"):
        if "%" in fmt or abs(val - want) > 0.5 + 1e-9:
            bad(f"{where}: index {val} ({fmt}) is not {text}")
    elif val != want or "%" in fmt:
        bad(f"{where}: count {val} ({fmt}) is not {text}")


def check_table(book, name, part, csvpath, number_):
    with open(csvpath, encoding="utf-8-sig") as f:
        rows = list(csv.reader(f, delimiter=";"))
    cells, root = book.sheet(part)
    a1 = cells.get((0, 0))
    if a1 is None or not str(a1[1]).startswith(f"Tabel {number_}. "):
        bad(f"{name}: A1 is {a1 and a1[1]!r}, not the table's title")
    pane = root.find("m:sheetViews/m:sheetView/m:pane", NS)
    if pane is None or pane.get("state") != "frozen" or pane.get("xSplit") != "1" or pane.get("ySplit") != "4":
        bad(f"{name}: head rows and labels not frozen")
    heads = [h.rsplit(" ", 1)[-1] for h in rows[0][1:]]
    for k, h in enumerate(heads):
        got = cells.get((3, k + 1))
        if got is None or got[1] != h:
            bad(f"{name}: sub-head {k + 1} is {got and got[1]!r}, CSV says {h!r}")
    for i, row in enumerate(rows[1:]):
        r = i + 4
        lab = cells.get((r, 0))
        if lab is None or lab[1] != row[0]:
            bad(f"{name} row {r + 1}: label {lab and lab[1]!r}, CSV says {row[0]!r}")
        for k, text in enumerate(row[1:]):
            check_cell(f"{name} {chr(66 + k) if k < 25 else k}{r + 1}", text, cells.get((r, k + 1)), heads[k])
    return sum(1 for c in cells.values() if c[0] == "n")


def main():
    out, ntables = sys.argv[1], int(sys.argv[2])
    book = Book(os.path.join(out, "bilag1.xlsx"))
    csvs = sorted(f for f in os.listdir(os.path.join(out, "bilag1")) if re.fullmatch(r"tabel-\d+\.csv", f))
    names = [n for n, _ in book.sheets]
    if len(csvs) != ntables:
        bad(f"{len(csvs)} table CSVs, expected {ntables}")
    want = ["Indhold"] + [f"Tabel {int(f[6:-4])}" for f in csvs]
    if names != want:
        bad(f"sheets {names}, expected {want}")
    cells, root = book.sheet(book.sheets[0][1])
    links = [h.get("location") for h in root.findall("m:hyperlinks/m:hyperlink", NS)]
    for n in want[1:]:
        if f"'{n}'!A1" not in links:
            bad(f"contents: no link to '{n}'!A1")
    numbers = 0
    for (name, part), f in zip(book.sheets[1:], csvs):
        numbers += check_table(book, name, part, os.path.join(out, "bilag1", f), int(f[6:-4]))
    for p in problems:
        print("xlsxcheck:", p)
    print(f"xlsxcheck: {len(names)} sheets, {numbers} numeric cells, {len(problems)} problems")
    sys.exit(1 if problems else 0)


main()
