#!/bin/sh
# tests/e2e/style.sh: the house style (layouts/README.md, "House style"). The generic
# example built with its second style (sans.style: Liberation Sans, Letter, a teal accent
# and palette, a made-up logo) is read back: fonts, image, page size, text, tags, geometry,
# manifest and verify. Every bad style fixture gives its exact message and no output, and
# a style that sets every key to its default lays out exactly like no style.
. tests/e2e/lib.sh
W=$(tmpdir)
EX=layouts/trivsel-2024
SANS=$EX/sans.style
# retouch FILE: a valid PNG with other bytes (a tEXt chunk added before IEND)
retouch() {
	python3 - "$1" <<'EOF2'
import struct, sys, zlib
b = open(sys.argv[1], 'rb').read()
d = b'Comment\0retouched'
c = struct.pack('>I', len(d)) + b'tEXt' + d + struct.pack('>I', zlib.crc32(b'tEXt' + d) & 0xFFFFFFFF)
open(sys.argv[1], 'wb').write(b[:-12] + c + b[-12:])
EOF2
}

$NOTAT build --style $SANS -o "$W/out" $EX/notat.lay >"$W/log" 2>&1; st=$?
check "the example builds with --style sans.style" [ "$st" = 0 ]
for f in notat bilag1; do
	pdffonts "$W/out/$f.pdf" >"$W/$f.fonts" 2>&1
	check "$f: Liberation Sans subsets embedded" sh -c "grep -c 'LiberationSans.*CID TrueType *Identity-H *yes yes yes' '$W/$f.fonts' | grep -qx '[34]'"
	check "$f: no Liberation Serif" sh -c "! grep -q Serif '$W/$f.fonts'"
	check "$f: US Letter pages" sh -c "pdfinfo '$W/out/$f.pdf' | grep -q '^Page size: *612 x 792 pts (letter)'"
	check "$f: qpdf --check" sh -c "qpdf --check '$W/out/$f.pdf' >/dev/null 2>&1"
	check "$f: the structure checker passes" sh -c "python3 tests/structcheck.py '$W/out/$f.pdf' >/dev/null"
done
pdfimages -list "$W/out/notat.pdf" >"$W/img" 2>&1
check "notat: the logo is embedded once, 640x160 RGB" sh -c "[ \$(tail -n +3 '$W/img' | wc -l) = 1 ] && tail -1 '$W/img' | grep -q ' 640 *160 *rgb *3 *8 '"
check "bilag1: no logo" sh -c "[ \$(pdfimages -list '$W/out/bilag1.pdf' | tail -n +3 | wc -l) = 0 ]"
pdftotext -layout "$W/out/notat.pdf" "$W/notat.txt"
check "the text still extracts" sh -c "grep -q 'Trivselsundersøgelse 2024' '$W/notat.txt' && grep -q 'Figur 1. Trivsel fordelt på afdeling' '$W/notat.txt' && grep -q 'Side 1 af [0-9]' '$W/notat.txt'"
pdfinfo -struct-text "$W/out/notat.pdf" >"$W/struct" 2>&1
check "the logo is a Figure with its alt text, first in reading order" sh -c "qpdf --json '$W/out/notat.pdf' | python3 -c 'import json, sys; o = json.load(sys.stdin)[\"qpdf\"][1].values(); f = [v[\"value\"] for v in o if isinstance(v.get(\"value\"), dict) and v[\"value\"].get(\"/S\") == \"/Figure\"]; sys.exit(not any(x.get(\"/Alt\") == \"u:Eksempel (logo of a made-up organisation)\" for x in f))' && sed -n 2p '$W/struct' | grep -q '^ *Figure'"

# geometry: every box inside the margins of sans.style, the logo at the top right
$NOTAT build --style $SANS --dump=boxes -o "$W/dump" $EX/notat.lay >"$W/boxes" 2>&1
check "the box dump names the paper" grep -qx 'paper 612.00 792.00' "$W/boxes"
check "every box inside the margins, the logo at the top right of the text area" python3 - "$W/boxes" <<'EOF'
import re, sys
MM = 72 / 25.4
left, right, top, bottom, foot = 22 * MM, 612 - 22 * MM, 792 - 20 * MM, 26 * MM, (26 - 13) * MM
bad, logo = [], []
for line in open(sys.argv[1]):
    m = re.match(r'  (text|rect|line|image) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) ', line)
    if not m:
        continue
    k, x, y, w, h = m.group(1), *map(float, m.groups()[1:])
    x0, x1 = min(x, x + w), max(x, x + w)
    if x0 < left - 0.01 or x1 > right + 0.01:
        bad.append(line.strip())
    if k != 'text' and (min(y, y + h) < bottom - 0.01 or max(y, y + h) > top + 0.01):
        bad.append(line.strip())
    if k == 'text' and y > top or (k == 'text' and y < bottom and abs(y - foot) > 0.01):
        bad.append(line.strip())
    if k == 'image':
        logo.append((x, y, w, h))
