#!/bin/sh
# run.sh — Async C inside the build systems C projects use, and what
# `make install` puts in place for them (issue 13).  Each test prints and
# records `[PASS] buildsys: name` or `[FAIL] buildsys: name` with the reason.
#
#   install          make install DESTDIR=... puts every file in place
#   shared-lib       libacrt.so.MAJOR: SONAME, symlinks, exports = public API
#   pkg-config       Libs.private; the --emit-c recipe runs without
#                    LD_LIBRARY_PATH (rpath)
#   system-dir       acc works with the runtime's headers in a system
#                    include directory (/usr/include, /usr/local/include)
#   cmake-ninja, cmake-make, meson, make-fragment
#                    the two-directory project (proj/: lib/ with async
#                    functions and a public header, app/ awaiting them) is
#                    built and run; touching lib/include/mylib.h rebuilds
#                    exactly fetch.o and main.o
#   cmake-version    find_package(AsyncC 99) is refused
#   man              acc(1), libacrt(3) render with `man -l` without
#                    warnings; every option of `acc --help` is in acc(1)
#                    and docs/acc.md
#   doc-examples     every complete C example in README.md and docs/*.md
#                    compiles (those with main() also link and run)
#   deps-split       mk/deps.sh: test-only packages are not build deps
#   compdb           acc -MJ gives a compile_commands.json that clang reads
#   editors          contrib/ Vim syntax loads; the TextMate grammar is valid
#
# Run by `make check-buildsys` (tests/buildsys.mk), which sets: ACC, CC,
# BUILD, WORK (an empty scratch folder), LOG, MAKE, PREFIX, VERSION.
set -u
SRC=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$SRC/../.." && pwd)
: "${CC:=cc}" "${MAKE:=make}"
export CC
# The build systems must find the installed acc by themselves (CMake and
# acc.mk would take $ACC): the in-tree one is only for --help and the docs.
TREE_ACC=$ACC
unset ACC
mkdir -p "$WORK" "$(dirname "$LOG")"
: > "$LOG"
cd "$WORK" || exit 1

npass=0
nfail=0
pass() {
  echo "[PASS] buildsys: $1" | tee -a "$LOG"
  npass=$((npass + 1))
}
# fail NAME REASON [FILE...]: the reason, then each file's last lines.
fail() {
  name=$1
  reason=$2
  shift 2
  echo "[FAIL] buildsys: $name" | tee -a "$LOG"
  echo "    $reason"
  for f in "$@"; do
    [ -f "$f" ] && tail -40 "$f" | sed 's/^/    | /'
  done
  nfail=$((nfail + 1))
}

# Every command gets a time limit: a hung build fails the test, never the run.
tmo() { timeout 300 "$@"; }

STAGE=$WORK/stage
INST=$STAGE$PREFIX
# pkg-config for the staged prefix (acrt.pc names PREFIX, not the stage).
cat > "$WORK/pkg-config" <<EOF
#!/bin/sh
PKG_CONFIG_PATH=$INST/lib/pkgconfig exec pkg-config --define-variable=prefix=$INST "\$@"
EOF
chmod +x "$WORK/pkg-config"

t_install() {
  if ! tmo $MAKE -C "$ROOT" --no-print-directory install DESTDIR="$STAGE" \
      > install.log 2>&1; then
    fail install "make install DESTDIR=$STAGE failed" install.log
    return 1
  fi
  for f in bin/acc lib/libacrt.a "lib/libacrt.so.$VERSION" lib/libacrt.so.0 \
           lib/libacrt.so lib/pkgconfig/acrt.pc include/acrt.h \
           include/acrt_tooling.h lib/cmake/AsyncC/AsyncCConfig.cmake \
           lib/cmake/AsyncC/AsyncCConfigVersion.cmake share/acc/acc.mk \
           share/man/man1/acc.1 share/man/man3/libacrt.3; do
    if [ ! -e "$INST/$f" ]; then
      fail install "$f is not installed" install.log
      return 1
    fi
  done
  pass install
}

