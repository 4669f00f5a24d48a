package report

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// decodeSARIF writes the findings as SARIF and decodes them back.
func decodeSARIF(t *testing.T, findings []lint.Finding, opts Options) sarifLog {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal([]byte(writeString(t, "sarif", findings, opts)), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	return log
}

func TestSARIF(t *testing.T) {
	fakeWD(t)
	findings := richSample()
	log := decodeSARIF(t, findings, testOptions())
	if log.Version != "2.1.0" || log.Schema == "" {
		t.Errorf("version %q, $schema %q", log.Version, log.Schema)
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "lwiplint" || d.Version != "1.2.3" || d.SemanticVersion != "1.2.3" || d.InformationURI == "" {
		t.Errorf("driver %+v", d)
	}
	if run.ColumnKind != "utf16CodeUnits" || run.AutomationDetails.ID != "lwiplint/" {
		t.Errorf("columnKind %q, automationDetails.id %q", run.ColumnKind, run.AutomationDetails.ID)
	}
	if got := run.OriginalURIBaseIDs[srcRoot].URI; got != "file:///src/proj/" {
		t.Errorf("originalUriBaseIds[%%SRCROOT%%] = %q", got)
	}

	// Rules: the two documented ones first, then one per other ID.
	var ids []string
	for _, r := range d.Rules {
		ids = append(ids, r.ID)
		if r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help.Text == "" || r.DefaultConfiguration.Level == "" {
			t.Errorf("rule %s lacks what GitHub requires: %+v", r.ID, r)
		}
		if len(r.FullDescription.Text) > maxDescription {
			t.Errorf("rule %s: fullDescription longer than %d", r.ID, maxDescription)
		}
	}
	if want := []string{"LW1116", "LW4003", "LW1115", "LW9001", "LW1001", "LW4001"}; !cmp.Equal(ids, want) {
		t.Errorf("rule IDs %v, want %v", ids, want)
	}
	r0 := d.Rules[0]
	if r0.HelpURI != "https://github.com/lwiplint/lwiplint/blob/main/lint/kb/entries/embedded/lwip-compile-time-sanity-checks.yaml" ||
		r0.DefaultConfiguration.Level != "error" || !cmp.Equal(r0.Properties.Tags, []string{"lwip", "tcp"}) {
		t.Errorf("rule LW1116 descriptor %+v", r0)
	}
	// GitHub shows help.markdown and breaks lines at single newlines:
	// paragraphs are joined, code blocks and lists are not.
	for _, want := range []string{"TCP_SND_BUF holds less than two full segments.", "```c\n#define TCP_MSS 1460\n#define TCP_SND_BUF 2048\n```", "\n- one\n- two\n"} {
		if !strings.Contains(r0.Help.Markdown, want) {
			t.Errorf("help.markdown lacks %q:\n%s", want, r0.Help.Markdown)
		}
	}

	if len(run.Results) != len(findings) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(findings))
	}
	prints := map[string]bool{}
	for i, res := range run.Results {
		f := findings[i]
		if res.RuleID != f.Rule || d.Rules[res.RuleIndex].ID != f.Rule {
			t.Errorf("result %d: ruleId %s, ruleIndex %d (%s), want %s", i, res.RuleID, res.RuleIndex, d.Rules[res.RuleIndex].ID, f.Rule)
		}
		if want := map[lint.Severity]string{lint.Error: "error", lint.Warning: "warning", lint.Info: "note"}[f.Severity]; res.Level != want {
			t.Errorf("result %d: level %q, want %q", i, res.Level, want)
		}
		fp := res.PartialFingerprints[fingerprintKey]
		if fp == "" || prints[fp] {
			t.Errorf("result %d: fingerprint %q missing or repeated", i, fp)
		}
		prints[fp] = true
		if len(res.Locations) != 1 {
			t.Errorf("result %d: %d locations", i, len(res.Locations))
		}
	}

	byRule := map[string]sarifResult{}
	for _, res := range run.Results {
		byRule[res.RuleID] = res
	}
	// The finding at lwIP's built-in default is shown in the configuration
	// and links to the default as a logical location.
	def := byRule["LW1115"]
	if pl := def.Locations[0].PhysicalLocation; pl == nil || pl.ArtifactLocation.URI != "lwipopts.h" || pl.ArtifactLocation.URIBaseID != srcRoot || pl.Region.StartLine != 1 {
		t.Errorf("LW1115 location %+v, want lwipopts.h line 1", def.Locations[0])
	}
	if n := len(def.RelatedLocations); n != 2 || def.RelatedLocations[1].LogicalLocations[0].FullyQualifiedName != "<lwIP 2.1.3>/lwip/opt.h:1650" {
		t.Errorf("LW1115 related locations %+v", def.RelatedLocations)
	}
	if !strings.Contains(def.Message.Text, "](1)") || !strings.Contains(def.Message.Text, "](2)") || def.Properties == nil || def.Properties.LwipError == nil {
		t.Errorf("LW1115 message %q must link both related locations and carry the #error", def.Message.Text)
	}
	// Odd paths are escaped, columns count UTF-16 units, brackets in the
	// message are not links.
	odd := byRule["LW4001"]
	pl := odd.Locations[0].PhysicalLocation
	if pl.ArtifactLocation.URI != "odd%20dir/lw,opts:1.h" || pl.Region.StartColumn != 20 || pl.Region.EndColumn != 28 {
		t.Errorf("LW4001 location %+v %+v, want odd%%20dir/lw,opts:1.h columns [20, 28)", pl.ArtifactLocation, pl.Region)
	}
	if !strings.HasPrefix(odd.Message.Text, `100% sure <b> & "q" \[x\]`) {
		t.Errorf("LW4001 message %q", odd.Message.Text)
	}
	// An unknown line is the whole file.
	if r := byRule["LW9001"].Locations[0].PhysicalLocation.Region; r.StartLine != 1 || r.EndLine != 44 {
		t.Errorf("LW9001 region %+v, want lines 1-44", r)
	}
	// The fix is an artifact change.
	if fx := byRule["LW4003"].Fixes; len(fx) != 1 || fx[0].ArtifactChanges[0].Replacements[0].DeletedRegion != (sarifByteRegion{ByteOffset: 900, ByteLength: 1}) {
		t.Errorf("LW4003 fixes %+v", fx)
	}
}