print('\n'.join(bad[:5]), file=sys.stderr)
ok_logo = len(logo) == 1 and abs(logo[0][0] + logo[0][2] - right) < 0.02 and abs(logo[0][1] + logo[0][3] - top) < 0.02 \
    and abs(logo[0][2] - 50 * MM) < 0.02 and abs(logo[0][3] - 50 * MM / 4) < 0.02
sys.exit(bool(bad) or not ok_logo)
EOF
check "headings and titles in the accent colour, body text black" sh -c "grep -q 'f=1 s=17.00 #0F5A55 \"Trivselsundersøgelse ' '$W/boxes' && grep -q 'f=0 s=10.00 #000000 ' '$W/boxes'"

# the manifest lists the style, its fonts and its logo; verify passes, and fails once the logo changes
M="$W/out/manifest"
check "manifest: the style file, the --style option" sh -c "grep -q '^input style [0-9a-f]\{64\} $SANS\$' '$M' && grep -qx 'option style $SANS' '$M'"
check "manifest: the four Liberation Sans fonts, no Serif" sh -c "[ \$(grep -c '^input font [0-9a-f]\{64\} .*/fonts/LiberationSans-[A-Za-z]*\.ttf\$' '$M') = 4 ] && ! grep -q 'Serif' '$M'"
check "manifest: the logo" grep -q "^input logo [0-9a-f]\{64\} $EX/logo.png\$" "$M"
$NOTAT verify "$M" >"$W/v" 2>&1; st=$?
check "verify passes" [ "$st" = 0 ]
mkdir -p "$W/ex"
cp $EX/* "$W/ex/"
$NOTAT build --style "$W/ex/sans.style" -o "$W/ex/out" "$W/ex/notat.lay" >/dev/null 2>&1
$NOTAT verify "$W/ex/out/manifest" >/dev/null 2>&1; st=$?
check "verify passes for a copy" [ "$st" = 0 ]
retouch "$W/ex/logo.png"
$NOTAT verify "$W/ex/out/manifest" >"$W/v2" 2>&1; st=$?
check "verify fails after the logo is modified" [ "$st" = 1 ]
check "... and names the logo" grep -q "input logo ($W/ex/logo.png)" "$W/v2"

# the layout's `style PATH`, relative to the layout
sed 's/^codebook *codebook.txt$/&\nstyle    sans.style/' "$W/ex/notat.lay" >"$W/ex/styled.lay"
cp $EX/logo.png "$W/ex/logo.png"
$NOTAT build -o "$W/ex/out2" "$W/ex/styled.lay" >/dev/null 2>&1; st=$?
check "a layout's style line is read relative to the layout" sh -c "[ $st = 0 ] && pdfinfo '$W/ex/out2/notat.pdf' | grep -q '612 x 792' && grep -q '^input style [0-9a-f]* $W/ex/sans.style\$' '$W/ex/out2/manifest' && ! grep -q '^option style' '$W/ex/out2/manifest'"
check "--dump=layout shows the style line's resolved path" sh -c "$NOTAT build --dump=layout -o '$W/dl' '$W/ex/styled.lay' 2>/dev/null | grep -qx 'style \"$W/ex/sans.style\"'"
$NOTAT verify "$W/ex/out2/manifest" >/dev/null 2>&1; st=$?
check "verify passes for a layout with a style line" [ "$st" = 0 ]
sed 's/^codebook *codebook.txt$/&\nstyle nosuch.style/' "$W/ex/notat.lay" >"$W/ex/nostyle.lay"
L=$(grep -n '^style nosuch.style$' "$W/ex/nostyle.lay" | cut -d: -f1)
$NOTAT build -o "$W/ex/out3" "$W/ex/nostyle.lay" >/dev/null 2>"$W/e3"; st=$?
check "a missing style file is an error at the layout's style line (exit 3, as an include)" sh -c "[ $st = 3 ] && grep -qx '$W/ex/nostyle.lay:$L:7: error: cannot open: $W/ex/nosuch.style: No such file or directory' '$W/e3' && [ ! -e '$W/ex/out3/notat.pdf' ]"

# a heading font of its own (f=4 in the dump), a JPEG logo
pdftoppm -jpeg -r 20 -f 1 -l 1 "$W/out/notat.pdf" "$W/ex/shot" 2>/dev/null
printf 'font-heading LiberationSans-Bold.ttf\nlogo shot-1.jpg\nlogo-width 30\n' >"$W/ex/mixed.style"
$NOTAT build --style "$W/ex/mixed.style" -o "$W/ex/out4" "$W/ex/notat.lay" >/dev/null 2>&1; st=$?
check "a Serif body with a Sans heading font and a JPEG logo builds" [ "$st" = 0 ]
pdffonts "$W/ex/out4/notat.pdf" >"$W/f4" 2>&1
check "... both families embedded" sh -c "grep -q 'LiberationSerif' '$W/f4' && grep -q 'LiberationSans-Bold' '$W/f4'"
check "... the JPEG embedded as DCT" sh -c "pdfimages -list '$W/ex/out4/notat.pdf' | tail -1 | grep -q ' jpeg '"
nfig=$(grep -c '^ *Figure' "$W/struct")
check "... the logo without alt text is an artifact: one Figure fewer than with logo-alt" sh -c "python3 tests/structcheck.py '$W/ex/out4/notat.pdf' >/dev/null && [ \$(pdfinfo -struct-text '$W/ex/out4/notat.pdf' | grep -c '^ *Figure') = $((nfig - 1)) ]"
$NOTAT build --style "$W/ex/mixed.style" --dump=boxes -o "$W/ex/d4" "$W/ex/notat.lay" >"$W/b4" 2>&1
check "... headings in the heading face" grep -q ' f=4 s=13.00 #000000 "Hovedresultater' "$W/b4"

# --pdfa: the sans style gives valid PDF/A-1b claims; a logo with transparency is refused
$NOTAT build --pdfa --style $SANS -o "$W/pdfa" $EX/notat.lay >/dev/null 2>&1; st=$?
check "--pdfa with the sans style builds, qpdf and the structure checker pass" sh -c "[ $st = 0 ] && qpdf --check '$W/pdfa/notat.pdf' >/dev/null 2>&1 && python3 tests/structcheck.py '$W/pdfa/notat.pdf' >/dev/null"
python3 - "$W/ex/alpha.png" <<'EOF2'
import struct, sys, zlib
def chunk(k, d):
    return struct.pack('>I', len(d)) + k + d + struct.pack('>I', zlib.crc32(k + d) & 0xFFFFFFFF)
rows = b''.join(b'\0' + b'\x1b\x6f\x6a\x80' * 8 for _ in range(4))  # 8x4 RGBA, half transparent
open(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 8, 4, 8, 6, 0, 0, 0))
    + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b''))
EOF2
printf 'logo alpha.png\n' >"$W/ex/alpha.style"
$NOTAT build --style "$W/ex/alpha.style" -o "$W/alpha" $EX/notat.lay >/dev/null 2>&1; st=$?
check "a logo with an alpha channel is fine without --pdfa" [ "$st" = 0 ]
$NOTAT build --pdfa --style "$W/ex/alpha.style" -o "$W/alpha2" $EX/notat.lay >/dev/null 2>"$W/err"; st=$?
check "... and an error with --pdfa, at the logo line" sh -c "[ $st = 1 ] && grep -qx '$W/ex/alpha.style:1:6: error: logo $W/ex/alpha.png has transparency (an alpha channel or tRNS), which PDF/A-1 does not allow: use a logo without it with --pdfa' '$W/err' && [ ! -e '$W/alpha2/notat.pdf' ]"

# notat watch rebuilds when the style file or a file it names changes (the watcher is
# this script's own background process, stopped by its PID)
cp -r $EX "$W/wex"
: >"$W/wlog"
$NOTAT watch --style "$W/wex/sans.style" -o "$W/wout" "$W/wex/notat.lay" >"$W/wlog" 2>&1 &
WPID=$!
until_ok() { u_left=$(($1 * 10)); shift; while [ "$u_left" -gt 0 ]; do "$@" && return 0; sleep 0.1; u_left=$((u_left - 1)); done; return 1; }
paper_is() { pdfinfo "$W/wout/notat.pdf" 2>/dev/null | grep -q "^Page size: *$1"; }
check "watch: first build on Letter" until_ok 20 paper_is '612 x 792'
sed 's/^paper *letter$/paper a4/' "$W/wex/sans.style" >"$W/wex/new" && mv "$W/wex/new" "$W/wex/sans.style"
check "watch: a style edit (paper a4) rebuilds on A4" until_ok 20 paper_is '595.276 x 841.89'
sans_font() { pdffonts "$W/wout/notat.pdf" 2>/dev/null | grep -q "$1"; }
sed 's/LiberationSans-/LiberationSerif-/' "$W/wex/sans.style" >"$W/wex/new" && mv "$W/wex/new" "$W/wex/sans.style"
check "watch: a font change takes effect (the fonts are reloaded)" until_ok 20 sans_font LiberationSerif
cp "$W/wex/logo.png" "$W/wex/new.png" && retouch "$W/wex/new.png"
old_logo=$(grep '^input logo' "$W/wout/manifest")
mv "$W/wex/new.png" "$W/wex/logo.png"
logo_changed() { ! grep -qxF "$old_logo" "$W/wout/manifest" 2>/dev/null && grep -q '^input logo' "$W/wout/manifest"; }
check "watch: a logo edit rebuilds (the manifest's logo hash changes)" until_ok 20 logo_changed
kill -TERM "$WPID" 2>/dev/null
wait "$WPID" 2>/dev/null
check "watch: the last build verifies" sh -c "$NOTAT verify '$W/wout/manifest' >/dev/null"

# a style that gives every default explicitly lays out exactly like none
cat >"$W/ex/default.style" <<'EOF'
paper a4
margin-left 25
margin-right 25
margin-top 25
margin-bottom 30
font-regular LiberationSerif-Regular.ttf
font-bold LiberationSerif-Bold.ttf
font-italic LiberationSerif-Italic.ttf
font-bolditalic LiberationSerif-BoldItalic.ttf
size-body 10.5
size-heading 13
size-title 16
size-caption 10
size-note 8.5
size-table 9
colour-accent #000000
EOF
$NOTAT build --dump=boxes -o "$W/d0" $EX/notat.lay >"$W/none.boxes" 2>&1
$NOTAT build --style "$W/ex/default.style" --dump=boxes -o "$W/d1" $EX/notat.lay >"$W/def.boxes" 2>&1
check "every default given explicitly: the same boxes as no style" cmp -s "$W/none.boxes" "$W/def.boxes"
$NOTAT build --dump=boxes -o "$W/d2" $LAYOUT >"$W/s0.boxes" 2>&1
$NOTAT build --style "$W/ex/default.style" --dump=boxes -o "$W/d3" $LAYOUT >"$W/s1.boxes" 2>&1
check "... also for the 2023 sample" cmp -s "$W/s0.boxes" "$W/s1.boxes"

# bad style files: the exact message (relative to tests/, as the unit tests see it), exit 1, no output
ROOT=$(pwd)
for f in tests/data/style/bad/*.style; do
	err="${f%.style}.err"
	rm -rf "$W/bad"
	(cd tests && $ROOT/notat build --style "${f#tests/}" -o "$W/bad" "$ROOT/$EX/notat.lay") >/dev/null 2>"$W/err"; st=$?
	check "$f: exit 1" [ "$st" = 1 ]
	check "$f: message" grep -qxF -f "$err" "$W/err"
	check "$f: no output" [ ! -e "$W/bad/notat.pdf" ]
done
for otf in /usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf; do # a real CFF font, when installed
	[ -f "$otf" ] || continue
	printf 'font-regular %s\n' "$otf" >"$W/cff.style"
	$NOTAT build --style "$W/cff.style" -o "$W/bad" $EX/notat.lay >/dev/null 2>"$W/err"; st=$?
	check "a CFF OpenType font ($otf) is an error naming it" sh -c "[ $st = 1 ] && grep -q 'font file $otf has CFF (PostScript) outlines' '$W/err'"
done
$NOTAT build --style "$W/nosuch.style" -o "$W/bad" $EX/notat.lay >/dev/null 2>"$W/err"; st=$?
check "--style with a missing file names it" sh -c "[ $st = 3 ] && grep -q '^$W/nosuch.style: error: cannot open' '$W/err'"
rm -rf "$W"
finish
