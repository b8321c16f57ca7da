# Shared by deploy/run.sh and test.sh: package installation and the .NET check.

# Answers -h/--help with the calling script's header comment (its usage) and exits 0, before anything is started:
#   answer_help "$0" "$@"
answer_help() {
  case "${2:-}" in
    -h|--help)
      sed -n '2,/^[^#]/{/^#/{s/^# \{0,1\}//;p}}' "$1"
      exit 0 ;;
  esac
}

require_root() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "$0: run as root (it installs packages and serves a root-owned socket)" >&2
    exit 1
  fi
}

# Installs the Debian packages named in the given files (one per line, # comments) that are missing.
install_packages() {
  local wanted missing=()
  wanted=$(cat "$@" | sed 's/#.*//' | tr -s ' \n' '\n' | grep -v '^$' | sort -u)
  for p in $wanted; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "$0: the .NET 10 SDK is needed to build criruntime and was not found on PATH" >&2
    echo "install it from Microsoft's Debian 12 package feed (dotnet-sdk-10.0), then run this again" >&2
    exit 1
  fi
}

# Publishes the NativeAOT per-container shim (criruntime-shim) into the given directory.
publish_shim() {
  dotnet publish "$repo/src/CriRuntime.Shim" -c Release -r linux-x64 -o "$1" --nologo -v quiet
}

# Publishes criruntimed as nodes run it, NativeAOT (a few minutes: the native compiler builds the whole daemon), into
# the given directory.
publish_daemon() {
  dotnet publish "$repo/src/CriRuntime.Server" -c Release -r linux-x64 -o "$1" --nologo -v quiet
}
