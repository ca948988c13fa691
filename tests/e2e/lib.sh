# tests/e2e/lib.sh: shared helpers for the end-to-end scripts (sourced, not run).
# Each check prints "ok - NAME" or "not ok - NAME"; finish exits non-zero on any failure.
LAYOUT=layouts/brugerundersoegelse-2023/notat.lay
NOTAT="${NOTAT_RUN:-} ./notat"
T_FAILS=0
ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; T_FAILS=$((T_FAILS + 1)); }
check() { name=$1; shift; if "$@"; then ok "$name"; else notok "$name"; fi; }
finish() { [ "$T_FAILS" = 0 ]; }
tmpdir() { mktemp -d /tmp/notat-test.XXXXXX; }
# builds_clean NAME OUT LAYOUT [OPTION...]: `notat build -o OUT OPTION... LAYOUT` exits 0 (check
# NAME) and prints nothing on stderr (check "  with no message"); the stderr is kept in OUT.err.
builds_clean() {
	bc_name=$1 bc_out=$2 bc_lay=$3; shift 3
	$NOTAT build -o "$bc_out" "$@" "$bc_lay" >/dev/null 2>"$bc_out.err"; bc_st=$?
	check "$bc_name" [ "$bc_st" = 0 ]
	check "  with no message" [ ! -s "$bc_out.err" ]
}
