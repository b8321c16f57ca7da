#!/usr/bin/env bash
# Proves criruntime on cgroup v2: boots a small Debian 12 VM (qemu, software emulation, systemd as init, the unified
# cgroup hierarchy only) and runs the conformance suite inside it once per configuration (runc and crun, the cgroupfs
# and systemd cgroup drivers), with the cgroup v2 specs that skip on v1 hosts. Prints each configuration's closing
# line, the total time, and exits non-zero when anything failed. See conformance/vm/README.md.
#   conformance/vm/run.sh [--configs "runc/cgroupfs crun/cgroupfs runc/systemd crun/systemd"] [--focus REGEX]
#                         [--spec-timeout SECONDS] [--timeout MINUTES] [--memory SIZE] [--rebuild] [--keep]
#                         [--artefacts DIR] [--nice N]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/deploy/lib.sh"
answer_help "$0" "$@"
vm="$repo/conformance/vm"
cache=${CRIRUNTIME_VM_CACHE:-/var/cache/criruntime-vm}
mirror=${CRIRUNTIME_VM_MIRROR:-http://deb.debian.org/debian}
configs="runc/cgroupfs crun/cgroupfs runc/systemd crun/systemd"
focus=""
# One spec under emulation on a loaded host can take minutes (the suite's 120 s default is for real hardware).
spec_timeout=900
timeout_minutes=150
memory=4G
rebuild=0
keep=0
artefacts=""
# qemu's (and publishing's) niceness: 10 leaves a shared machine responsive; 0 when the run has the machine.
niceness=10
while [ $# -gt 0 ]; do
  case $1 in
    --configs) configs=$2; shift 2 ;;
    --focus) focus=$2; shift 2 ;;
    --spec-timeout) spec_timeout=$2; shift 2 ;;
    --timeout) timeout_minutes=$2; shift 2 ;;
    --memory) memory=$2; shift 2 ;;
    --rebuild) rebuild=1; shift ;;
    --keep) keep=1; shift ;;
    --artefacts) artefacts=$(cd "$2" && pwd); shift 2 ;;
    --nice) niceness=$2; shift 2 ;;
    *) echo "$0: unknown flag $1" >&2; exit 2 ;;
  esac
done

. "$repo/deploy/lib.sh"
require_root
require_dotnet
install_packages "$vm/packages.txt"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

