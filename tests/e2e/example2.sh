#!/bin/sh
# tests/e2e/example2.sh: the second, generic example (layouts/trivsel-2024: an employee
# survey with number variables, a weight, derived groups, open text, no municipality table,
# and a synthetic 2023 edition it is compared with) builds a notat and a Bilag with readable
# headings, and its numbers match an independent recomputation from the CSVs
# (tests/examplecheck.py: the 2024 numbers, changes, p-values, the change column and the
# significance marks); swapping the editions flips every sign word.
. tests/e2e/lib.sh
W=$(tmpdir)
E=layouts/trivsel-2024
builds_clean "second example builds" "$W/out" $E/notat.lay
check "  writes notat.pdf and bilag1.pdf" [ -s "$W/out/notat.pdf" -a -s "$W/out/bilag1.pdf" ]
check "  numbers match an independent recomputation" python3 tests/examplecheck.py "$W/out" $E
check "  data regenerate byte for byte (SYNTETISKE DATA)" sh -c "python3 $E/gen.py | cmp -s - $E/svar.csv && head -1 $E/svar.csv | grep -q SYNTETISKE"
check "  the 2023 edition regenerates byte for byte (SYNTETISKE DATA)" sh -c "python3 $E/gen.py 2023 | cmp -s - $E/svar2023.csv && head -1 $E/svar2023.csv | grep -q 'SYNTETISKE.*2023'"
# the editions swapped (2023 reads svar.csv, 2024 svar2023.csv): every change word flips
mkdir "$W/sw"
cp $E/notat.lay $E/codebook.txt $E/svar.csv $E/svar2023.csv "$W/sw/"
sed -i 's/^\(data *2023 *\)svar2023.csv/\1SWAP/; s/^\(data *2024 *\)svar.csv/\1svar2023.csv/; s/SWAP$/svar.csv/' "$W/sw/notat.lay"
$NOTAT build -o "$W/sw/out" "$W/sw/notat.lay" >/dev/null 2>"$W/sw/err"; st=$?
check "swapped editions build" [ "$st" = 0 ]
check "  their comparison matches the recomputation" python3 tests/examplecheck.py "$W/sw/out" $E --swapped
check "  every sign word and every change in the Bilag flips" python3 - "$W/out" "$W/sw/out" <<'PY'
import csv, sys
def load(d):
    a = {r["id"]: r["printed"] for r in csv.DictReader(open(d + "/audit.tsv", encoding="utf-8"), delimiter="\t")}
    t = {r[0]: r[5] for r in csv.reader(open(d + "/bilag1/tabel-05.csv", encoding="utf-8-sig"), delimiter=";") if len(r) == 7}
    return a, t
(a, ta), (b, tb) = load(sys.argv[1]), load(sys.argv[2])
flip = {"steget": "faldet", "faldet": "steget"}
words = [k for k, v in a.items() if v.split(" ")[0] in flip]
ok = len(words) >= 3
for k in words:
    w, rest = a[k].split(" ", 1)
    ok = ok and b.get(k) == flip[w] + " " + rest
