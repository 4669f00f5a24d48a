package lint

import (
	"cmp"
	"slices"

	"github.com/lwiplint/lwiplint/lwipopts"
)

// Finding is one problem a rule found in a configuration.
type Finding struct {
	Rule     string // rule ID, such as "LW1001"
	Name     string // rule name
	Severity Severity
	// Pos is the #define that causes the finding, or lwIP's default when
	// the user never set the option.
	Pos     lwipopts.Position
	Message string
	// KB lists knowledge-base entry IDs.
	KB []string
	// LwipError is the exact text of the #error lwIP itself reports for
	// this problem in the resolved version, or nil.
	LwipError *string
	Related   []Related
	Fix       *Fix
	// Source holds the lines that Pos and the Related positions name, as
	// the loader read them ([Run] fills it in from [lwipopts.Config.Source]),
	// for the excerpts of reports, which never read a file again.
	Source []SourceLine
}

// SourceLine is a line of a configuration's file, as the loader read it.
type SourceLine struct {
	File string
	// Line is 1-based; 0 names the file as a whole, with Text empty.
	Line int
	// Text is the line, without its line ending.
	Text string
	// Lines is the file's number of lines.
	Lines int
}

// Related is a further position that explains a finding.
type Related struct {
	Pos     lwipopts.Position
	Message string
}

// Fix is a suggested change of the configuration.
type Fix struct {
	Message string
	Edits   []Edit
}

// Edit replaces the bytes [Start, End) of File, which hold OldText on line
// Line, with NewText.
type Edit struct {
	File    string
	Line    int
	Start   int
	End     int
	OldText string
	NewText string
}

// Compare orders findings by file, line, column, rule ID and message.
func Compare(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.Pos.File, b.Pos.File),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		cmp.Compare(a.Pos.Col, b.Pos.Col),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
	)
}

// Sort sorts findings with [Compare].
func Sort(fs []Finding) { slices.SortStableFunc(fs, Compare) }
