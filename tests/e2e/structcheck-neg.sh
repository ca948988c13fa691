#!/bin/sh
# tests/e2e/structcheck-neg.sh: tests/structcheck.py rejects hand-broken copies of a good tagged PDF.
# The good PDF is the pdf unit suite's sample (every element type); each case edits
# its QDF form with sed, repairs lengths and xref with fix-qdf, and expects exit 1
# with a matching message.
. tests/e2e/lib.sh
W=$(tmpdir)
( cd tests && NOTAT_PDF_SAMPLE="$W/good.pdf" CK_RUN_SUITE=pdf CK_RUN_CASE=sample CK_FORK=no \
	../build/unit/run >/dev/null 2>&1 )
check "sample PDF written by the pdf unit suite" [ -s "$W/good.pdf" ]
if [ ! -s "$W/good.pdf" ]; then
	rm -rf "$W"
	exit 1
fi
qpdf --qdf --object-streams=disable "$W/good.pdf" "$W/good.qdf"
fix-qdf "$W/good.qdf" >"$W/same.pdf"
check "the good sample passes" sh -c "python3 tests/structcheck.py '$W/good.pdf' >/dev/null"
check "the QDF round trip passes" sh -c "python3 tests/structcheck.py '$W/same.pdf' >/dev/null"

# broken NAME MESSAGE-REGEX SED-ARGS...: edit, repair, expect a failure naming MESSAGE.
broken() {
	what=$1 want=$2
	shift 2
	sed "$@" "$W/good.qdf" >"$W/bad.qdf"
	if cmp -s "$W/good.qdf" "$W/bad.qdf"; then
		notok "$what (the edit changed nothing)"
		return
	fi
	fix-qdf "$W/bad.qdf" >"$W/bad.pdf"
	python3 tests/structcheck.py "$W/bad.pdf" >"$W/out" 2>&1; st=$?
	check "$what: exit 1" [ "$st" = 1 ]
	check "$what: says \"$want\"" grep -q "$want" "$W/out"
}

broken "EMC removed" "left open" -e '0,/^EMC$/{/^EMC$/d}'
broken "untagged path" "S outside tagged content" -e '0,/^EMC$/s//EMC\n0 0 m 10 10 l S/'
broken "artifact tag lost" "outside tagged content" -e '0,/^\/Artifact BMC$/s//\/Span BMC/'
broken "marked content crosses ET" "crosses BT/ET" -z -e 's/\nET\nEMC\n/\nEMC\nET\n/'
broken "MCID renumbered" "MCIDs in content" -e 's/^\/P <<\/MCID 1>> BDC$/\/P <<\/MCID 7>> BDC/'
broken "Figure without /Alt" "Figure without /Alt" -e '/^  \/Alt </d'
broken "TH without /Scope" "TH without /Scope" -e '/^    \/Scope \/Column$/d'
broken "Note without /ID" "Note /ID missing" -e 's/^  \/ID (note1)$/  \/ID ()/'
broken "no /Lang" "no /Lang" -e '/^  \/Lang (da-DK)$/d'
broken "not marked" "Marked is not true" -e 's/\/Marked true/\/Marked false/'
broken "untagged link annotation" "not tagged" -e '/^  \/StructParent 2$/d'
broken "heading level skipped" "heading level skipped" -e 's/^  \/S \/H1$/  \/S \/H3/'
broken "second H1" "a second H1" -e '0,/^  \/S \/P$/s//  \/S \/H1/'
broken "non-standard type" "non-standard type" -e 's/^  \/S \/Caption$/  \/S \/Bildtext/'
rm -rf "$W"
finish