started=$(date +%s)
work=$(mktemp -d /tmp/criruntime-vm-XXXXXX)
qemu_pid=""
cleanup() {
  if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
    kill "$qemu_pid" 2>/dev/null || true
    wait "$qemu_pid" 2>/dev/null || true
  fi
  if [ "$keep" = 1 ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# Packages of the guest: Debian's kernel (and its initramfs-tools initrd), systemd as init with D-Bus (the systemd
# cgroup driver of runc and crun talks to it), the OCI runtimes, CNI plugins, iptables, and what the suite needs.
guest_packages=linux-image-amd64,systemd,systemd-sysv,udev,dbus,kmod,runc,crun,containernetworking-plugins,iptables,iproute2,docker-registry,busybox,procps

# Builds $image (ext4, root of the guest), $kernel and $initrd from a debootstrap of Debian 12. The unit that mounts
# the two 9p shares, runs guest.sh from the artefacts share and powers the guest off is baked in, so the image does
# not change when the daemon or the guest script does.
build_image() {
  local rootfs="$cache/rootfs.new"
  rm -rf "$rootfs" "$image.new"
  echo "building the guest image in $cache (debootstrap of bookworm; several minutes)"
  nice -n 10 debootstrap --variant=minbase --include="$guest_packages" bookworm "$rootfs" "$mirror" > "$cache/debootstrap.log" 2>&1 \
    || { tail -20 "$cache/debootstrap.log" >&2; return 1; }
  echo "criruntime-vm" > "$rootfs/etc/hostname"
  printf '127.0.0.1 localhost\n::1 localhost\n' > "$rootfs/etc/hosts"
  echo "/dev/vda / ext4 rw,relatime 0 1" > "$rootfs/etc/fstab"
  printf '9p\n9pnet\n9pnet_virtio\noverlay\nbr_netfilter\n' > "$rootfs/etc/modules-load.d/criruntime-vm.conf"
  cat > "$rootfs/etc/systemd/system/criruntime-vm.service" <<'UNIT'
[Unit]
Description=criruntime conformance run on cgroup v2
After=basic.target dbus.service
Wants=dbus.service

[Service]
Type=oneshot
ExecStart=/bin/sh -c 'mkdir -p /mnt/artefacts /mnt/results && mount -t 9p -o trans=virtio,version=9p2000.L,ro artefacts /mnt/artefacts && mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 results /mnt/results && /mnt/artefacts/guest.sh > /mnt/results/guest.log 2>&1; echo $? > /mnt/results/status; sync'
ExecStopPost=/bin/systemctl --no-block poweroff
TimeoutStartSec=infinity

[Install]
WantedBy=multi-user.target
UNIT
  ln -sf /etc/systemd/system/criruntime-vm.service "$rootfs/etc/systemd/system/multi-user.target.wants/criruntime-vm.service"
  # Nothing the run needs: timers that would wake up under emulation.
  for unit in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer man-db.timer; do
    ln -sf /dev/null "$rootfs/etc/systemd/system/$unit"
  done
  rm -f "$rootfs"/var/cache/apt/archives/*.deb
  cp "$(ls "$rootfs"/boot/vmlinuz-* | sort -V | tail -1)" "$kernel"
  cp "$(ls "$rootfs"/boot/initrd.img-* | sort -V | tail -1)" "$initrd"
  mkfs.ext4 -q -F -L root -d "$rootfs" "$image.new" 8G
  mv "$image.new" "$image"
  rm -rf "$rootfs"
  echo "$recipe" > "$cache/recipe"
}

image="$cache/rootfs.img"
kernel="$cache/vmlinuz"
initrd="$cache/initrd.img"
recipe=$( { echo "$guest_packages"; declare -f build_image; } | sha256sum | cut -c1-16)
mkdir -p "$cache"
if [ "$rebuild" = 1 ] || [ ! -f "$image" ] || [ "$(cat "$cache/recipe" 2>/dev/null)" != "$recipe" ]; then
  build_image
  echo "guest image built ($(( $(date +%s) - started )) s)"
else
  echo "guest image: $image (cached)"
fi

# The artefacts share: self-contained, ReadyToRun daemon and suite (no .NET in the guest, less JIT under emulation),
# the NativeAOT shim, and the scripts the guest runs (the same daemon.sh as conformance/run.sh).
# --artefacts DIR reuses the share of an earlier run kept with --keep (WORK/share): no publishing.
share="$work/share"
mkdir -p "$share/conformance" "$share/deploy" "$work/results"
publish_started=$(date +%s)
if [ -n "$artefacts" ]; then
  cp -a "$artefacts/bin" "$artefacts/suite" "$share/"
else
  nice -n "$niceness" dotnet publish "$repo/src/CriRuntime.Server" -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=true \
    -o "$share/bin" --nologo -v quiet
  nice -n "$niceness" dotnet publish "$repo/conformance/CriRuntime.Conformance" -c Release -r linux-x64 --self-contained \
    -p:PublishReadyToRun=true -o "$share/suite" --nologo -v quiet
  nice -n "$niceness" bash -c ". '$repo/deploy/lib.sh'; repo='$repo'; publish_shim '$share/bin'"
fi
cp "$repo/deploy/lib.sh" "$share/deploy/"
cp "$repo/conformance/daemon.sh" "$share/conformance/"
cp "$vm/guest.sh" "$share/guest.sh"
printf 'configs="%s"\nfocus="%s"\nspec_timeout=%s\n' "$configs" "$focus" "$spec_timeout" > "$share/guest.env"
echo "published ($(( $(date +%s) - publish_started )) s)"

qemu-img create -q -f qcow2 -F raw -b "$image" "$work/disk.qcow2"
boot_started=$(date +%s)
# No network device: the suite's registry and the pods' bridge live inside the guest. A throw-away guest with no
# network: mitigations=off (no page-table isolation, whose CR3 switches flush the emulated TLB) and init_on_alloc=0
# (Debian zeroes every allocated page by default) spare much of the emulation's cost; nowatchdog because an
# emulated CPU starved by a loaded host looks like a soft lockup.
nice -n "$niceness" qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m "$memory" \
  -kernel "$kernel" -initrd "$initrd" \
  -append "root=/dev/vda rw console=ttyS0 systemd.unified_cgroup_hierarchy=1 psi=1 mitigations=off init_on_alloc=0 nowatchdog systemd.show_status=0 panic=-1" \
  -drive "file=$work/disk.qcow2,if=virtio,format=qcow2,cache=unsafe" \
  -virtfs "local,path=$share,mount_tag=artefacts,security_model=none,readonly=on" \
  -virtfs "local,path=$work/results,mount_tag=results,security_model=none" \
  -nic none -display none -monitor none -serial "file:$work/console.log" -no-reboot &
qemu_pid=$!
echo "qemu started (pid $qemu_pid; console: $work/console.log); waiting up to $timeout_minutes min"
deadline=$(( boot_started + timeout_minutes * 60 ))
shown=0
while kill -0 "$qemu_pid" 2>/dev/null; do
  if [ "$(date +%s)" -gt "$deadline" ]; then
    echo "the guest did not finish within $timeout_minutes min"
    break
  fi
  # The guest's progress lines ("== ..."), as they come.
  if [ -f "$work/results/guest.log" ]; then
    total=$(grep -c '^== ' "$work/results/guest.log" || true)
    if [ "$total" -gt "$shown" ]; then
      grep '^== ' "$work/results/guest.log" | tail -n $(( total - shown ))
      shown=$total
    fi
  fi
  sleep 5
done
if kill -0 "$qemu_pid" 2>/dev/null; then kill "$qemu_pid"; fi
wait "$qemu_pid" 2>/dev/null || true
qemu_pid=""

status=1
[ -f "$work/results/status" ] && status=$(cat "$work/results/status")
if [ "$status" != 0 ]; then
  echo "--- guest log (last 60 lines)"
  tail -60 "$work/results/guest.log" 2>/dev/null || true
  echo "--- console (last 30 lines)"
  tail -30 "$work/console.log" 2>/dev/null || true
  for log in "$work"/results/*/daemon.log; do
    [ -f "$log" ] || continue
    echo "--- $log (last 30 lines)"
    tail -30 "$log"
  done
fi
for log in "$work"/results/*.suite.log; do
  [ -f "$log" ] || continue
  grep -E '^FAIL ' "$log" || true
  echo "$(basename "$log" .suite.log): $(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$log" || echo "no summary line")"
done
echo "vm total: $(( $(date +%s) - started )) s (guest from boot to power-off: $(( $(date +%s) - boot_started )) s)"
[ "$status" = 0 ]
