package freertos

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// The tables in data/ are facts taken from FreeRTOS+TCP's git history, one
// file per version, in lwiplint's own format: macro names, default
// expressions, #error texts, conditions, paths and line numbers. No
// FreeRTOS+TCP source text is stored. mirror_test.go writes them from a
// git mirror of FreeRTOS/FreeRTOS-Plus-TCP (LWIPLINT_UPDATE=1) and checks
// them against it when one is present.
//
//go:embed data/*.yaml
var dataFS embed.FS

// Repository is the GitHub repository the tables describe.
const Repository = "FreeRTOS/FreeRTOS-Plus-TCP"

// Table is everything lwiplint knows about one FreeRTOS+TCP version.
type Table struct {
	// Version is the release, "V4.4.1". Versions without a git tag (the
	// history imported from FreeRTOS's SVN, V2.0.0 to V2.2.1) are named
	// by the version string in the file headers of their sources.
	Version string `yaml:"version"`
	// Tag is the git tag, empty for the imported history.
	Tag string `yaml:"tag,omitempty"`
	// Commit is the commit the facts were taken from: the tag's commit, or
	// for an untagged version the first commit whose FreeRTOS_IP.c header
	// names that version.
	Commit string `yaml:"commit"`
	// Date is the commit date (YYYY-MM-DD).
	Date string `yaml:"date"`
	// Note says why an untagged version's commit was chosen.
	Note string `yaml:"note,omitempty"`
	// SameAs names an older version whose facts (everything below except
	// Markers) are identical; the data file then stores only the markers.
	SameAs string `yaml:"same_as,omitempty"`
	// Layout is "flat" (V2.x: FreeRTOS_*.c at the top, headers in
	// include/) or "source" (V3.0.0 on: source/ and source/include/).
	Layout string `yaml:"layout,omitempty"`
	// DefaultsFile is the path of FreeRTOSIPConfigDefaults.h.
	DefaultsFile string `yaml:"defaults_file,omitempty"`
	// Markers are what [DetectVersion] compares a tree against.
	Markers Markers `yaml:"markers"`
	// Defaults are the #define lines of DefaultsFile, in file order.
	Defaults []Default `yaml:"defaults,omitempty"`
	// Outside are the overridable defaults of ipconfig names that other
	// core headers make (#ifndef NAME / #define NAME), for names the
	// defaults file leaves out: V2.x to V4.x default
	// ipconfigENABLE_BACKWARD_COMPATIBILITY in FreeRTOS_IP.h and
	// ipconfigUSE_TCP_MEM_STATS and ipconfigUSE_DUMP_PACKETS in
	// IPTraceMacroDefaults.h. Default.File names the header.
	Outside []Default `yaml:"outside,omitempty"`
	// IPHeaders are the core headers that FreeRTOS_IP.h reads, directly
	// or through others, by base name in the order first read (FreeRTOS_IP.h
	// itself first; the configuration and the kernel's headers left out).
	// A translation unit that includes FreeRTOS_IP.h meets their #error
	// checks.
	IPHeaders []string `yaml:"ip_headers,omitempty,flow"`
	// Checks are the compile-time checks of the core sources: every #error
	// and #warning of FreeRTOSIPConfigDefaults.h, the other core headers
	// and the core .c files, and the STATIC_ASSERT statements.
	Checks []Check `yaml:"checks,omitempty"`
	// Renames are the old macro names that a check rejects when defined.
	Renames []Rename `yaml:"renames,omitempty"`
	// Context are object-like macros of other core sources that default
	// values or check conditions use (ipSIZE_OF_IPv4_HEADER, …).
	Context []Macro `yaml:"context,omitempty"`
	// External are the names that default values or check conditions use
	// and that neither FreeRTOS+TCP's core sources nor FreeRTOSIPConfig.h
	// define: the kernel's (portMAX_DELAY, configTICK_RATE_HZ,
	// pdFREERTOS_LITTLE_ENDIAN, …) and the C library's (SIZE_MAX, …).
	External []string `yaml:"external,omitempty"`
	// Probes locate run-time behaviour that the rules depend on (see
	// [Probe]); a probe is absent when its code is not in this version.
	Probes []Probe `yaml:"probes,omitempty"`
	// Names are the ipconfig* identifiers that the core sources use
	// outside comments, sorted: the configuration macros this version
	// reads (or rejects). A name of FreeRTOSIPConfig.h that is not here
	// has no effect on the core stack (network drivers read their own).
	Names []string `yaml:"names,omitempty,flow"`
	// TreeNames are the ipconfig identifiers used anywhere in the
	// release's tree but its tests and documentation: Names plus those that
	// network-interface drivers, buffer allocators and tools read.
	TreeNames []string `yaml:"tree_names,omitempty,flow"`
}

