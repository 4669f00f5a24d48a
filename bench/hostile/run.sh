#!/usr/bin/env bash
# hostile/run.sh: lwiplint against hostile input.
#
# Every case is a small input this script makes (nothing is downloaded or
# committed): macro bombs, huge and degenerate files, include loops,
# binary data, FIFOs, devices and links to them in every place the tool
# reads a file, malformed C, hostile .lwiplint.toml, sdkconfig,
# FreeRTOSIPConfig.h and compile_commands.json, and writes that must not
# happen. Each case runs lwiplint once, under a time limit, and passes
# when:
#   * the exit code is one of those the case allows (the README's codes);
#   * nothing on stderr shows a panic, a goroutine dump or an internal
#     error, and an error message is at most 2,000 bytes a line;
#   * peak RSS (GNU time's %M) is at most --rss MB (256 by default);
#   * it ended within --timeout seconds (30 by default);
#   * for the write cases, the files that must stay are unchanged byte for
#     byte.
# It prints one line per case: ok or FAIL, the name, the exit code, the
# wall time and the peak RSS, then the peak RSS per class, and exits 1 when
# a case failed.
#
# usage: bench/hostile/run.sh [--lwiplint BIN] [--rss MB] [--timeout S] [--only SUBSTRING] [--keep]
set -uo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
bin="" rss_limit=256 timeout_s=30 only="" keep=0
while [ $# -gt 0 ]; do
  case $1 in
  --lwiplint) bin=$2; shift 2 ;;
  --rss) rss_limit=$2; shift 2 ;;
  --timeout) timeout_s=$2; shift 2 ;;
  --only) only=$2; shift 2 ;;
  --keep) keep=1; shift ;;
  -h | --help) sed -n '2,21p' "$0"; exit 0 ;;
  *) echo "hostile: unknown flag $1" >&2; exit 2 ;;
  esac
