#!/usr/bin/env bash
# Installs the Debian packages the app needs (WeasyPrint's libraries, fonts; for tests also Chromium)
# when run as root; otherwise says what to install and stops.
set -euo pipefail
zweck="${1:-run}"
pakete=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
if [ "$zweck" = "test" ]; then
  pakete+=(chromium)
fi
fehlend=()
for p in "${pakete[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    fehlend+=("$p")
  fi
done
[ ${#fehlend[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installiere Systempakete: ${fehlend[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${fehlend[@]}" >/dev/null
else
  echo "Es fehlen Systempakete: ${fehlend[*]}" >&2
  echo "Bitte installieren Sie sie, z. B.: sudo apt-get install ${fehlend[*]}" >&2
  exit 1
fi