t_shared_lib() {
  so=$INST/lib/libacrt.so.$VERSION
  soname=$(readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
  if [ "$soname" != libacrt.so.0 ]; then
    fail shared-lib "SONAME is '$soname', not libacrt.so.0"
    return
  fi
  if [ "$(readlink "$INST/lib/libacrt.so.0")" != "libacrt.so.$VERSION" ] ||
     [ "$(readlink "$INST/lib/libacrt.so")" != libacrt.so.0 ]; then
    fail shared-lib "symlinks: $(ls -l "$INST"/lib/libacrt.so*)"
    return
  fi
  # Every exported symbol is named in a public header; the objects' other
  # global symbols (runtime internals) are not exported.
  nm -D --defined-only "$so" | awk '{print $3}' | sed 's/@.*//' |
    grep -v '^ACRT_' | sort > exported.txt
  grep -oh '\bac_[A-Za-z0-9_]*' "$ROOT"/runtime/include/*.h | sort -u > public.txt
  extra=$(comm -23 exported.txt public.txt | tr '\n' ' ')
  if [ -n "$extra" ]; then
    fail shared-lib "exported but not in the public headers: $extra"
    return
  fi
  nm --defined-only -g "$INST/lib/libacrt.a" 2>/dev/null |
    awk 'NF == 3 {print $3}' | sort -u > globals.txt
  hidden=$(comm -23 globals.txt public.txt | head -1)
  if [ -z "$hidden" ] || grep -qx "$hidden" exported.txt; then
    fail shared-lib "no internal symbol is hidden (checked '$hidden')"
    return
  fi
  pass shared-lib
}

t_pkg_config() {
  libs=$("$WORK/pkg-config" --libs acrt)
  static=$("$WORK/pkg-config" --static --libs acrt)
  case "$libs" in *-luv*) fail pkg-config "--libs names libuv: $libs"; return ;; esac
  case "$static" in *-luv*-lm*) ;; *) fail pkg-config "--static --libs: $static"; return ;; esac
  cat > hello.ac <<'EOF'
#include <stdio.h>
#include <acrt.h>
async int amain(void) {
  await ac_sleep(0);
  printf("hello, world\n");
  return 0;
}
int main(void) { return ac_run(amain()); }
EOF
  # The README's recipe, with the staged prefix.
  if ! "$INST/bin/acc" --emit-c hello.ac -o hello.c 2> err.txt ||
     ! $CC hello.c $("$WORK/pkg-config" --cflags --libs acrt) -o hello_so \
       2>> err.txt; then
    fail pkg-config "the --emit-c recipe does not build" err.txt
    return
  fi
  if ! readelf -d hello_so | grep -q 'NEEDED.*libacrt\.so\.0'; then
    fail pkg-config "the program does not use libacrt.so.0"
    return
  fi
  out=$(env -u LD_LIBRARY_PATH ./hello_so 2>&1)
  if [ "$out" != "hello, world" ]; then
    fail pkg-config "without LD_LIBRARY_PATH the program says: $out"
    return
  fi
  pass pkg-config
}

# Installed in /usr or /usr/local, the headers are in a directory cc already
# searches as a system one, so cc drops acc's -I for it and acrt.h is read as
# a system header; -isystem does the same with the staged prefix.
t_system_dir() {
  cp "$ROOT/samples/gather.ac" .
  if ! CC="$CC -isystem $INST/include" "$INST/bin/acc" gather.ac -o gather \
      > sys.log 2>&1; then
    fail system-dir "acc fails when acrt.h is in a system include directory" sys.log
  elif ! AC_CLOCK=virtual tmo ./gather > gather.txt 2>&1 ||
       ! diff -u "$ROOT/samples/gather.out" gather.txt > diff.txt; then
    fail system-dir "gather's output differs" diff.txt
  else
    pass system-dir
  fi
}

# Copies the project afresh (its header's time stamp is the test's own).
fresh_project() {
  rm -rf "$WORK/proj"
  cp -R "$SRC/proj" "$WORK/proj"
}

# check_rebuild NAME RUN-DIR OUT-DIR BUILD-CMD...: builds (in RUN-DIR),
# runs the program (under OUT-DIR), touches the public header, builds again,
# and compares the rebuilt objects with the two that include the header
# (fetch and main).
check_rebuild() {
  name=$1
  rundir=$2
  dir=$3
  shift 3
  if ! (cd "$rundir" && tmo "$@") > "$name.log" 2>&1; then
    fail "$name" "the first build failed" "$name.log"
    return
  fi
  prog=$(find "$dir" -type f \( -name app -o -name demo \) -perm -u+x | head -1)
  out=$(env -u LD_LIBRARY_PATH "$prog" 2>&1)
  if [ "$out" != "fetch 3 -> 30, twice 21 -> 42, other 7" ]; then
    fail "$name" "the program ($prog) says: $out"
    return
  fi
  touch "$dir/.before"
  sleep 0.05
  touch "$WORK/proj/lib/include/mylib.h"
  if ! (cd "$rundir" && tmo "$@") >> "$name.log" 2>&1; then
    fail "$name" "the build after touching mylib.h failed" "$name.log"
    return
  fi
  rebuilt=$(find "$dir" -name '*.o' -newer "$dir/.before" |
            sed 's|.*/||; s|\.ac\.o$|.o|' | sort | tr '\n' ' ')
  if [ "$rebuilt" != "fetch.o main.o " ]; then
    fail "$name" "touching mylib.h rebuilt '$rebuilt', not 'fetch.o main.o '" \
      "$name.log"
    return
  fi
  pass "$name"
}

t_cmake() {
  gen=$1
  name=$2
  fresh_project
  b=$WORK/$name
  rm -rf "$b"
  if ! tmo cmake -S "$WORK/proj" -B "$b" -G "$gen" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_PREFIX_PATH="$INST" \
      -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
      > "$name-configure.log" 2>&1; then
    fail "$name" "cmake configure failed" "$name-configure.log"
    return
  fi
  check_rebuild "$name" "$b" "$b" cmake --build . -j 2
  # The build type's flags and the include directory reach acc.
  if [ "$gen" = Ninja ]; then
    cmd=$(cd "$b" && ninja -t commands | grep 'acc .*main\.ac')
    case "$cmd" in
      *"-O2 -g -DNDEBUG"*"-MD"*) ;;
      *) fail "$name-flags" "acc does not get the build type's flags: $cmd"; return ;;
    esac
    case "$cmd" in
      *"-I$WORK/proj/lib/include"*) pass "$name-flags" ;;
      *) fail "$name-flags" "acc does not get the include directory: $cmd" ;;
    esac
  fi
}

