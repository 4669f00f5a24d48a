package espidf

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/lwiplint/lwiplint/internal/suggest"

	"github.com/lwiplint/lwiplint/lwipopts/internal/stackver"
)

// Options control how sdkconfig files are layered and translated.
type Options struct {
	// Version is the ESP-IDF version, such as "5.1.2". Empty: take it
	// from IDFPath, else from kconfgen's header line in the files, else
	// from ProjectDir's dependencies.lock, else [DefaultVersion].
	Version string
	// Target is the chip, such as "esp32s3". Empty: CONFIG_IDF_TARGET
	// of the sdkconfig, else of the defaults files, else "esp32" (ESP-IDF's
	// tools/cmake/targets.cmake, __target_guess and __target_init).
	Target string
	// IDFPath is an ESP-IDF tree; its tools/cmake/version.cmake gives the
	// version when Version is empty.
	IDFPath string
	// ProjectDir is the project root, for its dependencies.lock.
	ProjectDir string
	// ContextInHeader adds the macros of other ESP-IDF headers that the
	// lwIP port uses (portTICK_PERIOD_MS, configTICK_RATE_HZ,
	// ESP_TASK_TCPIP_STACK, …; see Translation.Context) to the header.
	ContextInHeader bool
}

// Values is the result of layering sdkconfig files: the user value of
// each symbol (the last valid assignment wins), before Kconfig's rules
// (ranges, dependencies, defaults) are applied.
type Values struct {
	// Version is the ESP-IDF release whose table is used, such as
	// "v5.1.2". VersionFrom says how it was chosen: "option", "idf-path",
	// "sdkconfig" (kconfgen's header line), "dependencies.lock" or
	// "default"; Detected is the version found, which differs from
	// Version when there is no table for it.
	Version     string
	VersionFrom string
	Detected    string
	// Found is what FindVersion found, with Version the table's.
	Found stackver.Found
	// Target is the chip; TargetFrom is "option", the file that set
	// CONFIG_IDF_TARGET, or "default".
	Target     string
	TargetFrom string
	Files      []*File
	// Set maps a symbol name (without CONFIG_) to its effective
	// assignment.
	Set map[string]*Entry
	// Complete is set when an sdkconfig written by kconfgen is among the
	// files: a bool symbol it does not list is n.
	Complete bool
	// Final is set when the last file is an sdkconfig.h: its values are
	// kconfgen's output, and a symbol without a line is not set.
	Final bool
	Diags []Diagnostic

	table     *table
	suggested map[string]string
	versions  []string
	choices   map[string]*Entry // choice name → entry that selected a member
	user      map[string]string // normalized user value per symbol
}

// Layer combines sdkconfig files in the order kconfgen loads them: the
// defaults files first (sdkconfig.defaults, then
// sdkconfig.defaults.<target>, for each file of SDKCONFIG_DEFAULTS), then
// the project's sdkconfig, a later assignment replacing an earlier one.
// Sources: esp-idf-kconfig kconfgen/core.py main() loads every --defaults
// file, then --config, all with replace=False (v1.4.1 lines 349-385,
// v2.5.4 lines 674-712), so an existing sdkconfig takes precedence over the
// defaults; ESP-IDF tools/cmake/kconfig.cmake __kconfig_generate_config
// passes each SDKCONFIG_DEFAULTS file followed by "<file>.<IDF_TARGET>" if
// it exists (v5.1.2 lines 112-118, v5.5.5 lines 172-179), and
// tools/cmake/project.cmake uses sdkconfig.defaults only if it exists
// (v5.1.2 lines 510-532). Deprecated names are renamed first, except inside
// kconfgen's deprecated block (DeprecatedOptions.replace). An assignment
// whose value is invalid for the symbol's type is ignored, so an earlier
// one stays in effect (Kconfiglib Symbol.set_value, v2.5.4 core.py 4261).
func Layer(files []*File, opts Options) *Values {
	v := &Values{Files: files, Set: map[string]*Entry{}, choices: map[string]*Entry{}, user: map[string]string{}}
	for _, f := range files {
		v.Diags = append(v.Diags, f.Diags...)
		if f.Kind == KindSdkconfig && f.Generated {
			v.Complete = true
		}
	}
	if len(files) > 0 && files[len(files)-1].Kind == KindHeader {
		v.Final = true
	}
	v.chooseTarget(opts)
	v.chooseVersion(opts)
	if v.table == nil {
		return v
	}
	v.table = v.table.forTarget(v.Target)
	for _, f := range files {
		v.layerFile(f)
	}
	v.checkDeprecatedBlock()
	return v
}

