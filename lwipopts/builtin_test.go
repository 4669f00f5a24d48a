package lwipopts

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
)

// debianOnly are the options Debian's liblwip-dev adds to opt.h with a
// patch (LWIP_SOCKET_EXTERNAL_HEADERS, LWIP_SOCKET_OPEN_COUNT, 20 lines
// after opt.h:1980); upstream 2.1.3 has neither.
var debianOnly = map[string]bool{"LWIP_SOCKET_EXTERNAL_HEADERS": true, "LWIP_SOCKET_OPEN_COUNT": true}

// TestTreeMatchesBuiltin resolves every fixture through Debian's real
// lwIP 2.1.3 tree and through the built-in 2.1.3 table and requires the
// same result for every option: value, definedness, text, origin kind and
// lwIP header, and dependencies. Line numbers of defaults are compared
// after mapping Debian's patched opt.h back to upstream's lines.
func TestTreeMatchesBuiltin(t *testing.T) {
	testenv.Require(t, testenv.HaveDebianLwip(), "Debian liblwip-dev ("+debianLwip+")")
	// Debian's include root also holds the unix port (arch/cc.h, which
	// defines LWIP_RAND and so changes SNTP_STARTUP_DELAY). Give both runs
	// the same port headers.
	port := t.TempDir()
	for _, f := range []string{"arch/cc.h", "arch/sys_arch.h"} {
		b, err := os.ReadFile(filepath.Join(debianLwip, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(port, "arch"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(port, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l := NewLoader()
	for _, fx := range fixtures(t) {
		fx.Params.IncludeDirs = append(fx.Params.IncludeDirs, port)
		t.Run(fx.Name, func(t *testing.T) {
			pt := fx.Params
			pt.LwipDir = debianLwip
			tree, err := l.Load(fx.File, pt)
			if err != nil {
				t.Fatal(err)
			}
			pb := fx.Params
			pb.NoTree, pb.LwipVersion = true, "2.1.3"
			bi, err := l.Load(fx.File, pb)
			if err != nil {
				t.Fatal(err)
			}
			var diffs []string
			seen := map[string]bool{}
			for _, n := range append(append([]string(nil), tree.Names()...), bi.Names()...) {
				if seen[n] || debianOnly[n] {
					continue
				}
				seen[n] = true
				a, b := describe(tree.Option(n), true), describe(bi.Option(n), false)
				if a != b {
					diffs = append(diffs, fmt.Sprintf("%s:\n  tree:     %s\n  built-in: %s", n, a, b))
				}
			}
			if len(diffs) > 0 {
				t.Errorf("%d options differ:\n%s", len(diffs), strings.Join(diffs, "\n"))
			}
		})
	}
}

func describe(o *Option, debian bool) string {
	pos := ""
	if o.Origin.Kind == OriginDefault && o.Origin.Pos.IsValid() {
		f := o.Origin.Pos.File
		if i := strings.Index(f, ">/"); i >= 0 {
			f = f[i+2:]
		} else if i := strings.Index(f, "/lwip/lwip/"); i >= 0 {
			f = f[i+len("/lwip/"):]
		} else if i := strings.Index(f, "/lwip/netif/"); i >= 0 {
			f = f[i+len("/lwip/"):]
		}
		line := o.Origin.Pos.Line
		if debian && path.Clean(f) == "lwip/opt.h" && line > 1980 {
			line -= 20
		}
		pos = fmt.Sprintf("%s:%d", f, line)
	}
	return fmt.Sprintf("known=%v defined=%v has=%v ev=%v value=%v/%v expr=%q kind=%s pos=%s deps=%v", o.Known, o.Defined, o.HasValue, o.Evaluable, o.Value.Int, o.Value.Unsigned, o.Expr, o.Origin.Kind, pos, o.Depends)
}
