package lwipopts

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
	"github.com/lwiplint/lwiplint/lwipopts/freertos"
	"github.com/lwiplint/lwiplint/lwipopts/internal/gccoracle"
)

// frtosKernelConfig is the FreeRTOSConfig.h of the differential test: what
// FreeRTOS.h and FreeRTOSIPConfigDefaults.h (V4.x) require.
const frtosKernelConfig = "#ifndef FREERTOS_CONFIG_H\n#define FREERTOS_CONFIG_H\n" +
	"#define configUSE_PREEMPTION 1\n#define configUSE_IDLE_HOOK 0\n#define configUSE_TICK_HOOK 0\n" +
	"#define configTICK_RATE_HZ 1000\n#define configMAX_PRIORITIES 7\n#define configMINIMAL_STACK_SIZE 128\n" +
	"#define configMAX_TASK_NAME_LEN 16\n#define configUSE_16_BIT_TICKS 0\n#define configIDLE_SHOULD_YIELD 1\n" +
	"#define configUSE_MUTEXES 1\n#define configUSE_COUNTING_SEMAPHORES 1\n#define configSUPPORT_DYNAMIC_ALLOCATION 1\n" +
	"#define configUSE_TASK_NOTIFICATIONS 1\n#define configTOTAL_HEAP_SIZE ( 64 * 1024 )\n" +
	"#define configKERNEL_INTERRUPT_PRIORITY 255\n#define configMAX_SYSCALL_INTERRUPT_PRIORITY 191\n" +
	"#define INCLUDE_vTaskDelay 1\n#define INCLUDE_xTaskGetCurrentTaskHandle 1\n#endif\n"

