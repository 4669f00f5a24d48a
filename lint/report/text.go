package report

import (
	"bufio"
	"fmt"
	"io"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// Text writes one line per finding,
//
//	file:line:col: severity LWxxxx message
//
// followed by indented "= note:" lines for related positions, an
// "= lwip error:" line with lwIP's own #error text, and "= see:" lines
// with the knowledge-base entries.
func Text(w io.Writer, findings []lint.Finding) error {
	bw := bufio.NewWriter(w)
	for _, f := range findings {
		fmt.Fprintf(bw, "%s: %s %s %s\n", textPos(f.Pos), f.Severity, f.Rule, f.Message)
		for _, r := range f.Related {
			fmt.Fprintf(bw, "  = note: %s: %s\n", r.Pos, r.Message)
		}
		if f.LwipError != nil {
			fmt.Fprintf(bw, "  = lwip error: %q\n", *f.LwipError)
		}
		for _, k := range f.KB {
			fmt.Fprintf(bw, "  = see: %s\n", k)
		}
	}
	return bw.Flush()
}

func textPos(p lwipopts.Position) string {
	switch {
	case p.File == "":
		return "-"
	case p.Line == 0:
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, max(p.Col, 1))
}
