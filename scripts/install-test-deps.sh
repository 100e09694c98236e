#!/bin/sh
# Installs what the contract suite and the post-deploy command need: the real
# rclone binary and a local Ceph RADOS Gateway (Debian packages), and what the
# sealed-delivery tests need: Debian's age (age, age-keygen: what a host
# decrypts with) and ssh-keygen; what the workflow tests need: shellcheck
# (GPL-3, run as a separate program over the workflows' scripts); and for the
# host kit's units (examples/host/): systemd-analyze (package systemd; it needs
# no running systemd) and curl, which the units run and `systemd-analyze verify`
# must find. Idempotent: when every package is already installed it does
# nothing (no apt-get update).
set -eu

PACKAGES="radosgw ceph-mon ceph-osd ceph-common rclone age openssh-client shellcheck systemd curl"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    echo "install-test-deps: already installed:$(for p in $PACKAGES; do printf ' %s' "$p"; done)"
else
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || { echo "install-test-deps: need root or sudo to install:$missing" >&2; exit 1; }
        SUDO="sudo"
    fi
    echo "install-test-deps: installing:$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# The version the run used goes into the log (docs/rclone-version.md states the minimum).
rclone version 2>/dev/null | head -n 1
radosgw --version 2>/dev/null | head -n 1 || true
echo "age $(age --version 2>/dev/null)"
shellcheck --version 2>/dev/null | sed -n 's/^version: /shellcheck /p' || true
systemd-analyze --version 2>/dev/null | head -n 1
