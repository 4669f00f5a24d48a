package kb

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"go.yaml.in/yaml/v3"
)

// SeedID is the ID of the project's seed entry. [List] puts it first.
const SeedID = "embedded/lwip-tcp-connection-reset-during-handshake"

//go:embed entries
var entriesFS embed.FS

// Text is a piece of prose in English and Chinese. Both are Markdown.
type Text struct {
	En string `yaml:"en" json:"en"`
	Zh string `yaml:"zh" json:"zh"`
}

// In returns the text for lang ("en" or "zh"), falling back to English when
// lang is unknown or the translation is empty.
func (t Text) In(lang string) string {
	if lang == "zh" && t.Zh != "" {
		return t.Zh
	}
	return t.En
}

// Version says how an entry applies to one release of one network stack.
type Version struct {
	// System is "lwIP", "ESP-IDF" or "FreeRTOS+TCP".
	System  string `yaml:"system" json:"system"`
	Version string `yaml:"version" json:"version"`
	// Status is one of "active", "handled", "fixed" or "not-applicable".
	Status     string `yaml:"status" json:"status"`
	Introduced string `yaml:"introduced" json:"introduced"`
	Deprecated string `yaml:"deprecated" json:"deprecated"`
	Notes      Text   `yaml:"notes" json:"notes"`
}

// Workaround is a step that helps, with the sources that back it.
type Workaround struct {
	Text Text `yaml:"text" json:"text"`
	// SuccessRate is a percentage, or nil when no source gives one.
	SuccessRate *int     `yaml:"success_rate" json:"success_rate"`
	Sources     []string `yaml:"sources" json:"sources"`
}

// DeadEnd is an approach that does not help, and why.
type DeadEnd struct {
	Text Text `yaml:"text" json:"text"`
	Why  Text `yaml:"why" json:"why"`
	// FailureRate is a percentage, or nil when no source gives one.
	FailureRate *int     `yaml:"failure_rate" json:"failure_rate"`
	Sources     []string `yaml:"sources" json:"sources"`
}

// Source is a public document an entry relies on: a source file at a
// release (as a GitHub URL naming the tag) or an issue or pull request.
type Source struct {
	Title string `yaml:"title" json:"title"`
	URL   string `yaml:"url" json:"url"`
}

// Entry is one knowledge-base entry.
type Entry struct {
	ID        string    `yaml:"id" json:"id"`
	Title     Text      `yaml:"title" json:"title"`
	Category  string    `yaml:"category" json:"category"`
	Tags      []string  `yaml:"tags" json:"tags"`
	RootCause Text      `yaml:"root_cause" json:"root_cause"`
	Versions  []Version `yaml:"versions" json:"versions"`
	// FixRate, Confidence and EvidenceCount are nil unless a source gives
	// them or UnverifiedFigures says where they come from; only the seed
	// entry carries them.
	FixRate       *int   `yaml:"fix_rate" json:"fix_rate"`
	Confidence    *int   `yaml:"confidence" json:"confidence"`
	EvidenceCount *int   `yaml:"evidence_count" json:"evidence_count"`
	FirstSeen     string `yaml:"first_seen" json:"first_seen"`
	// UnverifiedFigures, when set, says that the entry's figures (FixRate,
	// Confidence, EvidenceCount and the workaround and dead-end rates) are
	// not backed by any source, and where they come from instead. Every
	// output that shows a figure then marks it as unverified and shows this
	// text. The seed entry's figures are its own AI-generated estimates.
	UnverifiedFigures Text         `yaml:"unverified_figures" json:"unverified_figures"`
	Workarounds       []Workaround `yaml:"workarounds" json:"workarounds"`
	DeadEnds          []DeadEnd    `yaml:"dead_ends" json:"dead_ends"`
	// Symptoms are the error strings and codes users search for.
	Symptoms []string `yaml:"symptoms" json:"symptoms"`
	Sources  []Source `yaml:"sources" json:"sources"`
	// Rules lists rule IDs. It is empty in the data: the rules package owns
	// the links from rules to entries.
	Rules []string `yaml:"rules" json:"rules"`
	// Docs is an optional link to official documentation.
	Docs string `yaml:"docs" json:"docs"`
	// VerifiedBy names the runs of the behavioural oracle (the real lwIP
	// core in a host harness, internal/lwiprun) that verify the entry's
	// run-time claims; internal/lwiprun's tests run each one and fail when
	// lwIP disagrees with the claim.
	VerifiedBy []Verification `yaml:"verified_by" json:"verified_by"`
}

// Verification ties one run-time claim of an entry to a scenario of the
// behavioural oracle.
type Verification struct {
	// Scenario is the harness scenario with its arguments ("syn-silent",
	// "rst-syn-sent 0"; internal/lwiprun/testdata/harness/harness.c).
	Scenario string `yaml:"scenario" json:"scenario"`
	// Config is the configuration it is built with: configs/NAME (the
	// repository's testdata/configs) or lwiprun/NAME (the oracle's own).
	Config string `yaml:"config" json:"config"`
	// Lwip lists the lwIP versions it runs on.
	Lwip []string `yaml:"lwip" json:"lwip"`
	// Result names the value the scenario prints, and Want the value the
	// claim states.
	Result string `yaml:"result" json:"result"`
	Want   int64  `yaml:"want" json:"want"`
	// Unit says how Claim states Want: "ticks" (a time of Want slow-timer
	// ticks, in seconds), "count" (the number itself) or "flag" (Want is 0
	// or 1, and Claim says it in words).
	Unit string `yaml:"unit" json:"unit"`
	// Claim is the entry's English text that makes the claim, verbatim up
	// to line breaks.
	Claim string `yaml:"claim" json:"claim"`
}

