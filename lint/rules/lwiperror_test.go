package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/linttest"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// TestLwipErrorIsLwIPs checks issue 15 item 6 on lwIP 2.1.3's real tree:
// the user's own #error goes to LW9002 without lwip_error, and LW9003 (for
// which init.c reaches it again) does not report it a second time; lwIP's
// #error in snmp_opts.h goes to LW9002 with lwip_error, and the one in
// sockets.h, which only init.c reads, to LW9003.
func TestLwipErrorIsLwIPs(t *testing.T) {
	tree := linttest.ExtractTree(t, "2.1.3", t.TempDir())
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "lwipopts.h")
	src := "#define LWIP_SNMP 1\n#define SNMP_USE_RAW 1\n#define SNMP_USE_NETCONN 1\n#define IOV_MAX 0x10000\n" +
		// The user's own #error, on a value that is defined (one on a
		// macro nothing defines is info since issue 16: the build may
		// pass it with -D).
		"#if LWIP_SNMP\n#error \"define BOARD\"\n#endif\n"
	if err := os.WriteFile(cfgPath, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := lwipopts.Load(cfgPath, lwipopts.Params{LwipDir: filepath.Join(tree, "src", "include")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range lint.Run(cfg, []*lint.Rule{lw9002, lw9003}, lint.Options{}) {
		le := "-"
		if f.LwipError != nil {
			le = *f.LwipError
		}
		got = append(got, f.Rule+" "+filepath.Base(f.Pos.File)+" "+le)
	}
	want := []string{
		"LW9002 snmp_opts.h SNMP stack can use only one of the APIs {raw, netconn}",
		"LW9003 sockets.h IOV_MAX larger than supported by LwIP",
		"LW9002 lwipopts.h -",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
