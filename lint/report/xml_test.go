package report

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCheckstyle(t *testing.T) {
	out := writeString(t, "checkstyle", richSample(), testOptions())
	if !strings.HasPrefix(out, xml.Header) {
		t.Errorf("no XML declaration:\n%s", out)
	}
	var r checkstyleReport
	if err := xml.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, out)
	}
	var files []string
	n := 0
	for _, f := range r.Files {
		files = append(files, f.Name)
		n += len(f.Errors)
	}
	if want := []string{"<lwIP 2.1.3>/lwip/opt.h", "lwipopts.h", "missing/lwipopts.h", "odd dir/lw,opts:1.h"}; !cmp.Equal(files, want) {
		t.Errorf("files %q, want %q", files, want)
	}
	if n != len(richSample()) {
		t.Errorf("%d errors for %d findings", n, len(richSample()))
	}
	// The hostile message survives the round trip: <, &, " and the newline
	// are escaped, ESC (not allowed in XML) becomes U+FFFD.
	odd := r.Files[3].Errors[0]
	if want := "100% sure <b> & \"q\" [x]\nsecond line \uFFFD[31mred"; odd.Message != want || odd.Source != "lwiplint.LW4001" || odd.Severity != "warning" || odd.Line != 3 || odd.Column != 23 {
		t.Errorf("odd error %+v, want message %q", odd, want)
	}
	if !strings.Contains(out, "&lt;b&gt; &amp; &#34;q&#34; [x]&#xA;second") {
		t.Errorf("message not escaped as expected:\n%s", out)
	}
	if got := writeString(t, "checkstyle", nil, testOptions()); got != xml.Header+`<checkstyle version="4.3"></checkstyle>`+"\n" {
		t.Errorf("no findings: %q", got)
	}
}

func TestJUnit(t *testing.T) {
	out := writeString(t, "junit", richSample(), testOptions())
	var r junitSuites
	if err := xml.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, out)
	}
	if r.Tests != 6 || r.Failures != 6 || len(r.Suites) != 4 {
		t.Errorf("tests %d, failures %d, %d suites; want 6, 6, 4", r.Tests, r.Failures, len(r.Suites))
	}
	total := 0
	for _, s := range r.Suites {
		if s.Tests != len(s.Cases) || s.Failures != len(s.Cases) {
			t.Errorf("suite %s: tests %d, failures %d, %d cases", s.Name, s.Tests, s.Failures, len(s.Cases))
		}
		for _, c := range s.Cases {
			if c.Failure == nil || c.Failure.Message == "" || c.Failure.Text == "" {
				t.Errorf("case %q has no failure", c.Name)
			}
		}
		total += len(s.Cases)
	}
	if total != r.Tests {
		t.Errorf("%d cases, tests=%d", total, r.Tests)
	}
	if c := r.Suites[1].Cases[0]; c.Name != "LW9001 load-note" || c.Line != 0 {
		t.Errorf("case with an unknown line %+v", c)
	}
	c := r.Suites[1].Cases[1] // lwipopts.h:41:9
	if c.Name != "LW1116 snd-buf-below-2-mss (41:9)" || c.Failure.Type != "error" || !strings.Contains(c.Failure.Text, `= lwip error: "lwip_sanity_check`) {
		t.Errorf("case %+v", c)
	}

	// A clean run is one passing testcase.
	var clean junitSuites
	if err := xml.Unmarshal([]byte(writeString(t, "junit", nil, testOptions())), &clean); err != nil {
		t.Fatal(err)
	}
	if clean.Tests != 1 || clean.Failures != 0 || len(clean.Suites) != 1 || len(clean.Suites[0].Cases) != 1 || clean.Suites[0].Cases[0].Failure != nil {
		t.Errorf("clean run %+v, want one passing testcase", clean)
	}
}
