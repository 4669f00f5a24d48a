#!/usr/bin/env bash
# compare.sh: how long `lwiplint check` takes next to the C preprocessor.
#
# For a set of configurations (testdata/configs/*/ and every lwipopts.h
# below each DIR given) it times, side by side in one run:
#   * lwiplint check on each configuration (one process each) and on all of
#     them in one invocation: with --no-cache (the whole work), after the
#     configuration was edited (the lwIP tree's reduction read from the
#     cache), and with the result cache filled by an earlier run;
#   * gcc -E of an init.c-style translation unit with the same -I/-D: lwIP's
#     own src/core/init.c when the lwIP tree has its sources (src/include
#     next to src/core), else a unit this script writes: lwip/opt.h,
#     lwip/def.h, lwip/pbuf.h, netif/ppp/ppp_opts.h and the #error checks of
#     lwIP 2.1.3's init.c, restated;
#   * 1, 10, 100 and 1,000 configurations (copies of the set, each made
#     distinct by one #define) in one lwiplint invocation, against gcc -E of
#     as many translation units (xargs -P, like make -j).
# It prints a Markdown report: medians over --runs runs (hyperfine), the
# ratio lwiplint/gcc, peak RSS (GNU time's "Maximum resident set size", as
# in /usr/bin/time -v) and the growth with the number of configurations.
# lwiplint is built once with CGO_ENABLED=0 go build -o (a static binary,
# as Go release binaries usually are; --cgo builds with cgo, which package
# net, imported by pflag, brings in, and the dynamic loader then adds about
# a millisecond to every start); the binary is timed.
#
# Every configuration is copied into a work directory first. The optional
# `args` file of a configuration (lines "-I dir", "-D NAME[=VALUE]",
# "-U NAME", "--include file", paths relative to the configuration) becomes
# the same -I/-D/-U flags for both tools, and a .lwiplint.toml beside the
# copy for the one-invocation runs; an --include file is folded into the
# copy (an #include on its first line) because .lwiplint.toml has no key
# for it. Headers that exist nowhere (main.h, FreeRTOSConfig.h, …) are empty
# files for gcc (-idirafter STUBDIR), as they are for lwiplint.
#
# usage: bench/compare.sh [flags] [DIR...]
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/compare.sh [flags] [DIR...]

Time `lwiplint check` against gcc -E of an init.c-style translation unit on
the fixtures (testdata/configs) and every lwipopts.h below each DIR; print a
Markdown report.

  --lwip DIR        lwIP tree: include root (holding lwip/opt.h), src/include
                    or top (default /usr/include/lwip, Debian's liblwip-dev)
  --tu KIND         gcc's translation unit: auto (default: the tree's
                    src/core/init.c when present, else synthetic), initc,
                    synthetic
  --runs N          hyperfine runs per command (default 10; 3 for 1,000)
  --warmup N        hyperfine warm-up runs (default 1)
  --sizes LIST      configuration counts for the growth table
                    (default "1 10 100 1000")
  --jobs N          parallel gcc processes for many configurations
                    (default: the number of CPUs)
  --no-fixtures     leave out testdata/configs
  --lwiplint BIN    time BIN instead of building ./cmd/lwiplint
  --cgo             build lwiplint with cgo (default CGO_ENABLED=0: static)
  --out FILE        also write the report to FILE
  --keep            keep the work directory
  --quick           --runs 3 --sizes "1 10 100"
  --scale-only      only the table of many configurations in one run (peak
                    RSS and time for each of --sizes), without the runs of
                    one configuration per process and of the whole set
  --profile DIR     also write CPU and heap profiles (go tool pprof) of
                    lwiplint on one configuration (pico-sdk-freertos, or the
                    first) and on 100 in one invocation (--runs runs merged),
                    a trace of the 100, and their top functions as text, to DIR
  --profile-only    write the profiles, skip the timing and the report
EOF
}

die() { echo "compare.sh: $*" >&2; exit 2; }
log() { echo "compare.sh: $*" >&2; }

orig_args=("$@")
repo=$(cd "$(dirname "$0")/.." && pwd)
lwip=/usr/include/lwip
tu_kind=auto
runs=10
warmup=1
sizes="1 10 100 1000"
jobs=
fixtures=1
lwiplint_bin=
out=
keep=0
profile_dir=
cgo=0
profile_only=0
scale_only=0
dirs=()
while [ $# -gt 0 ]; do
  case $1 in
    --lwip) lwip=${2:?--lwip needs DIR}; shift 2 ;;
    --tu) tu_kind=${2:?--tu needs KIND}; shift 2 ;;
    --runs) runs=${2:?--runs needs N}; shift 2 ;;
    --warmup) warmup=${2:?--warmup needs N}; shift 2 ;;
    --sizes) sizes=${2:?--sizes needs a LIST}; shift 2 ;;
    --jobs) jobs=${2:?--jobs needs N}; shift 2 ;;
    --no-fixtures) fixtures=0; shift ;;
    --lwiplint) lwiplint_bin=${2:?--lwiplint needs BIN}; shift 2 ;;
    --out) out=${2:?--out needs FILE}; shift 2 ;;
    --keep) keep=1; shift ;;
    --quick) runs=3; sizes="1 10 100"; shift ;;
    --cgo) cgo=1; shift ;;
    --profile) profile_dir=${2:?--profile needs DIR}; shift 2 ;;
    --profile-only) profile_only=1; shift ;;
    --scale-only) scale_only=1; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; dirs+=("$@"); break ;;
    -*) usage >&2; die "unknown flag $1" ;;
    *) dirs+=("$1"); shift ;;
  esac
done
case $tu_kind in auto | initc | synthetic) ;; *) die "--tu $tu_kind: want auto, initc or synthetic" ;; esac
[ "$profile_only" = 0 ] || [ -n "$profile_dir" ] || die "--profile-only needs --profile DIR"
for n in "$runs" "$warmup" $sizes ${jobs:+"$jobs"}; do
  case $n in '' | *[!0-9]*) die "not a number: $n" ;; esac
done

# --- tools ------------------------------------------------------------------
missing=()
command -v gcc >/dev/null || missing+=("gcc (apt-get install gcc)")
if ! command -v hyperfine >/dev/null; then
  missing+=("hyperfine (apt-get install hyperfine, or cargo install hyperfine)")
elif ! hyperfine --help 2>/dev/null | grep -q -- '--shell=none'; then
  missing+=("hyperfine 1.13 or later (for -N; apt-get install hyperfine, or cargo install hyperfine)")
fi
/usr/bin/time -f %M true >/dev/null 2>&1 || missing+=("GNU time as /usr/bin/time (apt-get install time)")
for t in xargs awk sed sort find cp du nproc; do
  command -v "$t" >/dev/null || missing+=("$t (coreutils/findutils)")
