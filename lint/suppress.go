package lint

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/lwiplint/lwiplint/internal/fileio"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// The rule IDs of the findings about suppression comments themselves.
const (
	// RuleBadSuppression reports a suppression comment without a reason
	// or with a malformed rule list; such a comment suppresses nothing.
	RuleBadSuppression = "LW9004"
	// RuleUnusedSuppression reports a suppression comment that suppressed
	// no finding.
	RuleUnusedSuppression = "LW9005"
)

// Suppression is a comment that silences findings:
//
//	#define TCP_WND 2048 /* lwiplint:ignore LW1002 -- measured: RAM-bound board */
//	/* lwiplint:ignore LW1001,LW1003 -- reason */   (applies to the next line)
//	/* lwiplint:file-ignore LW2001 -- reason */     (applies to the whole file)
//
// The reason after "--" is required. In the configuration file itself a
// file-ignore applies to every finding of the configuration, including
// those placed at lwIP's defaults.
type Suppression struct {
	Pos lwipopts.Position // of "lwiplint:"
	// File is set for lwiplint:file-ignore.
	File   bool
	Rules  []string
	Reason string
	// Target is the line an ignore applies to: the comment's own line
	// when it follows code, else the next line with code.
	Target int
	// Problem says why the comment is malformed; it then suppresses nothing.
	Problem string
	used    bool
}

var (
	suppressRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^lwiplint:(ignore|file-ignore)\b(.*)$`) })
	ruleIDRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^LW[0-9]{4}$`) })
)

// maxSuppressFile bounds the files read for suppression comments.
const maxSuppressFile = 8 << 20

// ParseSuppressions returns the suppression comments of a C source file.
func ParseSuppressions(file string, data []byte) []Suppression {
	// Line endings as the preprocessor counts them: CRLF and a lone CR
	// end a line too.
	data = bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
	// A UTF-8 byte order mark first in the file is not code.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	type comment struct {
		line, col int
		text      string
	}
	var comments []comment
	codeLines := map[int]bool{} // lines with something other than comments
	line, col := 1, 1
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c == '\n':
			line, col = line+1, 1
			i++
			continue
		case c == '/' && i+1 < len(data) && data[i+1] == '/':
			end := i + 2
			for end < len(data) && data[end] != '\n' {
				end++
			}
			comments = append(comments, comment{line, col, string(data[i+2 : end])})
			col += end - i
			i = end
			continue
		case c == '/' && i+1 < len(data) && data[i+1] == '*':
			startLine, startCol := line, col
			end := i + 2
			for end < len(data) && !(data[end] == '*' && end+1 < len(data) && data[end+1] == '/') {
				if data[end] == '\n' {
					line, col = line+1, 0
				}
				end++
				col++
			}
			text := data[i+2 : min(end, len(data))]
			comments = append(comments, comment{startLine, startCol, string(text)})
			i = min(end+2, len(data))
			col += 2
			continue
		case c == '"' || c == '\'':
			codeLines[line] = true
			j := i + 1
			for j < len(data) && data[j] != c && data[j] != '\n' {
				if data[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(data))
			col += j - i
			i = j
			continue
		case c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v':
			codeLines[line] = true
		}
		i++
		col++
	}
	lastLine := line
	var out []Suppression
	for _, cm := range comments {
		text := strings.TrimSpace(cm.text)
		text = strings.TrimSpace(strings.TrimPrefix(text, "*"))
		m := suppressRE().FindStringSubmatch(text)
		if m == nil {
			continue
		}
		s := Suppression{Pos: lwipopts.Position{File: file, Line: cm.line, Col: cm.col}, File: m[1] == "file-ignore"}
		rest, reason, hasReason := strings.Cut(m[2], "--")
		s.Reason = strings.TrimSpace(strings.Join(strings.Fields(reason), " "))
		for _, id := range strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			if !ruleIDRE().MatchString(id) && s.Problem == "" {
				s.Problem = fmt.Sprintf("%q is not a rule ID such as LW1001", id)
			}
			s.Rules = append(s.Rules, id)
		}
		switch {
		case s.Problem != "":
		case len(s.Rules) == 0:
			s.Problem = "no rule IDs (write lwiplint:" + m[1] + " LW1001 -- reason)"
		case !hasReason || s.Reason == "":
			s.Problem = "no reason: write the reason after \" -- \""
		}
		if !s.File {
			for l := cm.line; l <= lastLine; l++ {
				if codeLines[l] {
					s.Target = l
					break
				}
			}
		}
		out = append(out, s)
	}
	return out
}