func TestSARIFEmpty(t *testing.T) {
	fakeWD(t)
	out := writeString(t, "sarif", nil, Options{})
	// No findings is an empty results array, which tells GitHub to close
	// the alerts; null would not.
	if !strings.Contains(out, `"results": []`) || !strings.Contains(out, `"rules": []`) {
		t.Errorf("empty SARIF lacks empty results or rules arrays:\n%s", out)
	}
	// Without ToolVersion, the build information gives one: GitHub and the
	// SARIF validator want it.
	if v := decodeSARIF(t, nil, Options{}).Runs[0].Tool.Driver.Version; v == "" || v != buildVersion() {
		t.Errorf("driver.version %q, want the build version %q", v, buildVersion())
	}
}

func TestSARIFRoot(t *testing.T) {
	fakeWD(t)
	f := []lint.Finding{{Rule: "LW1001", Name: "x", Severity: lint.Warning, Pos: lwipopts.Position{File: "lwipopts.h", Line: 41, Col: 9}, Message: "m"}}
	for _, tc := range []struct {
		root, uri, base string
	}{
		{"", "lwipopts.h", srcRoot},
		{"/src", "proj/lwipopts.h", srcRoot},
		{"..", "proj/lwipopts.h", srcRoot},
		// The file is outside the root and nothing related is inside.
		{"/src/proj/sub", "file:///src/proj/lwipopts.h", ""},
	} {
		opts := testOptions()
		opts.Root = tc.root
		log := decodeSARIF(t, f, opts)
		got := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation
		if got.URI != tc.uri || got.URIBaseID != tc.base {
			t.Errorf("Root %q: artifactLocation %+v, want %s based on %q", tc.root, got, tc.uri, tc.base)
		}
	}
}

// TestSARIFFingerprint checks that the fingerprint survives moving a
// #define and changing its value, and changes with the rule, the file and
// the macro.
func TestSARIFFingerprint(t *testing.T) {
	fakeWD(t)
	fingerprint := func(rule, file, src string, line int) string {
		opts := testOptions()
		opts.ReadFile = func(string) ([]byte, error) { return []byte(src), nil }
		f := lint.Finding{Rule: rule, Name: "x", Severity: lint.Warning, Pos: lwipopts.Position{File: file, Line: line, Col: 9}, Message: "TCP_WND = 2048 (lwipopts.h:" + string(rune('0'+line)) + ")"}
		return decodeSARIF(t, []lint.Finding{f}, opts).Runs[0].Results[0].PartialFingerprints[fingerprintKey]
	}
	base := fingerprint("LW1003", "lwipopts.h", "#define TCP_WND 2048\n", 1)
	for _, tc := range []struct {
		name            string
		rule, file, src string
		line            int
		same            bool
	}{
		{"moved", "LW1003", "lwipopts.h", "/* x */\n\n#define TCP_WND 2048\n", 3, true},
		{"value changed", "LW1003", "lwipopts.h", "#  define   TCP_WND (2 * 1024)\n", 1, true},
		{"other rule", "LW1004", "lwipopts.h", "#define TCP_WND 2048\n", 1, false},
		{"other file", "LW1003", "other/lwipopts.h", "#define TCP_WND 2048\n", 1, false},
		{"other macro", "LW1003", "lwipopts.h", "#define TCP_MSS 2048\n", 1, false},
	} {
		if got := fingerprint(tc.rule, tc.file, tc.src, tc.line); (got == base) != tc.same {
			t.Errorf("%s: fingerprint %s, base %s, want same=%v", tc.name, got, base, tc.same)
		}
	}
	// Two results with the same hash are told apart by the occurrence.
	f := lint.Finding{Rule: "LW1003", Name: "x", Severity: lint.Warning, Pos: lwipopts.Position{File: "x.h"}, Message: "m"}
	res := decodeSARIF(t, []lint.Finding{f, f}, testOptions()).Runs[0].Results
	a, b := res[0].PartialFingerprints[fingerprintKey], res[1].PartialFingerprints[fingerprintKey]
	if !strings.HasSuffix(a, ":1") || !strings.HasSuffix(b, ":2") || a[:len(a)-2] != b[:len(b)-2] {
		t.Errorf("repeated fingerprints %s, %s; want the same hash with :1 and :2", a, b)
	}
}

func TestSemver(t *testing.T) {
	for in, want := range map[string]string{"1.2.3": "1.2.3", "v0.4.0-rc.1+abc": "0.4.0-rc.1+abc", "(devel)": "", "": "", "1.2": ""} {
		if got := semver(in); got != want {
			t.Errorf("semver(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReflow(t *testing.T) {
	in := "one\ntwo\n\n```c\na\nb\n```\n\n- x\n- y\n| t |\n    code"
	want := "one two\n\n```c\na\nb\n```\n\n- x\n- y\n| t |\n    code"
	if got := reflow(in); got != want {
		t.Errorf("reflow:\n%s\nwant:\n%s", got, want)
	}
}
