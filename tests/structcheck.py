#!/usr/bin/env python3
"""structcheck.py: checks a tagged PDF's structure (a PDF/UA-1 subset) from `qpdf --json`.

Usage: structcheck.py FILE.pdf
       structcheck.py --golden GOLDEN FILE.pdf        compare `pdfinfo -struct-text`
       structcheck.py --write-golden GOLDEN FILE.pdf  (re)write the golden file
Exit 0 if every check passes (prints a one-line summary), 1 with one message
per problem (or the diff against the golden file), 2 on usage or tool errors.
Python 3 standard library, qpdf and poppler's pdfinfo only.

Checked: the catalog (/Lang, /MarkInfo /Marked true, /StructTreeRoot,
/ViewerPreferences /DisplayDocTitle, XMP with dc:title and pdfuaid:part);
every text show, path paint, XObject and inline image inside an MCID or an
Artifact, with no MCID inside an Artifact (or the reverse) and no marked
content crossing BT/ET or a path; the content's MCIDs per page equal the tree's;
ParentTree[StructParents][MCID] is the owning element; every annotation is
tagged (/StructParent -> the element holding its OBJR) and a Link has
/Contents; /Tabs /S; standard types; Figure /Alt; TH /Scope; unique Note
/ID; table nesting; headings start at H1 and skip no level; Type0 fonts have a
well-formed ToUnicode CMap and an embedded font program.
"""

import base64
import difflib
import json
import re
import subprocess
import sys

REF = re.compile(r"^\d+ \d+ R$")
PAINT = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "EI"}
PATH_BUILD = {"m", "l", "c", "v", "y", "h", "re"}
PATH_END = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"}
STANDARD = set(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private "
    "P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote "
    "Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula "
    "Form".split()
)
TABLE_ROWS = {"Table", "THead", "TBody", "TFoot"}
WS = b" \t\r\n\f\x00"
DELIM = b"()<>[]{}/%"


class ToolError(Exception):
    pass


class Pdf:
    """The objects of a PDF as qpdf --json (version 2) gives them."""

    def __init__(self, path):
        cmd = ["qpdf", "--json=2", "--json-stream-data=inline", "--decode-level=generalized", path]
        try:
            res = subprocess.run(cmd, capture_output=True, check=False)
        except OSError as e:
            raise ToolError("cannot run qpdf: %s" % e)
        if res.returncode not in (0, 3) or not res.stdout:
            raise ToolError("qpdf failed: %s" % res.stderr.decode("utf-8", "replace").strip())
        doc = json.loads(res.stdout)
        self.objs = doc["qpdf"][1]
        self.pages = [p["object"] for p in doc["pages"]]
        self.trailer = self.objs["trailer"]["value"]

    def get(self, x):
        """Resolves a reference (a stream gives its dictionary)."""
        seen = 0
        while isinstance(x, str) and REF.match(x) and seen < 32:
            o = self.objs.get("obj:" + x)
            if o is None:
                return None
            x = o["value"] if "value" in o else o["stream"]["dict"]
            seen += 1
        return x

    def data(self, ref):
        o = self.objs.get("obj:" + ref, {})
        s = o.get("stream", {})
        return base64.b64decode(s.get("data", ""))

    def contents(self, page_ref):
        c = self.get(page_ref).get("/Contents")
        refs = c if isinstance(c, list) else [c] if c else []
        return b"\n".join(self.data(r) for r in refs)


# ---- content streams ----


