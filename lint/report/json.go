package report

import (
	"encoding/json"
	"io"

	"github.com/lwiplint/lwiplint/lint"
)

// JSONVersion is the version of the JSON contract.
const JSONVersion = 1

// jsonReport is the top-level object of the JSON contract.
type jsonReport struct {
	Version  int           `json:"version"`
	Findings []jsonFinding `json:"findings"`
}

type jsonFinding struct {
	Rule      string        `json:"rule"`
	Name      string        `json:"name"`
	Severity  lint.Severity `json:"severity"`
	File      string        `json:"file"`
	Line      int           `json:"line"`
	Column    int           `json:"column"`
	Message   string        `json:"message"`
	KB        []string      `json:"kb"`
	LwipError *string       `json:"lwip_error"`
	Related   []jsonRelated `json:"related"`
	Fix       *jsonFix      `json:"fix"`
}

type jsonRelated struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	OldText string `json:"old_text"`
	NewText string `json:"new_text"`
}

// JSON writes the findings as
//
//	{"version": 1, "findings": [{"rule", "name", "severity", "file", "line",
//	"column", "message", "kb", "lwip_error", "related", "fix"}, …]}
//
// kb and related are always arrays; lwip_error and fix are null when
// absent. Edits give byte offsets [start, end) into the file.
func JSON(w io.Writer, findings []lint.Finding) error {
	r := jsonReport{Version: JSONVersion, Findings: []jsonFinding{}}
	for _, f := range findings {
		r.Findings = append(r.Findings, jsonFindingOf(f))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// jsonFindingOf is the JSON form of one finding.
func jsonFindingOf(f lint.Finding) jsonFinding {
	jf := jsonFinding{
		Rule: f.Rule, Name: f.Name, Severity: f.Severity,
		File: f.Pos.File, Line: f.Pos.Line, Column: f.Pos.Col,
		Message: f.Message, KB: append([]string{}, f.KB...),
		LwipError: f.LwipError, Related: []jsonRelated{},
	}
	for _, rel := range f.Related {
		jf.Related = append(jf.Related, jsonRelated{File: rel.Pos.File, Line: rel.Pos.Line, Message: rel.Message})
	}
	if f.Fix != nil {
		jf.Fix = &jsonFix{Message: f.Fix.Message, Edits: []jsonEdit{}}
		for _, e := range f.Fix.Edits {
			jf.Fix.Edits = append(jf.Fix.Edits, jsonEdit{File: e.File, Line: e.Line, Start: e.Start, End: e.End, OldText: e.OldText, NewText: e.NewText})
		}
	}
	return jf
}