func (v *Values) diag(pos Position, sev Severity, code, sym, msg string) {
	v.Diags = append(v.Diags, Diagnostic{Pos: pos, Severity: sev, Code: code, Symbol: sym, Message: msg})
}

func (v *Values) chooseTarget(opts Options) {
	if opts.Target != "" {
		v.Target, v.TargetFrom = opts.Target, "option"
		return
	}
	for _, k := range []Kind{KindSdkconfig, KindHeader, KindDefaults} {
		for _, f := range v.Files {
			if f.Kind != k || (k == KindDefaults && strings.HasPrefix(filepath.Base(f.Path), "sdkconfig.defaults.")) {
				continue
			}
			if t := f.Target(); t != "" {
				v.Target, v.TargetFrom = t, f.Path
				return
			}
		}
	}
	for _, k := range []Kind{KindSdkconfig, KindHeader, KindDefaults} {
		for _, f := range v.Files {
			if f.Kind != k || (k == KindDefaults && strings.HasPrefix(filepath.Base(f.Path), "sdkconfig.defaults.")) {
				continue
			}
			if t := f.TargetHint(); t != "" {
				v.Target, v.TargetFrom = t, f.Path+" (CONFIG_IDF_TARGET_"+strings.ToUpper(t)+"=y)"
				return
			}
		}
	}
	v.Target, v.TargetFrom = "esp32", "default"
}

func (v *Values) chooseVersion(opts Options) {
	f, diags := FindVersion(v.Files, opts)
	v.Diags = append(v.Diags, diags...)
	found, from := f.Version, f.From
	v.Found = f
	if !f.Assumed {
		v.Detected = found
	} else {
		v.diag(Position{}, Info, CodeVersion, "", fmt.Sprintf("no ESP-IDF version found in the files: using ESP-IDF %s, the newest lwiplint knows", found))
	}
	t, exact, err := pickTable(found)
	if errors.Is(err, errUnsupported) {
		// Never read an older release's files as a newer one.
		v.diag(Position{}, Error, CodeVersion, "", err.Error())
		return
	}
	if err != nil {
		v.diag(Position{}, Error, CodeVersion, "", err.Error())
		if from == "option" {
			return
		}
		t, exact, err = pickTable(DefaultVersion())
		if err != nil {
			return
		}
		from = "default"
		v.Found.Assumed = true
	}
	v.table, v.Version, v.VersionFrom = t, t.IDF, from
	v.Found.Version, v.Found.From = t.IDF, from
	if !exact && from != "default" {
		v.diag(Position{}, Info, CodeVersion, "", fmt.Sprintf("lwiplint has no table for ESP-IDF %s: using the nearest, %s", found, t.IDF))
		v.Found.How = strings.TrimPrefix(v.Found.How+"; ", "; ") + "ESP-IDF " + found + " found, the nearest table used"
	}
}

// layerFile applies the assignments of one file.
func (v *Values) layerFile(f *File) {
	t := v.table
	seen := map[string]*Entry{}
	for i := range f.Entries {
		e := &f.Entries[i]
		if e.Alias {
			continue
		}
		if e.InDeprecatedBlock {
			if r := t.rename(e.Name, v.Target); r != nil {
				// Not renamed: handled by checkDeprecatedBlock.
				continue
			}
		} else if f.Kind != KindHeader {
			if r := t.rename(e.Name, v.Target); r != nil {
				e.OldName, e.Name, e.Inverted = e.Name, r.New, r.Invert
				if r.Invert && !e.Unset {
					if strings.HasPrefix(e.Value, "y") {
						e.Value = "n"
					} else if strings.HasPrefix(e.Value, "n") {
						e.Value = "y"
					}
				} else if r.Invert {
					e.Unset, e.Value = false, "y"
				}
				msg := fmt.Sprintf("CONFIG_%s is the deprecated name of CONFIG_%s, which kconfgen reads instead (%s)", e.OldName, e.Name, v.cite(r.At))
				if r.Invert {
					msg += "; the rename inverts the value"
				}
				v.diag(e.Pos, Info, CodeRenamed, "CONFIG_"+e.Name, msg)
				v.Diags[len(v.Diags)-1].Rename = &Rename{Old: e.OldName, New: e.Name, Invert: r.Invert, Target: r.Target, At: v.cite(r.At)}
			}
		}
		s := t.syms[e.Name]
		val, ok := v.normalize(f, e, s)
		if !ok {
			continue
		}
		// The same value again (often under the old and the new name of a
		// rename) changes nothing: only a different later value is a
		// surprise for the reader of the first line.
		if prev := seen[e.Name]; prev != nil && f.Kind != KindHeader && v.user[e.Name] != val {
			v.diag(e.Pos, Warning, CodeDuplicate, "CONFIG_"+e.Name, fmt.Sprintf("CONFIG_%s is set again (first at line %d, %s): the later value %s wins", e.Name, prev.Pos.Line, prev.Spelling(), e.Spelling()))
			v.Diags[len(v.Diags)-1].Overridden = prev.Pos
		}
		seen[e.Name] = e
		v.Set[e.Name] = e
		v.user[e.Name] = val
		if s != nil && s.Choice != "" && val == "y" {
			v.choices[s.Choice] = e
		}
	}
}