// Markers are the features of a source tree that identify a version.
type Markers struct {
	// Manifest is the version: field of manifest.yml ("" without one;
	// the file exists from V2.3.1).
	Manifest string `yaml:"manifest,omitempty"`
	// VersionMacro is the string value of ipFR_TCP_VERSION_NUMBER ("" before
	// V2.3.3). It is not the release in several versions (V2.4.0 says
	// "V2.4.0" but its MINOR/BUILD macros say 3/4; V4.0.0–V4.2.1 say
	// "V4.0.999"), which is why detection matches it against every table.
	VersionMacro string `yaml:"version_macro,omitempty"`
	// Header is the version named in the licence header of FreeRTOS_IP.c
	// ("V2.0.0", "<DEVELOPMENT BRANCH>", or "" when it names none).
	Header string `yaml:"header,omitempty"`
	// Routing and Deprecated tell whether FreeRTOS_Routing.h (V4.x) and
	// FreeRTOSIPDeprecatedDefinitions.h (V4.1.0 on) exist.
	Routing    bool `yaml:"routing,omitempty"`
	Deprecated bool `yaml:"deprecated,omitempty"`
	// Fingerprints map a core file's base name to the SHA-256 (hex) of its
	// content with CR bytes removed.
	Fingerprints map[string]string `yaml:"fingerprints"`
}

// Default is one #define (or #undef) of FreeRTOSIPConfigDefaults.h.
type Default struct {
	Name string `yaml:"name"`
	// File is the header of a default in Table.Outside ("" in Defaults).
	File string `yaml:"file,omitempty"`
	// Undef is true for an #undef line: the name is undefined there, so
	// that the forced #define after it replaces the user's value.
	Undef bool `yaml:"undef,omitempty"`
	// Params is set for a function-like macro: its parameter list without
	// the parentheses ("x", "" for "()").
	Params *string `yaml:"params,omitempty"`
	// Value is the replacement list with comments removed and white space
	// collapsed. For a function-like macro whose name does not start with
	// "ipconfig" (logging, allocation and STATIC_ASSERT helpers) it is not
	// recorded and left empty.
	Value string `yaml:"value,omitempty"`
	// If is the preprocessor condition the #define is under, not counting
	// the include guard and, for an overridable default, its own
	// #ifndef Name; "" means always. Nested conditions are joined with &&.
	If string `yaml:"if,omitempty"`
	// Forced is true when the #define is not under an #ifndef of its own
	// name, so a definition in FreeRTOSIPConfig.h does not prevent it
	// (it is redefined, with a compiler warning when the values differ).
	Forced bool `yaml:"forced,omitempty"`
	// Line is the line of the #define in the defaults file; Guard the line
	// of the #ifndef that makes it overridable (0 when Forced).
	Line  int `yaml:"line"`
	Guard int `yaml:"guard,omitempty"`
	// Type, Unit, Min and Max are the "Type:", "Unit:", "Minimum:" and
	// "Maximum:" fields of the comment block that documents the option
	// (V4.1.0 on), white space collapsed.
	Type string `yaml:"type,omitempty"`
	Unit string `yaml:"unit,omitempty"`
	Min  string `yaml:"min,omitempty"`
	Max  string `yaml:"max,omitempty"`
}

// Check kinds.
const (
	KindError        = "error"         // #error
	KindWarning      = "warning"       // #warning
	KindStaticAssert = "static_assert" // STATIC_ASSERT( Expr ); a compile error when Expr is 0
)