done
command -v /usr/bin/time >/dev/null || { echo "hostile: GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 2; }
work=$(mktemp -d)
[ $keep = 1 ] || trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
if [ -z "$bin" ]; then
  bin=$work/lwiplint
  (cd "$here" && CGO_ENABLED=0 go build -o "$bin" ./cmd/lwiplint) || exit 2
fi
export LWIPLINT_CACHE_DIR=$work/cache NO_COLOR=1
unset IDF_PATH

pass=0 fail=0
declare -A class_rss
# run_case CLASS NAME CODES DIR -- ARGS...: run lwiplint ARGS in DIR.
run_case() {
  local class=$1 name=$2 codes=$3 dir=$4; shift 5
  [ -n "$only" ] && [[ $name != *"$only"* ]] && return
  local out=$work/out.$$ err=$work/err.$$ tf=$work/time.$$
  local start end code rss ms why=""
  start=$(date +%s%N)
  (cd "$dir" && /usr/bin/time -o "$tf" -f '%M' timeout -s KILL "$timeout_s" "$bin" "$@" </dev/null >"$out" 2>"$err")
  code=$?
  end=$(date +%s%N)
  ms=$(((end - start) / 1000000))
  rss=$(grep -E '^[0-9]+$' "$tf" | tail -1)
  rss=$(((${rss:-0} + 1023) / 1024))
  if grep -q 'Command terminated by signal 9' "$tf" 2>/dev/null || [ $code = 137 ]; then
    why="killed after ${timeout_s}s"
  elif [[ ",$codes," != *",$code,"* ]]; then
    why="exit $code, want $codes"
  elif grep -Eq 'panic:|goroutine [0-9]+ \[|internal error' "$err"; then
    why="panic or internal error on stderr"
  elif awk 'length > 2000 { bad = 1 } END { exit !bad }' "$err"; then
    why="an error line longer than 2,000 bytes"
  elif [ "$rss" -gt "$rss_limit" ]; then
    why="peak RSS ${rss} MB > ${rss_limit} MB"
  elif [ -n "${CHECK:-}" ] && ! (cd "$dir" && eval "$CHECK"); then
    why="check failed: $CHECK"
  fi
  if [ -z "$why" ]; then
    pass=$((pass + 1))
    printf 'ok    %-44s exit %d  %6d ms  %4d MB\n' "$name" "$code" "$ms" "$rss"
  else
    fail=$((fail + 1))
    printf 'FAIL  %-44s exit %d  %6d ms  %4d MB  %s\n' "$name" "$code" "$ms" "$rss" "$why"
    head -c 600 "$err" | sed 's/^/      | /'
  fi
  [ "${class_rss[$class]:-0}" -lt "$rss" ] && class_rss[$class]=$rss
  rm -f "$out" "$err" "$tf"
}

# mk NAME: a fresh directory for a case; prints its path.
mk() { local d=$work/cases/$1; mkdir -p "$d"; echo "$d"; }
L=(--no-tree --lwip-version 2.1.3 --no-config)

# --- macro bombs and expansion limits -------------------------------------
d=$(mk stringify-bomb)
{
  echo '#define S(x) #x'
  echo '#define X(x) S(x x x x x x x x x x)'
  echo '#define A X(X(X(X(X(X(X(X(1))))))))'
  echo '#if sizeof(S(A)) > 0'
  echo '#endif'
  echo '#define TCP_MSS (A)'
} >"$d/lwipopts.h"
run_case bombs stringify-bomb 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk expansion-bomb)
{
  echo '#define A0 1'
  for i in $(seq 1 40); do echo "#define A$i A$((i - 1)) A$((i - 1))"; done
  echo '#if A40'
  echo '#endif'
} >"$d/lwipopts.h"
run_case bombs expansion-bomb-2^40 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk expansion-bomb-value)
{
  echo '#define A0 1'
  for i in $(seq 1 40); do echo "#define A$i (A$((i - 1)) + A$((i - 1)))"; done
  echo '#define TCP_MSS A40'
} >"$d/lwipopts.h"
run_case bombs expansion-bomb-in-an-option 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk fn-chain)
awk 'BEGIN { print "#define F0(x) x"; for (i = 1; i <= 250000; i++) printf "#define F%d(x) F%d(x)\n", i, i - 1; print "#define TCP_MSS F250000(536)" }' >"$d/lwipopts.h"
run_case bombs function-macro-chain-250k 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk obj-chain)
awk 'BEGIN { print "#define M0 536"; for (i = 1; i <= 200000; i++) printf "#define M%d M%d\n", i, i - 1; print "#define TCP_MSS M200000" }' >"$d/lwipopts.h"
run_case bombs object-macro-chain-200k 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk paste-bomb)
{
  echo '#define C(a, b) a##b'
  echo '#define D(x) C(x, x)'
  echo '#define TCP_MSS D(D(D(D(D(D(D(D(D(D(D(D(D(D(D(D(D(D(D(D(1))))))))))))))))))))'
} >"$d/lwipopts.h"
run_case bombs token-paste-bomb 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk va-bomb)
{
  echo '#define V(...) __VA_ARGS__, __VA_ARGS__'
  echo '#define TCP_MSS V(V(V(V(V(V(V(V(V(V(V(V(V(V(V(V(V(V(V(V(V(V(V(V(1))))))))))))))))))))))))'
} >"$d/lwipopts.h"
run_case bombs variadic-bomb 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk self-ref)
printf '#define TCP_MSS TCP_MSS\n#define A B\n#define B A\n#if A\n#endif\n' >"$d/lwipopts.h"
run_case bombs self-referencing-macros 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk many-defines)
for f in 1 2 3 4 5 6 7 8; do
  awk -v f=$f 'BEGIN { for (i = 0; i < 125000; i++) printf "#define M%d_%d %d\n", f, i, i }' >"$d/h$f.h"
  echo "#include \"h$f.h\"" >>"$d/lwipopts.h"
done
run_case bombs million-defines-in-8-files 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk null-directives)
yes '#' | head -n 4100000 >"$d/lwipopts.h"
run_case bombs null-directives-4.1M 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk blank-lines)
yes '' | head -n 8300000 >"$d/lwipopts.h"
run_case bombs blank-lines-8.3MB 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk long-line)
{ printf '#define TCP_MSS 1'; head -c 7000000 /dev/zero | tr '\0' ' '; printf '\n'; } >"$d/lwipopts.h"
run_case bombs long-line-7MB 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk long-ident)
{ printf '#define '; head -c 5000000 /dev/zero | tr '\0' 'A'; printf ' 1\n'; } >"$d/lwipopts.h"
run_case bombs long-identifier-5MB 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk many-params)
{ printf '#define F('; for i in $(seq 1 20000); do printf 'p%d,' $i; done; printf 'q) q\n#define TCP_MSS 536\n'; } >"$d/lwipopts.h"
run_case bombs macro-with-20k-parameters 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk huge-file)
yes '#define TCP_MSS 536' | head -c 9000000 >"$d/lwipopts.h"
run_case bombs file-over-the-size-limit 3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk deep-parens)
{ printf '#if '; head -c 100000 /dev/zero | tr '\0' '('; printf '1'; head -c 100000 /dev/zero | tr '\0' ')'; printf '\n#endif\n'; } >"$d/lwipopts.h"
run_case bombs parentheses-100k-deep 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk deep-unary)
{ printf '#if '; head -c 200000 /dev/zero | tr '\0' '-'; printf '1\n#endif\n'; } >"$d/lwipopts.h"
run_case bombs unary-minus-200k 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk deep-if)
{ for i in $(seq 1 20000); do echo '#if 1'; done; for i in $(seq 1 20000); do echo '#endif'; done; } >"$d/lwipopts.h"
run_case bombs nested-if-20k 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk many-args)
{ echo '#define F(...) 1'; printf '#define TCP_MSS F('; head -c 3000000 /dev/zero | tr '\0' ','; printf ')\n'; } >"$d/lwipopts.h"
run_case bombs call-with-3M-commas 0,1,3 "$d" -- "${L[@]}" lwipopts.h

