# Sourced by conformance/run.sh and conformance/critest.sh: starts criruntimed on a temporary socket, root and
# state, with the shim published beside it and a test CNI network that never leaves the machine (no masquerading;
# forwarded traffic from its subnet to anywhere outside it is dropped), and removes all of it on exit.
# Sets: dir (the temporary directory), socket (its CRI socket path). Optional: test_daemon_runtime_config, lines
# added to the [runtime] table (conformance/vm sets default_handler and cgroup_driver with it), and
# test_daemon_start_seconds, how long to wait for the socket (default 30; an emulated VM needs minutes).
#   start_test_daemon DAEMON_BINARY [REGISTRY_HOST:PORT to mirror every public registry to]

start_test_daemon() {
  local daemon=$1 mirror=${2:-}
  dir=$(mktemp -d /tmp/criruntime-conformance-XXXXXX)
  # Pods in user namespaces run as unprivileged host ids that must reach their root filesystems under it.
  chmod 0711 "$dir"
  socket="$dir/criruntime.sock"
  local id
  id=$(basename "$dir" | tr -dc 'a-zA-Z0-9' | tail -c 7 | tr 'A-Z' 'a-z')
  _subnet="10.251.$((RANDOM % 250)).0/24"
  _bridge="crc$id"
  mkdir -p "$dir/cni" "$dir/registries.d"
  publish_shim "$dir/bin"
  write_test_cni "$dir/cni/10-conformance.conflist" "conformance-$id" "$_bridge" "$_subnet" "$dir/ipam"
  write_daemon_config "$dir" "$mirror"
  iptables -I FORWARD -s "$_subnet" ! -d "$_subnet" -j DROP
  # portmap leaves its shared nat chains behind; remove them at the end only if this run brought them.
  _had_portmap_chains=0
  iptables -t nat -S CNI-HOSTPORT-DNAT >/dev/null 2>&1 && _had_portmap_chains=1
  "$daemon" --config "$dir/config.toml" --listen "$socket" > "$dir/daemon.log" 2>&1 &
  _daemon_pid=$!
  trap stop_test_daemon EXIT
  local deadline=$(( $(date +%s) + ${test_daemon_start_seconds:-30} ))
  while [ "$(date +%s)" -le "$deadline" ]; do [ -S "$socket" ] && return 0; sleep 0.1; done
  cat "$dir/daemon.log" >&2
  return 1
}

# A bridge network for tests: no masquerading (the caller adds a FORWARD drop rule for traffic leaving the subnet).
#   write_test_cni FILE NAME BRIDGE SUBNET IPAM_DIR
write_test_cni() {
  cat > "$1" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "$2",
  "plugins": [
    { "type": "bridge", "bridge": "$3", "isGateway": true, "ipMasq": false, "hairpinMode": true,
      "ipam": { "type": "host-local", "ranges": [[{ "subnet": "$4" }]], "dataDir": "$5" } },
    { "type": "portmap", "capabilities": { "portMappings": true } },
    { "type": "loopback" }
  ]
}
JSON
}

# criruntimed's config.toml for a run directory (root, state, shim in DIR/bin, CNI in DIR/cni), with every public
# registry mirrored to MIRROR when one is given.
#   write_daemon_config DIR [MIRROR_HOST:PORT] [EXTRA_TOML_LINE]
write_daemon_config() {
  local dir=$1 mirror=${2:-} host
  mkdir -p "$dir/registries.d"
  if [ -n "$mirror" ]; then
    for host in docker.io gcr.io registry.k8s.io public.ecr.aws; do
      printf '[[mirror]]\nurl = "http://%s"\ninsecure = true\n' "$mirror" > "$dir/registries.d/$host.toml"
    done
  fi
  cat > "$dir/config.toml" <<TOML
root = "$dir/root"
state = "$dir/state"
metrics_address = ""
${3:-}
[runtime]
shim_path = "$dir/bin/criruntime-shim"
${test_daemon_runtime_config:-}
[cni]
conf_dir = "$dir/cni"
[registry]
config_dir = "$dir/registries.d"
TOML
}

stop_test_daemon() {
  kill "$_daemon_pid" 2>/dev/null || true
  wait "$_daemon_pid" 2>/dev/null || true
  # Containers outlive the daemon by design: remove this run's by the OCI runtime state under its own state dir
  # (one directory per handler, named after it: runc or crun).
  local root oci
  for root in "$dir"/state/runtime/*/; do
    [ -d "$root" ] || continue
    oci=$(basename "$root")
    command -v "$oci" >/dev/null 2>&1 || oci=runc
    for c in $("$oci" --root "$root" list -q 2>/dev/null); do "$oci" --root "$root" delete -f "$c" 2>/dev/null || true; done
  done
  iptables -D FORWARD -s "$_subnet" ! -d "$_subnet" -j DROP 2>/dev/null || true
  ip link del "$_bridge" 2>/dev/null || true
  if [ "$_had_portmap_chains" = 0 ]; then remove_portmap_chains; fi
  grep -F " $dir/" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$dir"
}

remove_portmap_chains() {
  iptables -t nat -D PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT 2>/dev/null || true
  iptables -t nat -D OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT 2>/dev/null || true
  iptables -t nat -D POSTROUTING -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ 2>/dev/null || true
  for chain in CNI-HOSTPORT-DNAT CNI-HOSTPORT-MASQ CNI-HOSTPORT-SETMARK; do
    iptables -t nat -F "$chain" 2>/dev/null || true
    iptables -t nat -X "$chain" 2>/dev/null || true
  done
}