// Check classes, from the shape of the check.
const (
	// ClassRenamed: "#ifdef OLD / #error …" for a renamed or removed macro.
	ClassRenamed = "renamed"
	// ClassBool: the V4.1.0+ "#error Invalid NAME configuration" for a
	// value other than ipconfigENABLE (1) or ipconfigDISABLE (0).
	ClassBool = "bool"
	// ClassMissing: a macro that must be defined (ipconfigBYTE_ORDER).
	ClassMissing = "missing"
	// ClassIncludeOrder: a header included in the wrong order, not a
	// configuration value.
	ClassIncludeOrder = "include-order"
	// ClassConstraint: any other condition on configuration values.
	ClassConstraint = "constraint"
)

// Check is one compile-time check.
type Check struct {
	Kind  string `yaml:"kind"`
	Class string `yaml:"class"`
	// Option is the macro the check is about when there is one (the
	// renamed macro, the boolean option, the macro that must be defined).
	Option string `yaml:"option,omitempty"`
	// Text is the #error or #warning message as the compiler prints it:
	// the rest of the directive with comments removed (so a URL's "//"
	// ends it) and white space collapsed. Empty for STATIC_ASSERT.
	Text string `yaml:"text,omitempty"`
	// Expr is the asserted expression of a STATIC_ASSERT.
	Expr string `yaml:"expr,omitempty"`
	// If is the condition under which the check fails (#error) or is
	// evaluated (STATIC_ASSERT), nested conditions joined with &&.
	If string `yaml:"if,omitempty"`
	// IfLine is the line of the innermost #if, #ifdef, #ifndef, #elif or
	// #else that If ends with (0 when If is empty).
	IfLine int    `yaml:"if_line,omitempty"`
	File   string `yaml:"file"`
	Line   int    `yaml:"line"`
	// Uses are the identifiers of If and Expr, sorted.
	Uses []string `yaml:"uses,omitempty"`
	// BeforeDefault are the names of Uses whose default is defined later
	// in FreeRTOSIPConfigDefaults.h than the check: when FreeRTOSIPConfig.h
	// does not define them, they are not defined yet at the check, so #if
	// reads them as 0 (and defined() as false) instead of their default.
	BeforeDefault []string `yaml:"before_default,omitempty"`
}

// Rename is a macro name that FreeRTOS+TCP rejects with an #error.
type Rename struct {
	Old string `yaml:"old"`
	// New is the name the message points to ("" when the macro was
	// removed without a replacement).
	New string `yaml:"new,omitempty"`
	// Removed is true when the message says the macro is deprecated,
	// dropped or replaced by something other than a macro.
	Removed bool   `yaml:"removed,omitempty"`
	File    string `yaml:"file"`
	Line    int    `yaml:"line"`
}

// Macro is an object-like #define of a core header other than the
// defaults file.
type Macro struct {
	Name  string `yaml:"name"`
	Value string `yaml:"value"`
	If    string `yaml:"if,omitempty"`
	File  string `yaml:"file"`
	Line  int    `yaml:"line"`
}

// Probe is the location of a piece of run-time behaviour in one version.
// A probe missing from a table means the code is not in that version. The
// IDs are:
//
//   - mss-mtu-assert: the configASSERT that ipconfigNETWORK_MTU >= 40 +
//     ipconfigTCP_MSS (run time, only with configASSERT; V2.2.2 on).
//   - mss-min-clamp: #if ( ipconfigTCP_MSS >= tcpMINIMUM_SEGMENT_LENGTH ) where
//     a socket's MSS is set: a smaller MSS is replaced by 536 (V2.4.0 on).
//   - mss-internet-cap: the #define of (tcp)REDUCED_MSS_THROUGH_INTERNET, the
//     1400-byte MSS cap for peers outside the subnet.
//   - window-half-buffer: the window is half the stream buffer in whole
//     segments, at least 1.
//   - syn-give-up: a connect gives up after 3 SYNs (or 3 address-resolution
//     attempts).
//   - syn-wait-11s: the 11000 ms wait after the third SYN.
//   - socket-timer-u16: the socket timer is a uint16_t count of ticks.
//   - rst-synsent-ack: an RST in eCONNECT_SYN is accepted only if it
//     acknowledges our SYN (RFC 5961 §3.2; V2.2.0 on).
//   - connect-fail-wakeup: a connecting socket that moves to eCLOSE_WAIT wakes
//     FreeRTOS_connect() with ENOTCONN (PR #559, V3.1.0 on).
//   - rst-reply-syn-plus1: the RST answering a SYN acknowledges ISN + 1 (PR
//     #724, V4.0.0 on); without it the reply only swaps the sequence and ACK
//     numbers (ACK = the client's ISN).
//   - rst-reply-flip-only: the swap itself, where it is the whole reply.
//   - ignore-unknown-eq0 / ignore-unknown-eq1: the code that answers unknown
//     segments with RST is under ipconfigIGNORE_UNKNOWN_PACKETS == 0 (any
//     non-zero value silences it; up to V2.2.1) or == 1 (only 1 does; V2.2.2
//     on).
type Probe struct {
	ID   string `yaml:"id"`
	File string `yaml:"file"`
	Line int    `yaml:"line"`
}

