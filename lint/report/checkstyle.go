package report

import (
	"bufio"
	"encoding/xml"

	"github.com/lwiplint/lwiplint/lint"
)

type checkstyleReport struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// writeCheckstyle writes Checkstyle XML: a <file> per file, in the order
// of the findings' first appearance, with an <error> per finding whose
// source is "lwiplint.LWxxxx" and whose severity is error, warning or
// info. Paths are as the findings give them.
func writeCheckstyle(w *bufio.Writer, findings []lint.Finding, _ *context) error {
	r := checkstyleReport{Version: "4.3"}
	index := map[string]int{}
	for _, f := range findings {
		i, ok := index[f.Pos.File]
		if !ok {
			i = len(r.Files)
			index[f.Pos.File] = i
			r.Files = append(r.Files, checkstyleFile{Name: f.Pos.File})
		}
		r.Files[i].Errors = append(r.Files[i].Errors, checkstyleError{
			Line: max(f.Pos.Line, 0), Column: max(f.Pos.Col, 0),
			Severity: f.Severity.String(), Message: f.Message, Source: "lwiplint." + f.Rule,
		})
	}
	return writeXML(w, r)
}

// writeXML writes the XML declaration and v, indented, with a final
// newline.
func writeXML(w *bufio.Writer, v any) error {
	w.WriteString(xml.Header)
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := w.WriteString("\n")
	return err
}
