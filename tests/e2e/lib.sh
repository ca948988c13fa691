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
