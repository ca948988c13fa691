#!/bin/sh
# tools/deps.sh: checks the Debian packages notat needs; installs missing ones as root.
# Usage: tools/deps.sh [build|test]   (test adds the tools the test suite reads PDFs with)
set -eu
BUILD="gcc make pkg-config libhpdf-dev libcsv-dev zlib1g-dev libhyphen-dev hyphen-da libfreetype-dev nettle-dev libreadstat-dev libxlsxwriter-dev libicu-dev libpng-dev"
TEST="check poppler-utils qpdf valgrind python3 groff-base unzip"
want=$BUILD
[ "${1:-build}" = test ] && want="$BUILD $TEST"
missing=""
for p in $want; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in *"install ok installed"*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "notat: installing missing packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends $missing
else
	echo "notat: missing Debian packages. Install them with:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi
