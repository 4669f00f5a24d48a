package gccoracle

import (
	"bufio"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lwiplint/lwiplint/internal/testenv"
)

const lwipRoot = testenv.DebianLwip

// needTools skips the test when gcc or the lwIP headers are missing, except
// under CI=true, where their absence is a failure.
func needTools(t *testing.T) {
	t.Helper()
	var missing []string
	if !Available("") {
		missing = append(missing, "gcc")
	}
	if !testenv.HaveDebianLwip() {
		missing = append(missing, lwipRoot+"/lwip/opt.h (Debian package liblwip-dev)")
	}
	testenv.Require(t, len(missing) == 0, strings.Join(missing, " and "))
}

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "lwipopts.h"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func eval(t *testing.T, r Request) map[string]Result {
	t.Helper()
	if r.LwipInclude == "" {
		r.LwipInclude = lwipRoot
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := Eval(ctx, r)
	if err != nil {
		t.Fatalf("Eval: %v", err)
	}
	for _, n := range r.Names {
		if _, ok := res[n]; !ok {
			t.Fatalf("no result for %s", n)
		}
	}
	return res
}

func wantValue(t *testing.T, res map[string]Result, name string, v int64, unsigned bool) {
	t.Helper()
	r := res[name]
	if !r.Defined || !r.HasValue || r.Value != v || r.Unsigned != unsigned {
		t.Errorf("%s = %#v, want value %d unsigned=%v", name, r, v, unsigned)
	}
}

func TestKnownFacts(t *testing.T) {
	needTools(t)

	t.Run("SndQueuelenDefault", func(t *testing.T) {
		dir := writeConfig(t, "#define NO_SYS 0\n#define TCP_MSS 1460\n#define TCP_SND_BUF (8*TCP_MSS)\n")
		res := eval(t, Request{ConfigDir: dir, Names: []string{"TCP_SND_QUEUELEN", "TCP_SND_BUF", "TCP_MSS"}})
		wantValue(t, res, "TCP_SND_QUEUELEN", 32, false)
		wantValue(t, res, "TCP_SND_BUF", 11680, false)
		if got := res["TCP_SND_BUF"].Expr; got != "( 8 * TCP_MSS )" {
			t.Errorf("TCP_SND_BUF Expr = %q", got)
		}
	})

	t.Run("DefaultWindow", func(t *testing.T) {
		dir := writeConfig(t, "#define NO_SYS 0\n")
		res := eval(t, Request{ConfigDir: dir, Headers: []string{"lwip/def.h"},
			Names: []string{"TCP_WND", "TCP_MSS", "TCP_SNDLOWAT", "LWIP_CALLBACK_API"}})
		wantValue(t, res, "TCP_WND", 2144, false)
		wantValue(t, res, "TCP_MSS", 536, false)
		wantValue(t, res, "TCP_SNDLOWAT", 1071, false)
		wantValue(t, res, "LWIP_CALLBACK_API", 1, false)
	})

	t.Run("TcpMslUnsigned", func(t *testing.T) {
		dir := writeConfig(t, "#define NO_SYS 0\n")
		res := eval(t, Request{ConfigDir: dir, Headers: []string{"lwip/priv/tcp_priv.h"},
			Names: []string{"TCP_MSL", "TCP_FIN_WAIT_TIMEOUT", "TCP_KEEPCNT_DEFAULT"}})
		wantValue(t, res, "TCP_MSL", 60000, true)
		if got := res["TCP_MSL"].Expr; got != "60000UL" {
			t.Errorf("TCP_MSL Expr = %q", got)
		}
		wantValue(t, res, "TCP_FIN_WAIT_TIMEOUT", 20000, false)
		wantValue(t, res, "TCP_KEEPCNT_DEFAULT", 9, true)
	})

	t.Run("CastIsAnError", func(t *testing.T) {
		dir := writeConfig(t, "#define NO_SYS 0\n#define TCP_WND ((u16_t)4096)\n#define TCP_MSS 1460\n")
		res := eval(t, Request{ConfigDir: dir, Headers: []string{"lwip/def.h"},
			Names: []string{"TCP_WND", "TCP_MSS", "TCP_WND_UPDATE_THRESHOLD"}})
		for _, n := range []string{"TCP_WND", "TCP_WND_UPDATE_THRESHOLD"} {
			r := res[n]
			if !r.Defined || r.HasValue || r.Err == "" {
				t.Errorf("%s = %#v, want Defined, an Err and no value", n, r)
			}
		}
		if !strings.Contains(res["TCP_WND"].Err, "missing binary operator") {
			t.Errorf("TCP_WND Err = %q", res["TCP_WND"].Err)
		}
		if got := res["TCP_WND"].Expr; got != "( ( u16_t ) 4096 )" {
			t.Errorf("TCP_WND Expr = %q", got)
		}
		// an error in one name's probes must not disturb another's
		wantValue(t, res, "TCP_MSS", 1460, false)
	})

	t.Run("WndScaleWithoutRcvScale", func(t *testing.T) {
		dir := writeConfig(t, "#define NO_SYS 0\n#define LWIP_WND_SCALE 1\n")
		res := eval(t, Request{ConfigDir: dir, Names: []string{"TCP_RCV_SCALE", "LWIP_WND_SCALE"}})
		if r := res["TCP_RCV_SCALE"]; r.Defined {
			t.Errorf("TCP_RCV_SCALE = %#v, want undefined", r)
		}
		wantValue(t, res, "LWIP_WND_SCALE", 1, false)
	})

	t.Run("EventApiAlone", func(t *testing.T) {
		dir := writeConfig(t, "#define NO_SYS 0\n#define LWIP_EVENT_API 0\n")
		res := eval(t, Request{ConfigDir: dir, Names: []string{"LWIP_EVENT_API", "LWIP_CALLBACK_API"}})
		wantValue(t, res, "LWIP_EVENT_API", 0, false)
		wantValue(t, res, "LWIP_CALLBACK_API", 0, false)
	})

	t.Run("SignsAndExtremes", func(t *testing.T) {
		dir := writeConfig(t, "#define NO_SYS 0\n")
		res := eval(t, Request{ConfigDir: dir,
			Defines: []string{"NEG=-1", "UMAX=0xFFFFFFFFFFFFFFFFU", "IMIN=(-0x7FFFFFFFFFFFFFFF-1)",
				"BIGDEC=18446744073709551615", "MINLIT=-9223372036854775808", "EMPTY=", "DIV0=(1/0)",
				"FLAG", "UTERN=(1?-1:0u)", "OCT=0777", "OVF=(0x7FFFFFFFFFFFFFFF+1)"},
			Names: []string{"NEG", "UMAX", "IMIN", "BIGDEC", "MINLIT", "EMPTY", "DIV0", "FLAG", "UTERN", "OCT", "OVF", "NOT_THERE"}})
		wantValue(t, res, "NEG", -1, false)
		wantValue(t, res, "UMAX", -1, true)
		if res["UMAX"].Uint64() != math.MaxUint64 {
			t.Errorf("UMAX = %d", res["UMAX"].Uint64())
		}
		wantValue(t, res, "IMIN", math.MinInt64, false)
		// too large for intmax_t: gcc makes the literal unsigned
		wantValue(t, res, "BIGDEC", -1, true)
		// so -9223372036854775808 is unsigned too (2^63), not INTMAX_MIN
		wantValue(t, res, "MINLIT", math.MinInt64, true)
		wantValue(t, res, "FLAG", 1, false) // -DFLAG means FLAG=1
		wantValue(t, res, "UTERN", -1, true)
		wantValue(t, res, "OCT", 511, false)
		// signed overflow is only a warning: the value wraps
		wantValue(t, res, "OVF", math.MinInt64, false)
		for _, n := range []string{"EMPTY", "DIV0"} {
			if r := res[n]; !r.Defined || r.HasValue || r.Err == "" {
				t.Errorf("%s = %#v, want an Err", n, r)
			}
		}
		if r := res["NOT_THERE"]; r != (Result{}) {
			t.Errorf("NOT_THERE = %#v", r)
		}
	})

	t.Run("FunctionLike", func(t *testing.T) {
		dir := writeConfig(t, "#define NO_SYS 0\n#define LWIP_RAND() ((u32_t)rosc_random_u32())\n")
		res := eval(t, Request{ConfigDir: dir, Headers: []string{"lwip/def.h"}, Names: []string{"LWIP_RAND", "LWIP_MIN"}})
		// Debian's unix-port arch/cc.h defines LWIP_RAND() unconditionally,
		// after lwipopts.h, so its definition replaces the configuration's.
		r := res["LWIP_RAND"]
		if !r.Defined || !r.FuncLike || r.HasValue || r.Expr != "() ( ( u32_t ) rand ( ) )" {
			t.Errorf("LWIP_RAND = %#v", r)
		}
		if r := res["LWIP_MIN"]; !r.FuncLike || !strings.HasPrefix(r.Expr, "(x,y) ") {
			t.Errorf("LWIP_MIN = %#v", r)
		}
	})

	t.Run("MissingHeadersAreEmpty", func(t *testing.T) {
		dir := writeConfig(t, "#include \"main.h\"\n#include <FreeRTOS.h>\n#define NO_SYS 0\n#define TCPIP_THREAD_STACKSIZE (configMINIMAL_STACK_SIZE*4)\n#define LATE (TCP_MSS + 1)\n")
		res := eval(t, Request{ConfigDir: dir, Names: []string{"TCPIP_THREAD_STACKSIZE", "LATE"}})
		wantValue(t, res, "TCPIP_THREAD_STACKSIZE", 0, false)
		wantValue(t, res, "LATE", 537, false)
	})

	t.Run("ConfigLevelError", func(t *testing.T) {
		dir := writeConfig(t, "#define NO_SYS 0\n#if 1/0\n#endif\n#define TCP_MSS 1000\n")
		ctx := context.Background()
		res, err := Eval(ctx, Request{LwipInclude: lwipRoot, ConfigDir: dir, Names: []string{"TCP_MSS"}})
		var pe *PreprocessError
		if !errors.As(err, &pe) || !strings.Contains(pe.Diagnostics[0], "division by zero") {
			t.Fatalf("err = %v, want a *PreprocessError", err)
		}
		wantValue(t, res, "TCP_MSS", 1000, false)
	})

	t.Run("MissingLwip", func(t *testing.T) {
		_, err := Eval(context.Background(), Request{LwipInclude: t.TempDir(), Names: []string{"TCP_MSS"}})
		if err == nil || !strings.Contains(err.Error(), "lwip/opt.h") {
			t.Errorf("err = %v, want lwip/opt.h not found", err)
		}
	})
}

func TestTokenize(t *testing.T) {
	for in, want := range map[string]string{
		"(8*TCP_MSS)":              "( 8 * TCP_MSS )",
		"  0xFFFFU<<TCP_RCV_SCALE": "0xFFFFU << TCP_RCV_SCALE",
		"a->b...c>>=1e+5":          "a -> b ... c >>= 1e+5",
		`L"x\"y" 'c'`:              `L"x\"y" 'c'`,
		"":                         "",
	} {
		if got := strings.Join(tokenize(in), " "); got != want {
			t.Errorf("tokenize(%q) = %q, want %q", in, got, want)
		}
	}
}

// configsDir holds the hand-written configurations of testdata/configs.
var configsDir = filepath.Join("..", "..", "..", "testdata", "configs")

// configRequest reads a config directory and its optional args file (one
// argument per line: "-I dir", "-D NAME=VAL", "--include file"; paths are
// relative to the config directory).
func configRequest(t *testing.T, dir string) Request {
	t.Helper()
	r := Request{LwipInclude: lwipRoot, ConfigDir: dir}
	f, err := os.Open(filepath.Join(dir, "args"))
	if errors.Is(err, os.ErrNotExist) {
		return r
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var opt, val string
		switch {
		case strings.HasPrefix(line, "--include"):
			opt, val = "--include", strings.TrimLeft(strings.TrimPrefix(line, "--include"), " =")
		case strings.HasPrefix(line, "-I"), strings.HasPrefix(line, "-D"):
			opt, val = line[:2], strings.TrimSpace(line[2:])
		default:
			t.Fatalf("%s/args: unknown argument %q", dir, line)
		}
		switch opt {
		case "-I":
			r.IncludeDirs = append(r.IncludeDirs, filepath.Join(dir, val))
		case "-D":
			r.Defines = append(r.Defines, val)
		case "--include":
			r.Includes = append(r.Includes, filepath.Join(dir, val))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return r
}

var defineRE = regexp.MustCompile(`(?m)^\s*#\s*define\s+([A-Za-z_][A-Za-z0-9_]*)`)

// macroNames returns every name #defined in the given files.
func macroNames(t *testing.T, files ...string) []string {
	t.Helper()
	var names []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range defineRE.FindAllStringSubmatch(string(b), -1) {
			names = append(names, m[1])
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// configChecks are spot checks of values that a configuration was written
// to produce. "undef" means not defined; "err" means #if cannot evaluate it.
var configChecks = map[string]map[string]string{
	"pico-sdk-background":         {"NO_SYS": "1", "TCP_SND_QUEUELEN": "32", "MEMP_NUM_TCP_SEG": "32", "LWIP_SOCKET": "0", "LWIP_SO_RCVTIMEO": "0"},
	"pico-sdk-freertos":           {"NO_SYS": "0", "LWIP_SOCKET": "1", "LWIP_NETCONN": "1", "TCP_SND_QUEUELEN": "32", "LWIP_SO_RCVTIMEO": "1", "MEMP_NUM_SYS_TIMEOUT": "7"},
	"cubemx-f7-freertos":          {"TCP_SND_QUEUELEN": "9", "TCP_SNDLOWAT": "1071", "TCPIP_THREAD_STACKSIZE": "0", "TCPIP_THREAD_PRIO": "0", "TCP_MSS": "536"},
	"cubemx-stale-mss":            {"TCP_MSS": "1460", "TCP_SND_QUEUELEN": "9", "TCP_SNDLOWAT": "1071", "TCP_WND_UPDATE_THRESHOLD": "536"},
	"cubemx-h7-nosys":             {"NO_SYS": "1", "LWIP_RAM_HEAP_POINTER": "805584896", "LWIP_DHCP": "1"},
	"esp-idf-style":               {"TCP_MSS": "1440", "TCP_WND": "5760", "MEMP_MEM_MALLOC": "1", "LWIP_IPV6": "1", "IP_REASSEMBLY": "0", "TCP_OVERSIZE": "1440", "LWIP_WND_SCALE": "0", "TCP_FIN_WAIT_TIMEOUT": "20000", "LWIP_NOASSERT": "0"},
	"micropython-rp2":             {"MEM_SIZE": "16000", "LWIP_RAND": "func", "PPP_SUPPORT": "0", "MEMP_NUM_SYS_TIMEOUT": "8", "MEMP_NUM_TCP_SEG": "32"},
	"bare-metal-nosys":            {"NO_SYS": "1", "LWIP_SOCKET": "0", "LWIP_NETCONN": "0", "PBUF_POOL_BUFSIZE": "1516u", "TCP_SND_QUEUELEN": "8"},
	"rtos-sockets":                {"MEMP_NUM_TCP_SEG": "24", "MEMP_NUM_SYS_TIMEOUT": "9", "LWIP_TCPIP_CORE_LOCKING": "1"},
	"ipv6-dual-stack":             {"LWIP_IPV4": "1", "LWIP_IPV6": "1", "PBUF_IP_HLEN": "40", "PBUF_POOL_BUFSIZE": "1516u", "MEMP_NUM_SYS_TIMEOUT": "11"},
	"ipv6-only":                   {"LWIP_IPV4": "0", "LWIP_IPV6": "1", "LWIP_ARP": "0", "LWIP_DHCP": "0", "IP_REASSEMBLY": "0", "LWIP_NUM_SYS_TIMEOUT_INTERNAL": "3"},
	"wnd-scale":                   {"TCP_WND": "262144", "TCP_RCV_SCALE": "2", "TCP_WND_UPDATE_THRESHOLD": "5840"},
	"wnd-scale-missing-rcv-scale": {"TCP_RCV_SCALE": "undef", "LWIP_WND_SCALE": "1", "TCP_WND": "131072"},
	"api-event-only-zero":         {"LWIP_EVENT_API": "0", "LWIP_CALLBACK_API": "0"},
	"api-callback-only-one":       {"LWIP_EVENT_API": "0", "LWIP_CALLBACK_API": "1"},
	"api-both-set":                {"LWIP_EVENT_API": "1", "LWIP_CALLBACK_API": "1"},
	"api-event-explicit":          {"LWIP_EVENT_API": "1", "LWIP_CALLBACK_API": "0"},
	"debug-zero":                  {"LWIP_DEBUG": "0", "ETHARP_DEBUG": "0u", "TCP_DEBUG": "128u", "MEMP_OVERFLOW_CHECK": "0", "LWIP_DBG_MIN_LEVEL": "1"},
	"debug-empty":                 {"LWIP_DEBUG": "err", "LWIP_NOASSERT": "err", "IP_DEBUG": "130u"},
	"casts-and-sizeof":            {"TCP_WND": "err", "MEM_SIZE": "err", "LWIP_DISABLE_TCP_SANITY_CHECKS": "err", "TCP_MSS": "1460", "TCP_TMR_INTERVAL": "err", "TCP_SLOW_INTERVAL": "err", "TCPIP_THREAD_PRIO": "0", "TCPIP_THREAD_NAME": "err", "TCP_SND_BUF": "2920"},
	"non-overridable":             {"LWIP_NUM_SYS_TIMEOUT_INTERNAL": "6", "MEMP_NUM_SYS_TIMEOUT": "6", "TCP_FIN_WAIT_TIMEOUT": "20000", "TCP_SYN_RCVD_TIMEOUT": "20000", "TCP_OOSEQ_TIMEOUT": "6u", "TCP_MSL": "10000u"},
	"literals-and-suffixes":       {"TCP_MSS": "1460", "TCP_SND_BUF": "65536", "TCP_SND_QUEUELEN": "180", "MEMP_NUM_TCP_SEG": "180u", "TCP_KEEPIDLE_DEFAULT": "3600000u", "IP_DEFAULT_TTL": "64", "MEM_ALIGNMENT": "4", "TCP_DEFAULT_LISTEN_BACKLOG": "-1", "PBUF_LINK_HLEN": "16", "LWIP_SOCKET_OFFSET": "0"},
	"include-chain":               {"TCP_MSS": "1460", "TCP_WND": "11680", "ETH_PAD_SIZE": "2", "MEMP_NUM_TCP_SEG": "32"},
	"include-next-wrapper":        {"TCP_MSS": "1200", "TCP_WND": "4800"},
	"computed-include":            {"TCP_MSS": "1024", "TCP_WND": "2048", "LWIP_DHCP": "1"},
	"self-include-guard":          {"SELF_INCLUDE_COUNT": "2", "TCP_WND": "5600"},
	"cmdline-defines":             {"TCP_MSS": "1400", "LWIP_DHCP": "1", "MEM_SIZE": "32768", "LWIP_NETIF_LINK_CALLBACK": "1"},
	"conditionals":                {"EARLY_BIG_MSS": "0", "LATE_BIG_MSS": "1", "TCP_WND": "11680", "SAW_DBG_ON": "0", "COMPILER_IS_GCC": "1", "LWIP_IPV6": "1"},
	"undef-redefine":              {"TCP_MSS": "1000", "MEM_SIZE": "8192", "PBUF_POOL_SIZE": "12", "LWIP_DNS": "0", "LWIP_IGMP": "0"},
	"all-defaults":                {"TCP_WND": "2144", "TCP_SND_QUEUELEN": "8", "MEMP_NUM_SYS_TIMEOUT": "3", "TCP_SNDLOWAT": "1071", "PBUF_POOL_BUFSIZE": "590u", "TCP_MSL": "60000u"},
	"large-snd-buf":               {"TCP_SND_BUF": "131070", "TCP_SND_QUEUELEN": "360", "TCP_SNDLOWAT": "65535"},
	"apps-default-timeouts":       {"MEMP_NUM_SYS_TIMEOUT": "7", "LWIP_MDNS_RESPONDER": "1", "MQTT_OUTPUT_RINGBUF_SIZE": "512"},
	"apps-raised-timeouts":        {"MEMP_NUM_SYS_TIMEOUT": "11"},
	"ppp-over-serial":             {"PPP_SUPPORT": "1", "PPP_NUM_TIMEOUTS": "2", "LWIP_NUM_SYS_TIMEOUT_INTERNAL": "5", "MEMP_NUM_SYS_TIMEOUT": "5"},
	"mem-libc-malloc":             {"MEM_LIBC_MALLOC": "1", "MEM_USE_POOLS": "0"},
	"nosys-defaults-trap":         {"NO_SYS": "1", "LWIP_SOCKET": "1", "LWIP_NETCONN": "1"},
}

func checkValue(r Result, want string) bool {
	switch want {
	case "undef":
		return !r.Defined
	case "err":
		return r.Defined && !r.HasValue && r.Err != ""
	case "func":
		return r.Defined && r.FuncLike
	}
	return r.Defined && r.HasValue && r.String() == want
}

// fullHeaders are included after lwip/opt.h for the value checks: enough
// for every default of opt.h, tcp_priv.h, pbuf.h and the app/PPP option
// headers to be evaluable.
var fullHeaders = []string{"lwip/def.h", "lwip/priv/tcp_priv.h", "lwip/pbuf.h", "lwip/apps/sntp_opts.h",
	"lwip/apps/mdns_opts.h", "lwip/apps/mqtt_opts.h", "lwip/apps/httpd_opts.h", "netif/ppp/ppp_opts.h"}

// headerErrors lists the configurations for which lwIP's own headers hit an
// #if error (beyond lwip/opt.h) and the text expected in it.
var headerErrors = map[string]string{
	// lwip/mem.h: #if MEM_SIZE > 64000L with MEM_SIZE (sizeof(int)*1024)
	"casts-and-sizeof": "mem.h:63:5: error: missing binary operator before token \"(\"",
}

// TestConfigs preprocesses every configuration of testdata/configs, first
// with lwip/opt.h alone (which must succeed without any error outside the
// probes), then with fullHeaders, and spot-checks values.
func TestConfigs(t *testing.T) {
	needTools(t)
	entries, err := os.ReadDir(configsDir)
	if err != nil {
		t.Fatal(err)
	}
	var optNames []string
	for _, h := range slices.Concat([]string{"lwip/opt.h"}, fullHeaders) {
		optNames = append(optNames, macroNames(t, filepath.Join(lwipRoot, filepath.FromSlash(h)))...)
	}
	var n int
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		n++
		name := e.Name()
		dir := filepath.Join(configsDir, name)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var files []string
			filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() && strings.HasSuffix(p, ".h") {
					files = append(files, p)
				}
				return err
			})
			names := slices.Concat(optNames, macroNames(t, files...))
			slices.Sort(names)
			names = slices.Compact(names)

			r := configRequest(t, dir)
			r.Names = names
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			if _, err := Eval(ctx, r); err != nil {
				t.Fatalf("with lwip/opt.h: %v", err)
			}

			r.Headers = fullHeaders
			res, err := Eval(ctx, r)
			var pe *PreprocessError
			switch want, ok := headerErrors[name]; {
			case err == nil && ok:
				t.Errorf("with all headers: no error, want %s", want)
			case err == nil:
			case !errors.As(err, &pe):
				t.Fatalf("with all headers: %v", err)
			case !ok || len(pe.Diagnostics) != 1 || !strings.HasSuffix(pe.Diagnostics[0], want):
				t.Errorf("with all headers: %v, want %q", pe.Diagnostics, want)
			}
			var errs []string
			for _, n := range names {
				if rs := res[n]; rs.Defined && !rs.FuncLike && !rs.HasValue {
					errs = append(errs, n)
				}
			}
			t.Logf("%d names, #if errors for: %v", len(names), errs)
			for opt, want := range configChecks[name] {
				if !checkValue(res[opt], want) {
					t.Errorf("%s = %s (%#v), want %s", opt, res[opt], res[opt], want)
				}
			}
		})
	}
	if n < 30 {
		t.Errorf("only %d configurations in %s", n, configsDir)
	}
}

