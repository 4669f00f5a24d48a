package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/kb"
	"github.com/lwiplint/lwiplint/lint/linttest"
	"github.com/lwiplint/lwiplint/lwipopts"
)

func knownAdvice(id string) bool {
	_, ok := kb.Get(id)
	return ok
}

func TestValidate(t *testing.T) {
	known := knownAdvice
	if _, err := kb.Load(); err != nil {
		// The knowledge base's own tests report this; check the rest.
		t.Logf("not checking advice links: %v", err)
		known = nil
	}
	if err := lint.Validate(All(), known); err != nil {
		t.Fatal(err)
	}
}

// TestFixtures runs every rule over its fixtures: each rule has at least one
// bad fixture with a want and one good fixture without.
func TestFixtures(t *testing.T) {
	for _, r := range All() {
		t.Run(r.ID, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join("testdata", r.ID)
			bad, _ := filepath.Glob(filepath.Join(dir, "bad*.txtar"))
			good, _ := filepath.Glob(filepath.Join(dir, "good*.txtar"))
			if len(bad) == 0 || len(good) == 0 {
				t.Fatalf("%s needs bad.txtar and good.txtar fixtures in %s", r.ID, dir)
			}
			for _, f := range bad {
				fx, err := linttest.Parse(f)
				if err != nil {
					t.Fatal(err)
				}
				if w, _ := fx.Wants(); len(w) == 0 && len(fx.Elsewhere) == 0 {
					t.Errorf("%s: a bad fixture must want a finding", f)
				}
			}
			for _, f := range good {
				data, _ := os.ReadFile(f)
				if strings.Contains(string(data), "// want") {
					t.Errorf("%s: a good fixture must not want findings", f)
				}
			}
			linttest.Run(t, dir, r)
		})
	}
}

// TestInitcTable checks the table's shape.
func TestInitcTable(t *testing.T) {
	seen := map[string]bool{}
	for _, row := range initcTable {
		if seen[row.ID] {
			t.Errorf("duplicate row %s", row.ID)
		}
		seen[row.ID] = true
		if len(row.Forms) == 0 || len(row.At) == 0 {
			t.Errorf("%s: no forms or no position", row.ID)
		}
		for _, f := range row.Forms {
			for _, v := range f.Versions {
				if f.Line.at(v) == 0 {
					t.Errorf("%s: no line for %s", row.ID, v)
				}
			}
			if f.Error == "" || f.Cond == "" {
				t.Errorf("%s: empty condition or error", row.ID)
			}
		}
	}
}

// TestCleanConfigs checks that configurations shaped like lwIP's own
// examples produce no error findings.
func TestCleanConfigs(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "clean", "*.h"))
	if len(files) == 0 {
		t.Fatal("no clean configurations")
	}
	for _, f := range files {
		for _, v := range lwipopts.BuiltinVersions() {
			t.Run(filepath.Base(f)+"/"+v, func(t *testing.T) {
				cfg, err := lwipopts.Load(f, lwipopts.Params{NoTree: true, LwipVersion: v})
				if err != nil {
					t.Fatal(err)
				}
				for _, fd := range lint.Run(cfg, All(), lint.Options{}) {
					if fd.Severity == lint.Error {
						t.Errorf("%s: %s %s", fd.Pos, fd.Rule, fd.Message)
					}
				}
			})
		}
	}
}

func init() {
	linttest.Lookup = func(id string) *lint.Rule {
		for _, r := range All() {
			if r.ID == id {
				return r
			}
		}
		return nil
	}
}