var loadOnce = sync.OnceValues(loadTables)

func loadTables() (map[string]*Table, error) {
	tables := map[string]*Table{}
	err := fs.WalkDir(dataFS, "data", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".yaml" {
			return err
		}
		b, err := dataFS.ReadFile(p)
		if err != nil {
			return err
		}
		t, err := decodeTable(b)
		if err != nil {
			return fmt.Errorf("decode %s: %w", p, err)
		}
		if want := strings.TrimSuffix(path.Base(p), ".yaml"); t.Version != want {
			return fmt.Errorf("decode %s: version %q does not match the file name", p, t.Version)
		}
		tables[t.Version] = t
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load FreeRTOS+TCP tables: %w", err)
	}
	for _, t := range tables {
		if t.SameAs == "" {
			continue
		}
		src := tables[t.SameAs]
		if src == nil || src.SameAs != "" {
			return nil, fmt.Errorf("load FreeRTOS+TCP tables: %s: same_as %q is not a full table", t.Version, t.SameAs)
		}
		t.copyFacts(src)
	}
	return tables, nil
}

// copyFacts copies everything but the identity and the markers.
func (t *Table) copyFacts(src *Table) {
	t.Layout, t.DefaultsFile = src.Layout, src.DefaultsFile
	t.Defaults, t.Outside, t.Checks, t.Renames = src.Defaults, src.Outside, src.Checks, src.Renames
	t.IPHeaders = src.IPHeaders
	t.Context, t.External, t.Probes = src.Context, src.External, src.Probes
	t.Names, t.TreeNames = src.Names, src.TreeNames
}

func decodeTable(b []byte) (*Table, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var t Table
	if err := dec.Decode(&t); err != nil {
		return nil, err
	}
	return &t, nil
}

// Versions returns the versions that have a table, oldest first.
func Versions() []string {
	ts, err := loadOnce()
	if err != nil {
		return nil
	}
	vs := make([]string, 0, len(ts))
	for v := range ts {
		vs = append(vs, v)
	}
	slices.SortFunc(vs, compareVersions)
	return vs
}

// Get returns the table of version, written "V4.4.1", "v4.4.1" or
// "4.4.1". The table is shared; callers must not modify it.
func Get(version string) (*Table, error) {
	ts, err := loadOnce()
	if err != nil {
		return nil, err
	}
	v, ok := canonical(version)
	if !ok {
		return nil, fmt.Errorf("FreeRTOS+TCP version %q: not of the form V<major>.<minor>.<patch>[-LTS-Patch-<n>]", version)
	}
	t := ts[v]
	if t == nil {
		return nil, fmt.Errorf("FreeRTOS+TCP version %s: no table (have %s)", v, strings.Join(Versions(), ", "))
	}
	return t, nil
}

// Nearest returns the version whose table best stands for version: the
// version itself if it has a table, else the newest older one, else the
// oldest. exact tells whether it is the version itself.
func Nearest(version string) (v string, exact bool, err error) {
	want, ok := canonical(version)
	if !ok {
		return "", false, fmt.Errorf("FreeRTOS+TCP version %q: not of the form V<major>.<minor>.<patch>[-LTS-Patch-<n>]", version)
	}
	vs := Versions()
	if len(vs) == 0 {
		_, err := loadOnce()
		return "", false, err
	}
	best := vs[0]
	for _, have := range vs {
		if compareVersions(have, want) <= 0 {
			best = have
		}
	}
	return best, best == want, nil
}

// Defaults returns the defaults of FreeRTOSIPConfigDefaults.h in version.
func Defaults(version string) ([]Default, error) {
	t, err := Get(version)
	if err != nil {
		return nil, err
	}
	return t.Defaults, nil
}