def tokens(data):
    """Yields (kind, value) for a content stream: op, name, num, str, other."""
    i, n = 0, len(data)
    while i < n:
        c = data[i : i + 1]
        if c in WS:
            i += 1
        elif c == b"%":
            while i < n and data[i : i + 1] not in b"\r\n":
                i += 1
        elif c == b"(":
            depth, j = 1, i + 1
            while j < n and depth:
                ch = data[j : j + 1]
                if ch == b"\\":
                    j += 1
                elif ch == b"(":
                    depth += 1
                elif ch == b")":
                    depth -= 1
                j += 1
            yield ("str", data[i:j])
            i = j
        elif data.startswith(b"<<", i) or data.startswith(b">>", i):
            yield ("other", data[i : i + 2].decode())
            i += 2
        elif c == b"<":
            j = data.index(b">", i)
            yield ("str", data[i : j + 1])
            i = j + 1
        elif c in b"[]{}":
            yield ("other", c.decode())
            i += 1
        elif c == b"/":
            j = i + 1
            while j < n and data[j : j + 1] not in WS and data[j : j + 1] not in DELIM:
                j += 1
            yield ("name", data[i + 1 : j].decode("latin-1"))
            i = j
        else:
            j = i
            while j < n and data[j : j + 1] not in WS and data[j : j + 1] not in DELIM:
                j += 1
            j = max(j, i + 1)
            word = data[i:j].decode("latin-1")
            if re.match(r"^[+-]?(\d+\.?\d*|\.\d+)$", word):
                yield ("num", word)
            else:
                yield ("op", word)
                if word == "ID":  # inline image data up to EI
                    k = data.find(b"EI", j + 1)
                    while k > 0 and not (data[k - 1 : k] in WS and (k + 2 >= n or data[k + 2 : k + 3] in WS)):
                        k = data.find(b"EI", k + 1)
                    j = k if k > 0 else n
            i = j


def mcid_of(operands):
    for a, b in zip(operands, operands[1:]):
        if a == ("name", "MCID") and b[0] == "num":
            return int(float(b[1]))
    return None


class Content:
    """Walks one page's content: marked content, BT/ET and path state."""

    def __init__(self, where, problems):
        self.where, self.problems = where, problems
        self.stack, self.bt, self.in_path, self.mcids = [], 0, False, []

    def bad(self, msg):
        self.problems.append("%s: %s" % (self.where, msg))

    def open(self, operands):
        tag = operands[0][1] if operands and operands[0][0] == "name" else "?"
        mcid = mcid_of(operands)
        if self.in_path:
            self.bad("marked content opened inside a path")
        if tag == "Artifact" and any(e[1] is not None for e in self.stack):
            self.bad("Artifact inside tagged content")
        if mcid is not None:
            if any(e[0] == "Artifact" for e in self.stack):
                self.bad("MCID %d inside an Artifact" % mcid)
            if any(e[1] is not None for e in self.stack):
                self.bad("MCID %d nested in another MCID" % mcid)
            if mcid in self.mcids:
                self.bad("MCID %d used twice" % mcid)
            self.mcids.append(mcid)
        self.stack.append((tag, mcid, self.bt))

    def close(self):
        if not self.stack:
            self.bad("EMC without BDC/BMC")
            return
        tag, mcid, bt = self.stack.pop()
        if bt != self.bt:
            self.bad("marked content %s crosses BT/ET" % (mcid if mcid is not None else tag))
        if self.in_path:
            self.bad("marked content closed inside a path")

    def op(self, op, operands):
        if op in ("BDC", "BMC"):
            self.open(operands)
        elif op == "EMC":
            self.close()
        elif op == "BT":
            self.bt += 1
        elif op == "ET":
            if self.bt == 0:
                self.bad("ET without BT")
            self.bt = max(0, self.bt - 1)
        if op in PAINT and not any(e[0] == "Artifact" or e[1] is not None for e in self.stack):
            self.bad("%s outside tagged content and artifacts" % op)
        if op in PATH_BUILD:
            self.in_path = True
        elif op in PATH_END:
            self.in_path = False

    def run(self, data):
        operands = []
        for kind, val in tokens(data):
            if kind == "op":
                self.op(val, operands)
                operands = []
            else:
                operands.append((kind, val))
        if self.stack:
            self.bad("%d marked-content sequence(s) left open" % len(self.stack))
        return self.mcids


# ---- structure tree ----