# --- includes -------------------------------------------------------------
d=$(mk include-self)
echo '#include "lwipopts.h"' >"$d/lwipopts.h"
run_case includes include-itself 3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk include-cycle)
echo '#include "b.h"' >"$d/lwipopts.h"; echo '#include "c.h"' >"$d/b.h"; echo '#include "b.h"' >"$d/c.h"
run_case includes include-cycle 3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk include-next-loop)
echo '#include_next <lwipopts.h>' >"$d/lwipopts.h"
run_case includes include_next-with-duplicate-dirs 0,1,3 "$d" -- "${L[@]}" -I . -I . lwipopts.h
d=$(mk include-chain)
for i in $(seq 1 400); do echo "#include \"h$i.h\"" >"$d/h$((i - 1)).h"; done
echo '#define TCP_MSS 536' >"$d/h400.h"; cp "$d/h0.h" "$d/lwipopts.h"
run_case includes include-chain-400-deep 3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk include-fanout)
for i in $(seq 1 3000); do echo "#include \"h$((i % 7)).h\""; done >"$d/lwipopts.h"
for i in $(seq 0 6); do echo "#define H$i $i" >"$d/h$i.h"; done
run_case includes same-header-3000-times 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk include-missing)
echo '#include "board_config.h"' >"$d/lwipopts.h"; echo '#define TCP_MSS 536' >>"$d/lwipopts.h"
run_case includes missing-header 0,1 "$d" -- "${L[@]}" lwipopts.h
d=$(mk include-dir)
mkdir -p "$d/adir.h"; echo '#include "adir.h"' >"$d/lwipopts.h"
run_case includes include-of-a-directory 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk include-fifo)
mkfifo "$d/fifo.h"; echo '#include "fifo.h"' >"$d/lwipopts.h"
run_case includes include-of-a-fifo 3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk include-zero)
ln -s /dev/zero "$d/zero.h"; echo '#include "zero.h"' >"$d/lwipopts.h"
run_case includes include-of-dev-zero 3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk include-proc)
echo '#include "/proc/self/status"' >"$d/lwipopts.h"
run_case includes include-of-a-proc-file 3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk include-computed)
printf '#define H <\\\n/dev/zero>\n#include H\n' >"$d/lwipopts.h"
run_case includes computed-include-of-dev-zero 3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk include-unreadable)
echo '#define A 1' >"$d/secret.h"; chmod 000 "$d/secret.h"; echo '#include "secret.h"' >"$d/lwipopts.h"
run_case includes unreadable-header 0,1,3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk include-long-name)
{ printf '#include "'; head -c 5000 /dev/zero | tr '\0' 'a'; printf '.h"\n'; } >"$d/lwipopts.h"
run_case includes include-name-5000-bytes 0,1,3 "$d" -- "${L[@]}" lwipopts.h