t_cmake_version() {
  mkdir -p vproj
  cat > vproj/CMakeLists.txt <<'EOF'
cmake_minimum_required(VERSION 3.20)
project(v C)
find_package(AsyncC 99 REQUIRED)
EOF
  if tmo cmake -S vproj -B vbuild -DCMAKE_PREFIX_PATH="$INST" > v.log 2>&1; then
    fail cmake-version "find_package(AsyncC 99) was accepted" v.log
  elif ! grep -q 'AsyncCConfigVersion\|version' v.log; then
    fail cmake-version "refused, but not for its version" v.log
  else
    pass cmake-version
  fi
}

t_meson() {
  fresh_project
  b=$WORK/meson
  rm -rf "$b"
  cat > native.ini <<EOF
[binaries]
pkgconfig = '$WORK/pkg-config'
acc = '$INST/bin/acc'
EOF
  if ! tmo meson setup --native-file "$WORK/native.ini" "$b" "$WORK/proj" \
      > meson-setup.log 2>&1; then
    fail meson "meson setup failed" meson-setup.log
    return
  fi
  check_rebuild meson "$b" "$b" ninja -j2
}

t_make_fragment() {
  fresh_project
  b=$WORK/mkobj
  rm -rf "$b"
  check_rebuild make-fragment "$WORK/proj" "$b" $MAKE --no-print-directory \
    ACC_MK="$INST/share/acc/acc.mk" O="$b" CFLAGS=-O2
  # The objects went under O= (lib/ and app/ created as needed).
  [ -f "$b/lib/fetch.o" ] && [ -f "$b/app/main.d" ] ||
    fail make-fragment-objdir "objects or .d files are not under $b"
}

