package lwipopts

import (
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
	"github.com/lwiplint/lwiplint/lwipopts/freertos"
)

// sameFactsAs returns the release whose table v's stands for (its same_as,
// else v itself): releases with the same facts cannot be told apart by a
// configuration, and every check reads the same table for them.
func sameFactsAs(v string) string {
	if t, err := freertos.Get(v); err == nil && t.SameAs != "" {
		return t.SameAs
	}
	return v
}

// TestFreeRTOSDetectOwnConfigs measures version detection from macro names
// alone on the releases' own test configurations (every
// test/**/FreeRTOSIPConfig.h at each release's commit, CBMC proofs
// excepted), each written alone to a directory with no stack tree, as a
// user's file is read: detected right when the detection names the
// release, or a release with the same facts (same_as). It also logs the
// most any detection from the names could get right: configurations whose
// names tell the same (nameSignature) get one answer, right for the
// release most of them come from. It is a local check (a FreeRTOS+TCP
// mirror); it fails when a wrong detection is not marked unsure, or when
// fewer than 222 are right (the figure of the median choice, weighConfig).
func TestFreeRTOSDetectOwnConfigs(t *testing.T) {
	gitDir := testenv.Mirror(freertos.Repository)
	if gitDir == "" {
		testenv.SkipLocal(t, freertos.Repository)
	}
	total, right, exact := 0, 0, 0
	var wrong []string
	// groups: configurations by what their names tell (signature), with
	// the releases (by facts) they come from, for the best any detection
	// from names alone can do.
	groups := map[string]map[string]int{}
	for _, v := range freertos.Versions() {
		tab, _ := freertos.Get(v)
		ls, err := exec.Command("git", "--git-dir="+gitDir, "ls-tree", "-r", "--name-only", tab.Commit).Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range strings.Split(string(ls), "\n") {
			if path.Base(p) != ConfigFileFreeRTOS || !strings.HasPrefix(p, "test/") || strings.Contains(p, "cbmc") {
				continue
			}
			body, err := exec.Command("git", "--git-dir="+gitDir, "show", tab.Commit+":"+p).Output()
			if err != nil {
				t.Fatal(err)
			}
			f := filepath.Join(t.TempDir(), ConfigFileFreeRTOS)
			if err := os.WriteFile(f, body, 0o644); err != nil {
				t.Fatal(err)
			}
			sig := nameSignature(t, f, body)
			if groups[sig] == nil {
				groups[sig] = map[string]int{}
			}
			groups[sig][sameFactsAs(v)]++
			det, how, err := detectFreeRTOS(f)
			if err != nil {
				t.Fatalf("%s %s: %v", v, p, err)
			}
			total++
			switch {
			case det.Version == v:
				right++
				exact++
			case sameFactsAs(det.Version) == sameFactsAs(v):
				right++
			default:
				wrong = append(wrong, v+" "+p+": "+det.Version+" ("+how+"; "+det.Confidence+")")
				if !strings.Contains(det.Confidence, "unsure") && !strings.Contains(det.Confidence, "no macro name tells") {
					t.Errorf("%s %s: detected %s, wrong, but the note does not say it is unsure: %s", v, p, det.Version, det.Confidence)
				}
			}
		}
	}
	for _, w := range wrong {
		t.Log("wrong: " + w)
	}
	ceiling := 0
	for _, g := range groups {
		best := 0
		for _, n := range g {
			best = max(best, n)
		}
		ceiling += best
	}
	t.Logf("the best any detection from these names can do: %d of %d (%d distinct signatures)", ceiling, total, len(groups))
	t.Logf("FreeRTOS+TCP detection from macro names: %d of %d of the releases' own test configurations right (%d naming the very release, %d a release with the same facts)", right, total, exact, right-exact)
	if total == 0 {
		t.Fatal("no test configuration found")
	}
	if right < 222 {
		t.Errorf("%d right, fewer than the 222 of the median choice", right)
	}
}

// nameSignature is what the macro names of the configuration file f tell
// apart: for each name, which releases read it, know it otherwise and
// reject it.
func nameSignature(t *testing.T, f string, body []byte) string {
	sc, err := scanSource(f, body)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var sig []string
	for _, d := range sc.Dirs {
		if d.Name != "define" {
			continue
		}
		ts, err := tokenize(d.Rest)
		if err != nil || len(ts) == 0 || ts[0].Kind != tIdent || seen[ts[0].Text] {
			continue
		}
		n := ts[0].Text
		seen[n] = true
		var b strings.Builder
		for _, v := range freertos.Versions() {
			tab, _ := freertos.Get(v)
			_, def := tab.Default(n)
			c := byte('0')
			switch {
			case slices.ContainsFunc(tab.Renames, func(r freertos.Rename) bool { return r.Old == n }):
				c = 'x'
			case tab.Reads(n):
				c = 'r'
			case def || tab.InTree(n):
				c = 'k'
			}
			b.WriteByte(c)
		}
		sig = append(sig, b.String())
	}
	slices.Sort(sig)
	return strings.Join(slices.Compact(sig), ",")
}
