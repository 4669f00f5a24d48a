package lwipopts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lwiplint/lwiplint/internal/testenv"
)

// TestInputsCover checks Config.Inputs against the resolver's own account
// of a load: every file a position of the result names (an option's
// origin and its include chain, a note, an #error) is among the inputs,
// as a file; every input's state is the file system's now; and the
// ESP-IDF and FreeRTOS+TCP front ends report their inputs as incomplete.
// It runs on every fixture, with a built-in table and with Debian's tree,
// with the interpreter and with cc/v4 alone.
func TestInputsCover(t *testing.T) {
	testenv.Require(t, testenv.HaveDebianLwip(), "Debian liblwip-dev")
	fast, cc := NewLoader(), NewLoader()
	cc.noInterp = true
	for _, tree := range []Params{{NoTree: true, LwipVersion: "2.1.3"}, {LwipDir: debianLwip}} {
		for _, fx := range fixtures(t) {
			for _, l := range []*Loader{fast, cc} {
				p := fx.Params
				p.NoTree, p.LwipVersion, p.LwipDir = tree.NoTree, tree.LwipVersion, tree.LwipDir
				cfg, err := l.Load(fx.File, p)
				if err != nil {
					continue
				}
				name := fx.Name + "/" + tree.LwipDir + tree.LwipVersion
				in, ok := cfg.Inputs()
				if !ok {
					t.Errorf("%s: inputs incomplete", name)
					continue
				}
				have := map[string]FileState{}
				for _, s := range in {
					abs, _ := filepath.Abs(s.Path)
					have[abs] = s
					if now, ok := StatFile(s.Path); !ok || now != s {
						t.Errorf("%s: %s recorded as %+v, is %+v", name, s.Path, s, now)
					}
				}
				need := func(what string, pos Position) {
					if pos.File == "" || strings.HasPrefix(pos.File, "<") {
						return
					}
					abs, _ := filepath.Abs(pos.File)
					if s, ok := have[abs]; !ok || s.Missing {
						t.Errorf("%s: %s names %s, which is not among the inputs", name, what, pos.File)
					}
				}
				for _, n := range cfg.Names() {
					o := cfg.Option(n)
					need(n, o.Origin.Pos)
					for _, c := range o.Origin.Chain {
						need(n+" (include chain)", c)
					}
				}
				for _, n := range append(append([]Note{}, cfg.Notes...), cfg.Errors...) {
					need("note "+n.Text, n.Pos)
				}
			}
		}
	}
}

// TestInputsIncompleteFrontEnds checks that ESP-IDF and FreeRTOS+TCP
// configurations say that their inputs are not all recorded.
func TestInputsIncompleteFrontEnds(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ConfigFileFreeRTOS), []byte("#define ipconfigUSE_TCP 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := NewLoader().LoadFreeRTOS(filepath.Join(dir, ConfigFileFreeRTOS), Params{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cfg.Inputs(); ok {
		t.Error("FreeRTOS+TCP: inputs reported complete")
	}
}

// TestInputsStaleLoader checks the cases where a Loader's memory would
// mix old text with new states: a tree header or init.c changed between
// two loads of one Loader (the second result is then not reusable), and
// a Preprocess that fails (a time limit) or a caller that says so.
func TestInputsStaleLoader(t *testing.T) {
	testenv.Require(t, testenv.HaveDebianLwip(), "Debian liblwip-dev")
	top := t.TempDir()
	inc := filepath.Join(top, "src", "include")
	copyDir(t, debianLwip, inc)
	initc := filepath.Join(top, "src", "core", "init.c")
	os.MkdirAll(filepath.Dir(initc), 0o755)
	write := func(p, s string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(initc, "#include \"lwip/opt.h\"\n")
	cfgPath := filepath.Join(t.TempDir(), "lwipopts.h")
	write(cfgPath, "#define LWIP_TCP 1\n")
	p := Params{LwipDir: top}
	complete := func(l *Loader, name string, preprocess bool) bool {
		t.Helper()
		cfg, err := l.Load(cfgPath, p)
		if err != nil {
			t.Fatal(err)
		}
		if preprocess {
			if _, err := cfg.Preprocess(initc); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		_, ok := cfg.Inputs()
		return ok
	}

	// A tree header edited between two loads of one Loader.
	l := NewLoader()
	if !complete(l, "first load", true) {
		t.Fatal("first load: inputs incomplete")
	}
	time.Sleep(20 * time.Millisecond)
	opt := filepath.Join(inc, "lwip", "opt.h")
	b, _ := os.ReadFile(opt)
	write(opt, string(b)+"\n")
	if complete(l, "after opt.h changed", false) {
		t.Error("opt.h changed after the Loader reduced the tree: inputs reported complete")
	}
	if !complete(NewLoader(), "new Loader", true) {
		t.Error("a new Loader: inputs incomplete")
	}

	// init.c edited between two Preprocess calls of one Loader.
	l = NewLoader()
	complete(l, "init.c first", true)
	time.Sleep(20 * time.Millisecond)
	write(initc, "#include \"lwip/opt.h\"\n#error \"new\"\n")
	if complete(l, "after init.c changed", true) {
		t.Error("init.c changed after the Loader read it: inputs reported complete")
	}

	// Preprocess out of time; a caller's SetInputsIncomplete.
	l = NewLoader()
	cfg, err := l.Load(cfgPath, p)
	if err != nil {
		t.Fatal(err)
	}
	l.Timeout = time.Nanosecond
	if _, err := cfg.Preprocess(initc); err == nil {
		t.Fatal("Preprocess within 1 ns")
	}
	if _, ok := cfg.Inputs(); ok {
		t.Error("Preprocess out of time: inputs reported complete")
	}
	l.Timeout = 0
	cfg, err = l.Load(cfgPath, p)
	if err != nil {
		t.Fatal(err)
	}
	cfg.SetInputsIncomplete()
	if _, ok := cfg.Inputs(); ok {
		t.Error("SetInputsIncomplete: inputs reported complete")
	}
}