class Tree:
    """The structure tree: elements, MCID owners, OBJR owners."""

    def __init__(self, pdf, problems):
        self.pdf, self.problems = pdf, problems
        self.elems = []  # (ref, type, parent type, dict) in tree order
        self.owner = {}  # (page ref, mcid) -> element ref
        self.objr = {}  # annotation ref -> element ref
        self.mcids = {}  # page ref -> [mcid]

    def bad(self, msg):
        self.problems.append(msg)

    def kid(self, ref, e, k):
        if isinstance(k, int):
            self.mark(ref, e.get("/Pg"), k)
            return
        kd = self.pdf.get(k)
        if not isinstance(kd, dict):
            return
        typ = kd.get("/Type")
        if typ == "/MCR":
            self.mark(ref, kd.get("/Pg", e.get("/Pg")), kd.get("/MCID"))
        elif typ == "/OBJR":
            self.objr[kd.get("/Obj")] = ref
        else:
            self.walk(k if isinstance(k, str) else None, kd, e.get("/S", "?")[1:])

    def mark(self, ref, pg, mcid):
        if pg is None or not isinstance(mcid, int):
            self.bad("element %s: MCID %s without a page" % (ref, mcid))
            return
        if (pg, mcid) in self.owner:
            self.bad("page %s MCID %d claimed by two elements" % (pg, mcid))
        self.owner[(pg, mcid)] = ref
        self.mcids.setdefault(pg, []).append(mcid)

    def walk(self, ref, e, parent_type):
        typ = e.get("/S", "/?")[1:]
        self.elems.append((ref, typ, parent_type, e))
        k = e.get("/K")
        for x in k if isinstance(k, list) else [] if k is None else [k]:
            self.kid(ref, e, x)


def alt_ok(e):
    v = e.get("/Alt") or e.get("/ActualText")
    return isinstance(v, str) and len(v) > 2


def scope_ok(pdf, e):
    a = pdf.get(e.get("/A"))
    attrs = a if isinstance(a, list) else [a]
    return any(isinstance(pdf.get(x), dict) and "/Scope" in pdf.get(x) for x in attrs)


def span(pdf, e, key):
    a = pdf.get(e.get("/A"))
    for x in a if isinstance(a, list) else [a]:
        d = pdf.get(x)
        if isinstance(d, dict) and isinstance(d.get(key), int):
            return d.get(key)
    return 1


def kids(pdf, e):
    k = e.get("/K")
    out = []
    for x in k if isinstance(k, list) else [] if k is None else [k]:
        d = pdf.get(x) if not isinstance(x, int) else None
        if isinstance(d, dict) and "/S" in d:
            out.append(d)
    return out


def check_table(pdf, table, where, problems):
    """Every row of a table covers the same number of columns, counting /ColSpan and
    the cells that reach down from rows above by /RowSpan."""
    rows = []
    for x in kids(pdf, table):
        rows += kids(pdf, x) if x.get("/S") in ("/THead", "/TBody", "/TFoot") else [x]
    widths, carry = set(), []  # carry: rows still covered, per spanning cell
    for tr in rows:
        if tr.get("/S") != "/TR":
            continue
        w = sum(c for c, _ in carry)
        carry = [(c, r - 1) for c, r in carry if r > 1]
        for cell in kids(pdf, tr):
            cs, rs = span(pdf, cell, "/ColSpan"), span(pdf, cell, "/RowSpan")
            w += cs
            if rs > 1:
                carry.append((cs, rs - 1))
        widths.add(w)
    if len(widths) > 1:
        problems.append("%s: rows cover %s columns (a spanning cell needs /ColSpan or /RowSpan)"
                        % (where, sorted(widths)))


