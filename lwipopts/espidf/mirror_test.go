package espidf

// Checks of data/ against ESP-IDF's sources. They need a git mirror of
// espressif/esp-idf in $LWIPLINT_MIRRORS (internal/testenv.Mirror) and are
// skipped without one, as in CI.
//
// LWIPLINT_UPDATE=1 go test ./lwipopts/espidf -run TestMirrorTables
// rewrites data/idf-<tag>.yaml from the mirror.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/lwiplint/lwiplint/internal/testenv"
	"go.yaml.in/yaml/v3"
)

func needMirror(t *testing.T) string {
	t.Helper()
	d := mirrorGitDir()
	if d == "" {
		testenv.SkipLocal(t, "espressif/esp-idf")
	}
	return d
}

func marshalTable(t *table) ([]byte, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "# ESP-IDF %s: the lwIP options of %s, the Kconfig symbols they read\n", t.IDF, t.Lwipopts)
	b.WriteString("# (components/lwip/Kconfig and the symbols of other components it refers to),\n")
	b.WriteString("# the sdkconfig.rename lines that concern them and the macros of other headers the\n")
	fmt.Fprintf(&b, "# defines use. Facts taken from the esp-idf git tag %s in lwiplint's own format;\n", t.IDF)
	b.WriteString("# every \"at\"/\"line\" cites a file of that tag. Generated and checked by mirror_test.go:\n")
	b.WriteString("#   LWIPLINT_UPDATE=1 go test ./lwipopts/espidf -run TestMirrorTables\n")
	out, err := yaml.Marshal(t)
	if err != nil {
		return nil, err
	}
	b.Write(out)
	return []byte(b.String()), nil
}

