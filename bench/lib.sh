# Helpers shared by bench/run.sh and bench/net.sh; sourced, not run.

log() { echo "[bench] $*" >&2; }

# shellcheck source=bin/pal-env.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/bin/pal-env.sh"

# Prints a JDK 25+ home, found as bin/pal finds it (pal_find_jdk: PAL_JAVA_HOME, JAVA_HOME, then
# /usr/lib/jvm and /opt); exits naming what it found otherwise.
find_jdk25() { pal_find_jdk; echo "$JAVA_HOME"; }

# Installs Debian package $1 with apt-get: directly as root, else through passwordless sudo.
# Returns non-zero (and says why) if neither is possible or the install fails.
apt_install() {
  local pkg=$1 run=()
  command -v apt-get >/dev/null 2>&1 || { log "no apt-get: cannot install $pkg"; return 1; }
  if [[ $(id -u) != 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then run=(sudo -n); else
      log "not root and no passwordless sudo: cannot install $pkg"; return 1
    fi
  fi
  log "installing Debian's $pkg with apt-get"
  (DEBIAN_FRONTEND=noninteractive "${run[@]}" apt-get install -y -qq "$pkg" \
    || { "${run[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${run[@]}" apt-get install -y -qq "$pkg"; }) >&2
}
