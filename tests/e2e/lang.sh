#!/bin/sh
# tests/e2e/lang.sh: the examples of layouts/README.md as tests.
# Each ```layout block becomes tests/regress/lang/NN.lay (the lines data and codebook naming
# the sample data set are appended, so positions match the README); the ```result or
# ```error block after it is NN.result / NN.error. The test checks that the committed files
# match the README, runs every example and compares the printed values or the diagnostic,
# and compares --dump=layout with the golden NN.out.
# `sh tests/e2e/lang.sh regen` rewrites tests/regress/lang from the README (then review the diff).
. tests/e2e/lib.sh
W=$(tmpdir)
DIR=tests/regress/lang
README=layouts/README.md

awk -v dir="$W" '
	function close_lay() {
		if (f != "") {
			print "" > f
			print "data ../../../layouts/brugerundersoegelse-2023/svar.csv" > f
			print "codebook ../../../layouts/brugerundersoegelse-2023/codebook.txt" > f
			close(f)
			f = ""
		}
	}
	/^```layout$/ { n++; f = sprintf("%s/%02d.lay", dir, n); printf "" > f; inb = 1; next }
	/^```(result|error)$/ { g = sprintf("%s/%02d.%s", dir, n, substr($0, 4)); printf "" > g; inb = 2; next }
	/^```/ && inb == 1 { close_lay(); inb = 0; next }
	/^```/ && inb == 2 { close(g); inb = 0; next }
	inb == 1 { print > f }
	inb == 2 { print > g }
' "$README"

if [ "${1:-}" = regen ]; then
	mkdir -p "$DIR"
	rm -f "$DIR"/*.lay "$DIR"/*.result "$DIR"/*.error "$DIR"/*.out
	cp "$W"/*.lay "$W"/*.result "$W"/*.error "$DIR"/ 2>/dev/null
	for f in "$DIR"/*.lay; do
		$NOTAT build --dump=layout "$f" >"${f%.lay}.out" 2>/dev/null || rm -f "${f%.lay}.out"
	done
	echo "regenerated $DIR from $README"
	rm -rf "$W"
	exit 0
fi

for f in "$W"/*.lay; do
	base=$(basename "$f" .lay)
	lay="$DIR/$base.lay"
	check "$lay matches $README" cmp -s "$f" "$lay"
	for k in result error; do
		[ -f "$W/$base.$k" ] && check "$DIR/$base.$k matches $README" cmp -s "$W/$base.$k" "$DIR/$base.$k"
	done
	if [ -f "$DIR/$base.out" ]; then
		$NOTAT build --dump=layout "$lay" >"$W/$base.dump" 2>/dev/null
		check "$lay: --dump=layout" cmp -s "$W/$base.dump" "$DIR/$base.out"
	fi
	if [ -f "$DIR/$base.result" ]; then
		$NOTAT build --dump=stats -o "$W/out" "$lay" >"$W/$base.stats" 2>"$W/$base.err"
		check "$lay: builds" [ $? = 0 ]
		sed -n 's/^stat \([^ ]*\) "\(.*\)" @.*$/\1 \2/p' "$W/$base.stats" >"$W/$base.got"
		check "$lay: printed values" cmp -s "$W/$base.got" "$DIR/$base.result"
	fi
	if [ -f "$DIR/$base.error" ]; then
		$NOTAT build -o "$W/out" "$lay" >/dev/null 2>"$W/$base.err"
		check "$lay: exit 1" [ $? = 1 ]
		sed "s|^|$lay:|" "$DIR/$base.error" >"$W/$base.want"
		check "$lay: diagnostic" grep -qxF -f "$W/$base.want" "$W/$base.err"
		check "$lay: no output" [ ! -e "$W/out/notat.pdf" ]
	fi
done
rm -rf "$W"
finish