# --- the configuration itself ---------------------------------------------
d=$(mk cfg-fifo)
mkfifo "$d/lwipopts.h"
run_case inputs configuration-is-a-fifo 3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk cfg-zero)
ln -s /dev/zero "$d/lwipopts.h"
run_case inputs configuration-is-dev-zero 3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk cfg-urandom)
ln -s /dev/urandom "$d/lwipopts.h"
run_case inputs configuration-is-dev-urandom 3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk cfg-missing)
run_case inputs configuration-missing 3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk cfg-dangling)
ln -s nowhere.h "$d/lwipopts.h"
run_case inputs dangling-link 3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk cfg-link-loop)
ln -s b.h "$d/lwipopts.h"; ln -s lwipopts.h "$d/b.h"
run_case inputs link-loop 3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk cfg-empty)
: >"$d/lwipopts.h"
run_case inputs empty-configuration 0,1 "$d" -- "${L[@]}" lwipopts.h
d=$(mk cfg-random)
head -c 65536 /dev/urandom >"$d/lwipopts.h"
run_case inputs random-binary 3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk cfg-elf)
cp "$bin" "$d/lwipopts.h"
run_case inputs an-executable-named-lwipopts.h 3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk cfg-utf16)
printf '\xff\xfe#\x00d\x00e\x00f\x00i\x00n\x00e\x00 \x00A\x00\n\x00' >"$d/lwipopts.h"
run_case inputs utf-16 3 "$d" -- "${L[@]}" lwipopts.h
d=$(mk dir-many)
for i in $(seq 1 300); do mkdir -p "$d/b$i"; echo "#define TCP_MSS $((500 + i))" >"$d/b$i/lwipopts.h"; done
run_case inputs directory-of-300-configurations 0,1 "$d" -- "${L[@]}" .
d=$(mk dir-deep)
p=$d; for i in $(seq 1 200); do p=$p/d; done; mkdir -p "$p"; echo '#define TCP_MSS 536' >"$p/lwipopts.h"
run_case inputs configuration-200-directories-deep 0,1 "$d" -- "${L[@]}" .
d=$(mk dir-link-loop)
mkdir -p "$d/a"; ln -s .. "$d/a/up"; echo '#define TCP_MSS 536' >"$d/a/lwipopts.h"
run_case inputs directory-link-loop 0,1 "$d" -- "${L[@]}" .
d=$(mk dir-unreadable)
mkdir -p "$d/locked"; echo '#define TCP_MSS 536' >"$d/lwipopts.h"; chmod 000 "$d/locked"
run_case inputs unreadable-subdirectory 0,1,3 "$d" -- "${L[@]}" .
d=$(mk path-newline)
mkdir -p "$d/a
b"; echo '#define TCP_MSS 536' >"$d/a
b/lwipopts.h"
run_case inputs path-with-a-newline 0,1 "$d" -- "${L[@]}" "a
b/lwipopts.h"
run_case inputs dev-null-as-path 3 "$d" -- "${L[@]}" /dev/null

# --- malformed C ----------------------------------------------------------
for c in \
  'unterminated-comment|/* never closed\n#define TCP_MSS 536\n' \
  'unterminated-if|#if 1\n#define TCP_MSS 536\n' \
  'stray-endif|#endif\n' \
  'else-without-if|#else\n' \
  'elif-after-else|#if 0\n#else\n#elif 1\n#endif\n' \
  'bad-directive|#frobnicate\n' \
  'if-without-expression|#if\n#endif\n' \
  'division-by-zero|#if 1/0\n#endif\n#define TCP_MSS 536\n' \
  'modulo-of-min|#if (-9223372036854775807-1) % -1\n#endif\n' \
  'shift-by-100|#if 1 << 100\n#endif\n' \
  'huge-number|#if 99999999999999999999999999999\n#endif\n' \
  'unterminated-string|#define S "abc\n#define TCP_MSS 536\n' \
  'unterminated-char|#if '"'"'a\n#endif\n' \
  'define-without-name|#define\n' \
  'define-number-name|#define 1 2\n' \
  'bad-parameter-list|#define F(a,,b) a\n' \
  'duplicate-parameter|#define F(a,a) a\n' \
  'unbalanced-call|#define F(x) x\n#define TCP_MSS F(1\n' \
  'paste-at-edge|#define F(x) ## x\n' \
  'stringify-non-parameter|#define F(x) #y\n' \
  'error-directive|#error stop here\n' \
  'pragma-garbage|#pragma \x01\x02\n' \
  'undef-builtin|#undef __FILE__\n#undef defined\n' \
  'define-defined|#define defined 1\n' \
  'line-directive-huge|#line 4294967295\n#define TCP_MSS 536\n' \
  'has-include-garbage|#if __has_include(\n#endif\n' \
  'backslash-at-eof|#define TCP_MSS 536 \\' \
  'only-backslashes|\\\n\\\n\\\n' \
  'nul-in-the-middle|#define TCP_MSS 536\n\x00\n'; do
  name=${c%%|*}
  d=$(mk "c-$name")
  printf '%b' "${c#*|}" >"$d/lwipopts.h"
  run_case malformed-c "$name" 0,1,3 "$d" -- "${L[@]}" lwipopts.h
done