// frtosDiffConfigs are the FreeRTOSIPConfig.h bodies of the differential
// test, each wrapped in an include guard: the shapes of real
// configurations (a demo's, a minimal one, a UDP-only one, one tuned for
// throughput) and mutations that make the checks fire.
var frtosDiffConfigs = map[string]string{
	"minimal": "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n",
	"demo": "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n#define ipconfigUSE_DHCP 1\n#define ipconfigUSE_DNS 1\n" +
		"#define ipconfigIP_TASK_PRIORITY ( configMAX_PRIORITIES - 2 )\n#define ipconfigIP_TASK_STACK_SIZE_WORDS ( configMINIMAL_STACK_SIZE * 5 )\n" +
		"#define ipconfigNUM_NETWORK_BUFFER_DESCRIPTORS 60\n#define ipconfigEVENT_QUEUE_LENGTH ( ipconfigNUM_NETWORK_BUFFER_DESCRIPTORS + 5 )\n" +
		"#define ipconfigMAX_SEND_BLOCK_TIME_TICKS ( 5000 / portTICK_PERIOD_MS )\n#define ipconfigSOCK_DEFAULT_RECEIVE_BLOCK_TIME ( 5000 )\n" +
		"#define ipconfigUSE_TCP 1\n#define ipconfigUSE_TCP_WIN 1\n#define ipconfigNETWORK_MTU 1200\n#define ipconfigTCP_MSS ( ipconfigNETWORK_MTU - ( ipSIZE_OF_IPv4_HEADER + ipSIZE_OF_TCP_HEADER ) )\n" +
		"#define ipconfigTCP_TX_BUFFER_LENGTH ( 16 * ipconfigTCP_MSS )\n#define ipconfigTCP_RX_BUFFER_LENGTH ( 16 * ipconfigTCP_MSS )\n#define ipconfigTCP_KEEP_ALIVE 1\n" +
		"#define ipconfigUSE_NETWORK_EVENT_HOOK 1\n#define ipconfigDHCP_REGISTER_HOSTNAME 1\n#define ipconfigUSE_LLMNR 1\n#define ipconfigUSE_NBNS 1\n",
	"udp-only": "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n#define ipconfigUSE_TCP 0\n#define ipconfigUSE_DHCP 0\n#define ipconfigUSE_DNS 0\n" +
		"#define ipconfigNUM_NETWORK_BUFFER_DESCRIPTORS 8\n#define ipconfigEVENT_QUEUE_LENGTH 13\n#define ipconfigUDP_MAX_RX_PACKETS 4\n",
	"throughput": "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n#define ipconfigZERO_COPY_RX_DRIVER 1\n#define ipconfigZERO_COPY_TX_DRIVER 1\n" +
		"#define ipconfigDRIVER_INCLUDED_RX_IP_CHECKSUM 1\n#define ipconfigDRIVER_INCLUDED_TX_IP_CHECKSUM 1\n#define ipconfigTCP_WIN_SEG_COUNT 64\n" +
		"#define ipconfigNUM_NETWORK_BUFFER_DESCRIPTORS 32\n#define ipconfigBUFFER_PADDING 14\n#define ipconfigPACKET_FILLER_SIZE 2U\n",
	"stdint-test": "#include <stdint.h>\n#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n#if INTPTR_MAX == INT64_MAX\n#define ipconfigBUFFER_PADDING 14\n#endif\n" +
		"#define ipconfigMAX_IP_TASK_SLEEP_TIME portMAX_DELAY\n",
	"big-endian":  "#define ipconfigBYTE_ORDER pdFREERTOS_BIG_ENDIAN\n#define ipconfigUSE_DHCP 1\n",
	"no-order":    "#define ipconfigUSE_DHCP 1\n",
	"dhcp-2":      "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n#define ipconfigUSE_DHCP 2\n#define ipconfigTCP_MSS 500\n#define ipconfigIGNORE_UNKNOWN_PACKETS 1\n",
	"small-queue": "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n#define ipconfigNUM_NETWORK_BUFFER_DESCRIPTORS 20\n#define ipconfigEVENT_QUEUE_LENGTH 10\n",
	"small-mtu":   "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n#define ipconfigNETWORK_MTU 40\n",
	"big-mtu":     "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n#define ipconfigNETWORK_MTU 9000\n",
	"renamed":     "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n#define ipconfigTCP_HANG_PROT 1\n#define ipconfigMAX_SEND_BLOCK_TIME_TICKS 100\n",
	"ipv6":        "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n#define ipconfigUSE_IPv6 1\n#define ipconfigUSE_IPv4 1\n#define ipconfigUSE_RA 1\n#define ipconfigUSE_DHCPv6 0\n",
	"ipv6-only":   "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n#define ipconfigUSE_IPv4 0\n#define ipconfigUSE_IPv6 1\n",
	"bool-2":      "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n#define ipconfigUSE_TCP_WIN 2\n#define ipconfigUSE_DNS_CACHE 3\n",
	"dns-cache":   "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n#define ipconfigUSE_DNS_CACHE 1\n#define ipconfigDNS_CACHE_ENTRIES 4\n#define ipconfigDNS_CACHE_NAME_LENGTH 16\n",
	"windows":     "#define _WINDOWS_ 1\n#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n",
	"mem-stats":   "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n#define ipconfigUSE_TCP_MEM_STATS 1\n#define ipconfigUSE_DUMP_PACKETS 0\n#define ipconfigENABLE_BACKWARD_COMPATIBILITY 0\n",
	"sizes-u16":   "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n#define ipconfigTCP_RX_BUFFER_LENGTH 70000\n#define ipconfigUDP_MAX_RX_PACKETS 0xffffffff\n",
	"ticks":       "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n#define ipconfigDNS_SEND_BLOCK_TIME_TICKS pdMS_TO_TICKS( 500 )\n#define ipconfigTCP_HANG_PROTECTION_TIME 30\n",
}

// frtosDiffVersions are the releases the differential test runs on.
var frtosDiffVersions = []string{"V2.2.2", "V2.3.2", "V2.3.2-LTS-Patch-2", "V2.4.0", "V3.1.0", "V4.0.0", "V4.2.2", "V4.4.1"}

// archive extracts paths of commit from the git directory into dir.
func archive(t *testing.T, gitDir, commit, dir string, paths ...string) {
	t.Helper()
	out, err := exec.Command("git", append([]string{"--git-dir=" + gitDir, "archive", "--format=tar", commit, "--"}, paths...)...).Output()
	if err != nil {
		t.Fatalf("git archive %s %v: %v", commit, paths, err)
	}
	untar := exec.Command("tar", "-x", "-C", dir)
	untar.Stdin = bytes.NewReader(out)
	if out, err := untar.CombinedOutput(); err != nil {
		t.Fatalf("tar: %v %s", err, out)
	}
}

