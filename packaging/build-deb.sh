#!/bin/sh
# build-deb.sh — splits a `make install DESTDIR=DIR/stage PREFIX=/usr` tree
# into the Debian packages acc, libacrt0 and libacrt-dev and builds them
# with dpkg-deb (dependencies of the binaries from dpkg-shlibdeps).
#
# Usage: packaging/build-deb.sh DIR DEB_VERSION   (writes DIR/*.deb)
set -eu
dir=$1
version=$2
stage=$dir/stage
pkg=$dir/pkg
arch=$(dpkg --print-architecture)
major=${version%%.*}
upstream=${version%-*}
maint="Async C developers <asyncc@localhost>"

# move PACKAGE PATH...: moves staged files (relative to /usr) into PACKAGE.
move() {
  p=$1
  shift
  for f in "$@"; do
    mkdir -p "$pkg/$p/usr/$(dirname "$f")"
    mv "$stage/usr/$f" "$pkg/$p/usr/$f"
  done
}

rm -rf "$pkg"
move libacrt0 "lib/libacrt.so.$upstream" "lib/libacrt.so.$major"
move libacrt-dev include lib/libacrt.a lib/libacrt.so lib/pkgconfig \
  share/man/man3
move acc bin/acc lib/cmake share/acc share/man/man1
left=$(cd "$stage" && find . -type f -o -type l)
if [ -n "$left" ]; then
  echo "build-deb: files in no package: $left" >&2
  exit 1
fi

# Man pages are compressed (Debian policy); every package has its copyright
# and changelog.
find "$pkg" -path '*/share/man/*' -type f -exec gzip -9n {} +
for p in acc libacrt0 libacrt-dev; do
  d=$pkg/$p/usr/share/doc/$p
  mkdir -p "$d"
  cat > "$d/copyright" <<EOT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: asyncc
Comment: Async C, C with async functions, await and defer.
EOT
  printf 'asyncc (%s) unstable; urgency=medium\n\n  * Package of the Async C tree.\n\n -- %s  %s\n' \
    "$version" "$maint" "$(date -R -d @0)" | gzip -9n > "$d/changelog.Debian.gz"
done

# Shared-library dependencies, from a minimal debian/control.
shlibs_of() {
  work=$dir/shlibdeps
  rm -rf "$work"
  mkdir -p "$work/debian"
  printf 'Source: asyncc\n\nPackage: %s\nArchitecture: any\n' "$1" > "$work/debian/control"
  shift
  (cd "$work" && dpkg-shlibdeps -O "$@" 2>/dev/null) |
    sed -n 's/^shlibs:Depends=//p'
  rm -rf "$work"
}
acc_deps=$(shlibs_of acc "$(cd "$pkg/acc/usr/bin" && pwd)/acc")
rt_deps=$(shlibs_of libacrt0 "$(cd "$pkg/libacrt0/usr/lib" && pwd)/libacrt.so.$upstream")

# control PACKAGE SECTION DEPENDS DESCRIPTION...
control() {
  p=$1
  section=$2
  depends=$3
  shift 3
  mkdir -p "$pkg/$p/DEBIAN"
  size=$(du -sk "$pkg/$p/usr" | cut -f1)
  {
    echo "Package: $p"
    echo "Version: $version"
    echo "Architecture: $arch"
    echo "Maintainer: $maint"
    echo "Installed-Size: $size"
    echo "Section: $section"
    echo "Priority: optional"
    [ -n "$depends" ] && echo "Depends: $depends"
    echo "Homepage: https://localhost/asyncc"
    echo "Description: $1"
    shift
    for line in "$@"; do echo " $line"; done
  } > "$pkg/$p/DEBIAN/control"
  (cd "$pkg/$p" && find usr -type f | sort | xargs md5sum) > "$pkg/$p/DEBIAN/md5sums"
}

control libacrt0 libs "$rt_deps" \
  "Async C runtime library" \
  "libacrt runs the tasks of programs written in Async C (C with async" \
  "functions, await and defer) on a libuv event loop: tasks, futures," \
  "timers, TCP, files, processes and an HTTP client."
echo "libacrt $major libacrt0 (>= $upstream)" > "$pkg/libacrt0/DEBIAN/shlibs"
echo "activate-noawait ldconfig" > "$pkg/libacrt0/DEBIAN/triggers"

control libacrt-dev libdevel \
  "libacrt0 (= $version), libuv1-dev, libcurl4-openssl-dev | libcurl-dev, libssl-dev" \
  "Async C runtime library - development files" \
  "Headers (acrt.h, acrt_io.h, acrt_http.h, acrt_sync.h, ...), the static library," \
  "the pkg-config file acrt.pc and the manual page libacrt(3)."

control acc devel \
  "${acc_deps:+$acc_deps, }libacrt-dev (= $version), gcc | c-compiler, binutils" \
  "Async C compiler" \
  "acc compiles Async C (.ac files: C with async functions, await and" \
  "defer) into programs linked with the Async C runtime.  Includes the" \
  "CMake package AsyncC, the Make fragment /usr/share/acc/acc.mk and the" \
  "manual page acc(1)."

for p in libacrt0 libacrt-dev acc; do
  dpkg-deb --root-owner-group -Zxz --build "$pkg/$p" \
    "$dir/${p}_${version}_$arch.deb" > /dev/null
  echo "build-deb: $dir/${p}_${version}_$arch.deb"
done
