#!/bin/sh
# tests/e2e/tabsig.sh: tables' significance marks (`mark sig [LEVEL]`) and change column
# (`change` in a table by edition), issue 14: every test recomputed independently
# (tests/sigcheck.py from the audit's counts, tests/tabsigcheck.py from the CSVs), marks
# where and only where a test is significant at the table's level, the rest's counts the
# total's less the group's, the notes in Danish and English, spreadsheets that keep the
# numbers numeric, and swapped editions flip every change's sign.
. tests/e2e/lib.sh
W=$(tmpdir)
S=$(pwd)/layouts/brugerundersoegelse-2023
F=tests/data/survey
{ printf 'data %s/svar.csv\ncodebook %s/codebook.txt\n' "$S" "$S"; cat tests/data/sig/marks.lay; } >"$W/marks.lay"
$NOTAT build -o "$W/m" "$W/marks.lay" >"$W/log" 2>&1; st=$?
check "marks layout builds" [ "$st" = 0 ]
check "every mark's test and every interval match an independent computation" python3 tests/sigcheck.py "$W/m/audit.tsv"
check "marked cells are exactly the significant tests (CSV against audit)" python3 - "$W/m" <<'PY'
import csv, sys
out = sys.argv[1]
audit = {r["id"]: r for r in csv.DictReader(open(out + "/audit.tsv", encoding="utf-8"), delimiter="\t")}
keys = ["ikke", "kender", "sommetider", "ofte"]
areas = ["BI", "SB", "SV", "SK"]
bad, marked, tests = 0, 0, 0
for t in (1, 2):
    rows = [r for r in csv.reader(open("%s/bilag1/tabel-%02d.csv" % (out, t), encoding="utf-8-sig"), delimiter=";")]
    for i, key in enumerate(keys):
        row = rows[1 + i]
        for g, a in enumerate(areas):
            cell = row[2 + 2 * g]
            sig = audit.get("tabel-%d/%s/%s/sig" % (t, key, a))
            tests += sig is not None
            hit = sig is not None and sig["value"].startswith("true")
            marked += cell.endswith("*")
            if cell.endswith("*") != hit:
                print("table %d %s %s: cell %r, test %r" % (t, key, a, cell, sig and sig["value"])); bad += 1
            if t == 1 and sig:  # the rest: the total's counts less the group's
                x1, x2 = [int(v) for v in sig["numerator"].split("; ")]
                n1, n2 = [int(v) for v in sig["denominator"].split("; ")]
                if (x1, x1 + x2, n1 + n2) != (int(row[1 + 2 * g]), int(row[9]), int(rows[5][9])):
                    print("table 1 %s %s: counts %s / %s" % (key, a, sig["numerator"], sig["denominator"])); bad += 1
print(marked, "marked of", tests, "tests")
sys.exit(1 if bad or marked == 0 or marked == tests or tests < 32 else 0)
PY
check "a stricter level marks fewer cells" sh -c "[ \$(grep -o '[0-9]\*' '$W/m/bilag1/tabel-01.csv' | wc -l) -gt \$(sed -n 2,5p '$W/m/bilag1/tabel-02.csv' | grep -o '[0-9]\*' | wc -l) ]"
pdftotext "$W/m/bilag1.pdf" - | tr '\n' ' ' >"$W/m.txt"
check "the note states method and level (5 pct.)" grep -q 'signifikant forskellig fra andelen blandt tabellens øvrige respondenter (to adskilte grupper; 5 pct.-niveau; Fishers eksakte test eller z-test med kontinuitetskorrektion). Ingen korrektion for mange sammenligninger.' "$W/m.txt"
check "the note of 'mark sig 0.001' says 0,1 pct." grep -q '0,1 pct.-niveau' "$W/m.txt"
check "the marks reach the PDF" grep -q '68\*' "$W/m.txt"
check "the workbook keeps marked shares numeric" python3 tests/xlsxcheck.py "$W/m" 2
sed 's/^title Markeringer/title Marks\nlang en/' "$W/marks.lay" >"$W/en.lay"
$NOTAT build -o "$W/en" "$W/en.lay" >/dev/null 2>&1
pdftotext "$W/en/bilag1.pdf" - | tr '\n' ' ' >"$W/en.txt"
check "English note" grep -q "share differs significantly from the share among the table’s other respondents (two disjoint groups; 0.1 per cent level;" "$W/en.txt"

# the change column
$NOTAT build -o "$W/c" $F/change.lay >"$W/log" 2>&1; st=$?
check "change layout builds" [ "$st" = 0 ]
check "every change and its mark match an independent computation" python3 tests/tabsigcheck.py "$W/c" $F
check "every change's test matches (audit)" python3 tests/sigcheck.py "$W/c/audit.tsv"
pdftotext -layout "$W/c/bilag1.pdf" "$W/c.txt"
check "the change column is headed and signed in the PDF" sh -c "grep -q 'Ændring 2023–2024' '$W/c.txt' && grep -q 'Pct.-point' '$W/c.txt' && grep -q '+16†' '$W/c.txt' && grep -q '−9' '$W/c.txt'"
check "its note names the editions" sh -c "pdftotext '$W/c/bilag1.pdf' - | tr '\n' ' ' | grep -q '† Ændringen fra 2023 til 2024 er statistisk signifikant (5 pct.-niveau;'"
check "the workbook has the change as numbers" python3 tests/xlsxcheck.py "$W/c" 2
A=$(pwd)/$F
awk -v A="$A" '/^data +2023/ { print "data 2023 " A "/svar2024.csv"; next }
	/^data +2024/ { print "data 2024 " A "/svar.csv"; next }
	/^codebook/ { print "codebook " A "/codebook.txt"; next } { print }' $F/change.lay >"$W/swapped.lay"
$NOTAT build -o "$W/s" "$W/swapped.lay" >/dev/null 2>&1; st=$?
check "swapped editions build" [ "$st" = 0 ]
check "  and every change matches the swapped recomputation" python3 tests/tabsigcheck.py "$W/s" $F --swapped
check "  every nonzero change flips its sign" python3 - "$W/c" "$W/s" <<'PY'
import csv, sys
a, b = [{r[0]: r[-2] for t in ("01", "02") for r in csv.reader(open(d + "/bilag1/tabel-%s.csv" % t, encoding="utf-8-sig"), delimiter=";")} for d in sys.argv[1:]]
ch = [k for k, v in a.items() if v not in ("", "0", "0,0") and not k.startswith("\ufeff") and k != ""]
ok = len(ch) >= 10 and all(b[k] == (v[1:] if v.startswith("-") else "-" + v) for k, v in a.items() if k in ch)
sys.exit(0 if ok else 1)
PY
rm -rf "$W"
finish
