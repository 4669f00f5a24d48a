package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
)

func sample() []lint.Finding {
	text := "lwip_sanity_check: WARNING: TCP_SND_BUF must be at least as much as (2 * TCP_MSS) for things to work smoothly. If you know what you are doing, define LWIP_DISABLE_TCP_SANITY_CHECKS to 1 to disable this error."
	return []lint.Finding{
		{
			Rule: "LW1116", Name: "snd-buf-below-2-mss", Severity: lint.Error,
			Pos:       lwipopts.Position{File: "lwipopts.h", Line: 41, Col: 9},
			Message:   "TCP_SND_BUF = 2048 (lwipopts.h:41) < 2*TCP_MSS = 2920, with TCP_MSS = 1460 (lwipopts.h:38)",
			KB:        []string{"embedded/lwip-compile-time-sanity-checks"},
			LwipError: &text,
			Related:   []lint.Related{{Pos: lwipopts.Position{File: "lwipopts.h", Line: 38, Col: 9}, Message: "TCP_MSS = 1460 (lwipopts.h:38)"}},
		},
		{
			Rule: "LW4003", Name: "frozen-derived-value", Severity: lint.Warning,
			Pos:     lwipopts.Position{File: "lwipopts.h", Line: 44, Col: 9},
			Message: "TCP_SND_QUEUELEN = 9 (lwipopts.h:44) is a frozen literal",
			KB:      []string{"embedded/lwip-cubemx-frozen-derived-values"},
			Fix: &lint.Fix{Message: "restore lwIP's formula for TCP_SND_QUEUELEN", Edits: []lint.Edit{{
				File: "lwipopts.h", Line: 44, Start: 900, End: 901, OldText: "9",
				NewText: "((4 * (TCP_SND_BUF) + (TCP_MSS - 1))/(TCP_MSS))",
			}}},
		},
	}
}

// golden compares got with testdata/name, rewriting it when
// LWIPLINT_UPDATE=1.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if os.Getenv("LWIPLINT_UPDATE") == "1" {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, d)
	}
}

func TestText(t *testing.T) {
	var b bytes.Buffer
	if err := Text(&b, sample()); err != nil {
		t.Fatal(err)
	}
	golden(t, "sample.txt.golden", b.Bytes())
}

