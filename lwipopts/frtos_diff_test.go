package lwipopts

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
	"github.com/lwiplint/lwiplint/lwipopts/freertos"
	"github.com/lwiplint/lwiplint/lwipopts/internal/gccoracle"
)

// TestFreeRTOSDifferentialGCC resolves configurations we wrote against the
// built-in FreeRTOS+TCP programs and compares the definedness and #if
// value of every ipconfig default with gcc preprocessing the release's real
// FreeRTOSIPConfigDefaults.h (extracted from the git mirror, never
// committed), both with the same 32-bit C library limits.
func TestFreeRTOSDifferentialGCC(t *testing.T) {
	repo := os.Getenv("LWIPLINT_FREERTOS_TCP_GIT")
	if repo == "" {
		repo = testenv.Mirror("FreeRTOS/FreeRTOS-Plus-TCP")
	}
	if _, err := os.Stat(filepath.Join(repo, "HEAD")); repo == "" || err != nil {
		testenv.SkipLocal(t, "FreeRTOS/FreeRTOS-Plus-TCP")
	}
	testenv.Require(t, testenv.GCC() != "", "gcc")
	configs := map[string]string{
		"defaults": "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n",
		"tuned": "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n#define ipconfigNETWORK_MTU 1400\n#define ipconfigTCP_MSS ( ipconfigNETWORK_MTU - 40 )\n" +
			"#define ipconfigTCP_RX_BUFFER_LENGTH ( 8 * ipconfigTCP_MSS )\n#define ipconfigUSE_TCP_WIN 0\n#define ipconfigTCP_HANG_PROTECTION_TIME 0\n#define ipconfigNUM_NETWORK_BUFFER_DESCRIPTORS 12\n",
		"broken": "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n#define ipconfigUSE_DHCP 2\n#define ipconfigTCP_MSS 500\n#define ipconfigIGNORE_UNKNOWN_PACKETS 1\n",
	}
	for _, v := range []string{"V2.3.4", "V3.1.0", "V4.1.0", "V4.4.1"} {
		tab, err := freertos.Get(v)
		if err != nil {
			t.Fatal(err)
		}
		src := t.TempDir()
		out, err := exec.Command("git", "--git-dir="+repo, "archive", "--format=tar", tab.Commit, filepath.Dir(tab.DefaultsFile)).Output()
		if err != nil {
			t.Fatalf("git archive %s: %v", v, err)
		}
		untar := exec.Command("tar", "-x", "-C", src)
		untar.Stdin = bytes.NewReader(out)
		if out, err := untar.CombinedOutput(); err != nil {
			t.Fatalf("tar: %v %s", err, out)
		}
		inc := filepath.Join(src, filepath.Dir(tab.DefaultsFile))
		// gccoracle's unit includes "lwip/opt.h": make that the two headers
		// FreeRTOS_IP.h includes.
		shim := t.TempDir()
		os.MkdirAll(filepath.Join(shim, "lwip"), 0o755)
		os.WriteFile(filepath.Join(shim, "lwip", "opt.h"), []byte("#include \"FreeRTOSIPConfig.h\"\n#include \"FreeRTOSIPConfigDefaults.h\"\n"), 0o644)
		var names []string
		for _, d := range tab.Defaults {
			if d.Params == nil && strings.HasPrefix(d.Name, "ipconfig") {
				names = append(names, d.Name)
			}
		}
		for cname, body := range configs {
			t.Run(v+"/"+cname, func(t *testing.T) {
				dir := t.TempDir()
				cfgPath := filepath.Join(dir, ConfigFileFreeRTOS)
				os.WriteFile(cfgPath, []byte(body), 0o644)
				want, gerr := gccoracle.Eval(context.Background(), gccoracle.Request{
					LwipInclude: shim, ConfigDir: dir, IncludeDirs: []string{inc},
					Defines: append([]string{"FREERTOS_CONFIG_H", "FREERTOS_IP_CONFIG_H"}, freertosLibc...), Names: names,
				})
				var pe *gccoracle.PreprocessError
				if gerr != nil && !errors.As(gerr, &pe) {
					t.Fatal(gerr)
				}
				cfg, err := LoadFreeRTOS(cfgPath, Params{FreeRTOSVersion: v})
				if err != nil {
					t.Fatal(err)
				}
				compared := 0
				for _, n := range names {
					w, o := want[n], cfg.Option(n)
					if w.Defined != o.Defined {
						t.Errorf("%s: defined %v, gcc %v", n, o.Defined, w.Defined)
						continue
					}
					if !w.HasValue || !o.HasValue || !o.Evaluable {
						continue
					}
					compared++
					if w.Value != o.Value.Int {
						t.Errorf("%s = %d, gcc %d (%s)", n, o.Value.Int, w.Value, w.Expr)
					}
				}
				if compared < len(names)/2 {
					t.Errorf("only %d of %d values compared", compared, len(names))
				}
				t.Logf("%d values agree with gcc", compared)
			})
		}
	}
}