// Checks returns the compile-time checks of version.
func Checks(version string) ([]Check, error) {
	t, err := Get(version)
	if err != nil {
		return nil, err
	}
	return t.Checks, nil
}

// Renames returns the macro names that version rejects.
func Renames(version string) ([]Rename, error) {
	t, err := Get(version)
	if err != nil {
		return nil, err
	}
	return t.Renames, nil
}

// Reads reports whether the core sources of this version use the macro
// name (see [Table.Names]).
func (t *Table) Reads(name string) bool {
	_, ok := slices.BinarySearch(t.Names, name)
	return ok
}

// InTree reports whether the release's tree (drivers, tools) uses the
// macro name (see [Table.TreeNames]).
func (t *Table) InTree(name string) bool {
	_, ok := slices.BinarySearch(t.TreeNames, name)
	return ok
}

// Default returns the overridable default of name, or if there is none
// the first forced #define of it.
func (t *Table) Default(name string) (Default, bool) {
	var forced *Default
	for i := range t.Defaults {
		d := &t.Defaults[i]
		if d.Name != name {
			continue
		}
		if !d.Forced {
			return *d, true
		}
		if forced == nil {
			forced = d
		}
	}
	if forced != nil {
		return *forced, true
	}
	return Default{}, false
}

// Probe returns the location of the probe id, if this version has it.
func (t *Table) Probe(id string) (Probe, bool) {
	for _, p := range t.Probes {
		if p.ID == id {
			return p, true
		}
	}
	return Probe{}, false
}

// URL returns a GitHub link to file at line (0: the whole file) in this
// version, by tag when there is one and by commit otherwise.
func (t *Table) URL(file string, line int) string {
	ref := t.Tag
	if ref == "" {
		ref = t.Commit
	}
	u := "https://github.com/" + Repository + "/blob/" + ref + "/" + file
	if line > 0 {
		u += "#L" + strconv.Itoa(line)
	}
	return u
}

// canonical turns "4.4.1", "v4.4.1" or "V4.4.1" into "V4.4.1", and
// "V2.3.2-LTS-Patch-2" (any case of the suffix) into itself.
func canonical(v string) (string, bool) {
	n, ok := parseVersion(v)
	if !ok {
		return "", false
	}
	return n.String(), true
}

// version is a parsed release: x.y.z and a patch release of it
// (-LTS-Patch-N, -Patch-N; patch 0 for none).
type version struct {
	n     [3]int
	lts   bool
	patch int
}

func (v version) String() string {
	s := fmt.Sprintf("V%d.%d.%d", v.n[0], v.n[1], v.n[2])
	switch {
	case v.patch > 0 && v.lts:
		s += fmt.Sprintf("-LTS-Patch-%d", v.patch)
	case v.patch > 0:
		s += fmt.Sprintf("-Patch-%d", v.patch)
	}
	return s
}

func parseVersion(s string) (version, bool) {
	var r version
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "V"), "v")
	if base, suf, ok := strings.Cut(s, "-"); ok {
		s = base
		low := strings.ToLower(suf)
		num, isLTS := strings.CutPrefix(low, "lts-patch-")
		if !isLTS {
			var ok bool
			if num, ok = strings.CutPrefix(low, "patch-"); !ok {
				return r, false
			}
		}
		n, err := strconv.Atoi(num)
		if err != nil || n <= 0 || n > 9999 || strconv.Itoa(n) != num {
			return r, false
		}
		r.lts, r.patch = isLTS, n
	}
	parts := strings.Split(s, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return r, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 9999 || strconv.Itoa(n) != p {
			return r, false
		}
		r.n[i] = n
	}
	return r, true
}

// compareVersions orders "V2.0.11" after "V2.0.7", and a patch release
// after its release: V2.3.2 < V2.3.2-LTS-Patch-1 < V2.3.2-LTS-Patch-2 <
// V2.3.3.
func compareVersions(a, b string) int {
	x, _ := parseVersion(a)
	y, _ := parseVersion(b)
	for i := range x.n {
		if x.n[i] != y.n[i] {
			if x.n[i] < y.n[i] {
				return -1
			}
			return 1
		}
	}
	switch {
	case x.patch < y.patch:
		return -1
	case x.patch > y.patch:
		return 1
	}
	return 0
}
