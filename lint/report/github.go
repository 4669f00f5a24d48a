package report

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/lwiplint/lwiplint/lint"
)

// writeGitHub writes one GitHub Actions workflow command per finding,
//
//	::error file=lwipopts.h,line=41,col=9,title=LW1116::message
//
// with ::warning for warnings and ::notice for info. The file is relative
// to Options.Root. A finding outside the root is shown at its first related
// position under the root, naming the original position in the message, or
// without a file when there is none. The message carries the notes, lwIP's
// #error text and the knowledge-base links on further lines. Control
// characters are shown escaped, as in the text format, so that a hostile
// message cannot colour or rewrite the log.
func writeGitHub(w *bufio.Writer, findings []lint.Finding, c *context) error {
	p, err := c.paths()
	if err != nil {
		return err
	}
	for _, f := range findings {
		var msg strings.Builder
		msg.WriteString(f.Message)
		pos, moved := anchor(f, p)
		var props []string
		if rel, ok := p.rel(pos.File); ok {
			props = append(props, "file="+escapeProperty(sanitize(rel)))
			if pos.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", pos.Line))
				if pos.Col > 0 {
					props = append(props, fmt.Sprintf("col=%d", pos.Col))
				}
			}
		} else {
			moved = true // the position is only in the message
		}
		if moved {
			fmt.Fprintf(&msg, "\nreported at %s, outside the repository", f.Pos)
		}
		props = append(props, "title="+escapeProperty(sanitize(f.Rule)))
		for _, r := range f.Related {
			fmt.Fprintf(&msg, "\nnote: %s: %s", r.Pos, r.Message)
		}
		if f.LwipError != nil {
			fmt.Fprintf(&msg, "\nlwip error: %q", *f.LwipError)
		}
		for _, k := range f.KB {
			if u := c.kbURL(k); u != "" {
				fmt.Fprintf(&msg, "\nsee: %s", u)
			}
		}
		fmt.Fprintf(w, "::%s %s::%s\n", githubLevel(f.Severity), strings.Join(props, ","), escapeData(sanitize(msg.String())))
	}
	return nil
}

func githubLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "notice"
}

// escapeData escapes the message of a workflow command: %, CR and LF.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value of a workflow command: the
// characters of [escapeData] and also ':' and ','.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