# --- every other file the tool reads: FIFOs, devices, garbage --------------
d=$(mk baseline-fifo)
echo '#define TCP_MSS 536' >"$d/lwipopts.h"; mkfifo "$d/base.json"
run_case other-files baseline-is-a-fifo 2 "$d" -- "${L[@]}" --baseline base.json lwipopts.h
d=$(mk baseline-zero)
echo '#define TCP_MSS 536' >"$d/lwipopts.h"; ln -s /dev/zero "$d/base.json"
run_case other-files baseline-is-dev-zero 2 "$d" -- "${L[@]}" --baseline base.json lwipopts.h
d=$(mk baseline-garbage)
echo '#define TCP_MSS 536' >"$d/lwipopts.h"; head -c 4096 /dev/urandom >"$d/base.json"
run_case other-files baseline-is-garbage 2 "$d" -- "${L[@]}" --baseline base.json lwipopts.h
d=$(mk compdb-fifo)
echo '#define TCP_MSS 536' >"$d/lwipopts.h"; mkdir "$d/build"; mkfifo "$d/build/compile_commands.json"
run_case other-files compile_commands-is-a-fifo 2,3 "$d" -- "${L[@]}" -p build lwipopts.h
d=$(mk compdb-zero)
echo '#define TCP_MSS 536' >"$d/lwipopts.h"; mkdir "$d/build"; ln -s /dev/zero "$d/build/compile_commands.json"
run_case other-files compile_commands-is-dev-zero 2,3 "$d" -- "${L[@]}" -p build lwipopts.h
d=$(mk compdb-deep)
echo '#define TCP_MSS 536' >"$d/lwipopts.h"; mkdir "$d/build"
{ head -c 200000 /dev/zero | tr '\0' '['; } >"$d/build/compile_commands.json"
run_case other-files compile_commands-nested-200k 2,3 "$d" -- "${L[@]}" -p build lwipopts.h
d=$(mk compdb-response-loop)
echo '#define TCP_MSS 536' >"$d/lwipopts.h"; mkdir "$d/build"
printf '[{"directory": "%s", "file": "lwip/src/core/init.c", "command": "cc @build/a.rsp -c init.c"}]\n' "$d" >"$d/build/compile_commands.json"
echo '@build/a.rsp' >"$d/build/a.rsp"
run_case other-files response-file-loop 0,1,2,3 "$d" -- "${L[@]}" -p build lwipopts.h
d=$(mk toml-fifo)
echo '#define TCP_MSS 536' >"$d/lwipopts.h"; mkfifo "$d/.lwiplint.toml"
run_case other-files lwiplint.toml-is-a-fifo 2 "$d" -- --no-tree --lwip-version 2.1.3 lwipopts.h
d=$(mk lock-fifo)
echo 'cmake_minimum_required(VERSION 3.16)' >"$d/CMakeLists.txt"; echo 'include($ENV{IDF_PATH}/tools/cmake/project.cmake)' >>"$d/CMakeLists.txt"
echo 'CONFIG_LWIP_MAX_SOCKETS=10' >"$d/sdkconfig"; mkfifo "$d/dependencies.lock"
run_case other-files dependencies.lock-is-a-fifo 0,1,3 "$d" -- --no-config .
d=$(mk lock-zero)
cp "$work/cases/lock-fifo/CMakeLists.txt" "$work/cases/lock-fifo/sdkconfig" "$d/"; ln -s /dev/zero "$d/dependencies.lock"
run_case other-files dependencies.lock-is-dev-zero 0,1,3 "$d" -- --no-config .
d=$(mk idf-version-fifo)
cp "$work/cases/lock-fifo/CMakeLists.txt" "$work/cases/lock-fifo/sdkconfig" "$d/"
mkdir -p "$d/idf/tools/cmake"; mkfifo "$d/idf/tools/cmake/version.cmake"
run_case other-files idf-version.cmake-is-a-fifo 0,1,3 "$d" -- --no-config .
d=$(mk frtos-defaults-zero)
mkdir -p "$d/FreeRTOS-Plus-TCP/source/include" "$d/cfg"
ln -s /dev/zero "$d/FreeRTOS-Plus-TCP/source/include/FreeRTOSIPConfigDefaults.h"
printf '#ifndef FREERTOS_IP_CONFIG_H\n#define FREERTOS_IP_CONFIG_H\n#define ipconfigUSE_TCP 1\n#endif\n' >"$d/cfg/FreeRTOSIPConfig.h"
run_case other-files freertos-defaults-is-dev-zero 0,1,3 "$d" -- --no-config cfg/FreeRTOSIPConfig.h
d=$(mk initc-fifo)
mkdir -p "$d/lwip/src/include/lwip" "$d/lwip/src/core"
printf '#define LWIP_VERSION_MAJOR 2\n#define LWIP_VERSION_MINOR 1\n#define LWIP_VERSION_REVISION 3\n' >"$d/lwip/src/include/lwip/init.h"
printf '#ifndef LWIP_OPT_H\n#define LWIP_OPT_H\n#include "lwipopts.h"\n#ifndef TCP_MSS\n#define TCP_MSS 536\n#endif\n#endif\n' >"$d/lwip/src/include/lwip/opt.h"
mkfifo "$d/lwip/src/core/init.c"; echo '#define TCP_MSS 536' >"$d/lwipopts.h"
run_case other-files init.c-is-a-fifo 0,1,3 "$d" -- --no-config --lwip lwip/src/include lwipopts.h
d=$(mk cache-entry-fifo)
echo '#define TCP_MSS 536' >"$d/lwipopts.h"
mkdir -p "$d/cache/results"; mkfifo "$d/cache/results/trimmed"
LWIPLINT_CACHE_DIR=$d/cache run_case other-files cache-trim-mark-is-a-fifo 0,1 "$d" -- "${L[@]}" lwipopts.h
d=$(mk cache-dir-file)
echo '#define TCP_MSS 536' >"$d/lwipopts.h"; echo 'mine' >"$d/cachefile"
LWIPLINT_CACHE_DIR=$d/cachefile CHECK='[ "$(cat cachefile)" = mine ]' run_case other-files cache-dir-is-a-file 0,1 "$d" -- "${L[@]}" lwipopts.h
d=$(mk cache-user-files)
echo '#define TCP_MSS 536' >"$d/lwipopts.h"; mkdir -p "$d/cache/results/ab" "$d/cache/trees"
echo 'keep me' >"$d/cache/results/ab/abcdef0123456789abcdef0123456789"; echo 'keep me' >"$d/cache/trees/notes.txt"
touch -d '30 days ago' "$d/cache/results/ab/abcdef0123456789abcdef0123456789" "$d/cache/trees/notes.txt"
LWIPLINT_CACHE_DIR=$d/cache CHECK='[ "$(cat cache/results/ab/abcdef0123456789abcdef0123456789)" = "keep me" ] && [ "$(cat cache/trees/notes.txt)" = "keep me" ]' \
  run_case other-files cache-trim-keeps-user-files 0,1 "$d" -- --no-tree --lwip-version 2.1.3 --no-config lwipopts.h