// initCheckIDs returns the INITCHK_* macro names of the init.c check header.
func initCheckIDs(t *testing.T) (header string, names []string) {
	t.Helper()
	header = filepath.Join("testdata", "initchk", "init_checks_2_1_3.h")
	for _, n := range macroNames(t, header) {
		if strings.HasPrefix(n, "INITCHK_") {
			names = append(names, n)
		}
	}
	return header, names
}

// initCheckID turns INITCHK_20 into "#20" and INITCHK_T1 into "T1".
func initCheckID(name string) string {
	id := strings.TrimPrefix(name, "INITCHK_")
	if id[0] >= '0' && id[0] <= '9' {
		return "#" + id
	}
	return id
}

// sortIDs orders "#4" < "#16b" < "#20" < "M1" < "T1" < "T10".
func sortIDs(ids []string) {
	key := func(s string) (string, int, string) {
		p := strings.TrimPrefix(s, "#")
		pre := ""
		if p != s {
			pre = "#"
		} else {
			pre, p = p[:1], p[1:]
		}
		i := 0
		for i < len(p) && p[i] >= '0' && p[i] <= '9' {
			i++
		}
		n := 0
		for _, c := range p[:i] {
			n = n*10 + int(c-'0')
		}
		return pre, n, p[i:]
	}
	slices.SortFunc(ids, func(a, b string) int {
		pa, na, sa := key(a)
		pb, nb, sb := key(b)
		if pa != pb {
			return strings.Compare(pa, pb)
		}
		if na != nb {
			return na - nb
		}
		return strings.Compare(sa, sb)
	})
}

