#!/bin/sh
# tests/run.sh: the whole test suite: Check unit tests, then every tests/e2e/*.sh.
# Run from the repository root (make check does). NOTAT_VALGRIND=1 runs the
# unit tests and the e2e builds under valgrind.
set -u
cd "$(dirname "$0")/.." || exit 3
pass=0 fail=0 failed=""
if [ "${NOTAT_VALGRIND:-0}" = 1 ]; then
	VG="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
	export NOTAT_RUN="$VG"
else
	VG=""
	export NOTAT_RUN=""
fi
echo "== unit tests (Check)"
if (cd tests && CK_FORK=no $VG ../build/unit/run); then
	pass=$((pass + 1))
else
	fail=$((fail + 1)) failed="$failed unit"
fi
for t in tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	echo "== $t"
	if sh "$t"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)) failed="$failed $t"
	fi
done
echo
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
