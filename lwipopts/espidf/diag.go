package espidf

import "fmt"

// Position is a line in a file. Line is 1-based; a zero Line means the
// position names the whole file. File is empty for an unknown position.
type Position struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
}

// IsValid reports whether p names a file.
func (p Position) IsValid() bool { return p.File != "" }

func (p Position) String() string {
	switch {
	case p.File == "":
		return "-"
	case p.Line == 0:
		return p.File
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// Severity ranks a [Diagnostic].
type Severity int

// The severities, from least to most serious.
const (
	// Info is a fact worth knowing, such as a deprecated name that
	// kconfgen renames.
	Info Severity = iota
	// Warning is a setting that does not do what it seems to do: an
	// out-of-range value, an option whose dependencies are not met, a
	// duplicate, a malformed line that kconfgen skips.
	Warning
	// Error is input that kconfgen or the C compiler would reject.
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	}
	return "error"
}

// The codes of the diagnostics. They are stable: callers may map them to
// rule identifiers.
const (
	CodeSyntax       = "syntax"        // a line kconfgen skips as malformed
	CodeInvalidValue = "invalid-value" // a value kconfgen ignores for the symbol's type
	CodeDuplicate    = "duplicate"     // a symbol assigned twice in one file (the later wins)
	CodeRenamed      = "renamed"       // a deprecated name that kconfgen renames
	CodeDeprecated   = "deprecated"    // an old name inside the deprecated block, which kconfgen ignores
	CodeUnknown      = "unknown"       // a CONFIG_LWIP_ name that the Kconfig does not define
	CodeOutOfRange   = "out-of-range"  // ignored by kconfgen, the default is used instead
	CodeNoEffect     = "no-effect"     // depends on not met, or a symbol without prompt
	CodeChoice       = "choice"        // several options of one choice set, or the selected one set to n
	CodeFile         = "file"          // a file that cannot be read as text (size, NUL bytes, encoding)
	CodeVersion      = "version"       // how the ESP-IDF version was chosen
	CodeAssumed      = "assumed"       // a symbol whose value lwiplint had to assume
	CodeLwipopts     = "lwipopts"      // ESP-IDF's lwipopts.h reaches an #error with these values
	CodeTick         = "tick"          // lwIP's clock is not exact with this FreeRTOS tick rate
)

// Diagnostic is a message about the sdkconfig files or their translation.
// Diagnostics are findings, not errors: loading goes on after them.
type Diagnostic struct {
	Pos      Position
	Severity Severity
	Code     string
	// Symbol is the CONFIG_ name the diagnostic is about, if any.
	Symbol  string
	Message string
	// Rename is the rename a CodeRenamed diagnostic reports, so that a
	// caller can edit the line; nil for other codes.
	Rename *Rename `json:",omitempty"`
	// Overridden is, for CodeDuplicate, the earlier assignment that the
	// diagnostic's line overrides.
	Overridden Position `json:",omitzero"`
}

// Rename is one entry of ESP-IDF's sdkconfig.rename lists that kconfgen
// applied to a line.
type Rename struct {
	// Old and New are the names without CONFIG_.
	Old, New string
	// Invert is set for "CONFIG_OLD !CONFIG_NEW": the bool is inverted.
	Invert bool
	// Target is set when the rename comes from an
	// sdkconfig.rename.<target> list, which ESP-IDF reads only for that
	// target.
	Target string
	// At cites the list and line ("esp-idf v5.1.2
	// components/lwip/sdkconfig.rename:14").
	At string
}

func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s: %s [%s]", d.Pos, d.Severity, d.Message, d.Code)
}
