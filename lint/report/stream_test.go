package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// TestStreamAgreesWithWrite writes richSample through a Stream in parts
// (one finding each, with empty parts between, as configurations without
// findings give them) and requires the bytes of the golden files, which
// Write gives for all the findings at once; and nothing at all for no
// findings but what Write gives for none.
func TestStreamAgreesWithWrite(t *testing.T) {
	fakeWD(t)
	for _, format := range Formats() {
		for _, tc := range []struct {
			name     string
			findings []lint.Finding
		}{{"rich", richSample()}, {"empty", nil}} {
			t.Run(format+"/"+tc.name, func(t *testing.T) {
				var want bytes.Buffer
				if err := Write(&want, format, tc.findings, testOptions()); err != nil {
					t.Fatal(err)
				}
				var got bytes.Buffer
				s, err := NewStream(&got, format, testOptions())
				if err != nil {
					t.Fatal(err)
				}
				if err := s.Write(nil); err != nil {
					t.Fatal(err)
				}
				for _, f := range tc.findings {
					if err := s.Write([]lint.Finding{f}); err != nil {
						t.Fatal(err)
					}
					if err := s.Write(nil); err != nil {
						t.Fatal(err)
					}
				}
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(want.String(), got.String()); d != "" {
					t.Errorf("Stream differs from Write (-Write +Stream):\n%s", d)
				}
			})
		}
	}
}

// TestStreamWritesEachPart checks that the streamed formats have written a
// part's findings when Write returns, before Close.
func TestStreamWritesEachPart(t *testing.T) {
	fakeWD(t)
	for _, format := range []string{"text", "concise", "github", "json"} {
		var b bytes.Buffer
		s, err := NewStream(&b, format, testOptions())
		if err != nil {
			t.Fatal(err)
		}
		f := richSample()[0]
		if err := s.Write([]lint.Finding{f}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), f.Rule) {
			t.Errorf("%s: after the first part the output is %q, want its finding", format, b.String())
		}
	}
	if _, err := NewStream(&bytes.Buffer{}, "yaml", Options{}); err == nil || !strings.Contains(err.Error(), `unknown format "yaml"`) {
		t.Errorf("NewStream(yaml) = %v, want an unknown-format error", err)
	}
}

// TestTextQuiet checks that Options.Quiet leaves out the links and the
// summary of the text format, and only them.
func TestTextQuiet(t *testing.T) {
	fakeWD(t)
	opts := testOptions()
	full := writeString(t, "text", richSample(), opts)
	opts.Quiet = true
	quiet := writeString(t, "text", richSample(), opts)
	cut := strings.Index(full, "\nFor more information:")
	if cut < 0 || !strings.Contains(full, " in 4 files") {
		t.Fatalf("the full text output has no links or summary:\n%s", full)
	}
	if quiet != full[:cut] {
		t.Errorf("quiet text output (-want +got):\n%s", cmp.Diff(full[:cut], quiet))
	}
}

// TestStreamSourceLines checks that a Stream shows each part's excerpts
// from the lines its findings carry (lint.Finding.Source) when no file is
// read (Options.ReadFile nil), in every format without error, also when
// two parts name
// the same file with different text (two configurations, one after the
// other, as an editor's buffer and the file on disk can be).
func TestStreamSourceLines(t *testing.T) {
	fakeWD(t)
	mk := func(text string) lint.Finding {
		return lint.Finding{Rule: "LW1001", Name: "syn-retries-raised", Severity: lint.Warning,
			Pos: lwipopts.Position{File: "fw/lwipopts.h", Line: 2, Col: 9}, Message: "raised",
			Source: []lint.SourceLine{{File: "fw/lwipopts.h", Line: 2, Text: text, Lines: 3}}}
	}
	a, b := mk("#define TCP_SYNMAXRTX 12"), mk("#define TCP_SYNMAXRTX 9")
	opts := Options{ToolVersion: "1.2.3", Rules: testRules()}
	for _, format := range Formats() {
		var got bytes.Buffer
		s, err := NewStream(&got, format, opts)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Write([]lint.Finding{a}); err != nil {
			t.Fatal(err)
		}
		if format == "text" && !strings.Contains(got.String(), "2 | #define TCP_SYNMAXRTX 12") {
			t.Errorf("text: the first part's excerpt is missing:\n%s", got.String())
		}
		if err := s.Write([]lint.Finding{b}); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if format == "text" && !strings.Contains(got.String(), "2 | #define TCP_SYNMAXRTX 9") {
			t.Errorf("text: the second part's excerpt is not its own:\n%s", got.String())
		}
	}
}
