# Sourced by the install scripts: installs the Debian packages given that are
# not installed yet (apt-get only runs when one is absent). Sets
# XXGK_INSTALLED=1 when it installed something.
install_missing() {
  local missing=() p sudo=""
  XXGK_INSTALLED=0
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "xxgk: installing ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "xxgk: need root (or sudo) to install: ${missing[*]}" >&2; return 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  XXGK_INSTALLED=1
}