var confString = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^"((?:[^\\"]|\\.)*)"`) })

// normalize checks an assignment against the symbol's type like
// Kconfiglib's _load_config and Symbol.set_value, and returns the value
// kconfgen stores: y or n for bools, the text for int and hex, the
// unescaped text for strings.
func (v *Values) normalize(f *File, e *Entry, s *symbol) (string, bool) {
	if s == nil {
		if strings.HasPrefix(e.Name, "LWIP_") {
			v.unknown(e)
		} else if v.table.syms["LWIP_"+e.Name] != nil && !e.Alias {
			// A pre-LWIP_ name (CONFIG_TCP_RCV_SCALE) that no
			// sdkconfig.rename maps: kconfgen drops it without a word.
			v.diag(e.Pos, Warning, CodeUnknown, "CONFIG_"+e.Name, fmt.Sprintf("CONFIG_%s is not an option of ESP-IDF %s and no sdkconfig.rename maps it: kconfgen drops it without a word; the option is CONFIG_LWIP_%s", e.Name, v.Version, e.Name))
		}
		if e.Unset {
			return "n", true
		}
		if f.Kind == KindHeader {
			if e.Value == "1" {
				return "y", true
			}
			if m := confString().FindStringSubmatch(e.Value); m != nil {
				return unescapeKconfig(m[1]), true
			}
			return e.Value, true
		}
		if m := confString().FindStringSubmatch(e.Value); m != nil {
			return unescapeKconfig(m[1]), true
		}
		return e.Value, true
	}
	sym := "CONFIG_" + e.Name
	bad := func(msg string) (string, bool) {
		v.diag(e.Pos, Warning, CodeInvalidValue, sym, msg)
		return "", false
	}
	if f.Kind == KindHeader {
		switch s.Type {
		case "bool":
			if e.Value != "1" {
				return bad(fmt.Sprintf("%s is a bool: sdkconfig.h defines it as 1 or not at all, not as %s", sym, e.Value))
			}
			return "y", true
		case "string":
			m := confString().FindStringSubmatch(e.Value)
			if m == nil {
				return bad(fmt.Sprintf("%s is a string, but its value %s is not a string literal", sym, e.Value))
			}
			return unescapeKconfig(m[1]), true
		case "hex":
			if _, ok := pyInt(e.Value, 16); !ok {
				return bad(fmt.Sprintf("%s is a hex symbol, but its value %s is not a number", sym, e.Value))
			}
			return e.Value, true
		}
		if _, ok := pyInt(e.Value, 10); !ok {
			return bad(fmt.Sprintf("%s is an int symbol, but its value %s is not a number", sym, e.Value))
		}
		return e.Value, true
	}
	if e.Unset {
		if s.Type != "bool" {
			v.diag(e.Pos, Warning, CodeInvalidValue, sym, fmt.Sprintf("\"is not set\" has no effect on %s, which is an %s symbol: kconfgen skips the line", sym, s.Type))
			return "", false
		}
		return "n", true
	}
	switch s.Type {
	case "bool":
		// Kconfiglib only looks at the first character (_load_config).
		if !strings.HasPrefix(e.Value, "y") && !strings.HasPrefix(e.Value, "n") {
			return bad(fmt.Sprintf("'%s' is not a valid value for the bool %s (y or n): kconfgen ignores the assignment", e.Value, sym))
		}
		return e.Value[:1], true
	case "int":
		if _, ok := pyInt(e.Value, 10); !ok {
			return bad(fmt.Sprintf("'%s' is not a decimal number, so kconfgen ignores this assignment to the int %s", e.Value, sym))
		}
		return e.Value, true
	case "hex":
		if n, ok := pyInt(e.Value, 16); !ok || n < 0 {
			return bad(fmt.Sprintf("'%s' is not a hexadecimal number, so kconfgen ignores this assignment to the hex %s", e.Value, sym))
		}
		return e.Value, true
	}
	m := confString().FindStringSubmatch(e.Value)
	if m == nil {
		return bad(fmt.Sprintf("malformed string literal %s for %s: kconfgen ignores the assignment", e.Value, sym))
	}
	if len(m[0]) != len(e.Value) {
		v.diag(e.Pos, Warning, CodeSyntax, sym, fmt.Sprintf("text after the closing quote of %s is ignored by kconfgen", sym))
	}
	return unescapeKconfig(m[1]), true
}