var gccErrorRE = regexp.MustCompile(`error: #error (.*)$`)

// TestFreeRTOSDifferentialGCC resolves FreeRTOSIPConfig.h files against the
// built-in FreeRTOS+TCP programs and compares every macro they and the
// release define (definedness, #if value, signedness) and the set of
// #error lines with gcc preprocessing the real headers of the release
// (FreeRTOS_IP.h, which reads FreeRTOSIPConfig.h, FreeRTOSIPConfigDefaults.h
// and the rest) after the real FreeRTOS.h of the kernel release of its time
// with the GCC/ARM_CM4F port, both from local git mirrors (testenv.Mirror;
// never committed) and with the same freestanding C headers.
func TestFreeRTOSDifferentialGCC(t *testing.T) {
	tcpGit, kernGit := testenv.Mirror(freertos.Repository), testenv.Mirror(freertos.KernelRepository)
	if tcpGit == "" {
		testenv.SkipLocal(t, freertos.Repository)
	}
	if kernGit == "" {
		testenv.SkipLocal(t, freertos.KernelRepository)
	}
	testenv.Require(t, testenv.GCC() != "", "gcc")
	fsDir := freestandingDir(t)
	var total, agreed, configs, realConfigs, errSets, errAgree int
	var names []string
	for n := range frtosDiffConfigs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, v := range frtosDiffVersions {
		tab, err := freertos.Get(v)
		if err != nil {
			t.Fatal(err)
		}
		k, err := tab.KernelFor()
		if err != nil {
			t.Fatal(err)
		}
		src := t.TempDir()
		archive(t, tcpGit, tab.Commit, src, path.Dir(tab.DefaultsFile))
		kdir := t.TempDir()
		kfiles, err := exec.Command("git", "--git-dir="+kernGit, "ls-tree", "-r", "--name-only", k.Commit).Output()
		if err != nil {
			t.Fatal(err)
		}
		var kinc, kport string
		for _, p := range strings.Split(string(kfiles), "\n") {
			switch {
			case path.Base(p) == "projdefs.h" && path.Base(path.Dir(p)) == "include" && kinc == "":
				kinc = path.Dir(p)
			case strings.HasSuffix(p, "portable/"+k.Port+"/portmacro.h"):
				kport = path.Dir(p)
			}
		}
		archive(t, kernGit, k.Commit, kdir, kinc, kport)
		shim := t.TempDir()
		os.MkdirAll(filepath.Join(shim, "lwip"), 0o755)
		os.WriteFile(filepath.Join(shim, "lwip", "opt.h"), []byte("#include \"FreeRTOS.h\"\n#include \"FreeRTOS_IP.h\"\n"), 0o644)
		var probe []string
		for _, d := range append(slices.Clone(tab.Defaults), tab.Outside...) {
			if d.Params == nil && !slices.Contains(probe, d.Name) {
				probe = append(probe, d.Name)
			}
		}
		probe = append(probe, "ipSIZE_OF_IPv4_HEADER", "ipSIZE_OF_TCP_HEADER", "pdTRUE", "pdFALSE", "pdPASS", "pdFAIL",
			"pdFREERTOS_LITTLE_ENDIAN", "pdFREERTOS_BIG_ENDIAN", "pdFREERTOS_ERRNO_EWOULDBLOCK", "pdFREERTOS_ERRNO_ENOMEM",
			"portMAX_DELAY", "portTICK_PERIOD_MS", "portBYTE_ALIGNMENT", "UINT_FAST8_MAX", "SIZE_MAX", "INTPTR_MAX")
		// The release's own FreeRTOSIPConfig.h files (its tests' build
		// combinations and analysis configurations), read from the mirror.
		bodies := map[string]string{}
		runs := slices.Clone(names)
		if ls, err := exec.Command("git", "--git-dir="+tcpGit, "ls-tree", "-r", "--name-only", tab.Commit).Output(); err == nil {
			for _, p := range strings.Split(string(ls), "\n") {
				if path.Base(p) != ConfigFileFreeRTOS || !strings.HasPrefix(p, "test/") || strings.Contains(p, "cbmc") {
					continue
				}
				if b, err := exec.Command("git", "--git-dir="+tcpGit, "show", tab.Commit+":"+p).Output(); err == nil {
					bodies["real:"+p] = string(b)
					runs = append(runs, "real:"+p)
				}
			}
		}
		for _, cname := range runs {
			body, real := bodies[cname]
			if !real {
				body = "#ifndef FREERTOS_IP_CONFIG_H\n#define FREERTOS_IP_CONFIG_H\n" + frtosDiffConfigs[cname] + "#endif\n"
			}
			t.Run(v+"/"+cname, func(t *testing.T) {
				dir := t.TempDir()
				cfgPath := filepath.Join(dir, ConfigFileFreeRTOS)
				os.WriteFile(cfgPath, []byte(body), 0o644)
				if real {
					realConfigs++
				}
				kcfg := filepath.Join(dir, "FreeRTOSConfig.h")
				os.WriteFile(kcfg, []byte(frtosKernelConfig), 0o644)
				want, gerr := gccoracle.Eval(context.Background(), gccoracle.Request{
					LwipInclude: shim, ConfigDir: dir,
					IncludeDirs: []string{filepath.Join(src, filepath.Dir(tab.DefaultsFile)), filepath.Join(kdir, kinc), filepath.Join(kdir, kport)},
					AfterDirs:   []string{fsDir}, Defines: DefaultPredefined, Names: probe,
				})
				var pe *gccoracle.PreprocessError
				if gerr != nil && !errors.As(gerr, &pe) {
					t.Fatal(gerr)
				}
				cfg, err := LoadFreeRTOS(cfgPath, Params{FreeRTOSVersion: v, Includes: []string{kcfg}})
				if err != nil {
					t.Fatal(err)
				}
				configs++
				for _, n := range probe {
					w, o := want[n], cfg.Option(n)
					total++
					switch {
					case w.Defined != o.Defined:
						t.Errorf("%s: defined %v, gcc %v", n, o.Defined, w.Defined)
					case !w.Defined:
						agreed++
					case w.HasValue != o.HasValue:
						t.Errorf("%s: evaluates %v (%s), gcc %v (%s)", n, o.HasValue, o.Reason, w.HasValue, w.Err)
					case w.HasValue && (w.Value != o.Value.Int || w.Unsigned != o.Value.Unsigned):
						t.Errorf("%s = %v (unsigned %v), gcc %s (%s)", n, o.Value, o.Value.Unsigned, w.String(), w.Expr)
					default:
						agreed++
					}
				}
				// The #error lines of the headers: gcc's, each once (an
				// #error of a header read twice is reported twice).
				var gccErrs []string
				if pe != nil {
					for _, d := range pe.Diagnostics {
						if m := gccErrorRE.FindStringSubmatch(d); m != nil && !slices.Contains(gccErrs, strings.TrimSpace(m[1])) {
							gccErrs = append(gccErrs, strings.TrimSpace(m[1]))
						}
					}
				}
				var ours []string
				for _, e := range cfg.Errors {
					if s := strings.TrimSpace(e.Text); !slices.Contains(ours, s) {
						ours = append(ours, s)
					}
				}
				// The checks of the other headers FreeRTOS_IP.h reads, which
				// rule LW5101 evaluates after all defaults.
				for _, c := range tab.Checks {
					base := path.Base(c.File)
					if c.Kind != freertos.KindError || c.If == "" || c.Class == freertos.ClassIncludeOrder || !slices.Contains(tab.IPHeaders, base) ||
						base == freertosDefaults || base == freertosDeprecated || slices.Contains(ours, c.Text) {
						continue
					}
					if v, err := cfg.Eval(c.If); err == nil && v.Int != 0 {
						ours = append(ours, c.Text)
					}
				}
				sort.Strings(gccErrs)
				sort.Strings(ours)
				errSets++
				if slices.Equal(gccErrs, ours) {
					errAgree++
				} else {
					t.Errorf("#error set differs:\n  lwiplint %q\n  gcc      %q", ours, gccErrs)
				}
			})
		}
	}
	t.Logf("FreeRTOS+TCP vs gcc: %d of %d values agree over %d configurations (%d of the releases' own test configurations, %d written bodies × %d releases); #error sets agree on %d of %d",
		agreed, total, configs, realConfigs, len(names), len(frtosDiffVersions), errAgree, errSets)
	if total == 0 {
		t.Fatal("nothing compared")
	}

}
