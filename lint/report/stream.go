package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/lwiplint/lwiplint/lint"
)

// Stream writes findings in one format as they come, part by part (the
// command line gives one configuration's findings at a time), so that a run
// over many configurations holds neither them nor the configurations until
// the end. Writing parts p1, p2, … and closing gives the bytes [Write] gives
// for the concatenation of the parts.
//
// The text, concise, github and json formats write each part at once (text
// keeps only the counts of its summary and the knowledge-base links; json
// the state of its array). sarif, checkstyle and junit need every finding
// before their first byte (rule descriptors and files come first), so the
// Stream holds the findings, not what they were computed from, and writes
// them on Close.
type Stream struct {
	w      *bufio.Writer
	c      *context
	format string
	write  func(w *bufio.Writer, findings []lint.Finding, c *context) error // held formats
	held   []lint.Finding
	text   textState
	n      int // findings written (json)
	err    error
}

// NewStream returns a Stream that writes the format (see [Formats]) to w.
func NewStream(w io.Writer, format string, opts Options) (*Stream, error) {
	s := &Stream{w: bufio.NewWriter(w), c: newContext(opts), format: format}
	switch format {
	case "text", "concise", "github", "json":
	default:
		for _, f := range formatters {
			if f.name == format {
				s.write = f.write
			}
		}
		if s.write == nil {
			return nil, fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats(), ", "))
		}
	}
	return s, nil
}

// Write writes one part of the findings (or holds it, see [Stream]) and
// flushes what it wrote.
func (s *Stream) Write(findings []lint.Finding) error {
	if s.err != nil {
		return s.err
	}
	s.c.learn(findings)
	switch s.format {
	case "text":
		s.text.add(s.w, findings, s.c)
	case "concise":
		s.err = writeConcise(s.w, findings, s.c)
	case "github":
		s.err = writeGitHub(s.w, findings, s.c)
	case "json":
		s.err = s.json(findings)
	default:
		s.held = append(s.held, findings...)
		return nil
	}
	// The source lines of this part's findings are not kept: the next part
	// is another configuration's.
	clear(s.c.src)
	clear(s.c.count)
	clear(s.c.files)
	if s.err == nil {
		s.err = s.w.Flush()
	}
	return s.err
}

// json writes findings as elements of the "findings" array, opening the
// document before the first.
func (s *Stream) json(findings []lint.Finding) error {
	for _, f := range findings {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetIndent("    ", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(jsonFindingOf(f)); err != nil {
			return err
		}
		if s.n == 0 {
			fmt.Fprintf(s.w, "{\n  \"version\": %d,\n  \"findings\": [\n    ", JSONVersion)
		} else {
			s.w.WriteString(",\n    ")
		}
		s.w.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
		s.n++
	}
	return nil
}

// Close writes what comes after the findings (the text format's links and
// summary, the end of the JSON document), or the whole document of a
// format that holds the findings, and flushes.
func (s *Stream) Close() error {
	if s.err != nil {
		return s.err
	}
	switch s.format {
	case "text":
		s.text.end(s.w, s.c)
	case "json":
		if s.n == 0 {
			fmt.Fprintf(s.w, "{\n  \"version\": %d,\n  \"findings\": []\n}\n", JSONVersion)
		} else {
			s.w.WriteString("\n  ]\n}\n")
		}
	case "concise", "github":
	default:
		if err := s.write(s.w, s.held, s.c); err != nil {
			s.err = err
			return err
		}
		s.held = nil
	}
	s.err = s.w.Flush()
	return s.err
}