LWIPLINT_CACHE_DIR=$d/cache CHECK='[ "$(cat cache/trees/notes.txt)" = "keep me" ]' run_case other-files cache-clean-keeps-user-files 0 "$d" -- cache clean

# --- .lwiplint.toml -------------------------------------------------------
for c in \
  'fail-level-number|fail-level = 7\n' \
  'severity-negative|[severity]\nLW1001 = -7\n' \
  'glob-line-2|[per-file-ignores]\n"[" = ["LW1"]\n' \
  'unknown-key|fial-level = "error"\n' \
  'binary|\x00\x01\x02' \
  'array-bomb|select = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n' \
  'wrong-type|select = 1\n' \
  'unknown-rule|ignore = ["LW9999"]\n'; do
  name=${c%%|*}
  d=$(mk "toml-$name")
  echo '#define TCP_MSS 536' >"$d/lwipopts.h"
  printf '%b' "${c#*|}" >"$d/.lwiplint.toml"
  run_case config "toml-$name" 2 "$d" -- --no-tree --lwip-version 2.1.3 lwipopts.h
done
d=$(mk toml-dotted-key)
echo '#define TCP_MSS 536' >"$d/lwipopts.h"
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "a."; print "a = 1" }' >"$d/.lwiplint.toml"
run_case config toml-200k-part-dotted-key 2 "$d" -- --no-tree --lwip-version 2.1.3 lwipopts.h
d=$(mk toml-huge)
echo '#define TCP_MSS 536' >"$d/lwipopts.h"; yes '# comment' | head -c 3000000 >"$d/.lwiplint.toml"
run_case config toml-over-the-size-limit 2 "$d" -- --no-tree --lwip-version 2.1.3 lwipopts.h

# --- sdkconfig ------------------------------------------------------------
for c in \
  'nul|CONFIG_LWIP_MAX_SOCKETS=10\nCONFIG_X=\x00\n' \
  'control-bytes|CONFIG_LWIP_MAX_SOCKETS=\x01\x02\n' \
  'bad-lines|this is not a config\n=\nCONFIG_=\nCONFIG_A\n' \
  'huge-number|CONFIG_LWIP_MAX_SOCKETS=99999999999999999999999999\n' \
  'negative|CONFIG_LWIP_TCP_MSS=-1\n' \
  'unterminated-string|CONFIG_LWIP_LOCAL_HOSTNAME="abc\n'; do
  name=${c%%|*}
  d=$(mk "sdk-$name")
  printf '%b' "${c#*|}" >"$d/sdkconfig"
  case $name in nul | control-bytes) codes=3 ;; *) codes=0,1 ;; esac
  run_case sdkconfig "sdkconfig-$name" $codes "$d" -- --no-config sdkconfig
