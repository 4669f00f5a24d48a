package espidf

import (
	"bytes"
	"sync"

	"go.yaml.in/yaml/v3"
)

// LwipFact is a way in which the lwIP that an ESP-IDF release builds
// (Espressif's esp-lwip fork, pinned as the submodule components/lwip/lwip)
// differs from upstream lwIP in what a configuration check must know.
type LwipFact struct {
	// ID is stable: "fin-wait-timeout-overridable",
	// "ooseq-timeout-overridable", "no-backoff-syn-rcvd",
	// "rto-time-configurable", "timers-on-demand".
	ID string
	// Holds tells whether the fact is true for this release's esp-lwip.
	Holds bool
	Text  string
	// Source is "esp-lwip <commit> <file>:<line>".
	Source string
	// Verified is false when the pinned commit was not available and the
	// fact is carried over from the nearest older commit that was.
	Verified bool
}

// espLwipData is data/esp-lwip.yaml.
type espLwipData struct {
	Commits []espLwipCommit `yaml:"commits"`
}

type espLwipCommit struct {
	Commit string `yaml:"commit"`
	// IDF lists the releases with a table that pin this commit.
	IDF []string `yaml:"idf"`
	// Base is the upstream lwIP release esp-lwip's branch is based on.
	Base     string `yaml:"base"`
	BaseFrom string `yaml:"base_from"`
	// Verified is false when the commit was not in the esp-lwip mirror;
	// Note then says where the facts come from.
	Verified bool `yaml:"verified"`
	// Table is the commit of lwipopts' built-in esp-lwip table that
	// stands for this one: Commit itself, or the nearest commit of the same
	// branch that a release pins when Commit is not in any esp-lwip mirror
	// (TableNote says which). Empty when there is none.
	Table     string        `yaml:"table,omitempty"`
	TableNote string        `yaml:"table_note,omitempty"`
	Note      string        `yaml:"note,omitempty"`
	Facts     []espLwipFact `yaml:"facts"`
}

type espLwipFact struct {
	ID    string `yaml:"id"`
	Holds bool   `yaml:"holds"`
	Text  string `yaml:"text"`
	At    string `yaml:"at"`
	// Verify is a text that line At of the commit contains (checked by
	// TestMirrorEspLwip).
	Verify string `yaml:"verify,omitempty"`
}

var (
	espLwipOnce sync.Once
	espLwipVal  *espLwipData
)

func espLwipFacts() *espLwipData {
	espLwipOnce.Do(func() {
		espLwipVal = &espLwipData{}
		b, err := dataFS.ReadFile("data/esp-lwip.yaml")
		if err != nil {
			return
		}
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(espLwipVal); err != nil {
			espLwipVal = &espLwipData{}
		}
	})
	return espLwipVal
}

// espLwipFor returns the esp-lwip record of a release, or nil.
func espLwipFor(idf string) *espLwipCommit {
	for i := range espLwipFacts().Commits {
		c := &espLwipFacts().Commits[i]
		for _, v := range c.IDF {
			if v == idf {
				return c
			}
		}
	}
	return nil
}

// LwipPin is the esp-lwip commit that ESP-IDF releases pin, and the
// commit of lwipopts' built-in esp-lwip table that stands for it.
type LwipPin struct {
	// IDF are the releases with a table that pin Commit.
	IDF []string
	// Commit is the pinned esp-lwip commit; Table the commit the
	// built-in table was generated from: Commit itself, or when Commit's
	// sources were not available, the nearest commit of the same branch
	// that a release pins (a stand-in).
	Commit, Table string
}

// StandIn reports whether the table is generated from another commit than
// the pinned one.
func (p LwipPin) StandIn() bool { return p.Table != p.Commit }

// LwipPins lists the esp-lwip commits of data/esp-lwip.yaml in its order.
func LwipPins() []LwipPin {
	var out []LwipPin
	for _, c := range espLwipFacts().Commits {
		out = append(out, LwipPin{IDF: append([]string(nil), c.IDF...), Commit: c.Commit, Table: c.Table})
	}
	return out
}