done
if [ -z "$lwiplint_bin" ] || [ -n "$profile_dir" ]; then
  command -v go >/dev/null || missing+=("go (the Go toolchain; without --profile, --lwiplint BIN does without)")
fi
if [ ${#missing[@]} -gt 0 ]; then
  printf 'compare.sh: missing: %s\n' "${missing[@]}" >&2
  exit 2
fi
[ -n "$jobs" ] || jobs=$(nproc)

# --- lwIP tree --------------------------------------------------------------
root=
for c in "$lwip" "$lwip/src/include" "$lwip/include"; do
  if [ -f "$c/lwip/opt.h" ]; then root=$(cd "$c" && pwd); break; fi
done
[ -n "$root" ] || die "$lwip: no lwip/opt.h (install liblwip-dev, or pass --lwip DIR)"
lwip_version=$(awk '{ sub(/\r$/, "") } $1 == "#define" && $2 ~ /^LWIP_VERSION_(MAJOR|MINOR|REVISION)$/ { v = v (v == "" ? "" : ".") $3 } END { print v }' "$root/lwip/init.h" 2>/dev/null || true)
initc=
if [ -f "$root/../core/init.c" ]; then initc=$(cd "$root/../core" && pwd)/init.c; fi
case $tu_kind in
  initc) [ -n "$initc" ] || die "--tu initc: no src/core/init.c next to $root" ;;
  auto) if [ -n "$initc" ]; then tu_kind=initc; else tu_kind=synthetic; fi ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/lwiplint-bench.XXXXXX")
# lwiplint's result cache lives in the work directory; "lwiplint" runs
# with --no-cache (the whole work each time), "lwiplint, cached" with the
# cache filled by a run before (see prime).
export LWIPLINT_CACHE_DIR=$work/cache
unset LWIPLINT_CACHE
if [ "$keep" = 1 ]; then log "work directory: $work"; else trap 'rm -rf "$work"' EXIT; fi
mkdir -p "$work/stub" "$work/stub-nostdinc" "$work/csv"

# --- lwiplint ---------------------------------------------------------------
# The commit the binary is built from, taken now: the tree may change
# while the script runs.
built_from=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ]; then built_from+=" with uncommitted changes"; fi
if [ -z "$lwiplint_bin" ]; then
  log "building lwiplint"
  (cd "$repo" && CGO_ENABLED=$cgo go build -o "$work/lwiplint" ./cmd/lwiplint)
  lwiplint_bin=$work/lwiplint
  build="CGO_ENABLED=$cgo go build"
else
  # A given binary's commit is unknown: name the binary instead of the
  # checkout's commit.
  built_from=$lwiplint_bin
  build="given with --lwiplint"
fi
lw=$(cd "$(dirname "$lwiplint_bin")" && pwd)/$(basename "$lwiplint_bin")
[ -x "$lw" ] || die "$lwiplint_bin is not executable"

# --- gcc's translation unit -------------------------------------------------
if [ "$tu_kind" = initc ]; then
  tu=$initc
  tu_desc="lwIP's own \`src/core/init.c\` ($initc)"
else
  tu=$work/init_checks.c
  tu_desc="an init.c-style unit written by the script: \`lwip/opt.h\`, \`lwip/def.h\`, \`lwip/pbuf.h\`, \`netif/ppp/ppp_opts.h\` and lwIP 2.1.3's init.c \`#error\` checks"
  # The conditions of lwIP 2.1.3 src/core/init.c's configuration checks,
  # restated (messages are ours), in init.c's nesting.
  cat >"$tu" <<'EOF'
/* Written by lwiplint's bench/compare.sh: what compiling lwIP's init.c asks
 * of the preprocessor, without init.c itself. */
#include "lwip/opt.h"
#include "lwip/def.h"
#include "lwip/pbuf.h"
#include "netif/ppp/ppp_opts.h"