t_man() {
  ok=1
  for page in man1/acc.1 man3/libacrt.3; do
    f=$INST/share/man/$page
    if ! MANWIDTH=80 man --warnings -l "$f" > man.txt 2> man.err ||
       [ -s man.err ] || [ ! -s man.txt ]; then
      fail man "man -l $page: warnings or no output" man.err
      ok=0
    fi
  done
  # Every option of `acc --help` (the first word of each option line).
  "$TREE_ACC" --help | sed -n 's/^  \(-[^ ]*\).*/\1/p' | sed 's/\[.*//; s/,$//' |
    sort -u > options.txt
  MANWIDTH=200 man -l "$INST/share/man/man1/acc.1" 2> /dev/null > acc1.txt
  for opt in $(cat options.txt); do
    if ! grep -q -e "$opt" acc1.txt; then
      fail man "acc(1) does not mention $opt"
      ok=0
    fi
    if ! grep -q -e "\`$opt" "$ROOT/docs/acc.md"; then
      fail man "docs/acc.md does not mention $opt"
      ok=0
    fi
  done
  for word in CC AC_CLOCK AC_DEBUG "EXIT STATUS" EXAMPLES; do
    grep -q "$word" acc1.txt || { fail man "acc(1) has no $word"; ok=0; }
  done
  [ $ok = 1 ] && pass man
}

# Every ```c block of the documentation that has an #include is a complete
# unit: it compiles with acc -c; one with main() also links and runs.
t_doc_examples() {
  rm -rf docex && mkdir docex
  python3 "$SRC/doc_examples.py" docex "$ROOT"/README.md "$ROOT"/docs/*.md \
    > docex/list.txt || { fail doc-examples "cannot extract the examples"; return; }
  n=0
  bad=""
  while read -r f; do
    n=$((n + 1))
    if grep -q 'int main' "$f"; then
      if ! (cd docex && tmo "$TREE_ACC" -Wall "${f##*/}" -o "${f##*/}.bin") \
          > "$f.log" 2>&1 ||
         ! (cd docex && AC_CLOCK=virtual tmo "./${f##*/}.bin") >> "$f.log" 2>&1; then
        bad="$bad ${f##*/}"
      fi
    elif ! (cd docex && tmo "$TREE_ACC" -Wall -c "${f##*/}" -o "${f##*/}.o") \
        > "$f.log" 2>&1; then
      bad="$bad ${f##*/}"
    fi
  done < docex/list.txt
  if [ $n -lt 3 ]; then
    fail doc-examples "only $n examples found"
  elif [ -n "$bad" ]; then
    first=${bad# }
    first=${first%% *}
    fail doc-examples "these do not build or run:$bad" "docex/$first" "docex/$first.log"
  else
    echo "    ($n examples)"
    pass doc-examples
  fi
}

t_deps_split() {
  build=$(sh "$ROOT/mk/deps.sh" --list build | tr '\n' ' ')
  test=$(sh "$ROOT/mk/deps.sh" --list test | tr '\n' ' ')
  for p in libcmocka-dev csmith valgrind gdb clang cmake meson; do
    case " $build" in *" $p "*) fail deps-split "$p is a build dependency"; return ;; esac
  done
  for p in libcmocka-dev cmake ninja-build meson man-db flex; do
    case " $test" in *" $p "*) ;; *) fail deps-split "$p is not a test dependency"; return ;; esac
  done
  case " $(sh "$ROOT/mk/deps.sh" --list deb | tr '\n' ' ')" in
    *" dpkg-dev "*) ;;
    *) fail deps-split "deb does not need dpkg-dev"; return ;;
  esac
  # As a normal user with the tools missing (a PATH holding only an `id`
  # that says uid 1000), it installs nothing and prints one apt-get line.
  mkdir -p fakebin
  printf '#!/bin/sh\necho 1000\n' > fakebin/id
  chmod +x fakebin/id
  sh=$(command -v sh)
  if PATH=$WORK/fakebin "$sh" "$ROOT/mk/deps.sh" build > deps.out 2> deps.err; then
    fail deps-split "mk/deps.sh build succeeded with no tools on PATH" deps.err
  elif [ "$(grep -c 'apt-get install' deps.err)" != 1 ] ||
       ! grep -q 'apt-get install -y --no-install-recommends flex bison' deps.err ||
       grep -q cmocka deps.err; then
    fail deps-split "not one apt-get line with the build packages" deps.err
  else
    pass deps-split
  fi
}

