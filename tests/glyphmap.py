#!/usr/bin/env python3
"""glyphmap.py: checks every embedded TrueType CID font's /CIDToGIDMap against the font's own cmap.

Usage: glyphmap.py FILE.pdf...
For each Type0 font whose descendant is a CIDFontType2 with a CIDToGIDMap
stream and an embedded FontFile2, every CID (= the BMP code point, Identity-H)
must map to the glyph the embedded program's cmap (3,1 format 4, else 3,0 or
0,x format 4) gives for that code point, 0 where the cmap has none. Exit 0 with
a one-line summary, 1 with one message per font that differs, 2 on tool errors.
Python 3 standard library and qpdf only (through structcheck.Pdf).
"""

import struct
import sys

from structcheck import Pdf, ToolError


def cmap4(font):
    """The format-4 cmap subtable of a TrueType program: code point -> glyph id."""
    ntab = struct.unpack(">H", font[4:6])[0]
    tables = {}
    for i in range(ntab):
        tag, _, off, length = struct.unpack(">4sIII", font[12 + 16 * i : 28 + 16 * i])
        tables[tag] = font[off : off + length]
    cm = tables[b"cmap"]
    n = struct.unpack(">H", cm[2:4])[0]
    subs = {}
    for i in range(n):
        plat, enc, off = struct.unpack(">HHI", cm[4 + 8 * i : 12 + 8 * i])
        if struct.unpack(">H", cm[off : off + 2])[0] == 4:
            subs[(plat, enc)] = off
    off = subs.get((3, 1), subs.get((3, 0), next(iter(subs.values()), None)))
    if off is None:
        raise ToolError("no format-4 cmap")
    segx2 = struct.unpack(">H", cm[off + 6 : off + 8])[0]
    seg = segx2 // 2

    def arr(at, signed=False):
        return struct.unpack(">%d%s" % (seg, "h" if signed else "H"), cm[at : at + segx2])

    ends = arr(off + 14)
    starts = arr(off + 16 + segx2)
    deltas = arr(off + 16 + 2 * segx2, True)
    ro_at = off + 16 + 3 * segx2
    ros = arr(ro_at)
    gids = {}
    for s in range(seg):
        for c in range(starts[s], ends[s] + 1):
            if ros[s] == 0:
                g = (c + deltas[s]) & 0xFFFF
            else:
                at = ro_at + 2 * s + ros[s] + 2 * (c - starts[s])
                g = struct.unpack(">H", cm[at : at + 2])[0]
                g = (g + deltas[s]) & 0xFFFF if g else 0
            gids.setdefault(c, g)
    return gids


def check(path):
    pdf = Pdf(path)
    bad, nfonts = [], 0
    for key, o in pdf.objs.items():
        v = o.get("value")
        if not (isinstance(v, dict) and v.get("/Subtype") == "/CIDFontType2"):
            continue
        ref = v.get("/CIDToGIDMap")
        fd = pdf.get(v.get("/FontDescriptor"))
        if not isinstance(ref, str) or not fd or "/FontFile2" not in fd:
            continue
        nfonts += 1
        data = pdf.data(ref)
        cmap = cmap4(pdf.data(fd["/FontFile2"]))
        for cid in range(len(data) // 2):
            got = data[2 * cid] << 8 | data[2 * cid + 1]
            want = cmap.get(cid, 0)
            if got != want:
                bad.append("%s: %s (%s): CID %04X maps to glyph %d, the cmap says %d"
                           % (path, key, v.get("/BaseFont"), cid, got, want))
                break
    return bad, nfonts


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    bad, n = [], 0
    try:
        for p in argv[1:]:
            b, k = check(p)
            bad += b
            n += k
    except (ToolError, KeyError, struct.error) as e:
        print("glyphmap.py: %s" % e, file=sys.stderr)
        return 2
    for m in bad:
        print(m)
    if n == 0:
        print("glyphmap.py: no CIDFontType2 with a CIDToGIDMap found")
        return 1
    if not bad:
        print("glyphmap: %d fonts, every CID maps to its cmap glyph" % n)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
