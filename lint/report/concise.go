package report

import (
	"bufio"
	"fmt"

	"github.com/lwiplint/lwiplint/lint"
)

// writeConcise writes "file:line:col: LWxxxx message", one line per
// finding, for editors. A message of several lines is joined into one.
func writeConcise(w *bufio.Writer, findings []lint.Finding, _ *context) error {
	for _, f := range findings {
		fmt.Fprintf(w, "%s: %s %s\n", sanitize(oneLine(location(f.Pos))), sanitize(f.Rule), sanitize(oneLine(f.Message)))
	}
	return nil
}