changes = [k for k, v in ta.items() if v not in ("", "0") and k]
ok = ok and len(changes) >= 10 and all(tb[k] == (v[1:] if v.startswith("-") else "-" + v) for k, v in ta.items() if k in changes)
sys.exit(0 if ok else 1)
PY
pdftotext -layout "$W/out/bilag1.pdf" "$W/b.txt"
pdftotext -layout "$W/out/notat.pdf" "$W/n.txt"
check "  Bilag headings are labels: groups, codes, derived groups" sh -c "grep -q 'Kundeservice' '$W/b.txt' && grep -q '^ *Meget lav trivsel ' '$W/b.txt' && grep -q 'Under 35 år' '$W/b.txt' && grep -q '^ *Gennemsnit ' '$W/b.txt'"
check "  no code key is shown to readers" sh -c "! grep -qE '(^|[^a-z])(meget_lav|meget_hoej|u35|a35|a50|kund|drift|adm)([^a-z]|\$)' '$W/b.txt' '$W/n.txt'"
check "  the notat has its figures and sections" sh -c "grep -q 'Figur 1. Trivsel fordelt på afdeling' '$W/n.txt' && grep -q 'Figur 2. Medarbejderne fordelt på aldersgruppe' '$W/n.txt' && grep -q '2 Alder og anciennitet' '$W/n.txt'"
check "  figure 1 is diverging (its centre line)" sh -c "$NOTAT build --dump=boxes $E/notat.lay 2>/dev/null | grep -q 'lw=0.80 #1A1A1A'"
check "  figure 3 is a histogram of alder with its n and bin edges" sh -c "grep -q 'Figur 3. Medarbejdernes alder' '$W/n.txt' && grep -q 'n = 300' '$W/n.txt' && grep -q 'Alder, år' '$W/n.txt'"
check "  the histogram's bins hold every answer once (audit against the CSV)" python3 - "$W/out/audit.tsv" $E/svar.csv <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"), delimiter="\t") if r["id"].startswith("figur-3/")]
data = [r for r in csv.DictReader(l for l in open(sys.argv[2], encoding="utf-8") if not l.startswith("#"))]
ages = [int(r["alder"]) for r in data if r["alder"] != ""]
ok = len(rows) >= 5
for r in rows:  # "20–25": [20, 25)
    lo, hi = (int(x) for x in r["id"].split("/")[1].split("\u2013"))
    ok &= int(r["printed"]) == sum(1 for a in ages if lo <= a < hi)
ok &= sum(int(r["printed"]) for r in rows) == len(ages)
sys.exit(0 if ok else 1)
PY
check "  the Bilag lists the open answers" grep -q 'Tabel 4. Kommentarer fordelt på afdeling' "$W/b.txt"
# each group's answers in Danish order (Æ, Ø, Å after Z, Aa as Å), recomputed without ICU;
# the data have answers starting with Æ, Ø, Å and Aa, which byte order sorts differently
check "  each group's answers in Danish order" python3 - "$W/b.txt" <<'PY'
import sys
lines = [l.strip() for l in open(sys.argv[1], encoding="utf-8")]
lines = lines[[i for i, l in enumerate(lines) if l.startswith("Tabel 4.")][0] + 1:]
lines = lines[:min([i for i, l in enumerate(lines) if l.startswith("Tabel 5.")] + [len(lines)])]
heads = {"Administration", "IT og digitalisering", "Kundeservice", "Drift og vedligehold", "Uoplyst"}
def key(s):
    return (s.lower().replace("aa", "å").translate(str.maketrans({"æ": "{", "ø": "|", "å": "}"})), s.encode())
groups, cur = [], None
for l in lines:
    if l.startswith("Tabel 4 (") or (l.endswith(" (fortsat)") and l[:-10] in heads):
        continue  # a continued table or group on the next page: the same group goes on
    if l in heads:
        cur = []
        groups.append(cur)
    elif cur is not None and l and not l.startswith(("Svar fra", "vises", "Side ")):
        cur.append(l)
seen = {l[0] for g in groups for l in g}
ok = len(groups) >= 2 and all(g == sorted(g, key=key) for g in groups) and {"Æ", "Ø", "Å", "A"} <= seen
sys.exit(0 if ok else 1)
PY
# A table that lists open answers has nothing to head: one rule opens it, no empty head
# band with its group rule (a stray mark over the list) and sub-head row.
$NOTAT build --dump=boxes layouts/trivsel-2024/notat.lay 2>/dev/null | awk '
	/"Kommentarer "/ { on = 1 }
	on && /^  line / { rules++ }
	on && /"Administration"/ { print rules + 0; exit }' >"$W/rules"
check "the list of answers opens with one rule ($(cat "$W/rules"))" [ "$(cat "$W/rules")" = 1 ]
rm -rf "$W"
finish
