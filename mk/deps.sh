#!/bin/sh
# deps.sh — the dependency step: checks every Debian package the project
# builds or tests with, installs what is missing when run as root, and
# otherwise stops with the exact command to run.
#
# Usage: mk/deps.sh [STAMP]   (writes STAMP when everything is present)
set -u

# Each entry: a Debian package and the file or command that proves it is there.
need() {
  pkg=$1; probe=$2
  case $probe in
    /*) [ -e "$probe" ] ;;
    *) command -v "$probe" >/dev/null 2>&1 ;;
  esac || missing="$missing $pkg"
}

missing=""
need flex            flex
need bison           bison
need pkg-config      pkg-config
need libuv1-dev      /usr/include/uv.h
need libcmocka-dev   /usr/include/cmocka.h
need clang           clang
need gdb             gdb
need valgrind        valgrind
need python3         python3
need procps          ps
need binutils        objcopy
need csmith          csmith
need libcurl4-openssl-dev curl-config
need libcsmith-dev   /usr/include/csmith/csmith.h

if [ -n "$missing" ]; then
  cmd="apt-get install -y --no-install-recommends$missing"
  if [ "$(id -u)" = 0 ]; then
    echo "deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    # A fresh machine has no package lists; fetch them once if the install fails.
    $cmd >/dev/null 2>&1 || { apt-get update -qq && $cmd; } || {
      echo "deps: '$cmd' failed" >&2; exit 1; }
  else
    echo "deps: missing packages:$missing" >&2
    echo "deps: run as root:  apt-get update && $cmd" >&2
    exit 1
  fi
fi
[ $# -ge 1 ] && { mkdir -p "$(dirname "$1")"; : > "$1"; }
exit 0