var loadOnce = sync.OnceValues(load)

// Load decodes every embedded entry, sorted by ID. The result is computed
// once and shared; callers must not modify it.
func Load() ([]*Entry, error) {
	entries, err := loadOnce()
	loaded.Store(true)
	return entries, err
}

// All returns every entry sorted by ID, or nil if the embedded data is
// broken (see [Load]).
func All() []*Entry {
	entries, err := Load()
	if err != nil {
		return nil
	}
	return slices.Clone(entries)
}

// List returns every entry in display order: the seed entry first, then the
// rest by ID.
func List() []*Entry {
	entries := All()
	slices.SortStableFunc(entries, func(a, b *Entry) int {
		switch {
		case a.ID == SeedID:
			return -1
		case b.ID == SeedID:
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	return entries
}

// Title returns the English title of the entry id, from an index generated
// from the entries (zz_titles.go), without decoding the entry.
//
//go:generate go test -run TestTitlesIndex -update
func Title(id string) (string, bool) {
	i, ok := slices.BinarySearchFunc(titles, id, func(t idTitle, id string) int { return strings.Compare(t.id, id) })
	if !ok {
		return "", false
	}
	return titles[i].title, true
}

type idTitle struct{ id, title string }

// Get returns the entry with the given ID. It decodes that entry alone
// (a lint run that links three entries does not decode all of them) and
// keeps it; once [Load] has run, its entries are used.
func Get(id string) (*Entry, bool) {
	if loaded.Load() {
		entries, err := Load()
		if err != nil {
			return nil, false
		}
		i, ok := slices.BinarySearchFunc(entries, id, func(e *Entry, id string) int {
			return strings.Compare(e.ID, id)
		})
		if !ok {
			return nil, false
		}
		return entries[i], true
	}
	single.mu.Lock()
	defer single.mu.Unlock()
	if e, ok := single.m[id]; ok {
		return e, e != nil
	}
	e := decodeOne(id)
	if single.m == nil {
		single.m = map[string]*Entry{}
	}
	single.m[id] = e
	return e, e != nil
}

// decodeOne decodes the entry id alone, or returns nil.
func decodeOne(id string) *Entry {
	p := "entries/" + id + ".yaml"
	if !fs.ValidPath(p) {
		return nil
	}
	data, err := entriesFS.ReadFile(p)
	if err != nil {
		return nil
	}
	e, err := decode(data)
	if err != nil || e.ID != id {
		return nil
	}
	return e
}

// loaded is set once Load has decoded every entry; single holds the
// entries Get decoded before that.
var (
	loaded atomic.Bool
	single struct {
		mu sync.Mutex
		m  map[string]*Entry
	}
)

func load() ([]*Entry, error) {
	var entries []*Entry
	err := fs.WalkDir(entriesFS, "entries", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || path.Ext(p) != ".yaml" {
			return nil
		}
		data, err := entriesFS.ReadFile(p)
		if err != nil {
			return err
		}
		e, err := decode(data)
		if err != nil {
			return fmt.Errorf("decode %s: %w", p, err)
		}
		if want := idFromPath(p); e.ID != want {
			return fmt.Errorf("decode %s: id %q does not match path (want %q)", p, e.ID, want)
		}
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load knowledge base: %w", err)
	}
	slices.SortFunc(entries, func(a, b *Entry) int { return strings.Compare(a.ID, b.ID) })
	for i := 1; i < len(entries); i++ {
		if entries[i].ID == entries[i-1].ID {
			return nil, fmt.Errorf("load knowledge base: duplicate id %q", entries[i].ID)
		}
	}
	return entries, nil
}

// decode strictly decodes one YAML document into an Entry.
func decode(data []byte) (*Entry, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var e Entry
	if err := dec.Decode(&e); err != nil {
		return nil, err
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("more than one YAML document")
	}
	normalize(&e)
	return &e, nil
}

// normalize replaces nil slices by empty ones so that JSON output has [] and
// not null.
func normalize(e *Entry) {
	if e.Tags == nil {
		e.Tags = []string{}
	}
	if e.Versions == nil {
		e.Versions = []Version{}
	}
	if e.Workarounds == nil {
		e.Workarounds = []Workaround{}
	}
	if e.DeadEnds == nil {
		e.DeadEnds = []DeadEnd{}
	}
	if e.Symptoms == nil {
		e.Symptoms = []string{}
	}
	if e.Sources == nil {
		e.Sources = []Source{}
	}
	if e.Rules == nil {
		e.Rules = []string{}
	}
	if e.VerifiedBy == nil {
		e.VerifiedBy = []Verification{}
	}
	for i := range e.Workarounds {
		if e.Workarounds[i].Sources == nil {
			e.Workarounds[i].Sources = []string{}
		}
	}
	for i := range e.DeadEnds {
		if e.DeadEnds[i].Sources == nil {
			e.DeadEnds[i].Sources = []string{}
		}
	}
}

// idFromPath turns "entries/embedded/x.yaml" into "embedded/x".
func idFromPath(p string) string {
	return strings.TrimSuffix(strings.TrimPrefix(p, "entries/"), ".yaml")
}
