package lwipopts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
	"github.com/lwiplint/lwiplint/lwipopts/freertos"
)

// TestFindFreeRTOSTreeLayouts: the tree of a configuration is found in each
// layout of a vendored FreeRTOS+TCP (flat V2.x include/, V3.0.0+ source/,
// any directory name, nested below the project), the nearest first, and a
// directory named FreeRTOS-Plus-TCP that is not the stack is not pruned
// from discovery. The trees are stand-ins: only a FreeRTOSIPConfigDefaults.h.
func TestFindFreeRTOSTreeLayouts(t *testing.T) {
	for _, tc := range []struct {
		name, cfg, want string
		files           []string
	}{
		{"flat sibling", "app/FreeRTOSIPConfig.h", "FreeRTOS-Plus-TCP", []string{"FreeRTOS-Plus-TCP/include/FreeRTOSIPConfigDefaults.h"}},
		{"source layout", "app/config/FreeRTOSIPConfig.h", "lib/FreeRTOS-Plus-TCP", []string{"lib/FreeRTOS-Plus-TCP/source/include/FreeRTOSIPConfigDefaults.h"}},
		{"any name", "FreeRTOSIPConfig.h", "third_party/freertos_plus_tcp", []string{"third_party/freertos_plus_tcp/source/include/FreeRTOSIPConfigDefaults.h"}},
		{"deep vendor dir", "Core/Inc/FreeRTOSIPConfig.h", "Middlewares/Third_Party/FreeRTOS-Plus-TCP", []string{"Middlewares/Third_Party/FreeRTOS-Plus-TCP/include/FreeRTOSIPConfigDefaults.h"}},
		{"nearest wins", "a/b/FreeRTOSIPConfig.h", "a/tcp", []string{"a/tcp/source/include/FreeRTOSIPConfigDefaults.h", "z/tcp/include/FreeRTOSIPConfigDefaults.h"}},
		{"config inside the tree", "FreeRTOS-Plus-TCP/test/build-combination/Common/FreeRTOSIPConfig.h", "FreeRTOS-Plus-TCP", []string{"FreeRTOS-Plus-TCP/source/include/FreeRTOSIPConfigDefaults.h"}},
		{"none", "app/FreeRTOSIPConfig.h", "", []string{"FreeRTOS-Plus-TCP/test/FreeRTOSIPConfigDefaults.h"}},
		{"outside a project: named only", "x/y/FreeRTOSIPConfig.h", "x/FreeRTOS_Plus_TCP", []string{"x/FreeRTOS_Plus_TCP/source/include/FreeRTOSIPConfigDefaults.h", "x/other/tcp/include/FreeRTOSIPConfigDefaults.h"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			if !strings.HasPrefix(tc.name, "outside") {
				os.Mkdir(filepath.Join(root, ".git"), 0o755)
			}
			for _, f := range append(tc.files, tc.cfg) {
				p := filepath.Join(root, filepath.FromSlash(f))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte("/* stand-in */\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got := findFreeRTOSTree(filepath.Join(root, filepath.FromSlash(tc.cfg)))
			want := ""
			if tc.want != "" {
				want = filepath.Join(root, filepath.FromSlash(tc.want))
			}
			if got != want {
				t.Errorf("tree %q, want %q", got, want)
			}
		})
	}
}

// TestDiscoverKeepsOwnFreeRTOSPlusTCPDir: a project's own test
// configurations in a directory named FreeRTOS-Plus-TCP are inputs; the
// configurations inside a vendored copy of the stack are not.
func TestDiscoverKeepsOwnFreeRTOSPlusTCPDir(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"tests/FreeRTOS-Plus-TCP/FreeRTOSIPConfig.h", "vendor/FreeRTOS-Plus-TCP/source/include/FreeRTOSIPConfigDefaults.h",
		"vendor/FreeRTOS-Plus-TCP/test/unit-test/FreeRTOSIPConfig.h"} {
		p := filepath.Join(root, filepath.FromSlash(f))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("#define ipconfigUSE_DHCP 1\n"), 0o644)
	}
	in, err := FindInputs(root)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, i := range in {
		rel, _ := filepath.Rel(root, i.Path)
		got = append(got, filepath.ToSlash(rel))
	}
	if strings.Join(got, " ") != "tests/FreeRTOS-Plus-TCP/FreeRTOSIPConfig.h" {
		t.Errorf("inputs %q, want only tests/FreeRTOS-Plus-TCP/FreeRTOSIPConfig.h", got)
	}
}

// TestDetectFreeRTOSRealLayouts: the release of a real FreeRTOS+TCP tree
// (from the mirror, never committed) vendored in each layout beside a
// project's configuration is detected exactly, LTS patch releases
// included. A local check: CI has no mirror.
func TestDetectFreeRTOSRealLayouts(t *testing.T) {
	gitDir := testenv.Mirror(freertos.Repository)
	if gitDir == "" {
		t.Skip("no FreeRTOS-Plus-TCP mirror in $LWIPLINT_MIRRORS")
	}
	layouts := map[string]struct{ tree, cfg string }{
		"sibling":     {"FreeRTOS-Plus-TCP", "app/FreeRTOSIPConfig.h"},
		"lib":         {"lib/freertos_plus_tcp", "config/FreeRTOSIPConfig.h"},
		"middlewares": {"Middlewares/Third_Party/FreeRTOS-Plus-TCP", "Core/Inc/FreeRTOSIPConfig.h"},
		"submodule":   {"components/tcp", "main/net/FreeRTOSIPConfig.h"},
	}
	for _, v := range []string{"V2.2.2", "V2.3.2", "V2.3.2-LTS-Patch-2", "V2.3.4", "V3.1.0", "V4.0.0", "V4.2.2", "V4.4.1"} {
		tab, err := freertos.Get(v)
		if err != nil {
			t.Fatal(err)
		}
		src := t.TempDir()
		archive(t, gitDir, tab.Commit, src, ".", ":!test", ":!tools", ":!docs")
		for name, l := range layouts {
			t.Run(v+"/"+name, func(t *testing.T) {
				root := t.TempDir()
				os.Mkdir(filepath.Join(root, ".git"), 0o755)
				tree := filepath.Join(root, filepath.FromSlash(l.tree))
				os.MkdirAll(filepath.Dir(tree), 0o755)
				if err := os.Symlink(src, tree); err != nil {
					t.Fatal(err)
				}
				cfg := filepath.Join(root, filepath.FromSlash(l.cfg))
				os.MkdirAll(filepath.Dir(cfg), 0o755)
				os.WriteFile(cfg, []byte("#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n"), 0o644)
				det, how, err := detectFreeRTOS(cfg)
				if err != nil {
					t.Fatal(err)
				}
				if det.Version != v || !det.Exact || !strings.HasPrefix(how, "tree ") {
					t.Errorf("detected %s (exact %v, %s), want %s", det.Version, det.Exact, how, v)
				}
			})
		}
	}
}