func (s *Suppression) covers(rule string) bool { return slices.Contains(s.Rules, rule) }

// applySuppressions drops the findings that suppression comments in the
// user's files silence and adds the findings about the comments, for the
// rules that ran (by ID).
func applySuppressions(cfg *lwipopts.Config, ran map[string]*Rule, opts Options, fs []Finding) []Finding {
	meta := func(id string, f Finding) Finding {
		r := ran[id]
		f.Rule, f.Name, f.Severity, f.KB = r.ID, r.Name, r.Severity, r.Advice
		if s, ok := opts.Severity[id]; ok {
			f.Severity = s
		}
		return f
	}
	cache := map[string][]*Suppression{}
	get := func(file string) []*Suppression {
		if file == "" || strings.HasPrefix(file, "<") {
			return nil
		}
		if s, ok := cache[file]; ok {
			return s
		}
		cache[file] = nil
		if cfg.LwipDir != "" {
			if rel, err := filepath.Rel(cfg.LwipDir, file); err == nil && !strings.HasPrefix(rel, "..") {
				return nil // lwIP's own headers
			}
		}
		fi, err := os.Stat(file)
		if err != nil || !fi.Mode().IsRegular() || fi.Size() > maxSuppressFile {
			return nil
		}
		data, err := fileio.ReadFile(file, maxSuppressFile)
		if err != nil {
			return nil
		}
		var list []*Suppression
		for _, s := range ParseSuppressions(file, data) {
			list = append(list, &s)
		}
		cache[file] = list
		return list
	}
	top := get(cfg.File)
	var out []Finding
	for _, f := range fs {
		silenced := false
		for _, s := range top {
			if s.Problem == "" && s.File && s.covers(f.Rule) {
				s.used, silenced = true, true
			}
		}
		if f.Pos.File != cfg.File {
			for _, s := range get(f.Pos.File) {
				if s.Problem == "" && s.File && s.covers(f.Rule) {
					s.used, silenced = true, true
				}
			}
		}
		for _, s := range get(f.Pos.File) {
			if s.Problem == "" && !s.File && s.Target == f.Pos.Line && s.covers(f.Rule) {
				s.used, silenced = true, true
			}
		}
		if !silenced {
			out = append(out, f)
		}
	}
	files := make([]string, 0, len(cache))
	for file := range cache {
		files = append(files, file)
	}
	slices.Sort(files)
	for _, file := range files {
		for _, s := range cache[file] {
			kind := "lwiplint:ignore"
			if s.File {
				kind = "lwiplint:file-ignore"
			}
			switch {
			case s.Problem != "" && ran[RuleBadSuppression] != nil:
				out = append(out, meta(RuleBadSuppression, Finding{Pos: s.Pos,
					Message: fmt.Sprintf("malformed %s comment: %s; it suppresses nothing", kind, s.Problem)}))
			case s.Problem == "" && !s.used && ran[RuleUnusedSuppression] != nil && !slices.ContainsFunc(s.Rules, func(id string) bool { return ran[id] == nil }):
				target := "in this file"
				if !s.File {
					target = fmt.Sprintf("on line %d", s.Target)
				}
				f := meta(RuleUnusedSuppression, Finding{Pos: s.Pos,
					Message: fmt.Sprintf("unused suppression: %s reports nothing %s; remove the %s comment", strings.Join(s.Rules, ", "), target, kind)})
				if e, ok := removeComment(file, s.Pos.Line, s.Pos.Col); ok {
					f.Fix = &Fix{Message: "remove the unused " + kind + " comment", Edits: []Edit{e}}
				}
				out = append(out, f)
			}
		}
	}
	return out
}