t_compdb() {
  fresh_project
  p=$WORK/proj
  if ! (cd "$p" && "$INST/bin/acc" -MJ main.json -Ilib/include -c app/main.ac \
          -o main.o && "$INST/bin/acc" -MJ fetch.json -Ilib/include -c \
          lib/fetch.ac -o fetch.o) > compdb.log 2>&1; then
    fail compdb "acc -MJ failed" compdb.log
    return
  fi
  sed -e '1s/^/[/' -e '$s/,$/]/' "$p/main.json" "$p/fetch.json" \
    > "$p/compile_commands.json"
  # Each entry's command, run by clang with -fsyntax-only, reads the .ac.
  if ! python3 - "$p/compile_commands.json" > compdb.log 2>&1 <<'EOF'
import json, subprocess, sys
entries = json.load(open(sys.argv[1]))
assert len(entries) == 2, entries
for e in entries:
    args = ["clang"] + e["arguments"][1:]
    i = args.index("-o"); del args[i:i + 2]
    args.remove("-c")
    assert "acrt_tooling.h" in args, args
    subprocess.run(args + ["-fsyntax-only"], cwd=e["directory"], check=True)
EOF
  then
    fail compdb "compile_commands.json is not read by clang" compdb.log
    return
  fi
  # clangd itself, on the -MJ database, and on CMake's exported one with
  # contrib/clangd/clangd.yaml as the project's .clangd.
  if ! tmo clangd --compile-commands-dir="$p" --check="$p/app/main.ac" \
      > clangd.log 2>&1; then
    fail compdb "clangd --check fails with the -MJ database" clangd.log
    return
  fi
  cp "$ROOT/contrib/clangd/clangd.yaml" "$p/.clangd"
  if [ ! -f "$WORK/cmake-ninja/compile_commands.json" ] ||
     ! tmo clangd --compile-commands-dir="$WORK/cmake-ninja" \
       --check="$p/lib/fetch.ac" > clangd.log 2>&1; then
    fail compdb "clangd --check fails with CMake's database and .clangd" clangd.log
    return
  fi
  pass compdb
}

t_editors() {
  vimdir=$ROOT/contrib/vim
  if ! [ -f "$vimdir/syntax/asyncc.vim" ] || ! [ -f "$vimdir/ftdetect/asyncc.vim" ]; then
    fail editors "contrib/vim/{syntax,ftdetect}/asyncc.vim missing"
    return
  fi
  if command -v vim > /dev/null 2>&1; then
    printf 'async int f(void) {\n  defer g();\n  return await h();\n}\n' > ed.ac
    # Vim detects .ac, loads the syntax, and colours `await` as a keyword.
    tmo vim -Nu NONE -i NONE -Es --cmd "set rtp^=$vimdir" \
      -c 'filetype on' -c 'syntax on' -c 'edit ed.ac' \
      -c 'call writefile([&filetype, synIDattr(synID(3, 10, 1), "name")], "vim.out")' \
      -c 'qall!' < /dev/null > /dev/null 2>&1
    if [ "$(cat vim.out 2>/dev/null | tr '\n' ' ')" != "asyncc asyncKeyword " ]; then
      fail editors "vim: filetype/syntax of ed.ac: $(cat vim.out 2>/dev/null | tr '\n' ' ')"
      return
    fi
  fi
  if ! python3 - "$ROOT/contrib/vscode/syntaxes/asyncc.tmLanguage.json" \
      "$ROOT/contrib/vscode/package.json" > tm.log 2>&1 <<'EOF'
import json, re, sys
g = json.load(open(sys.argv[1]))
assert g["scopeName"] == "source.asyncc" and "ac" in g["fileTypes"]
text = json.dumps(g)
for kw in ("async", "await", "defer"):
    assert kw in text, kw
def regexes(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("match", "begin", "end") and isinstance(v, str):
                yield v
            else:
                yield from regexes(v)
    elif isinstance(node, list):
        for v in node:
            yield from regexes(v)
for r in regexes(g):
    re.compile(r)
p = json.load(open(sys.argv[2]))
assert p["contributes"]["grammars"][0]["scopeName"] == "source.asyncc"
EOF
  then
    fail editors "the TextMate grammar or VS Code package is invalid" tm.log
    return
  fi
  pass editors
}

start=$(date +%s)
if t_install; then
  t_shared_lib
  t_pkg_config
  t_system_dir
  t_cmake Ninja cmake-ninja
  t_cmake "Unix Makefiles" cmake-make
  t_cmake_version
  t_meson
  t_make_fragment
  t_man
  t_compdb
fi
t_doc_examples
t_deps_split
t_editors
echo "buildsys: $npass passed, $nfail failed ($(($(date +%s) - start)) s)"
[ "$nfail" -eq 0 ]
