#!/usr/bin/env python3
"""tools/csvdialect.py: rewrites a UTF-8, ',' CSV in the dialect of a survey export.

Used to make the dialect fixtures in tests/data/dialect/ from the sample
responses (tests/e2e/dialects.sh regenerates them and compares):
  csvdialect.py IN OUT [--encoding E] [--delim C] [--crlf] [--trailing]
                       [--decimal-codes]
--decimal-codes writes every integer cell as "N.000000", the way statistics
packages print codes when they convert to CSV. Comment lines ('#') before the
header are kept (re-encoded). Quoting is minimal: only fields that need it.
"""
import argparse
import csv
import io
import re
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("--encoding", default="utf-8")
    ap.add_argument("--delim", default=",")
    ap.add_argument("--crlf", action="store_true")
    ap.add_argument("--trailing", action="store_true")
    ap.add_argument("--decimal-codes", action="store_true")
    a = ap.parse_args()
    delim = "\t" if a.delim in ("tab", "\\t") else a.delim
    eol = "\r\n" if a.crlf else "\n"
    with open(a.inp, encoding="utf-8", newline="") as f:
        text = f.read()
    lines = text.split("\n")
    comments = []
    while lines and lines[0].startswith("#"):
        comments.append(lines.pop(0))
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    out = io.StringIO()
    for c in comments:
        out.write(c + eol)
    w = csv.writer(out, delimiter=delim, lineterminator=eol, quoting=csv.QUOTE_MINIMAL)
    for i, row in enumerate(rows):
        if i > 0 and a.decimal_codes:
            row = [v + ".000000" if re.fullmatch(r"-?[0-9]+", v) else v for v in row]
        if a.trailing:
            row = row + [""]
        w.writerow(row)
    with open(a.out, "wb") as f:
        f.write(out.getvalue().encode(a.encoding))
    return 0


if __name__ == "__main__":
    sys.exit(main())