// unescapeKconfig undoes Kconfiglib's escape(): a backslash quotes the
// next character.
func unescapeKconfig(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// escapeKconfig is Kconfiglib's escape(): backslash and double quote get a
// backslash.
func escapeKconfig(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}

// unknown reports a CONFIG_LWIP_ name that the table does not define.
func (v *Values) unknown(e *Entry) {
	name := "CONFIG_" + e.Name
	msg := fmt.Sprintf("%s is not an option of ESP-IDF %s: kconfgen ignores it", name, v.Version)
	var other []string
	ts, _ := loadTables()
	if v.versions == nil {
		v.versions = Versions()
	}
	for _, ver := range v.versions {
		if ver != v.Version && ts[ver].syms[e.Name] != nil {
			other = append(other, ver)
		}
	}
	if len(other) > 0 {
		msg += fmt.Sprintf(" (it exists in ESP-IDF %s)", strings.Join(other, ", "))
	} else if s := v.suggestCached(e.Name); s != "" {
		msg += fmt.Sprintf("; did you mean CONFIG_%s?", s)
	}
	v.diag(e.Pos, Warning, CodeUnknown, name, msg)
}

// maxSuggest bounds the distinct unknown names that get a suggestion, so
// that a hostile file of made-up names stays fast.
const maxSuggest = 256

func (v *Values) suggestCached(name string) string {
	if v.suggested == nil {
		v.suggested = map[string]string{}
	}
	if s, ok := v.suggested[name]; ok {
		return s
	}
	if len(v.suggested) >= maxSuggest {
		return ""
	}
	s := v.suggest(name)
	v.suggested[name] = s
	return s
}

// suggest returns the known LWIP_ name (or deprecated name) closest to
// name, or "" when none is close.
func (v *Values) suggest(name string) string {
	var cands []string
	for _, s := range v.table.Symbols {
		if strings.HasPrefix(s.Name, "LWIP_") {
			cands = append(cands, s.Name)
		}
	}
	for _, r := range v.table.Renames {
		cands = append(cands, r.Old)
	}
	sort.Strings(cands)
	return suggest.Closest(name, cands)
}

// checkDeprecatedBlock reports old names inside kconfgen's deprecated
// block whose value differs from the new name's: kconfgen does not rename
// them there, so the edit has no effect and the block is rewritten.
func (v *Values) checkDeprecatedBlock() {
	for _, f := range v.Files {
		for i := range f.Entries {
			e := &f.Entries[i]
			if !e.InDeprecatedBlock {
				continue
			}
			r := v.table.rename(e.Name, v.Target)
			if r == nil {
				continue
			}
			val := e.Value
			if e.Unset {
				val = "n"
			}
			cur, ok := v.user[r.New]
			if !ok || normalizeLoose(cur) == normalizeLoose(val) {
				continue
			}
			v.diag(e.Pos, Warning, CodeDeprecated, "CONFIG_"+r.New, fmt.Sprintf("CONFIG_%s is inside kconfgen's deprecated-options block, which kconfgen neither renames nor reads: this value has no effect, CONFIG_%s=%s does", e.Name, r.New, cur))
		}
	}
}

func normalizeLoose(s string) string {
	s = strings.TrimSpace(s)
	if m := confString().FindStringSubmatch(s); m != nil {
		return unescapeKconfig(m[1])
	}
	if len(s) > 0 && (s[0] == 'y' || s[0] == 'n') {
		return s[:1]
	}
	return s
}

// cite turns a table citation ("components/lwip/Kconfig:550") into
// "esp-idf v5.1.2 components/lwip/Kconfig:550".
func (v *Values) cite(at string) string {
	return "esp-idf " + v.Version + " " + at
}
