package fix

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/lwiplint/lwiplint/internal/fileio"
	"github.com/lwiplint/lwiplint/lint"
)

// Baseline is a set of accepted findings, for adopting lwiplint on an old
// code base: findings in the baseline are not reported, new ones are.
// Entries are matched by rule, file (relative to the baseline's
// directory) and message with line numbers removed, so moving lines does
// not break the match; each entry matches one finding.
type Baseline struct {
	Version  int             `json:"version"`
	Findings []BaselineEntry `json:"findings"`

	dir    string
	counts map[string]int
}

// BaselineEntry is one accepted finding.
type BaselineEntry struct {
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Message     string `json:"message"`
	Fingerprint string `json:"fingerprint"`
}

// baselineVersion is the version of the baseline file format.
const baselineVersion = 1

var lineNumbers = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(\.[A-Za-z]+|>):[0-9]+(:[0-9]+)?`) })

func (b *Baseline) entry(f lint.Finding) BaselineEntry {
	file := f.Pos.File
	if abs, err := filepath.Abs(file); err == nil && b.dir != "" {
		if rel, err := filepath.Rel(b.dir, abs); err == nil && !strings.HasPrefix(rel, "..") {
			file = filepath.ToSlash(rel)
		}
	}
	msg := lineNumbers().ReplaceAllString(f.Message, "$1")
	sum := sha256.Sum256([]byte(f.Rule + "\x00" + file + "\x00" + msg))
	return BaselineEntry{Rule: f.Rule, File: file, Message: msg, Fingerprint: hex.EncodeToString(sum[:12])}
}

// NewBaseline returns the baseline of findings, for a file to be written
// at path.
func NewBaseline(path string, findings []lint.Finding) (*Baseline, error) {
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	b := &Baseline{Version: baselineVersion, Findings: []BaselineEntry{}, dir: dir}
	for _, f := range findings {
		b.Findings = append(b.Findings, b.entry(f))
	}
	return b, nil
}

// Marshal encodes the baseline as indented JSON.
func (b *Baseline) Marshal() ([]byte, error) {
	data, err := json.MarshalIndent(b, "", "  ")
	return append(data, '\n'), err
}

// maxBaseline bounds the read of a baseline file.
const maxBaseline = 64 << 20

// LoadBaseline reads a baseline file.
func LoadBaseline(path string) (*Baseline, error) {
	data, err := fileio.ReadFile(path, maxBaseline)
	if err != nil {
		return nil, err
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("%s: not a lwiplint baseline: %v", path, err)
	}
	if b.Version != baselineVersion {
		return nil, fmt.Errorf("%s: baseline version %d, want %d", path, b.Version, baselineVersion)
	}
	if b.dir, err = filepath.Abs(filepath.Dir(path)); err != nil {
		return nil, err
	}
	b.counts = map[string]int{}
	for _, e := range b.Findings {
		b.counts[e.Fingerprint]++
	}
	return &b, nil
}

// Filter returns the findings not in the baseline and how many matched.
func (b *Baseline) Filter(findings []lint.Finding) (kept []lint.Finding, matched int) {
	return b.Matcher().Filter(findings)
}

// Matcher filters findings given in several parts (one configuration's at a
// time, as the command line streams them) as [Baseline.Filter] filters them
// all at once: each entry of the baseline hides one finding in all parts.
type Matcher struct {
	b    *Baseline
	left map[string]int
}

// Matcher returns a Matcher with every entry of the baseline unused.
func (b *Baseline) Matcher() *Matcher {
	left := make(map[string]int, len(b.counts))
	for k, v := range b.counts {
		left[k] = v
	}
	return &Matcher{b: b, left: left}
}

// Filter returns the findings that no entry left hides and how many were
// hidden, using up those entries.
func (m *Matcher) Filter(findings []lint.Finding) (kept []lint.Finding, matched int) {
	for _, f := range findings {
		fp := m.b.entry(f).Fingerprint
		if m.left[fp] > 0 {
			m.left[fp]--
			matched++
			continue
		}
		kept = append(kept, f)
	}
	return kept, matched
}