done
d=$(mk sdk-random)
head -c 100000 /dev/urandom >"$d/sdkconfig"
run_case sdkconfig sdkconfig-random-binary 3 "$d" -- --no-config sdkconfig
d=$(mk sdk-many)
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "CONFIG_UNKNOWN_%d=y\n", i }' >"$d/sdkconfig"
run_case sdkconfig sdkconfig-100k-unknown-names 0,1 "$d" -- --no-config sdkconfig
awk 'BEGIN { for (i = 0; i < 300000; i++) printf "CONFIG_UNKNOWN_%d=y\n", i }' >"$d/sdkconfig"
run_case sdkconfig sdkconfig-over-the-size-limit 3 "$d" -- --no-config sdkconfig
d=$(mk sdk-long)
{ printf 'CONFIG_LWIP_LOCAL_HOSTNAME="'; head -c 3000000 /dev/zero | tr '\0' 'x'; printf '"\n'; } >"$d/sdkconfig"
run_case sdkconfig sdkconfig-3MB-value 0,1,3 "$d" -- --no-config sdkconfig

# --- FreeRTOSIPConfig.h -----------------------------------------------------
d=$(mk frtos-bomb)
{
  echo '#ifndef FREERTOS_IP_CONFIG_H'
  echo '#define FREERTOS_IP_CONFIG_H'
  echo '#define A0 1'
  for i in $(seq 1 40); do echo "#define A$i (A$((i - 1)) + A$((i - 1)))"; done
  echo '#define ipconfigTCP_MSS A40'
  echo '#endif'
} >"$d/FreeRTOSIPConfig.h"
run_case freertos freertos-expansion-bomb 0,1,3 "$d" -- --no-config FreeRTOSIPConfig.h
d=$(mk frtos-random)
head -c 20000 /dev/urandom >"$d/FreeRTOSIPConfig.h"
run_case freertos freertos-random-binary 3 "$d" -- --no-config FreeRTOSIPConfig.h

# --- writes that must not happen -------------------------------------------
d=$(mk write-json-over-input)
printf '#define TCP_MSS 1460\n#define TCP_SND_BUF (4 * TCP_MSS)\n#define TCP_SND_QUEUELEN 9\n' >"$d/lwipopts.h"; cp "$d/lwipopts.h" "$d/orig"
CHECK='cmp -s lwipopts.h orig' run_case writes format-file-is-the-input 2 "$d" -- "${L[@]}" --format json=lwipopts.h lwipopts.h
CHECK='cmp -s lwipopts.h orig' run_case writes baseline-file-is-the-input 2 "$d" -- "${L[@]}" --write-baseline lwipopts.h lwipopts.h
d=$(mk write-through-dir-link)
mkdir -p "$d/proj/.git" "$d/elsewhere"
printf '#define TCP_MSS 1460\n#define TCP_SND_BUF (4 * TCP_MSS)\n#define TCP_SND_QUEUELEN 9\n' >"$d/elsewhere/lwipopts.h"; cp "$d/elsewhere/lwipopts.h" "$d/orig"
ln -s ../elsewhere "$d/proj/vendor"
CHECK='cmp -s elsewhere/lwipopts.h orig' run_case writes fix-through-a-directory-link 3 "$d" -- "${L[@]}" --fix proj/vendor/lwipopts.h
d=$(mk write-read-only)
printf '#define TCP_MSS 1460\n#define TCP_SND_BUF (4 * TCP_MSS)\n#define TCP_SND_QUEUELEN 9\n' >"$d/lwipopts.h"; cp "$d/lwipopts.h" "$d/orig"; chmod 0444 "$d/lwipopts.h"
CHECK='cmp -s lwipopts.h orig' run_case writes fix-of-a-read-only-file 3 "$d" -- "${L[@]}" --fix lwipopts.h
d=$(mk write-add-ignore-bom)
printf '\xef\xbb\xbf#define TCP_SYNMAXRTX 12\n' >"$d/lwipopts.h"
CHECK='head -c 3 lwipopts.h | cmp -s - <(printf "\xef\xbb\xbf") && grep -q "^#define TCP_SYNMAXRTX 12$" lwipopts.h' \
  run_case writes add-ignore-keeps-the-bom 0,1 "$d" -- "${L[@]}" --add-ignore reviewed lwipopts.h
