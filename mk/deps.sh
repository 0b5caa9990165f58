#!/bin/sh
# deps.sh — the dependency step: checks the Debian packages one purpose
# needs, installs what is missing when run as root, and otherwise stops with
# the one command to run.
#
# Usage: mk/deps.sh PURPOSE [STAMP]   (writes STAMP when everything is present)
#
#   build  what `make` and `make install` need (compiling acc and libacrt)
#   test   build + what `make test` and `make check-torture` need (cmocka,
#          gdb, csmith, cmake, gcc-12-source, ...)
#   demo   build + what the samples of `make demo` need
#   deb    build + what `make deb` and `make check-packaging` need
#
# For compatibility `mk/deps.sh STAMP` (one argument, a path) means `build`.
# `mk/deps.sh --list PURPOSE` prints the packages PURPOSE needs and exits.
set -u

purpose=build
list=""
[ "${1:-}" = --list ] && { list=1; shift; }
case ${1:-} in
  build|test|demo|deb) purpose=$1; shift ;;
esac

# Each entry: a Debian package and the file or command that proves it is there.
need() {
  pkg=$1; probe=$2
  [ -n "$list" ] && { echo "$pkg"; return; }
  case $probe in
    /*) [ -e "$probe" ] ;;
    *) command -v "$probe" >/dev/null 2>&1 ;;
  esac || missing="$missing $pkg"
}

missing=""
# Building: the compiler's generators, libuv, libcurl and OpenSSL for the
# runtime, objcopy for `acc --frame-report`.
need flex            flex
need bison           bison
need pkg-config      pkg-config
need libuv1-dev      /usr/include/uv.h
need libcurl4-openssl-dev curl-config
need libssl-dev      /usr/include/openssl/ssl.h
need binutils        objcopy

case $purpose in
  test)
    need libcmocka-dev   /usr/include/cmocka.h
    need clang           clang
    need gdb             gdb
    need valgrind        valgrind
    need python3         python3
    need procps          ps
    # The TLS tests make their certificates with the openssl command.
    need openssl         openssl
    need csmith          csmith
    need libcsmith-dev   /usr/include/csmith/csmith.h
    # tests/buildsys: the build systems acc plugs into, and man -l.
    need cmake           cmake
    need ninja-build     ninja
    need meson           meson
    need man-db          man
    need clangd          clangd
    # make check-format (mk/format.mk).
    need clang-format    clang-format
    # make check-torture: GCC's torture tests, from the source tarball
    # (/usr/src/gcc-12/gcc-*.tar.xz).
    need gcc-12-source   /usr/src/gcc-12
    # make check-packaging (a check-% goal, so it takes this purpose).
    need dpkg-dev        dpkg-shlibdeps
    ;;
  demo)
    need python3         python3
    ;;
  deb)
    need dpkg-dev        dpkg-shlibdeps
    ;;
esac

[ -n "$list" ] && exit 0
if [ -n "$missing" ]; then
  cmd="apt-get install -y --no-install-recommends$missing"
  if [ "$(id -u)" = 0 ]; then
    echo "deps ($purpose): installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    # A fresh machine has no package lists; fetch them once if the install fails.
    $cmd >/dev/null 2>&1 || { apt-get update -qq && $cmd; } || {
      echo "deps: '$cmd' failed" >&2; exit 1; }
  else
    echo "deps ($purpose): missing packages:$missing" >&2
    echo "deps: run as root:  apt-get update && $cmd" >&2
    exit 1
  fi
fi
[ $# -ge 1 ] && { mkdir -p "$(dirname "$1")"; : > "$1"; }
exit 0
