#!/bin/sh
# tests/e2e/cli.sh: the command line: short help, per-command help (exact texts in tests/data/cli/),
# and usage errors as one line plus a hint, exit 2, nothing on stdout.
. tests/e2e/lib.sh
W=$(tmpdir)
D=tests/data/cli
helps() { # NAME GOLDEN ARGS...
	name=$1 golden=$2; shift 2
	$NOTAT "$@" >"$W/out" 2>"$W/err"; st=$?
	check "$name: exit 0" [ "$st" = 0 ]
	check "$name: exact text" cmp -s "$D/$golden" "$W/out"
	check "$name: nothing on stderr" [ ! -s "$W/err" ]
}
helps "notat --help" help.txt --help
helps "notat -h" help.txt -h
helps "notat build --help" help-build.txt build --help
helps "notat build -h (after other options)" help-build.txt build -o x -h
helps "notat verify --help" help-verify.txt verify --help
helps "notat init --help" help-init.txt init --help
check "notat --help is short (under 15 lines)" [ "$(wc -l <"$D/help.txt")" -lt 15 ]
check "every command is in notat --help" sh -c "grep -q '^  build LAYOUT ' '$D/help.txt' && grep -q '^  verify MANIFEST ' '$D/help.txt'"
$NOTAT --version >"$W/out"; st=$?
check "--version" sh -c "[ $st = 0 ] && grep -qx 'notat [0-9][0-9.]*' '$W/out'"
usage() { # EXPECTED-FIRST-LINE HINT ARGS...
	want=$1 hint=$2; shift 2
	$NOTAT "$@" >"$W/out" 2>"$W/err"; st=$?
	printf '%s\n%s\n' "$want" "$hint" >"$W/want"
	check "usage error ($*): exit 2" [ "$st" = 2 ]
	check "usage error ($*): '$want' and the hint" cmp -s "$W/want" "$W/err"
	check "usage error ($*): nothing on stdout" [ ! -s "$W/out" ]
}
TOP="try 'notat --help'" BUILD="try 'notat build --help'" VERIFY="try 'notat verify --help'"
usage "notat: missing command" "$TOP"
usage "notat: unknown command 'biuld'" "$TOP" biuld $LAYOUT
usage "notat: unknown option '--bogus'" "$TOP" --bogus
usage "notat build: missing LAYOUT" "$BUILD" build
usage "notat build: unknown option '--bogus'" "$BUILD" build --bogus $LAYOUT
usage "notat build: unknown option '-x'" "$BUILD" build -x $LAYOUT
usage "notat build: missing argument for option '-o'" "$BUILD" build $LAYOUT -o
usage "notat build: missing argument for option '--data'" "$BUILD" build $LAYOUT --data
usage "notat build: unexpected argument 'extra'" "$BUILD" build $LAYOUT extra
usage "notat build: invalid argument for --delim: '|'" "$BUILD" build --delim '|' $LAYOUT
usage "notat build: invalid argument for --encoding: 'ebcdic'" "$BUILD" build --encoding ebcdic $LAYOUT
usage "notat build: invalid argument for --dump: 'pdf'" "$BUILD" build --dump=pdf $LAYOUT
usage "notat build: invalid argument for --min-base: '0'" "$BUILD" build --min-base 0 $LAYOUT
# issue 15: 2^32 + 1 used to wrap to 1 and switch small-cell suppression off
usage "notat build: invalid argument for --min-base: '4294967297'" "$BUILD" build --min-base 4294967297 $LAYOUT
usage "notat build: the output directory (-o) must not be empty" "$BUILD" build -o "" $LAYOUT
usage "notat verify: missing MANIFEST" "$VERIFY" verify
usage "notat verify: unknown option '--all'" "$VERIFY" verify --all out/manifest
usage "notat verify: unexpected argument 'b'" "$VERIFY" verify a b
rm -rf "$W"
finish
