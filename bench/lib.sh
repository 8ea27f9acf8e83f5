# Helpers shared by bench/run.sh and bench/net.sh; sourced, not run.

log() { echo "[bench] $*" >&2; }

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1; }

# Prints a JDK 25+ home: JAVA_HOME if it is one, else the first /usr/lib/jvm/*25*; exits otherwise.
find_jdk25() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    local v; v="$(java_major "$JAVA_HOME")"
    if [[ "${v%%.*}" =~ ^[0-9]+$ && "${v%%.*}" -ge 25 ]]; then echo "$JAVA_HOME"; return; fi
    log "JAVA_HOME=$JAVA_HOME is Java $v, not >= 25; looking in /usr/lib/jvm"
  fi
  local d
  for d in /usr/lib/jvm/*25*; do
    if [[ -x "$d/bin/java" ]]; then echo "$d"; return; fi
  done
  echo "bench: no JDK 25 found: set JAVA_HOME to a JDK 25 or newer, or install one under /usr/lib/jvm (pal is built on JDK 25's continuations)" >&2
  exit 1
}

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