def check_elems(pdf, tree, rolemap, problems):
    ids, last_h, h1 = {}, 0, 0
    for ref, typ, parent, e in tree.elems:
        where = "%s %s" % (typ, ref or "(direct)")
        if typ not in STANDARD and rolemap.get("/" + typ) is None:
            problems.append("%s: non-standard type without a RoleMap entry" % where)
        if typ == "Figure" and not alt_ok(e):
            problems.append("%s: Figure without /Alt" % where)
        if typ == "TH" and not scope_ok(pdf, e):
            problems.append("%s: TH without /Scope" % where)
        if typ == "Note":
            i = e.get("/ID")
            if not str(i or "")[2:] or i in ids:
                problems.append("%s: Note /ID missing or not unique (%s)" % (where, i))
            ids[i] = ref
        if typ == "TR" and parent not in TABLE_ROWS:
            problems.append("%s: TR inside %s" % (where, parent))
        if typ in ("TH", "TD") and parent != "TR":
            problems.append("%s: %s inside %s" % (where, typ, parent))
        if typ == "H1":
            h1 += 1
            if h1 == 2:
                problems.append("%s: a second H1 (the title is the one H1; sections are H2)" % where)
        if typ == "Table":
            check_table(pdf, e, where, problems)
        if re.match(r"^H[1-6]$", typ):
            lvl = int(typ[1])
            if lvl > last_h + 1:
                problems.append("%s: heading level skipped (after H%d)" % (where, last_h))
            last_h = lvl


def parent_tree(pdf, node, out, depth=0):
    node = pdf.get(node)
    if not isinstance(node, dict) or depth > 32:
        return
    nums = node.get("/Nums", [])
    for k, v in zip(nums[0::2], nums[1::2]):
        out[k] = v
    for kid in node.get("/Kids", []):
        parent_tree(pdf, kid, out, depth + 1)


# ---- document ----


def check_catalog(pdf, cat, problems):
    if not str(cat.get("/Lang", "u:"))[2:]:
        problems.append("catalog: no /Lang")
    if pdf.get(cat.get("/MarkInfo", {})).get("/Marked") is not True:
        problems.append("catalog: /MarkInfo /Marked is not true")
    if pdf.get(cat.get("/ViewerPreferences", {})).get("/DisplayDocTitle") is not True:
        problems.append("catalog: /ViewerPreferences /DisplayDocTitle is not true")
    meta = cat.get("/Metadata")
    xmp = pdf.data(meta).decode("utf-8", "replace") if isinstance(meta, str) else ""
    if "<dc:title>" not in xmp:
        problems.append("catalog: no XMP metadata with dc:title")
    if not re.search(r"pdfuaid:part(>|=\")1", xmp):
        problems.append("catalog: XMP lacks pdfuaid:part 1")
    if "/StructTreeRoot" not in cat:
        problems.append("catalog: no /StructTreeRoot")
        return None
    return pdf.get(cat["/StructTreeRoot"])


def check_fonts(pdf, page, where, problems, seen):
    fonts = pdf.get(pdf.get(page.get("/Resources", {})).get("/Font", {})) or {}
    for ref in fonts.values():
        if ref in seen:
            continue
        seen.add(ref)
        f = pdf.get(ref)
        if f.get("/Subtype") != "/Type0":
            continue
        tu = f.get("/ToUnicode")
        if tu is None or b"begincidrange" in pdf.data(tu) or b"bfchar" not in pdf.data(tu) and b"bfrange" not in pdf.data(tu):
            problems.append("%s: font %s: no well-formed ToUnicode CMap" % (where, ref))
        desc = pdf.get(pdf.get(f.get("/DescendantFonts", [None])[0]) or {})
        fd = pdf.get(desc.get("/FontDescriptor")) or {}
        if not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            problems.append("%s: font %s is not embedded" % (where, ref))


def check_annots(pdf, tree, pt, page_ref, page, where, problems):
    annots = pdf.get(page.get("/Annots")) or []
    if annots and page.get("/Tabs") != "/S":
        problems.append("%s: page with annotations lacks /Tabs /S" % where)
    for a_ref in annots:
        a = pdf.get(a_ref)
        if a.get("/Subtype") == "/Popup" or (a.get("/F", 0) & 2):
            continue
        owner = tree.objr.get(a_ref)
        sp = a.get("/StructParent")
        if owner is None or sp is None or pt.get(sp) != owner:
            problems.append("%s: annotation %s not tagged (OBJR, /StructParent, ParentTree)" % (where, a_ref))
        if a.get("/Subtype") == "/Link":
            if not str(a.get("/Contents", "u:"))[2:]:
                problems.append("%s: link %s without /Contents" % (where, a_ref))
            typ = pdf.get(owner).get("/S") if owner else None
            if owner and typ != "/Link":
                problems.append("%s: link %s tagged as %s" % (where, a_ref, typ))


