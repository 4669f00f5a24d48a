package analyzer

import (
	"bytes"
	"fmt"
	"go/token"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/lwiplint/lwiplint/internal/fileio"
	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// fileSet gives the non-Go files a pass reports in a token.File of
// pass.Fset, each added once.
type fileSet struct {
	pass  *analysis.Pass
	files map[string]*srcFile // by file name; nil when unreadable
}

type srcFile struct {
	tf   *token.File
	data []byte
}

func newFileSet(pass *analysis.Pass) *fileSet {
	return &fileSet{pass: pass, files: map[string]*srcFile{}}
}

// get returns the named file, added to pass.Fset. It reads the file with
// pass.ReadFile, which only accepts the package's own files, and else from
// disk (a lwipopts.h under go vet, a header it includes).
func (s *fileSet) get(name string) *srcFile {
	if f, ok := s.files[name]; ok {
		return f
	}
	var data []byte
	var err error
	if s.pass.ReadFile != nil {
		data, err = s.pass.ReadFile(name)
	}
	if s.pass.ReadFile == nil || err != nil {
		data, err = fileio.ReadFile(name, fileio.MaxSource)
	}
	var f *srcFile
	if err == nil {
		tf := s.pass.Fset.AddFile(name, -1, len(data))
		tf.SetLinesForContent(data)
		f = &srcFile{tf: tf, data: data}
	}
	s.files[name] = f
	return f
}

// pos returns the token positions of p and of the end of its line.
func (s *fileSet) pos(p lwipopts.Position) (start, end token.Pos, ok bool) {
	if !filepath.IsAbs(p.File) || p.Line < 1 {
		return token.NoPos, token.NoPos, false
	}
	f := s.get(p.File)
	if f == nil {
		return token.NoPos, token.NoPos, false
	}
	if f.tf.LineCount() == 0 { // an empty file
		return f.tf.Pos(0), f.tf.Pos(0), p.Line == 1
	}
	if p.Line > f.tf.LineCount() {
		return token.NoPos, token.NoPos, false
	}
	lineStart := f.tf.Offset(f.tf.LineStart(p.Line))
	lineEnd := len(f.data)
	if i := bytes.IndexByte(f.data[lineStart:], '\n'); i >= 0 {
		lineEnd = lineStart + i
	}
	if lineEnd > lineStart && f.data[lineEnd-1] == '\r' {
		lineEnd--
	}
	off := min(lineStart+max(p.Col, 1)-1, lineEnd)
	return f.tf.Pos(off), f.tf.Pos(lineEnd), true
}

// local reports whether p is in the directory of the configuration file
// cfgFile or below it: a place the package's users edit.
func local(cfgFile string, p lwipopts.Position) bool {
	if !filepath.IsAbs(p.File) {
		return false
	}
	rel, err := filepath.Rel(filepath.Dir(cfgFile), p.File)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// diagnostic converts a finding. It is reported at the finding's position
// when that is local, else at its first local related position, else at the
// first line of the configuration; a moved finding keeps its own position as
// related information when that is a readable file. ok is false when not
// even the configuration can be read.
func (s *fileSet) diagnostic(cfg *lwipopts.Config, f lint.Finding) (d analysis.Diagnostic, ok bool) {
	d = analysis.Diagnostic{
		Category: f.Rule,
		Message:  fmt.Sprintf("%s %s %s", f.Severity, f.Rule, f.Message),
	}
	candidates := []lwipopts.Position{f.Pos}
	for _, r := range f.Related {
		candidates = append(candidates, r.Pos)
	}
	candidates = append(candidates, lwipopts.Position{File: cfg.File, Line: 1, Col: 1})
	moved := false
	for i, p := range candidates {
		if local(cfg.File, p) {
			if d.Pos, d.End, ok = s.pos(p); ok {
				moved = i > 0
				break
			}
		}
	}
	if !ok {
		return d, false
	}
	if moved {
		if start, end, ok := s.pos(f.Pos); ok {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: start, End: end, Message: "the finding is about this line"})
		}
	}
	for _, r := range f.Related {
		if start, end, ok := s.pos(r.Pos); ok {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: start, End: end, Message: r.Message})
		}
	}
	if fix, ok := s.fix(f.Fix); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	return d, true
}

// fix converts a suggested change. It is dropped when an edit's file cannot
// be read or no longer holds the text the rule saw.
func (s *fileSet) fix(fx *lint.Fix) (analysis.SuggestedFix, bool) {
	if fx == nil || len(fx.Edits) == 0 {
		return analysis.SuggestedFix{}, false
	}
	r := analysis.SuggestedFix{Message: fx.Message}
	for _, e := range fx.Edits {
		if !filepath.IsAbs(e.File) {
			return analysis.SuggestedFix{}, false
		}
		f := s.get(e.File)
		if f == nil || e.Start < 0 || e.Start > e.End || e.End > len(f.data) || string(f.data[e.Start:e.End]) != e.OldText {
			return analysis.SuggestedFix{}, false
		}
		r.TextEdits = append(r.TextEdits, analysis.TextEdit{
			Pos: f.tf.Pos(e.Start), End: f.tf.Pos(e.End), NewText: []byte(e.NewText),
		})
	}
	return r, true
}