// initChecks evaluates lwIP 2.1.3's init.c #error conditions for a config
// and renders them the way testdata/configs/README.md lists them: the ids
// whose #error fires, then "#if error: ids" for conditions that the
// preprocessor cannot evaluate.
func initChecks(t *testing.T, dir string) string {
	t.Helper()
	header, names := initCheckIDs(t)
	abs, err := filepath.Abs(filepath.Dir(header))
	if err != nil {
		t.Fatal(err)
	}
	r := configRequest(t, dir)
	r.IncludeDirs = append(r.IncludeDirs, abs)
	r.Headers = []string{"lwip/def.h", "lwip/pbuf.h", "netif/ppp/ppp_opts.h", filepath.Base(header)}
	r.Names = names
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := Eval(ctx, r)
	var guards []string
	if err != nil {
		var pe *PreprocessError
		if !errors.As(err, &pe) {
			t.Fatalf("init checks: %v", err)
		}
		lines := readLines(t, header)
		for _, d := range pe.Diagnostics {
			// an #if of init.c itself that cannot be evaluated
			file, rest, _ := strings.Cut(d, ":")
			ln, _, _ := strings.Cut(rest, ":")
			n, _ := strconv.Atoi(ln)
			if filepath.Base(file) == filepath.Base(header) && n >= 1 && n <= len(lines) {
				guards = append(guards, "`"+strings.TrimSpace(lines[n-1])+"`")
				continue
			}
			t.Errorf("init checks: unexpected error %s", d)
		}
	}
	var fired, broken []string
	for _, n := range names {
		switch rs := res[n]; {
		case !rs.Defined: // init.c skips this check
		case !rs.HasValue:
			broken = append(broken, initCheckID(n))
		case rs.Value != 0:
			fired = append(fired, initCheckID(n))
		}
	}
	sortIDs(fired)
	sortIDs(broken)
	s := strings.Join(fired, ", ")
	if s == "" {
		s = "none"
	}
	if len(broken) > 0 || len(guards) > 0 {
		s += "; #if error: " + strings.Join(slices.Concat(guards, broken), ", ")
	}
	return s
}

func readLines(t *testing.T, file string) []string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(string(b), "\n")
}

var readmeRowRE = regexp.MustCompile("^\\|\\s*`([a-z0-9-]+)`\\s*\\|(.*)\\|([^|]*)\\|\\s*$")

// TestReadmeInitErrors checks the last column of the table in
// testdata/configs/README.md (expected init.c #errors) against gcc.
func TestReadmeInitErrors(t *testing.T) {
	needTools(t)
	b, err := os.ReadFile(filepath.Join(configsDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if m := readmeRowRE.FindStringSubmatch(line); m != nil {
			listed[m[1]] = strings.TrimSpace(m[3])
		}
	}
	entries, err := os.ReadDir(configsDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := initChecks(t, filepath.Join(configsDir, name))
			want, ok := listed[name]
			if !ok {
				t.Fatalf("not listed in README.md; computed: %s", got)
			}
			if strings.Trim(want, "`") != got {
				t.Errorf("README.md says %q, gcc says %q", want, got)
			}
		})
	}
}