def check_page(pdf, tree, pt, n, page_ref, problems, fonts_seen):
    where = "page %d" % n
    page = pdf.get(page_ref)
    mcids = Content(where, problems).run(pdf.contents(page_ref))
    if sorted(mcids) != sorted(tree.mcids.get(page_ref, [])):
        problems.append("%s: MCIDs in content %s != in structure tree %s"
                        % (where, sorted(mcids), sorted(tree.mcids.get(page_ref, []))))
    if page.get("/Tabs") != "/S":
        problems.append("%s: no /Tabs /S" % where)
    sp = page.get("/StructParents")
    if mcids and sp is None:
        problems.append("%s: marked content but no /StructParents" % where)
    arr = pdf.get(pt.get(sp)) if sp is not None else None
    for m in mcids:
        want = tree.owner.get((page_ref, m))
        got = arr[m] if isinstance(arr, list) and m < len(arr) else None
        if want is None or got != want:
            problems.append("%s: ParentTree[%s][%d] is %s, the tree says %s" % (where, sp, m, got, want))
    check_fonts(pdf, page, where, problems, fonts_seen)
    check_annots(pdf, tree, pt, page_ref, page, where, problems)


def check(path):
    pdf = Pdf(path)
    problems = []
    cat = pdf.get(pdf.trailer.get("/Root"))
    root = check_catalog(pdf, cat, problems)
    if root is None:
        return problems, 0
    tree = Tree(pdf, problems)
    k = root.get("/K")
    for x in k if isinstance(k, list) else [k] if k else []:
        tree.walk(x, pdf.get(x), "StructTreeRoot")
    rolemap = pdf.get(root.get("/RoleMap", {})) or {}
    check_elems(pdf, tree, rolemap, problems)
    pt = {}
    parent_tree(pdf, root.get("/ParentTree"), pt)
    fonts_seen = set()
    for n, page_ref in enumerate(pdf.pages, 1):
        check_page(pdf, tree, pt, n, page_ref, problems, fonts_seen)
    return problems, len(tree.elems)


# ---- golden struct-text ----


def struct_text(path):
    """`pdfinfo -struct-text` with object numbers masked; poppler warnings are errors."""
    res = subprocess.run(["pdfinfo", "-struct-text", path], capture_output=True, check=False)
    if res.returncode != 0 or res.stderr:
        raise ToolError("pdfinfo -struct-text: %s" % res.stderr.decode("utf-8", "replace").strip())
    return re.sub(r"Object \d+ \d+", "Object N", res.stdout.decode("utf-8"))


def golden(mode, gold, path):
    text = struct_text(path)
    if mode == "--write-golden":
        with open(gold, "w", encoding="utf-8") as f:
            f.write(text)
        print("structcheck: wrote %s" % gold)
        return 0
    with open(gold, encoding="utf-8") as f:
        want = f.read()
    if want == text:
        print("structcheck: %s: struct-text matches %s" % (path, gold))
        return 0
    sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), text.splitlines(True), gold, path))
    return 1


def main(argv):
    if len(argv) == 4 and argv[1] in ("--golden", "--write-golden"):
        try:
            return golden(argv[1], argv[2], argv[3])
        except (ToolError, OSError, UnicodeDecodeError) as e:
            sys.stderr.write("structcheck: %s\n" % e)
            return 2
    if len(argv) != 2:
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    try:
        problems, nelems = check(argv[1])
    except (ToolError, ValueError, KeyError) as e:
        sys.stderr.write("structcheck: %s: %s\n" % (argv[1], e))
        return 2
    for p in problems:
        print("structcheck: %s: %s" % (argv[1], p))
    if problems:
        return 1
    print("structcheck: %s: OK (%d structure elements)" % (argv[1], nelems))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
