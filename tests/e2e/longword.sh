#!/bin/sh
# tests/e2e/longword.sh: a bar label word longer than a chart's label column (a Danish
# compound beside a narrow figure) stays inside the figure: the column widens up to half
# the figure, then the word breaks at a hyphenation point. Before, the label ran left
# over the body text beside the figure. Checked on the box dump: no two texts of a page overlap.
. tests/e2e/lib.sh
W=$(tmpdir)
L=tests/data/longword/longword.lay
$NOTAT build --dump=boxes -o "$W/o" $L >"$W/boxes" 2>"$W/err"; st=$?
check "long label words build" [ "$st" = 0 ]
check "no two texts of a page overlap" python3 - "$W/boxes" <<'PY'
import re, sys
pages, cur = [], None
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("page "):
        cur = []
        pages.append(cur)
    m = re.match(r'  text (\S+) (\S+) (\S+) \S+ e=\S+ f=\S+ s=(\S+) \S+ "(.*)"$', line)
    if m and cur is not None:
        x, y, w, s = map(float, m.groups()[:4])
        cur.append((x, x + w, y - 0.2 * s, y + 0.72 * s, m.group(5)))
bad = [(a[4], b[4]) for p in pages for i, a in enumerate(p) for b in p[i + 1:]
       if a[0] < b[1] - 0.01 and b[0] < a[1] - 0.01 and a[2] < b[3] - 0.01 and b[2] < a[3] - 0.01]
for a, b in bad[:5]:
    print("overlap: %r %r" % (a, b), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
check "the longest word is broken at a hyphenation point" grep -q '"Integrationsgrunduddan-"' "$W/boxes"
rm -rf "$W"
finish