#ifndef BYTE_ORDER
#error "init.c: BYTE_ORDER undefined"
#endif
#if (!IP_SOF_BROADCAST && IP_SOF_BROADCAST_RECV)
#error "init.c: IP_SOF_BROADCAST_RECV needs IP_SOF_BROADCAST"
#endif
#if (!LWIP_UDP && LWIP_UDPLITE)
#error "init.c: LWIP_UDPLITE needs LWIP_UDP"
#endif
#if (!LWIP_UDP && LWIP_DHCP)
#error "init.c: LWIP_DHCP needs LWIP_UDP"
#endif
#if (!LWIP_UDP && !LWIP_RAW && LWIP_MULTICAST_TX_OPTIONS)
#error "init.c: LWIP_MULTICAST_TX_OPTIONS needs LWIP_UDP or LWIP_RAW"
#endif
#if (!LWIP_UDP && LWIP_DNS)
#error "init.c: LWIP_DNS needs LWIP_UDP"
#endif
#if !MEMP_MEM_MALLOC
#if (LWIP_ARP && ARP_QUEUEING && (MEMP_NUM_ARP_QUEUE<=0))
#error "init.c: MEMP_NUM_ARP_QUEUE"
#endif
#if (LWIP_RAW && (MEMP_NUM_RAW_PCB<=0))
#error "init.c: MEMP_NUM_RAW_PCB"
#endif
#if (LWIP_UDP && (MEMP_NUM_UDP_PCB<=0))
#error "init.c: MEMP_NUM_UDP_PCB"
#endif
#if (LWIP_TCP && (MEMP_NUM_TCP_PCB<=0))
#error "init.c: MEMP_NUM_TCP_PCB"
#endif
#if (LWIP_IGMP && (MEMP_NUM_IGMP_GROUP<=1))
#error "init.c: MEMP_NUM_IGMP_GROUP"
#endif
#if (LWIP_IGMP && !LWIP_MULTICAST_TX_OPTIONS)
#error "init.c: LWIP_IGMP needs LWIP_MULTICAST_TX_OPTIONS"
#endif
#if (LWIP_IGMP && !LWIP_IPV4)
#error "init.c: LWIP_IGMP needs LWIP_IPV4"
#endif
#if ((LWIP_NETCONN || LWIP_SOCKET) && (MEMP_NUM_TCPIP_MSG_API<=0))
#error "init.c: MEMP_NUM_TCPIP_MSG_API"
#endif
#if (LWIP_TIMERS && (MEMP_NUM_SYS_TIMEOUT < LWIP_NUM_SYS_TIMEOUT_INTERNAL))
#error "init.c: MEMP_NUM_SYS_TIMEOUT"
#endif
#if (IP_REASSEMBLY && (MEMP_NUM_REASSDATA > IP_REASS_MAX_PBUFS))
#error "init.c: MEMP_NUM_REASSDATA"
#endif
#endif /* !MEMP_MEM_MALLOC */
#if LWIP_WND_SCALE
#if (LWIP_TCP && (TCP_WND > 0xffffffff))
#error "init.c: TCP_WND too large"
#endif
#if (LWIP_TCP && (TCP_RCV_SCALE > 14))
#error "init.c: TCP_RCV_SCALE too large"
#endif
#if (LWIP_TCP && (TCP_WND > (0xFFFFU << TCP_RCV_SCALE)))
#error "init.c: TCP_WND too large for TCP_RCV_SCALE"
#endif
#if (LWIP_TCP && ((TCP_WND >> TCP_RCV_SCALE) == 0))
#error "init.c: TCP_WND too small for TCP_RCV_SCALE"
#endif
#else /* LWIP_WND_SCALE */
#if (LWIP_TCP && (TCP_WND > 0xffff))
#error "init.c: TCP_WND above 16 bits"
#endif
#endif /* LWIP_WND_SCALE */
#if (LWIP_TCP && (TCP_SND_QUEUELEN > 0xffff))
#error "init.c: TCP_SND_QUEUELEN above 16 bits"
#endif
#if (LWIP_TCP && (TCP_SND_QUEUELEN < 2))
#error "init.c: TCP_SND_QUEUELEN below 2"
#endif
#if (LWIP_TCP && ((TCP_MAXRTX > 12) || (TCP_SYNMAXRTX > 12)))
#error "init.c: TCP_MAXRTX or TCP_SYNMAXRTX above 12"
#endif
#if (LWIP_TCP && TCP_LISTEN_BACKLOG && ((TCP_DEFAULT_LISTEN_BACKLOG < 0) || (TCP_DEFAULT_LISTEN_BACKLOG > 0xff)))
#error "init.c: TCP_DEFAULT_LISTEN_BACKLOG out of 0..255"
#endif
#if (LWIP_TCP && LWIP_TCP_SACK_OUT && !TCP_QUEUE_OOSEQ)
#error "init.c: LWIP_TCP_SACK_OUT needs TCP_QUEUE_OOSEQ"
#endif
#if (LWIP_TCP && LWIP_TCP_SACK_OUT && (LWIP_TCP_MAX_SACK_NUM < 1))
#error "init.c: LWIP_TCP_MAX_SACK_NUM below 1"
#endif
#if (LWIP_NETIF_API && (NO_SYS==1))
#error "init.c: LWIP_NETIF_API needs NO_SYS 0"
#endif
#if ((LWIP_SOCKET || LWIP_NETCONN) && (NO_SYS==1))
#error "init.c: LWIP_SOCKET and LWIP_NETCONN need NO_SYS 0"
#endif
#if (LWIP_PPP_API && (NO_SYS==1))
#error "init.c: LWIP_PPP_API needs NO_SYS 0"
#endif
#if (LWIP_PPP_API && (PPP_SUPPORT==0))
#error "init.c: LWIP_PPP_API needs PPP_SUPPORT"
#endif
#if (((!LWIP_DHCP) || (!LWIP_AUTOIP)) && LWIP_DHCP_AUTOIP_COOP)
#error "init.c: LWIP_DHCP_AUTOIP_COOP needs LWIP_DHCP and LWIP_AUTOIP"
#endif
#if (((!LWIP_DHCP) || (!LWIP_ARP)) && DHCP_DOES_ARP_CHECK)
#error "init.c: DHCP_DOES_ARP_CHECK needs LWIP_DHCP and LWIP_ARP"
#endif
#if (!LWIP_ARP && LWIP_AUTOIP)
#error "init.c: LWIP_AUTOIP needs LWIP_ARP"
#endif
#if (LWIP_TCP && ((LWIP_EVENT_API && LWIP_CALLBACK_API) || (!LWIP_EVENT_API && !LWIP_CALLBACK_API)))
#error "init.c: exactly one of LWIP_EVENT_API and LWIP_CALLBACK_API"
#endif
#if (LWIP_ALTCP && LWIP_EVENT_API)
#error "init.c: LWIP_ALTCP does not work with LWIP_EVENT_API"
#endif
#if (MEM_LIBC_MALLOC && MEM_USE_POOLS)
#error "init.c: MEM_LIBC_MALLOC and MEM_USE_POOLS"
#endif
#if (MEM_USE_POOLS && !MEMP_USE_CUSTOM_POOLS)
#error "init.c: MEM_USE_POOLS needs MEMP_USE_CUSTOM_POOLS"
#endif
#if (PBUF_POOL_BUFSIZE <= MEM_ALIGNMENT)
#error "init.c: PBUF_POOL_BUFSIZE too small"
#endif
#if (DNS_LOCAL_HOSTLIST && !DNS_LOCAL_HOSTLIST_IS_DYNAMIC && !(defined(DNS_LOCAL_HOSTLIST_INIT)))
#error "init.c: DNS_LOCAL_HOSTLIST needs DNS_LOCAL_HOSTLIST_INIT"
#endif
#if PPP_SUPPORT && !PPPOS_SUPPORT && !PPPOE_SUPPORT && !PPPOL2TP_SUPPORT
#error "init.c: PPP_SUPPORT needs a link"
#endif
#if PPP_SUPPORT && !PPP_IPV4_SUPPORT && !PPP_IPV6_SUPPORT
#error "init.c: PPP_SUPPORT needs IPv4 or IPv6"
#endif
#if PPP_SUPPORT && PPP_IPV4_SUPPORT && !LWIP_IPV4
#error "init.c: PPP_IPV4_SUPPORT needs LWIP_IPV4"
#endif
#if PPP_SUPPORT && PPP_IPV6_SUPPORT && !LWIP_IPV6
#error "init.c: PPP_IPV6_SUPPORT needs LWIP_IPV6"
#endif
#if !LWIP_ETHERNET && (LWIP_ARP || PPPOE_SUPPORT)
#error "init.c: LWIP_ARP and PPPOE_SUPPORT need LWIP_ETHERNET"
#endif
#if LWIP_TCPIP_CORE_LOCKING_INPUT && !LWIP_TCPIP_CORE_LOCKING
#error "init.c: LWIP_TCPIP_CORE_LOCKING_INPUT needs LWIP_TCPIP_CORE_LOCKING"
#endif
#if LWIP_TCP && LWIP_NETIF_TX_SINGLE_PBUF && !TCP_OVERSIZE
#error "init.c: LWIP_NETIF_TX_SINGLE_PBUF needs TCP_OVERSIZE"
#endif
#if LWIP_NETCONN_FULLDUPLEX && !LWIP_NETCONN_SEM_PER_THREAD
#error "init.c: LWIP_NETCONN_FULLDUPLEX needs LWIP_NETCONN_SEM_PER_THREAD"
#endif
#ifdef MEMP_NUM_TCPIP_MSG
#error "init.c: MEMP_NUM_TCPIP_MSG is obsolete"
#endif
#ifdef TCP_REXMIT_DEBUG
#error "init.c: TCP_REXMIT_DEBUG is obsolete"
#endif
#ifdef RAW_STATS
#error "init.c: RAW_STATS is obsolete"
#endif
#ifdef ETHARP_QUEUE_FIRST
#error "init.c: ETHARP_QUEUE_FIRST is obsolete"
#endif
#ifdef ETHARP_ALWAYS_INSERT
#error "init.c: ETHARP_ALWAYS_INSERT is obsolete"
#endif
#if !NO_SYS && LWIP_TCPIP_CORE_LOCKING && LWIP_COMPAT_MUTEX && !defined(LWIP_COMPAT_MUTEX_ALLOWED)
#error "init.c: LWIP_COMPAT_MUTEX with core locking"
#endif

