#!/bin/sh
# Install the Debian packages peixun needs to build and test, if missing.
# Quick no-op when everything is present. Uses apt-get as root, sudo otherwise.
# Usage: tools/deps.sh [--test]   (--test adds what the test suite and CI need)
set -e
pkgs="gcc make pkg-config libsqlite3-dev libmicrohttpd-dev libjansson-dev libsodium-dev libpq-dev
libzip-dev libexpat1-dev libxml2-dev libfreexl-dev libxlsxwriter-dev libcairo2-dev libpango1.0-dev fonts-noto-cjk
libqrencode-dev liboath-dev"
if [ "$1" = "--test" ]; then
	pkgs="$pkgs libcmocka-dev postgresql clang poppler-utils python3-openpyxl zbar-tools chromium nginx-light sqlite3"
fi
missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
echo "peixun: 安装缺少的 Debian 软件包:$missing"
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
else
	SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || true
$SUDO apt-get install -y -qq --no-install-recommends $missing
