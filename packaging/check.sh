#!/bin/sh
# check.sh — `make check-packaging`: the Debian packages made by `make deb`
# install into a scratch root (dpkg -x, so the machine's /usr is left
# alone) and work from there with nothing of the source or build tree:
#
#   contents     each package has its files (soname symlink in libacrt0)
#   depends      every Depends names a package apt knows
#   acc-alone    the packaged acc builds samples/hello.ac, whose output
#                matches samples/hello.out
#   acc-system-dir  samples/gather.ac, with the headers in a system include
#                directory (as in /usr/include once installed)
#   emit-c       the --emit-c + pkg-config recipe links libacrt.so.0
#   cmake        find_package(AsyncC) from the packaged tree builds the
#                two-directory test project
#   man          both man pages render with man -l
#
# Usage: packaging/check.sh DEB_DIR DEB_VERSION LOG
set -u
dir=$(cd "$1" && pwd)
version=$2
log=$3
src=$(cd "$(dirname "$0")/.." && pwd)
arch=$(dpkg --print-architecture)
work=$dir/check
root=$work/root
rm -rf "$work"
mkdir -p "$root" "$(dirname "$log")"
rm -f "$log"
cd "$work" || exit 1

npass=0
nfail=0
pass() { echo "[PASS] packaging: $1" | tee -a "$log"; npass=$((npass + 1)); }
fail() {
  echo "[FAIL] packaging: $1" | tee -a "$log"
  echo "    $2"
  [ $# -ge 3 ] && [ -f "$3" ] && tail -30 "$3" | sed 's/^/    | /'
  nfail=$((nfail + 1))
}
tmo() { timeout 300 "$@"; }

deb() { echo "$dir/${1}_${version}_$arch.deb"; }

ok=1
for p in libacrt0 libacrt-dev acc; do
  if [ ! -f "$(deb $p)" ]; then
    fail contents "$(deb $p) is missing"
    ok=0
    continue
  fi
  dpkg-deb -x "$(deb $p)" "$root"
done
for f in usr/bin/acc usr/lib/libacrt.so.0 usr/lib/libacrt.so usr/lib/libacrt.a \
         usr/include/acrt.h usr/lib/pkgconfig/acrt.pc \
         usr/lib/cmake/AsyncC/AsyncCConfig.cmake usr/share/acc/acc.mk \
         usr/share/man/man1/acc.1.gz usr/share/man/man3/libacrt.3.gz; do
  [ -e "$root/$f" ] || { fail contents "$f is in no package"; ok=0; }
done
dpkg-deb -c "$(deb libacrt0)" | grep -q 'usr/lib/libacrt.so.0 -> ' ||
  { fail contents "libacrt0 has no libacrt.so.0 symlink"; ok=0; }
[ $ok = 1 ] && pass contents

ok=1
for p in libacrt0 libacrt-dev acc; do
  deps=$(dpkg-deb -f "$(deb $p)" Depends)
  # The first name of each alternative, without its version.
  for name in $(echo "$deps" | tr ',' '\n' | sed 's/|.*//; s/(.*//; s/ //g'); do
    case $name in libacrt0|libacrt-dev|acc) continue ;; esac
    if ! apt-cache show "$name" > /dev/null 2>&1 &&
       ! dpkg-query -W "$name" > /dev/null 2>&1; then
      fail depends "$p depends on unknown package '$name'"
      ok=0
    fi
  done
done
[ $ok = 1 ] && pass depends

# Only the scratch root's acc, with a minimal environment.
cp "$src/samples/hello.ac" .
if ! env -i PATH=/usr/bin:/bin "$root/usr/bin/acc" hello.ac -o hello \
    > acc.log 2>&1; then
  fail acc-alone "the packaged acc cannot build hello.ac" acc.log
elif ! env -i PATH=/usr/bin:/bin "$root/usr/bin/acc" -v hello.ac -o hello2 \
    2> v.log || grep -q -e "$src/build/include" -e "$src/build/lib" \
    -e "$src/runtime" v.log || ! grep -q "prefix $root/usr," v.log; then
  fail acc-alone "the packaged acc uses the source or build tree" v.log
elif ! tmo ./hello > hello.txt 2>&1 || ! diff -u "$src/samples/hello.out" hello.txt > diff.txt; then
  fail acc-alone "hello's output differs" diff.txt
else
  pass acc-alone
fi

# Installed in /usr, the headers are in a system include directory: gcc
# drops acc's -I/usr/include as a duplicate, so acrt.h is read as a system
# header.  -isystem on the scratch root's include directory does the same.
# gather.ac awaits the runtime's async functions (declared in acrt.h).
cp "$src/samples/gather.ac" .
if ! env -i PATH=/usr/bin:/bin CC="cc -isystem $root/usr/include" \
    "$root/usr/bin/acc" gather.ac -o gather > sys.log 2>&1; then
  fail acc-system-dir "acc fails when acrt.h is in a system include directory" sys.log
elif ! AC_CLOCK=virtual tmo ./gather > gather.txt 2>&1 ||
     ! diff -u "$src/samples/gather.out" gather.txt > diff.txt; then
  fail acc-system-dir "gather's output differs" diff.txt
else
  pass acc-system-dir
fi

# pkg-config against the scratch root (as /usr: no rpath is needed there,
# so the program is run with the scratch root's lib as the system's).
pc="env PKG_CONFIG_SYSROOT_DIR=$root PKG_CONFIG_LIBDIR=$root/usr/lib/pkgconfig pkg-config"
cat > hi.ac <<'EOT'
#include <stdio.h>
#include <acrt.h>
async int amain(void) { await ac_sleep(0); puts("hi"); return 0; }
int main(void) { return ac_run(amain()); }
EOT
if ! "$root/usr/bin/acc" --emit-c hi.ac -o hi.c > emit.log 2>&1 ||
   ! cc hi.c $($pc --cflags --libs acrt) -o hi >> emit.log 2>&1; then
  fail emit-c "the --emit-c recipe does not build" emit.log
elif ! readelf -d hi | grep -q 'NEEDED.*libacrt\.so\.0'; then
  fail emit-c "hi does not need libacrt.so.0"
elif [ "$(LD_LIBRARY_PATH=$root/usr/lib ./hi)" != hi ]; then
  fail emit-c "hi does not run"
else
  pass emit-c
fi

if command -v cmake > /dev/null && command -v ninja > /dev/null; then
  cp -R "$src/tests/buildsys/proj" proj
  if ! (unset ACC; tmo cmake -S proj -B cm -G Ninja -DCMAKE_PREFIX_PATH="$root/usr" &&
        tmo cmake --build cm) > cmake.log 2>&1; then
    fail cmake "the test project does not build with the packaged CMake files" cmake.log
  elif [ "$(./cm/app/app)" != "fetch 3 -> 30, twice 21 -> 42, other 7" ]; then
    fail cmake "the test project's program misbehaves"
  else
    pass cmake
  fi
fi

ok=1
for m in man1/acc.1.gz man3/libacrt.3.gz; do
  if ! MANWIDTH=80 man --warnings -l "$root/usr/share/man/$m" > man.txt 2> man.err ||
     [ -s man.err ] || [ ! -s man.txt ]; then
    fail man "man -l $m" man.err
    ok=0
  fi
done
[ $ok = 1 ] && pass man

echo "packaging: $npass passed, $nfail failed"
[ $nfail -eq 0 ]
