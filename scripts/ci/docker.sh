#!/usr/bin/env bash
# Give this machine a real Docker engine, docker-compose v1, nginx and openssl for the generator
# tests, and the offline test image `nself-test/busybox:latest`. No registry is reachable here, so
# the image is assembled from Debian's busybox-static. Safe to run again: every step is skipped when
# its result is already there. Runs as root without a terminal (CI).
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
TEST_IMAGE="nself-test/busybox:latest"
LOG_DIR="${NSELF_DOCKER_LOG_DIR:-/var/log}"
START=$(date +%s)

step() { printf '[docker.sh +%3ds] %s\n' "$(( $(date +%s) - START ))" "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  echo "docker.sh: must run as root (it installs packages and starts dockerd)" >&2
  exit 1
fi

# 1. Packages. `apt-get update` only when something is missing, and at most once.
need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v nginx >/dev/null 2>&1 || need+=(nginx)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ "${#need[@]}" -gt 0 ]; then
  step "apt-get update"
  apt-get update -qq
  step "apt-get install ${need[*]}"
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # Debian's nginx package starts a system nginx on :80; the tests only need the binary.
  if command -v nginx >/dev/null 2>&1 && [ -f /run/nginx.pid ]; then
    nginx -s stop 2>/dev/null || true
  fi
else
  step "packages already installed"
fi

# 2. The engine.
if docker info >/dev/null 2>&1; then
  step "dockerd already answering"
else
  step "starting dockerd (vfs storage, no iptables)"
  mkdir -p "$LOG_DIR"
  nohup dockerd --iptables=false --ip-forward=false --storage-driver=vfs \
    >"$LOG_DIR/nself-dockerd.log" 2>&1 </dev/null &
  # Generous: dockerd on vfs starts in seconds when idle, much slower on a busy CI machine.
  for _ in $(seq 1 300); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  if ! docker info >/dev/null 2>&1; then
    echo "docker.sh: dockerd did not answer within 300 s; last log lines:" >&2
    tail -n 30 "$LOG_DIR/nself-dockerd.log" >&2 || true
    exit 1
  fi
  step "dockerd is up"
fi

# 3. The offline base image.
if docker image inspect "$TEST_IMAGE" >/dev/null 2>&1; then
  step "$TEST_IMAGE already present"
else
  step "building $TEST_IMAGE from busybox-static"
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' EXIT
  mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/www" "$rootfs/etc"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in sh ash echo sleep cat true false httpd wget nc ls mkdir rm cp mv env printf \
                grep sed test ps kill date hostname id; do
    ln -s busybox "$rootfs/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$rootfs/etc/passwd"
  echo 'root:x:0:' >"$rootfs/etc/group"
  chmod 1777 "$rootfs/tmp"
  tar -C "$rootfs" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' - "$TEST_IMAGE" >/dev/null
  step "$TEST_IMAGE built"
fi

step "versions: $(docker version --format 'engine {{.Server.Version}}'), $(docker-compose version --short 2>/dev/null || echo 'docker-compose ?'), $(nginx -v 2>&1), $(openssl version)"
step "done"