func TestMirrorTables(t *testing.T) {
	gitDir := needMirror(t)
	update := os.Getenv("LWIPLINT_UPDATE") != ""
	for _, tag := range mirrorTags {
		t.Run(tag, func(t *testing.T) {
			it, err := readIDFTree(gitDir, tag)
			if err != nil {
				t.Skipf("tag not in the mirror: %v", err)
			}
			got, err := buildTable(it)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join("data", "idf-"+tag+".yaml")
			if update {
				b, err := marshalTable(got)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, b, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			ts, err := loadTables()
			if err != nil {
				t.Fatal(err)
			}
			want := ts[tag]
			if want == nil {
				t.Fatalf("no table for %s in data/; run with LWIPLINT_UPDATE=1", tag)
			}
			if d := cmp.Diff(want, got, cmpopts.IgnoreUnexported(table{}, define{}, symbol{}, choice{})); d != "" {
				t.Errorf("data/idf-%s.yaml differs from esp-idf %s (-data +esp-idf):\n%s", tag, tag, d)
			}
		})
	}
}

// TestMirrorLwipoptsSymbols checks, independently of the table builder,
// that every CONFIG_LWIP_ name in lwipopts.h at the tag is a symbol of the
// table or one of the known exceptions.
func TestMirrorLwipoptsSymbols(t *testing.T) {
	gitDir := needMirror(t)
	// Names in lwipopts.h that are not Kconfig symbols: defined by
	// lwipopts.h itself when sdkconfig lacks them.
	exceptions := map[string]string{
		"LWIP_NUM_NETIF_CLIENT_DATA": "lwipopts.h defines it as 0 when the Kconfig symbol is absent",
	}
	for _, tag := range mirrorTags {
		t.Run(tag, func(t *testing.T) {
			tb := mustTable(t, tag)
			src, err := git(gitDir, "show", tag+":"+tb.Lwipopts)
			if err != nil {
				t.Skip(err)
			}
			for _, m := range regexp.MustCompile(`CONFIG_(LWIP_[A-Z0-9_]+)`).FindAllStringSubmatch(string(src), -1) {
				n := m[1]
				if tb.syms[n] == nil && exceptions[n] == "" {
					t.Errorf("lwipopts.h at %s uses CONFIG_%s, which is not in data/idf-%s.yaml", tag, n, tag)
				}
			}
			// And every define of the table names a line of lwipopts.h that
			// defines (or undefines) that name.
			lines := strings.Split(string(src), "\n")
			for _, d := range tb.Defines {
				if d.Name == "" {
					continue
				}
				if d.line < 1 || d.line > len(lines) || !strings.Contains(lines[d.line-1], d.Name) {
					t.Errorf("define %s: %s at %s does not mention it", d.Name, d.At, tag)
				}
			}
		})
	}
}

// TestMirrorRanges checks the ranges and defaults of the table against a
// plain text scan of components/lwip/Kconfig (not the Kconfig reader the
// table builder uses).
func TestMirrorRanges(t *testing.T) {
	gitDir := needMirror(t)
	cfg := regexp.MustCompile(`^\s*(?:menu)?config\s+(\w+)`)
	rng := regexp.MustCompile(`^\s*range\s+(\S+)\s+(\S+)`)
	end := regexp.MustCompile(`^\s*(choice|endchoice|menu|endmenu|if|endif|comment|source)\b`)
	for _, tag := range mirrorTags {
		t.Run(tag, func(t *testing.T) {
			tb := mustTable(t, tag)
			src, err := git(gitDir, "show", tag+":components/lwip/Kconfig")
			if err != nil {
				t.Skip(err)
			}
			got := map[string][]string{}
			cur := ""
			for i, l := range strings.Split(string(src), "\n") {
				if m := cfg.FindStringSubmatch(l); m != nil {
					cur = m[1]
					if s := tb.syms[cur]; s == nil {
						t.Errorf("Kconfig line %d: symbol %s not in the table", i+1, cur)
					} else if s.At != fmt.Sprintf("components/lwip/Kconfig:%d", i+1) {
						t.Errorf("symbol %s: at %s, Kconfig has it at line %d", cur, s.At, i+1)
					}
					continue
				}
				if end.MatchString(l) {
					cur = ""
				}
				if m := rng.FindStringSubmatch(l); m != nil && cur != "" {
					got[cur] = append(got[cur], m[1]+".."+m[2])
				}
			}
			for _, s := range tb.Symbols {
				if s.External {
					continue
				}
				var have []string
				for _, r := range s.Ranges {
					have = append(have, r.Min+".."+r.Max)
				}
				if !slices.Equal(have, got[s.Name]) {
					t.Errorf("%s: ranges %v in the table, %v in Kconfig", s.Name, have, got[s.Name])
				}
			}
		})
	}
}

// espLwipRepos are public repositories holding esp-lwip's commits:
// Espressif's own, and a fork that also has the 2.2.0-esp branch.
var espLwipRepos = []string{"espressif/esp-lwip", "kamendov-maxim/esp-lwip"}

// espLwipMirror returns the git directory of an esp-lwip mirror that has
// commit (any mirror when commit is ""), or "".
func espLwipMirror(commit string) string {
	for _, r := range espLwipRepos {
		d := testenv.Mirror(r)
		if d == "" {
			continue
		}
		if commit == "" {
			return d
		}
		if _, err := git(d, "cat-file", "-e", commit+"^{commit}"); err == nil {
			return d
		}
	}
	return ""
}

// TestMirrorEspLwip checks the esp-lwip facts of data/esp-lwip.yaml
// against an esp-lwip git mirror, for the commits the mirror has.
func TestMirrorEspLwip(t *testing.T) {
	if espLwipMirror("") == "" {
		testenv.SkipLocal(t, "espressif/esp-lwip")
	}
	for _, c := range espLwipFacts().Commits {
		gitDir := espLwipMirror(c.Commit)
		if gitDir == "" {
			t.Logf("esp-lwip %s is in no mirror: its facts are not checked", c.Commit[:8])
			continue
		}
		for _, f := range c.Facts {
			if f.Verify == "" {
				continue
			}
			src, err := git(gitDir, "show", c.Commit+":"+atFile(f.At))
			if err != nil {
				t.Logf("esp-lwip %s not in the mirror: %s not checked", c.Commit[:8], f.ID)
				continue
			}
			lines := strings.Split(string(src), "\n")
			n := atLine(f.At)
			if n < 1 || n > len(lines) || !strings.Contains(lines[n-1], f.Verify) {
				t.Errorf("esp-lwip %s %s: line %d does not contain %q", c.Commit[:8], f.At, n, f.Verify)
			}
		}
	}
}

func mustTable(t *testing.T, tag string) *table {
	t.Helper()
	ts, err := loadTables()
	if err != nil {
		t.Fatal(err)
	}
	tb := ts[tag]
	if tb == nil {
		t.Fatalf("no table for %s", tag)
	}
	return tb
}