func TestJSON(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, sample()); err != nil {
		t.Fatal(err)
	}
	golden(t, "sample.json.golden", b.Bytes())

	// The contract: every key present, arrays never null.
	var doc struct {
		Version  int              `json:"version"`
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || len(doc.Findings) != 2 {
		t.Fatalf("version %d, %d findings", doc.Version, len(doc.Findings))
	}
	keys := []string{"rule", "name", "severity", "file", "line", "column", "message", "kb", "lwip_error", "related", "fix"}
	for _, f := range doc.Findings {
		for _, k := range keys {
			if _, ok := f[k]; !ok {
				t.Errorf("finding %v lacks %q", f["rule"], k)
			}
		}
		if f["kb"] == nil || f["related"] == nil {
			t.Errorf("finding %v: kb and related must be arrays", f["rule"])
		}
	}
	if doc.Findings[1]["lwip_error"] != nil || doc.Findings[0]["fix"] != nil {
		t.Error("absent lwip_error and fix must be null")
	}

	b.Reset()
	if err := JSON(&b, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "{\n  \"version\": 1,\n  \"findings\": []\n}\n"; got != want {
		t.Errorf("empty report = %q, want %q", got, want)
	}
}

// testRoot is the current directory the tests pretend to run in, so that
// SARIF and github paths do not depend on the machine.
const testRoot = "/src/proj"

// fakeWD makes [getwd] return testRoot for the duration of the test.
func fakeWD(t *testing.T) {
	t.Helper()
	old := getwd
	getwd = func() (string, error) { return testRoot, nil }
	t.Cleanup(func() { getwd = old })
}

// testFiles are the sources the findings of richSample point into.
var testFiles = map[string]string{
	"lwipopts.h": "/* lwipopts.h of the report tests */\n" + strings.Repeat("\n", 36) +
		"#define TCP_MSS                 1460\n\n\n" +
		"#define TCP_SND_BUF             2048\n\n\n" +
		"#define\tTCP_SND_QUEUELEN\t9\n",
	// Line 3 has 2-byte and 4-byte characters before the column: byte
	// column 23 is UTF-16 column 20.
	"odd dir/lw,opts:1.h": "/* odd */\n\n/* é 𝛑 */ #define LWIP_ODD 1\n",
}

func readTestFile(name string) ([]byte, error) {
	if s, ok := testFiles[name]; ok {
		return []byte(s), nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// richSample has a finding of each kind the formats treat differently:
// sample's two, one at lwIP's built-in default with a related position in
// the configuration, one with a hostile message in an odd path, one with
// an unknown line, and one in a file that cannot be read.
func richSample() []lint.Finding {
	lwipErr := "lwip_sanity_check: WARNING: MEMP_NUM_TCP_SEG should be at least as big as TCP_SND_QUEUELEN. If you know what you are doing, define LWIP_DISABLE_TCP_SANITY_CHECKS to 1 to disable this error."
	out := append(sample(),
		lint.Finding{
			Rule: "LW1115", Name: "tcp-seg-pool-below-queuelen", Severity: lint.Error,
			Pos:       lwipopts.Position{File: "<lwIP 2.1.3>/lwip/opt.h", Line: 1650},
			Message:   "MEMP_NUM_TCP_SEG = 16 (default) < TCP_SND_QUEUELEN = 32 (default via TCP_SND_BUF, TCP_MSS)",
			KB:        []string{"embedded/lwip-tcp-write-err-mem-small-pools"},
			LwipError: &lwipErr,
			Related: []lint.Related{{
				Pos:     lwipopts.Position{File: "lwipopts.h", Line: 1, Col: 1},
				Message: "MEMP_NUM_TCP_SEG is not set here, so lwIP's default applies",
			}},
		},
		lint.Finding{
			Rule: "LW4001", Name: "unknown-option", Severity: lint.Warning,
			Pos:     lwipopts.Position{File: "odd dir/lw,opts:1.h", Line: 3, Col: 23},
			Message: "100% sure <b> & \"q\" [x]\nsecond line \x1b[31mred",
			Related: []lint.Related{{Pos: lwipopts.Position{File: "odd dir/lw,opts:1.h", Line: 1, Col: 1}, Message: "a note, with: colon"}},
		},
		lint.Finding{
			Rule: "LW9001", Name: "load-note", Severity: lint.Info,
			Pos:     lwipopts.Position{File: "lwipopts.h"},
			Message: `"main.h" was not found in the include path; treated as empty`,
		},
		lint.Finding{
			Rule: "LW1001", Name: "syn-retries-raised", Severity: lint.Warning,
			Pos:     lwipopts.Position{File: "missing/lwipopts.h", Line: 5, Col: 9},
			Message: "TCP_SYNMAXRTX = 12 (lwipopts.h:5) raises SYN retries above lwIP's default 6",
			KB:      []string{"embedded/lwip-tcp-connection-reset-during-handshake"},
		},
	)
	lint.Sort(out)
	return out
}

// testRules documents two of richSample's rules; the others get
// descriptors made from their findings.
func testRules() []*lint.Rule {
	return []*lint.Rule{
		{
			ID: "LW1116", Name: "snd-buf-below-2-mss", Title: "TCP_SND_BUF is smaller than two segments",
			Severity: lint.Error, Since: "0.1.0",
			Doc: lint.Doc{
				What:   "TCP_SND_BUF holds less than\ntwo full segments.",
				Bad:    "#define TCP_MSS 1460\n#define TCP_SND_BUF 2048",
				Good:   "#define TCP_MSS 1460\n#define TCP_SND_BUF (2 * TCP_MSS)",
				Why:    "lwIP's init.c stops the build [sic].\n\n- one\n- two",
				Ignore: "Never.",
			},
			Advice: []string{"embedded/lwip-compile-time-sanity-checks"},
		},
		{
			ID: "LW4003", Name: "frozen-derived-value", Title: "A derived option is frozen to a literal",
			Severity: lint.Warning, Since: "0.1.0",
			Doc: lint.Doc{What: "A value lwIP derives was copied as a number.", Bad: "#define TCP_SND_QUEUELEN 9", Good: "/* remove it */", Why: "It goes stale.", Ignore: "Never."},
		},
	}
}

// testOptions are the options of the golden files.
func testOptions() Options {
	return Options{ToolVersion: "1.2.3", Rules: testRules(), ReadFile: readTestFile}
}

// TestGolden writes richSample and no findings in every format.
func TestGolden(t *testing.T) {
	fakeWD(t)
	for _, format := range Formats() {
		for _, tc := range []struct {
			name     string
			findings []lint.Finding
			color    bool
		}{
			{"rich", richSample(), false},
			{"empty", nil, false},
			{"rich-color", richSample(), true},
		} {
			if tc.color && format != "text" {
				continue
			}
			t.Run(format+"/"+tc.name, func(t *testing.T) {
				opts := testOptions()
				opts.Color = tc.color
				var b bytes.Buffer
				if err := Write(&b, format, tc.findings, opts); err != nil {
					t.Fatal(err)
				}
				golden(t, tc.name+"."+format+".golden", b.Bytes())
			})
		}
	}
}

func TestFormats(t *testing.T) {
	want := []string{"text", "concise", "json", "sarif", "github", "checkstyle", "junit"}
	if d := cmp.Diff(want, Formats()); d != "" {
		t.Errorf("Formats() mismatch (-want +got):\n%s", d)
	}
	err := Write(&bytes.Buffer{}, "yaml", nil, Options{})
	if err == nil || !strings.Contains(err.Error(), `unknown format "yaml"`) || !strings.Contains(err.Error(), "sarif") {
		t.Errorf("Write(yaml) = %v, want an unknown-format error naming the formats", err)
	}
}

// TestWriteJSONIsJSON checks that the json format is the [JSON] contract.
func TestWriteJSONIsJSON(t *testing.T) {
	var a, b bytes.Buffer
	if err := JSON(&a, richSample()); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, "json", richSample(), testOptions()); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("Write(json) differs from JSON:\n%s\n%s", a.String(), b.String())
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestWriteError checks that every format reports a failing writer.
func TestWriteError(t *testing.T) {
	fakeWD(t)
	for _, format := range Formats() {
		if err := Write(failWriter{}, format, richSample(), testOptions()); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%s: Write to a failing writer = %v, want the writer's error", format, err)
		}
	}
}
