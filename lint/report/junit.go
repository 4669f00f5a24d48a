package report

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/lwiplint/lwiplint/lint"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitFailure `xml:"failure"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// writeJUnit writes JUnit XML: a testsuite per file with findings, in the
// order of the findings' first appearance, holding a failed testcase per
// finding named "LWxxxx rule-name (line:col)" (without the position when
// the line is unknown), of type error, warning or
// info. The failure's text is the finding in the text format, without
// colours or excerpt. With no findings it writes one passing testcase, so
// that CI systems show that the check ran.
func writeJUnit(w *bufio.Writer, findings []lint.Finding, c *context) error {
	r := junitSuites{Name: "lwiplint", Tests: max(len(findings), 1), Failures: len(findings)}
	if len(findings) == 0 {
		r.Suites = []junitSuite{{Name: "lwiplint", Tests: 1, Cases: []junitCase{{Name: "no findings", Classname: "lwiplint"}}}}
		return writeXML(w, r)
	}
	index := map[string]int{}
	for _, f := range findings {
		i, ok := index[f.Pos.File]
		if !ok {
			i = len(r.Suites)
			index[f.Pos.File] = i
			r.Suites = append(r.Suites, junitSuite{Name: f.Pos.File})
		}
		s := &r.Suites[i]
		s.Tests++
		s.Failures++
		name := f.Rule + " " + f.Name
		if f.Pos.Line > 0 {
			name += fmt.Sprintf(" (%d:%d)", f.Pos.Line, max(f.Pos.Col, 1))
		}
		s.Cases = append(s.Cases, junitCase{
			Name:      name,
			Classname: f.Pos.File,
			File:      f.Pos.File,
			Line:      max(f.Pos.Line, 0),
			Failure:   &junitFailure{Message: f.Message, Type: f.Severity.String(), Text: plainText(f, c)},
		})
	}
	return writeXML(w, r)
}

// plainText returns a finding in the lines of the text format, with the
// knowledge-base links in full.
func plainText(f lint.Finding, c *context) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s %s %s\n", location(f.Pos), f.Severity, f.Rule, f.Message)
	for _, r := range f.Related {
		fmt.Fprintf(&b, "  = note: %s: %s\n", r.Pos, r.Message)
	}
	if f.LwipError != nil {
		fmt.Fprintf(&b, "  = lwip error: %q\n", *f.LwipError)
	}
	for _, k := range f.KB {
		if u := c.kbURL(k); u != "" {
			fmt.Fprintf(&b, "  = see: %s\n", u)
		} else {
			fmt.Fprintf(&b, "  = see: %s\n", k)
		}
	}
	return b.String()
}
