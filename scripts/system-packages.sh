#!/usr/bin/env bash
# Install the Debian packages anjian needs, only those missing. Usage: system-packages.sh run|test
set -euo pipefail
need=(libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk)
if [ "${1:-run}" = "test" ]; then
  need+=(postgresql chromium poppler-utils)
fi
missing=()
for pkg in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "安装系统软件包：${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
