#!/bin/sh
# tests/e2e/example2.sh: the second, generic example (layouts/trivsel-2024: an employee
# survey with number variables, a weight, derived groups, open text, no municipality table)
# builds a notat and a Bilag with readable headings, and its numbers match an independent
# recomputation from the CSV (tests/examplecheck.py).
. tests/e2e/lib.sh
W=$(tmpdir)
E=layouts/trivsel-2024
$NOTAT build -o "$W/out" $E/notat.lay >/dev/null 2>"$W/err"; st=$?
check "second example builds" [ "$st" = 0 ]
check "  with no message" [ ! -s "$W/err" ]
check "  writes notat.pdf and bilag1.pdf" [ -s "$W/out/notat.pdf" -a -s "$W/out/bilag1.pdf" ]
check "  numbers match an independent recomputation" python3 tests/examplecheck.py "$W/out" $E
check "  data regenerate byte for byte (SYNTETISKE DATA)" sh -c "python3 $E/gen.py | cmp -s - $E/svar.csv && head -1 $E/svar.csv | grep -q SYNTETISKE"
pdftotext -layout "$W/out/bilag1.pdf" "$W/b.txt"
pdftotext -layout "$W/out/notat.pdf" "$W/n.txt"
check "  Bilag headings are labels: groups, codes, derived groups" sh -c "grep -q 'Kundeservice' '$W/b.txt' && grep -q '^ *Meget lav trivsel ' '$W/b.txt' && grep -q 'Under 35 år' '$W/b.txt' && grep -q '^ *Gennemsnit ' '$W/b.txt'"
check "  no code key is shown to readers" sh -c "! grep -qE '(^|[^a-z])(meget_lav|meget_hoej|u35|a35|a50|kund|drift|adm)([^a-z]|\$)' '$W/b.txt' '$W/n.txt'"
check "  the notat has its figures and sections" sh -c "grep -q 'Figur 1. Trivsel fordelt på afdeling' '$W/n.txt' && grep -q 'Figur 2. Medarbejderne fordelt på aldersgruppe' '$W/n.txt' && grep -q '2 Alder og anciennitet' '$W/n.txt'"
check "  the Bilag lists the open answers" grep -q 'Tabel 4. Kommentarer fordelt på afdeling' "$W/b.txt"
# each group's answers in Danish order (Æ, Ø, Å after Z, Aa as Å), recomputed without ICU;
# the data have answers starting with Æ, Ø, Å and Aa, which byte order sorts differently
check "  each group's answers in Danish order" python3 - "$W/b.txt" <<'PY'
import sys
lines = [l.strip() for l in open(sys.argv[1], encoding="utf-8")]
lines = lines[[i for i, l in enumerate(lines) if l.startswith("Tabel 4.")][0] + 1:]
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
