package lwipopts

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
)

// TestLwipHeaderOutsideProgram: an #include of one of lwIP's headers that
// the reduced program does not hold (lwip/init.h, lwip/sockets.h) is read
// from the tree on disk, by both paths, with no "not found" note; with the
// built-in tables, which hold no such header, the note says exactly that
// instead of calling it not found.
func TestLwipHeaderOutsideProgram(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"lwipopts.h": "#include \"lwip/init.h\"\n#include \"lwip/sockets.h\"\n#if LWIP_VERSION_MAJOR >= 2\n#define MEM_SIZE 2000\n#endif\n"})
	file := filepath.Join(dir, "lwipopts.h")
	notFound := func(cfg *Config) string {
		for _, n := range cfg.Notes {
			if strings.Contains(n.Text, "lwip/") {
				return n.Text
			}
		}
		return ""
	}
	t.Run("tree", func(t *testing.T) {
		testenv.Require(t, testenv.HaveDebianLwip(), "Debian liblwip-dev ("+debianLwip+")")
		for _, noInterp := range []bool{false, true} {
			l := NewLoader()
			l.noInterp = noInterp
			cfg, err := l.Load(file, Params{LwipDir: debianLwip})
			if err != nil {
				t.Fatal(err)
			}
			if o := cfg.Option("MEM_SIZE"); !o.HasValue || o.Value.Int != 2000 {
				t.Errorf("noInterp=%v: MEM_SIZE = %+v, want 2000 (lwip/init.h read)", noInterp, o.Value)
			}
			if n := notFound(cfg); n != "" {
				t.Errorf("noInterp=%v: note about an lwIP header of the tree: %s", noInterp, n)
			}
		}
	})
	t.Run("builtin", func(t *testing.T) {
		cfg, err := NewLoader().Load(file, Params{NoTree: true, LwipVersion: "2.1.3"})
		if err != nil {
			t.Fatal(err)
		}
		n := notFound(cfg)
		if !strings.Contains(n, `"lwip/init.h" is a header of lwIP 2.1.3 that lwiplint's built-in tables do not hold`) || strings.Contains(n, "not found") {
			t.Errorf("note: %q", n)
		}
		if o := cfg.Option("MEM_SIZE"); !o.HasValue || o.Value.Int != 1600 {
			t.Errorf("MEM_SIZE = %+v, want lwIP 2.1.3's default 1600 (lwip/init.h is read as empty)", o.Value)
		}
	})
}