d=$(mk write-add-ignore-cr)
printf '#define A 1\r#define TCP_SYNMAXRTX 12\r' >"$d/lwipopts.h"
CHECK='[ "$(tr -cd "\r" <lwipopts.h | wc -c)" = 3 ] && [ "$(tr -cd "\n" <lwipopts.h | wc -c)" = 0 ]' \
  run_case writes add-ignore-on-cr-only-lines 0,1 "$d" -- "${L[@]}" --add-ignore reviewed lwipopts.h

# --- flags ------------------------------------------------------------------
d=$(mk flags)
echo '#define TCP_MSS 536' >"$d/lwipopts.h"
run_case flags define-with-a-newline 0,1 "$d" -- "${L[@]}" -D 'A=1
#define TCP_MSS 0' lwipopts.h
run_case flags unknown-version 2 "$d" -- --no-tree --lwip-version 9.9.9 lwipopts.h
run_case flags unknown-flag 2 "$d" -- --bogus lwipopts.h
run_case flags include-of-dev-zero-flag 3 "$d" -- "${L[@]}" --include /dev/zero lwipopts.h
run_case flags define-of-100k-bytes 0,1,3 "$d" -- "${L[@]}" -D "A=$(head -c 100000 /dev/zero | tr '\0' '1')" lwipopts.h

# --- lwiplint ram: hostile port headers and values in the C front end ------
# They need lwIP's release sources (memp.c, mem.c), which .ci/run fetches.
src221=${LWIPLINT_LWIP_SOURCES:+$LWIPLINT_LWIP_SOURCES/lwip-2.2.1/src}
if [ -n "$src221" ] && [ -f "$src221/core/memp.c" ]; then
  R=(ram --lwip "$src221/include" -I port)
  ramcase() { # NAME: a configuration with a fresh port directory
    local d; d=$(mk "$1"); mkdir -p "$d/port/arch"
    printf '#define NO_SYS 1\n#define LWIP_NETCONN 0\n#define LWIP_SOCKET 0\n' >"$d/lwipopts.h"
    echo "$d"
  }
  portbase='#define LWIP_PLATFORM_DIAG(x)\n#define LWIP_PLATFORM_ASSERT(x)\ntypedef unsigned long sys_prot_t;\n'
  d=$(ramcase ram-ok); printf "$portbase" >"$d/port/arch/cc.h"
  run_case ram ram-a-plain-port 0 "$d" -- "${R[@]}" lwipopts.h
  d=$(ramcase ram-bomb-in-cc-h); printf "$portbase" >"$d/port/arch/cc.h"
  {
    echo '#define X0 x'
    for i in $(seq 1 40); do echo "#define X$i X$((i - 1)) X$((i - 1))"; done
    echo 'int bomb = X40;'
  } >>"$d/port/arch/cc.h"
  run_case ram ram-expansion-bomb-in-cc-h 3 "$d" -- "${R[@]}" lwipopts.h
  d=$(ramcase ram-bad-c-in-cc-h); printf "$portbase"'struct { int x : 99; } bad;\nstruct s { int a[-1]; };\n' >"$d/port/arch/cc.h"
  run_case ram ram-invalid-c-in-cc-h 3 "$d" -- "${R[@]}" lwipopts.h
  d=$(ramcase ram-cc-h-dev-zero); ln -s /dev/zero "$d/port/arch/cc.h"
  run_case ram ram-cc-h-is-dev-zero 3 "$d" -- "${R[@]}" lwipopts.h
  d=$(ramcase ram-cc-h-loop); printf "$portbase"'#include "arch/cc.h"\n' >"$d/port/arch/cc.h"
  run_case ram ram-cc-h-includes-itself 0,3 "$d" -- "${R[@]}" lwipopts.h
  d=$(ramcase ram-huge-pool); printf "$portbase" >"$d/port/arch/cc.h"; echo '#define PBUF_POOL_SIZE 0x7fffffff' >>"$d/lwipopts.h"
  run_case ram ram-pool-of-2G-elements 0,3 "$d" -- "${R[@]}" lwipopts.h
  d=$(ramcase ram-no-tree)
  run_case ram ram-without-a-tree 3 "$d" -- ram --no-tree lwipopts.h
fi

echo
echo "peak RSS per class (MB):"
for c in "${!class_rss[@]}"; do printf '  %-14s %4d\n' "$c" "${class_rss[$c]}"; done | sort
echo
echo "$pass ok, $fail FAIL"
[ $fail = 0 ]