#ifndef LWIP_DISABLE_TCP_SANITY_CHECKS
#define LWIP_DISABLE_TCP_SANITY_CHECKS 0
#endif
#ifndef LWIP_DISABLE_MEMP_SANITY_CHECKS
#define LWIP_DISABLE_MEMP_SANITY_CHECKS 0
#endif
#if MEMP_MEM_MALLOC
#if !LWIP_DISABLE_MEMP_SANITY_CHECKS
#if LWIP_NETCONN || LWIP_SOCKET
#if !MEMP_NUM_NETCONN && LWIP_SOCKET
#error "init.c: MEMP_NUM_NETCONN is 0"
#endif
#else
#if MEMP_NUM_NETCONN > (MEMP_NUM_TCP_PCB+MEMP_NUM_TCP_PCB_LISTEN+MEMP_NUM_UDP_PCB+MEMP_NUM_RAW_PCB)
#error "init.c: MEMP_NUM_NETCONN above the pcb count"
#endif
#endif
#endif
#if MEM_USE_POOLS
#error "init.c: MEMP_MEM_MALLOC and MEM_USE_POOLS"
#endif
#ifdef LWIP_HOOK_MEMP_AVAILABLE
#error "init.c: LWIP_HOOK_MEMP_AVAILABLE with MEMP_MEM_MALLOC"
#endif
#endif /* MEMP_MEM_MALLOC */
#if !LWIP_DISABLE_TCP_SANITY_CHECKS
#if LWIP_TCP
#if !MEMP_MEM_MALLOC && (MEMP_NUM_TCP_SEG < TCP_SND_QUEUELEN)
#error "init.c: MEMP_NUM_TCP_SEG below TCP_SND_QUEUELEN"
#endif
#if TCP_SND_BUF < (2 * TCP_MSS)
#error "init.c: TCP_SND_BUF below 2 * TCP_MSS"
#endif
#if TCP_SND_QUEUELEN < (2 * (TCP_SND_BUF / TCP_MSS))
#error "init.c: TCP_SND_QUEUELEN below 2 * TCP_SND_BUF / TCP_MSS"
#endif
#if TCP_SNDLOWAT >= TCP_SND_BUF
#error "init.c: TCP_SNDLOWAT not below TCP_SND_BUF"
#endif
#if TCP_SNDLOWAT >= (0xFFFF - (4 * TCP_MSS))
#error "init.c: TCP_SNDLOWAT too large"
#endif
#if TCP_SNDQUEUELOWAT >= TCP_SND_QUEUELEN
#error "init.c: TCP_SNDQUEUELOWAT not below TCP_SND_QUEUELEN"
#endif
#if !MEMP_MEM_MALLOC && PBUF_POOL_SIZE && (PBUF_POOL_BUFSIZE <= (PBUF_LINK_ENCAPSULATION_HLEN + PBUF_LINK_HLEN + PBUF_IP_HLEN + PBUF_TRANSPORT_HLEN))
#error "init.c: PBUF_POOL_BUFSIZE below the headers"
#endif
#if !MEMP_MEM_MALLOC && PBUF_POOL_SIZE && (TCP_WND > (PBUF_POOL_SIZE * (PBUF_POOL_BUFSIZE - (PBUF_LINK_ENCAPSULATION_HLEN + PBUF_LINK_HLEN + PBUF_IP_HLEN + PBUF_TRANSPORT_HLEN))))
#error "init.c: TCP_WND above the pbuf pool"
#endif
#if TCP_WND < TCP_MSS
#error "init.c: TCP_WND below TCP_MSS"
#endif
#endif /* LWIP_TCP */
#endif /* !LWIP_DISABLE_TCP_SANITY_CHECKS */
EOF
fi

# --- configurations ---------------------------------------------------------
# q quotes one word for hyperfine -N, xargs and the report.
q() {
  case $1 in
    '' | *[!A-Za-z0-9_./=+:,@%-]*) printf "'%s'" "${1//\'/\'\\\'\'}" ;;
    *) printf %s "$1" ;;
  esac
}
# tomlstr quotes one string for TOML.
tomlstr() {
  local s=${1//\\/\\\\}
  printf '"%s"' "${s//\"/\\\"}"
}

srcs=() # original directory of each configuration
if [ "$fixtures" = 1 ]; then
  for f in "$repo"/testdata/configs/*/lwipopts.h; do srcs+=("$(dirname "$f")"); done
fi
for d in ${dirs[@]+"${dirs[@]}"}; do
  if [ -f "$d" ]; then
    [ "$(basename "$d")" = lwipopts.h ] || die "$d: not a lwipopts.h"
    srcs+=("$(cd "$(dirname "$d")" && pwd)")
  elif [ -d "$d" ]; then
    found=0
    while IFS= read -r f; do
      srcs+=("$(cd "$(dirname "$f")" && pwd)")
      found=1
    done < <(find "$d" -name .git -prune -o -name lwipopts.h -type f -print | LC_ALL=C sort)
    [ "$found" = 1 ] || die "$d: no lwipopts.h below it"
  else
    die "$d: no such file or directory"
  fi
done
[ ${#srcs[@]} -gt 0 ] || die "no configurations (--no-fixtures and no DIR)"
nbase=${#srcs[@]}

# Per configuration k: name[k]; incs[k], defs[k], undefs[k] are
# newline-separated. An include dir is "@rel" (inside the copy, so each
# copy uses its own) or an absolute path.
names=() incs=() defs=() undefs=() preinc=()
mkdir -p "$work/base"
for k in "${!srcs[@]}"; do
  src=${srcs[$k]}
  name=$(printf '%03d-%s' "$k" "$(basename "$src" | tr -c 'A-Za-z0-9_.\n-' _)")
  names[k]=$name
  dst=$work/base/$name
  mkdir -p "$dst"
  if [ "$(du -sk "$src" | awk '{ print $1 }')" -le 4096 ]; then
    cp -R "$src/." "$dst/"
  else
    cp "$src/lwipopts.h" "$dst/" # a big tree: its other headers via -I SRC
  fi
  inc='' def='' undef='' pre=''
  resolve() { # an args path, relative to the configuration
    case $1 in
      /*) printf %s "$1" ;;
      *) if [ -e "$dst/$1" ]; then printf '@%s' "$1"; else printf %s "$src/$1"; fi ;;
    esac
  }
  if [ -f "$src/args" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      line=$(printf %s "$line" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
      case $line in '' | '#'*) continue ;; esac
      case $line in
        '-I '* | '-D '* | '-U '* | '--include '*) flag=${line%% *} val=${line#* } ;;
        -I* | -D* | -U*) flag=${line:0:2} val=${line:2} ;;
        *) die "$src/args: unknown argument: $line" ;;
      esac
      val=$(printf %s "$val" | sed 's/^[[:space:]]*//')
      case $flag in
        -I) inc+=$(resolve "$val")$'\n' ;;
        -D) def+=$val$'\n' ;;
        -U) undef+=$val$'\n' ;;
        --include) pre+=$(resolve "$val")$'\n' ;;
      esac
    done <"$src/args"
  fi
  case $src in "$repo"/testdata/configs/*) ;; *) inc+=$src$'\n' ;; esac # includes that leave the copied directory
  incs[k]=$inc defs[k]=$def undefs[k]=$undef preinc[k]=$pre
done

# prepare DST K: the copy's .lwiplint.toml and folded --include files.
prepare() {
  local dst=$1 k=$2 p
  if [ -n "${preinc[$k]}" ]; then
    {
      while IFS= read -r p; do
        [ -n "$p" ] || continue
        case $p in @*) p=${p#@} ;; esac # relative to lwipopts.h, so each copy has its own
        printf '#include "%s"\n' "$p"
      done <<<"${preinc[$k]}"
      cat "$dst/lwipopts.h"
    } >"$dst/lwipopts.h.new"
    mv "$dst/lwipopts.h.new" "$dst/lwipopts.h"
  fi
  {
    printf '# written by bench/compare.sh\n'
    local sep='' list=''
    while IFS= read -r p; do
      [ -n "$p" ] || continue
      case $p in @*) p=${p#@} ;; esac # relative to this file's directory
      list+=$sep$(tomlstr "$p") sep=', '
    done <<<"${incs[$k]}"
    [ -z "$list" ] || printf 'include = [%s]\n' "$list"
    sep='' list=''
    while IFS= read -r p; do
      [ -n "$p" ] || continue
      list+=$sep$(tomlstr "$p") sep=', '
    done <<<"${defs[$k]}"
    [ -z "$list" ] || printf 'define = [%s]\n' "$list"
    sep='' list=''
    while IFS= read -r p; do
      [ -n "$p" ] || continue
      list+=$sep$(tomlstr "$p") sep=', '
    done <<<"${undefs[$k]}"
    [ -z "$list" ] || printf 'undefine = [%s]\n' "$list"
  } >"$dst/.lwiplint.toml"
}

# flags DST K prints the -I/-D/-U flags of configuration K copied to DST,
# quoted, without the configuration's own directory.
flags() {
  local dst=$1 k=$2 p s=''
  while IFS= read -r p; do
    [ -n "$p" ] || continue
    case $p in @*) p=$dst/${p#@} ;; esac
    s+=" -I $(q "$p")"
  done <<<"${incs[$k]}"
  while IFS= read -r p; do [ -z "$p" ] || s+=" -D $(q "$p")"; done <<<"${defs[$k]}"
  while IFS= read -r p; do [ -z "$p" ] || s+=" -U $(q "$p")"; done <<<"${undefs[$k]}"
  printf %s "${s# }"
}

# gccargs DST K STUB [EXTRA] prints gcc's arguments for the copy DST.
gccargs() {
  local f
  f=$(flags "$1" "$2")
  printf -- '-E %s-o /dev/null -I %s %s%s-I %s -idirafter %s %s' \
    "${4:+$4 }" "$(q "$1")" "$f" "${f:+ }" "$(q "$root")" "$(q "$3")" "$(q "$tu")"
}

# stubs STUBDIR ARGS... runs gcc until no header is missing, creating each
# missing one as an empty file. It prints the last run's error count.
stubs() {
  local dir=$1 i name errs
  shift
  for ((i = 0; i < 100; i++)); do
    errs=$(eval "gcc $*" 2>&1 || true)
    name=$(printf '%s\n' "$errs" | sed -n 's/.*fatal error: \(.*\): No such file or directory$/\1/p' | head -1)
    if [ -z "$name" ]; then
      printf '%s\n' "$errs" | grep -c ': error: ' || true
      return
    fi
    case $name in /* | *..*) log "gcc cannot find $name (outside the include path); it stops there"; echo fatal; return ;; esac
    mkdir -p "$dir/$(dirname "$name")"
    : >"$dir/$name"
  done
  echo fatal
}

log "preparing $nbase configurations"
gcc_errs=() lw_exit=()
for k in "${!names[@]}"; do
  dst=$work/base/${names[$k]}
  prepare "$dst" "$k"
  gcc_errs[k]=$(stubs "$work/stub" "$(gccargs "$dst" "$k" "$work/stub")")
  stubs "$work/stub-nostdinc" "$(gccargs "$dst" "$k" "$work/stub-nostdinc" -nostdinc)" >/dev/null
  rc=0
  eval "$(q "$lw") check --no-config --lwip $(q "$root") $(flags "$dst" "$k") $(q "$dst")" >/dev/null 2>&1 || rc=$?
  lw_exit[k]=$rc
  [ "$rc" -le 1 ] || log "lwiplint exits $rc on ${names[$k]} (an input error): its time is that of a failed load"
done

# make_set N copies N configurations, cycling through the set, into
# $work/scale-N (each made distinct by one #define), writes gcc's
# arguments for each to $work/scale-N.gcc and sets lwn to the one lwiplint
# invocation of all of them, to be run in $work/scale-N.
make_set() {
  local n=$1 set_dir=$work/scale-$1 i k name
  rm -rf "$set_dir"
  mkdir -p "$set_dir"
  : >"$set_dir.gcc"
  for ((i = 0; i < n; i++)); do
    k=$((i % nbase))
    name=$(printf '%04d-%s' "$i" "${names[$k]#*-}")
    cp -R "$work/base/${names[$k]}" "$set_dir/$name"
    printf '\n#define LWIPLINT_BENCH_COPY %d\n' "$i" >>"$set_dir/$name/lwipopts.h"
    printf '%s\n' "$(gccargs "$set_dir/$name" "$k" "$work/stub")" >>"$set_dir.gcc"
  done
  lwn="$(q "$lw") check --no-cache --lwip $(q "$root") $(cd "$set_dir" && find . -mindepth 1 -maxdepth 1 -type d | LC_ALL=C sort | sed 's|^\./||' | tr '\n' ' ')"
}

# --- profiles ---------------------------------------------------------------
if [ -n "$profile_dir" ]; then
  mkdir -p "$profile_dir"
  profile_dir=$(cd "$profile_dir" && pwd)
  cp "$lw" "$profile_dir/lwiplint" # the binary the profiles belong to
  # cpu_profiles NAME CMD: CMD $runs times, each with a CPU profile, merged
  # into $profile_dir/NAME.cpu.pprof.
  cpu_profiles() {
    local parts=() i
    for ((i = 0; i < runs; i++)); do
      LWIPLINT_CPUPROFILE=$work/$1-$i.cpu eval "$2" >/dev/null 2>&1 || true
      parts+=("$work/$1-$i.cpu")
    done
    go tool pprof -proto "${parts[@]}" >"$profile_dir/$1.cpu.pprof" 2>/dev/null
  }
  one=0
  for k in "${!names[@]}"; do [ "${names[$k]#*-}" != pico-sdk-freertos ] || one=$k; done
  cd "$work/base"
  onecmd="$(q "$lw") check --no-cache --no-config --lwip $(q "$root") $(flags "$work/base/${names[$one]}" "$one") $(q "${names[$one]}")"
  log "profiling one configuration (${names[$one]#*-}, $runs runs)"
  cpu_profiles one "$onecmd"
  LWIPLINT_MEMPROFILE=$profile_dir/one.mem.pprof LWIPLINT_MEMPROFILERATE=1 eval "$onecmd" >/dev/null 2>&1 || true
  log "profiling 100 configurations in one invocation ($runs runs)"
  make_set 100
  cd "$work/scale-100"
  cpu_profiles many "$lwn"
  LWIPLINT_MEMPROFILE=$profile_dir/many.mem.pprof eval "$lwn" >/dev/null 2>&1 || true
  LWIPLINT_TRACE=$profile_dir/many.trace eval "$lwn" >/dev/null 2>&1 || true
  cd "$work"
  rm -rf "$work/scale-100"
  for p in one many; do
    go tool pprof -top -nodecount 40 "$profile_dir/$p.cpu.pprof" >"$profile_dir/$p.cpu.flat.txt" 2>/dev/null
    go tool pprof -top -cum -nodecount 60 "$profile_dir/$p.cpu.pprof" >"$profile_dir/$p.cpu.cum.txt" 2>/dev/null
    go tool pprof -top -sample_index=alloc_space -nodecount 40 "$profile_dir/$p.mem.pprof" >"$profile_dir/$p.alloc.flat.txt" 2>/dev/null
    go tool pprof -top -cum -sample_index=alloc_space -nodecount 60 "$profile_dir/$p.mem.pprof" >"$profile_dir/$p.alloc.cum.txt" 2>/dev/null
    go tool pprof -top -sample_index=inuse_space -nodecount 30 "$profile_dir/$p.mem.pprof" >"$profile_dir/$p.inuse.txt" 2>/dev/null
  done
  log "profiles in $profile_dir (go tool pprof -http=: $profile_dir/many.cpu.pprof; go tool trace $profile_dir/many.trace)"
  [ "$profile_only" = 0 ] || exit 0
fi

# --- measuring --------------------------------------------------------------
# bench CSV RUNS NAME CMD [NAME CMD]... runs hyperfine; progress goes to
# stderr, medians (seconds) to CSV.
# A command whose NAME is a key of prep runs prep[NAME] before each of its
# runs (hyperfine --prepare, untimed).
declare -A prep=()
bench() {
  local csv=$1 n=$2
  shift 2
  local args=() preps=() any=0
  while [ $# -gt 0 ]; do
    args+=(-n "$1" "$2")
    preps+=(--prepare "${prep[$1]:-true}")
    [ -z "${prep[$1]:-}" ] || any=1
    shift 2
  done
  [ "$any" = 1 ] || preps=()
  hyperfine -N -i --style basic --warmup "$warmup" --runs "$n" --export-csv "$csv" "${preps[@]}" "${args[@]}" >&2
}
# median CSV NAME prints the median of NAME in seconds.
median() { awk -F, -v n="$2" 'NR > 1 && $1 == n { print $4 }' "$1"; }
# cpu CSV NAME prints the mean user+system time of NAME in seconds.
cpu() { awk -F, -v n="$2" 'NR > 1 && $1 == n { print $5 + $6 }' "$1"; }
# rss CMD prints the peak RSS of CMD (and its children) in KiB.
rss() {
  eval "/usr/bin/time -f %M -o $(q "$work/rss") $1" >/dev/null 2>&1 || true
  tail -1 "$work/rss"
}
ms() { awk -v s="$1" 'BEGIN { v = s * 1000; if (v >= 10000) printf "%.2f s", v / 1000; else if (v >= 100) printf "%.0f ms", v; else if (v >= 10) printf "%.1f ms", v; else printf "%.2f ms", v }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# prime CMD fills the result cache for CMD (lwiplint with --no-cache):
# it runs CMD without the flag once, when its files are more than two
# seconds old (lwiplint stores no result for younger files), and prints
# the command without the flag.
prime() {
  local cmd=${1/ --no-cache/}
  local wait
  wait=$(awk -v t="$(date +%s.%N)" -v s="$primed_after" 'BEGIN { d = s + 2.2 - t; if (d > 0) print d; else print 0 }')
  sleep "$wait"
  eval "$cmd" >/dev/null 2>&1 || true
  printf '%s' "$cmd"
}
primed_after=$(date +%s.%N) # the newest configuration file is older than this
loadavg() { if [ -r /proc/loadavg ]; then cut -d' ' -f1-3 /proc/loadavg; else uptime | sed 's/.*load average[s]*: //'; fi; }

load_start=$(loadavg)
per=() all_row=''
if [ "$scale_only" = 0 ]; then
cd "$work/base"
log "one configuration per process: $nbase configurations × 3 commands × $runs runs"
per=() # "lw gcc gccnostd lwrss gccrss lwcpu gcccpu lwcached lwcachedcpu" per configuration
for k in "${!names[@]}"; do
  name=${names[$k]}
  dst=$work/base/$name
  f=$(flags "$dst" "$k")
  lwcmd="$(q "$lw") check --no-cache --no-config --lwip $(q "$root")${f:+ $f} $(q "$name")"
  lwcached=$(prime "$lwcmd")
  gcccmd="gcc $(gccargs "$dst" "$k" "$work/stub")"
  nostdcmd="gcc $(gccargs "$dst" "$k" "$work/stub-nostdinc" -nostdinc)"
  csv=$work/csv/one-$name.csv
  # "edited": the configuration changes before each run (a blank line
  # appended), so its result is computed again, with the lwIP tree's
  # reduction from the cache: what a pre-commit hook meets.
  prep[lwiplint-edited]="sh -c $(q "echo >>$(q "$dst/lwipopts.h")")"
  bench "$csv" "$runs" lwiplint "$lwcmd" lwiplint-cached "$lwcached" lwiplint-edited "$lwcached" gcc "$gcccmd" gcc-nostdinc "$nostdcmd"
  per[k]="$(median "$csv" lwiplint) $(median "$csv" gcc) $(median "$csv" gcc-nostdinc) $(rss "$lwcmd") $(rss "$gcccmd") $(cpu "$csv" lwiplint) $(cpu "$csv" gcc) $(median "$csv" lwiplint-cached) $(cpu "$csv" lwiplint-cached) $(median "$csv" lwiplint-edited)"
done

# all configurations of the set in one invocation
all_names=$(printf '%s\n' "${names[@]}")
for k in "${!names[@]}"; do
  printf '%s\n' "$(gccargs "$work/base/${names[$k]}" "$k" "$work/stub")"
done >"$work/base.gcc"
# shellcheck disable=SC2086 # one word per configuration
lwall="$(q "$lw") check --no-cache --lwip $(q "$root") $(printf '%s ' $all_names)"
log "all $nbase configurations in one invocation"
bench "$work/csv/all.csv" "$runs" lwiplint "$lwall" lwiplint-cached "$(prime "$lwall")" \
  gcc-jobs "xargs -a $(q "$work/base.gcc") -P $jobs -L 1 gcc" \
  gcc-serial "xargs -a $(q "$work/base.gcc") -P 1 -L 1 gcc"
c=$work/csv/all.csv
all_row="$nbase $(median "$c" lwiplint) $(median "$c" gcc-jobs) $(median "$c" gcc-serial) $(rss "$lwall") $(rss "xargs -a $(q "$work/base.gcc") -P $jobs -L 1 gcc") $(cpu "$c" lwiplint) $(cpu "$c" gcc-serial) $(median "$c" lwiplint-cached)"
fi

# 1, 10, 100, 1,000 configurations: copies cycling through the set
scale=()
for n in $sizes; do
  set_dir=$work/scale-$n
  make_set "$n"
  cd "$set_dir"
  r=$runs
  if [ "$n" -ge 1000 ] && [ "$r" -gt 3 ]; then r=3; fi
  log "$n configurations in one invocation ($r runs)"
  primed_after=$(date +%s.%N)
  bench "$work/csv/scale-$n.csv" "$r" lwiplint "$lwn" lwiplint-cached "$(prime "$lwn")" \
    gcc-jobs "xargs -a $(q "$set_dir.gcc") -P $jobs -L 1 gcc" \
    gcc-serial "xargs -a $(q "$set_dir.gcc") -P 1 -L 1 gcc"
  c=$work/csv/scale-$n.csv
  scale+=("$n $(median "$c" lwiplint) $(median "$c" gcc-jobs) $(median "$c" gcc-serial) $(rss "$lwn") $(rss "xargs -a $(q "$set_dir.gcc") -P $jobs -L 1 gcc") $(cpu "$c" lwiplint) $(cpu "$c" gcc-serial) $(median "$c" lwiplint-cached)")
  cd "$work"
  rm -rf "$set_dir"
done
load_end=$(loadavg)

# --- report -----------------------------------------------------------------
report() {
  local cpu mem commit big='' n
  for n in $sizes; do
    if [ "$n" -ge 1000 ] && [ "$runs" -gt 3 ]; then big=" (3 runs for 1,000 configurations or more)"; fi
  done
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
  mem=$(awk '/^MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
  commit=$built_from
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/compare.sh${orig_args[*]:+ ${orig_args[*]}}\`:"
  echo
  echo "- machine: ${cpu:-$(uname -m)}, $(nproc) CPUs, ${mem:-? GB} RAM, $(uname -sr)"
  echo "- load average (1, 5, 15 min): $load_start at the start, $load_end at the end"
  echo "- lwiplint $commit ($build), $(go version 2>/dev/null | awk '{ print $3 }' || true); $(gcc --version | head -1); $(hyperfine --version)"
  echo "- lwIP ${lwip_version:-?} headers in \`$root\`; gcc preprocesses $tu_desc"
  echo "- times are medians of wall-clock time over $runs runs after $warmup warm-up$big; CPU is the mean user+system time, which other load on the machine disturbs less; lwiplint/gcc below 0.20 means lwiplint is 5× faster"
  echo "- \"lwiplint\" runs with --no-cache: it reduces the lwIP tree, loads, resolves and lints every time; \"lwiplint, edited\" runs after its lwipopts.h changed (a blank line appended before each run, untimed): it resolves and lints again, reading the tree's reduction from the cache; \"lwiplint, cached\" reads the findings from the result cache, filled by one run before, after checking that no file they were computed from changed (\`lwiplint cache --help\`)"
  echo
  if [ "$scale_only" = 0 ]; then
  echo "#### One configuration per process"
  echo
  local header='| Configuration | lwiplint | lwiplint, edited | lwiplint, cached | gcc -E | gcc -E -nostdinc | lwiplint/gcc | edited/gcc | cached/gcc | CPU lwiplint | CPU gcc | lwiplint/gcc (CPU) | peak RSS lwiplint | peak RSS gcc |'
  local rule='|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|'
  # medians over the configurations
  med() { printf '%s\n' "${per[@]}" | awk -v c="$1" '{ print $c }' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
  maxc() { printf '%s\n' "${per[@]}" | awk -v c="$1" '$c > m { m = $c } END { print m }'; }
  local ratios mr worst met cr cratios cmr cworst cmet eratios emr eworst emet
  if [ "$scale_only" = 0 ]; then
  ratios=$(printf '%s\n' "${per[@]}" | awk '{ print $1 / $2 }' | sort -g)
  cratios=$(printf '%s\n' "${per[@]}" | awk '{ print $8 / $2 }' | sort -g)
  cmr=$(printf '%s\n' "$cratios" | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')
  cworst=$(printf '%s\n' "$cratios" | tail -1 | awk '{ printf "%.2f", $1 }')
  cmet=$(printf '%s\n' "$cratios" | awk '$1 <= 0.2 { n++ } END { print n + 0 }')
  eratios=$(printf '%s\n' "${per[@]}" | awk '{ print $10 / $2 }' | sort -g)
  emr=$(printf '%s\n' "$eratios" | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')
  eworst=$(printf '%s\n' "$eratios" | tail -1 | awk '{ printf "%.2f", $1 }')
  emet=$(printf '%s\n' "$eratios" | awk '$1 <= 0.2 { n++ } END { print n + 0 }')
  cr=$(printf '%s\n' "${per[@]}" | awk '{ print $6 / $7 }' | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')
  mr=$(printf '%s\n' "$ratios" | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')
  worst=$(printf '%s\n' "$ratios" | tail -1 | awk '{ printf "%.2f", $1 }')
  met=$(printf '%s\n' "$ratios" | awk '$1 <= 0.2 { n++ } END { print n + 0 }')
  fi
  echo "$header"
  echo "$rule"
  echo "| median of $nbase | $(ms "$(med 1)") | $(ms "$(med 10)") | $(ms "$(med 8)") | $(ms "$(med 2)") | $(ms "$(med 3)") | $mr | $emr | $cmr | $(ms "$(med 6)") | $(ms "$(med 7)") | $cr | $(mb "$(med 4)") | $(mb "$(med 5)") |"
  echo
  echo "<details><summary>Each configuration</summary>"
  echo
  echo "$header"
  echo "$rule"
  local k a b c d e f g h i j
  for k in "${!names[@]}"; do
    read -r a b c d e f g h i j <<<"${per[$k]}"
    local note=''
    [ "${lw_exit[$k]}" -le 1 ] || note=" (lwiplint exit ${lw_exit[$k]})"
    [ "${gcc_errs[$k]}" != fatal ] || note+=" (gcc stops: header missing)"
    echo "| \`${names[$k]#*-}\`$note | $(ms "$a") | $(ms "$j") | $(ms "$h") | $(ms "$b") | $(ms "$c") | $(ratio "$a" "$b") | $(ratio "$j" "$b") | $(ratio "$h" "$b") | $(ms "$f") | $(ms "$g") | $(ratio "$f" "$g") | $(mb "$d") | $(mb "$e") |"
  done
  echo
  echo "</details>"
  echo
  fi
  echo "#### Many configurations in one run"
  echo
  echo "lwiplint: one \`lwiplint check\` of all the configurations (a \`.lwiplint.toml\` in each copy gives its -I/-D). gcc: one \`gcc -E\` per configuration, $jobs at a time (\`xargs -P $jobs\`, like \`make -j$jobs\`) and one at a time. Copies cycle through the $nbase configurations above in order."
  echo
  echo "| Configurations | lwiplint | CPU lwiplint | CPU per configuration | growth (wall, CPU) | lwiplint, cached | gcc -E, $jobs jobs | gcc -E, 1 job | CPU gcc | lwiplint/gcc ($jobs jobs) | lwiplint/gcc (CPU) | peak RSS lwiplint | peak RSS gcc |"
  echo "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
  local n prev='' prevc='' prevn='' gr
  per_cfg() { awk -v a="$1" -v n="$2" 'BEGIN { print a / n }'; }
  if [ -n "$all_row" ]; then
    read -r n a b c d e f g h <<<"$all_row"
    echo "| all $n above | $(ms "$a") | $(ms "$f") | $(ms "$(per_cfg "$f" "$n")") | | $(ms "$h") | $(ms "$b") | $(ms "$c") | $(ms "$g") | $(ratio "$a" "$b") | $(ratio "$f" "$g") | $(mb "$d") | $(mb "$e") |"
  fi
  local t100='' rss1000='' wall_ok=1 cpu_ok=1 wall_steps='' cpu_steps=''
  for i in "${!scale[@]}"; do
    read -r n a b c d e f g h <<<"${scale[$i]}"
    gr=''
    if [ -n "$prev" ]; then
      gr=$(awk -v a="$a" -v p="$prev" -v c="$f" -v pc="$prevc" -v n="$n" -v pn="$prevn" 'BEGIN { printf "×%.1f, ×%.1f for ×%g", a / p, c / pc, n / pn }')
      wall_steps+="${wall_steps:+, }$(awk -v a="$a" -v p="$prev" 'BEGIN { printf "×%.1f", a / p }')"
      cpu_steps+="${cpu_steps:+, }$(awk -v a="$f" -v p="$prevc" 'BEGIN { printf "×%.1f", a / p }')"
      # linear or better: within 10% of the step in the number of configurations
      awk -v a="$a" -v p="$prev" -v n="$n" -v pn="$prevn" 'BEGIN { exit !(a / p > 1.1 * n / pn) }' && wall_ok=0
      awk -v a="$f" -v p="$prevc" -v n="$n" -v pn="$prevn" 'BEGIN { exit !(a / p > 1.1 * n / pn) }' && cpu_ok=0
    fi
    [ "$n" != 100 ] || t100=$a
    [ "$n" != 1000 ] || rss1000=$d
    echo "| $n | $(ms "$a") | $(ms "$f") | $(ms "$(per_cfg "$f" "$n")") | $gr | $(ms "$h") | $(ms "$b") | $(ms "$c") | $(ms "$g") | $(ratio "$a" "$b") | $(ratio "$f" "$g") | $(mb "$d") | $(mb "$e") |"
    prev=$a prevc=$f prevn=$n
  done
  echo
  echo "#### Targets"
  echo
  local maxrss yes
  if [ "$scale_only" = 0 ]; then
  maxrss=$(maxc 4)
  echo "- one configuration at least 5× faster than gcc (lwiplint/gcc ≤ 0.20), doing the whole work (--no-cache): $met of $nbase configurations; median $mr, worst $worst (median of the CPU-time ratios: $cr)"
  echo "- the same for a configuration edited since the last run (its result computed again, the lwIP tree's reduction read from the cache): $emet of $nbase configurations; median $emr, worst $eworst"
  echo "- the same with the result cache filled by an earlier run and no file changed since: $cmet of $nbase configurations; median $cmr, worst $cworst"
  fi
  if [ -n "$t100" ]; then
    yes=$(awk -v t="$t100" 'BEGIN { print (t < 1 ? "met" : "not met") }')
    echo "- 100 configurations in one invocation under 1 s: $(ms "$t100") ($yes)"
  fi
  if [ -n "$rss1000" ]; then
    yes=$(awk -v k="$rss1000" 'BEGIN { print (k <= 102400 ? "met" : "not met") }')
    echo "- peak RSS for 1,000 configurations in one invocation at most 100 MB: $(mb "$rss1000") ($yes)"
  fi
  if [ "$scale_only" = 0 ]; then
    yes=$(awk -v k="$maxrss" 'BEGIN { print (k < 65536 ? "met" : "not met") }')
    echo "- peak RSS under 64 MB for one configuration: largest $(mb "$maxrss") ($yes)"
  fi
  if [ ${#scale[@]} -gt 1 ]; then
    local w c
    if [ "$wall_ok" = 1 ]; then w=met; else w="not met"; fi
    if [ "$cpu_ok" = 1 ]; then c=met; else c="not met"; fi
    echo "- time growing linearly or better with the number of configurations (each step at most 1.1× the step in their number): wall-clock $wall_steps ($w); CPU $cpu_steps ($c)"
  fi
}
if [ -n "$out" ]; then report | tee "$out"; else report; fi
