package espidf

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/lwiplint/lwiplint/internal/fileio"
)

// MaxFileSize is the largest sdkconfig file read. Real ones are below
// 100 kB; anything much larger is not a configuration.
const MaxFileSize = 4 << 20

// Kind is the kind of an sdkconfig file.
type Kind int

// The file kinds.
const (
	// KindSdkconfig is a project's sdkconfig (or a file named by
	// SDKCONFIG), written by kconfgen and possibly edited by hand.
	KindSdkconfig Kind = iota
	// KindDefaults is an sdkconfig.defaults or sdkconfig.defaults.<target>
	// file. kconfgen strips each line and reads "CONFIG_X=" as "CONFIG_X=n"
	// in these files only.
	KindDefaults
	// KindHeader is the generated sdkconfig.h (build/config/sdkconfig.h).
	// It holds final values: a bool that is not set has no line.
	KindHeader
)

func (k Kind) String() string {
	switch k {
	case KindSdkconfig:
		return "sdkconfig"
	case KindDefaults:
		return "sdkconfig.defaults"
	}
	return "sdkconfig.h"
}

// KindOf guesses a file's kind from its name: sdkconfig.h and *.h are
// headers, sdkconfig.defaults and sdkconfig.defaults.* are defaults, the
// rest are sdkconfig files.
func KindOf(path string) Kind {
	base := filepath.Base(path)
	switch {
	case strings.HasSuffix(base, ".h"):
		return KindHeader
	case base == "sdkconfig.defaults" || strings.HasPrefix(base, "sdkconfig.defaults."):
		return KindDefaults
	}
	return KindSdkconfig
}

// Entry is one assignment in an sdkconfig file.
type Entry struct {
	Pos Position
	// Name is the symbol name without the CONFIG_ prefix, after renaming a
	// deprecated name (see OldName).
	Name string
	// Value is the text right of '=' as kconfgen sees it (trailing white
	// space removed; both ends in defaults files; "n" for "CONFIG_X=" in
	// defaults files), or the body of the #define in sdkconfig.h. It is
	// "n" for a "# CONFIG_X is not set" line, which also sets Unset.
	Value string
	Unset bool
	// OldName is the deprecated name (without CONFIG_) the line used, when
	// kconfgen renames it through an sdkconfig.rename list; Inverted is set
	// when that rename inverts a bool.
	OldName  string
	Inverted bool
	// Alias is set for sdkconfig.h lines "#define CONFIG_OLD CONFIG_NEW"
	// that kconfgen writes for deprecated names; Value is then the new name.
	Alias bool
	// InDeprecatedBlock is set for lines between kconfgen's "# Deprecated
	// options for backward compatibility" and "# End of deprecated
	// options": kconfgen does not rename them, so the old names stay
	// unknown and the lines have no effect.
	InDeprecatedBlock bool
}

// Spelling returns the assignment as written, with the CONFIG_ prefix.
func (e *Entry) Spelling() string {
	n := e.Name
	if e.OldName != "" {
		n = e.OldName
	}
	if e.Unset {
		return "# CONFIG_" + n + " is not set"
	}
	return "CONFIG_" + n + "=" + e.Value
}

// File is a parsed sdkconfig, sdkconfig.defaults* or sdkconfig.h file.
type File struct {
	Path string
	Kind Kind
	// Version is the ESP-IDF version in kconfgen's header line
	// ("# Espressif IoT Development Framework (ESP-IDF) 5.1.2 Project
	// Configuration"), or "".
	Version string
	// Unversioned is set when kconfgen's header line has no version
	// ("… (ESP-IDF) Project Configuration"), as kconfgen wrote it up to
	// ESP-IDF 4.4 (tools/kconfig_new/confgen.py at v4.4:338).
	Unversioned bool
	// Generated is set when the file starts with kconfgen's "Automatically
	// generated file" header: an sdkconfig then lists every visible
	// symbol.
	Generated bool
	Entries   []Entry
	// Text is the file's content as read, for the excerpts of reports.
	Text  []byte
	Diags []Diagnostic
}

// Target returns the value of CONFIG_IDF_TARGET in the file, or "". Like
// ESP-IDF's tools/cmake/targets.cmake (__target_from_config) it only
// accepts a line CONFIG_IDF_TARGET="name".
func (f *File) Target() string {
	for _, e := range f.Entries {
		if e.Name == "IDF_TARGET" && e.OldName == "" && !e.Unset {
			if m := targetLine().FindStringSubmatch(e.Value); m != nil {
				return m[1]
			}
		}
	}
	return ""
}

// TargetHint returns the chip that a line CONFIG_IDF_TARGET_<CHIP>=y of
// the file names ("esp32c3"), or "". kconfgen derives these symbols from
// IDF_TARGET and ignores the line itself, and targets.cmake does not read
// it, but a file that sets it was written for that chip (esp-at's
// module_config defaults do this, and their build passes the target): a
// better guess than esp32 when no CONFIG_IDF_TARGET="name" line says more.
// The derived IDF_TARGET_ARCH_* symbols are not chips.
func (f *File) TargetHint() string {
	for _, e := range f.Entries {
		chip, ok := strings.CutPrefix(e.Name, "IDF_TARGET_")
		if !ok || e.Unset || e.OldName != "" || strings.Contains(chip, "_") || !strings.HasPrefix(e.Value, "y") {
			continue
		}
		if strings.HasPrefix(chip, "ESP32") || chip == "LINUX" {
			return strings.ToLower(chip)
		}
	}
	return ""
}

var targetLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^"([^"]+)"$`) })

// ReadFile reads and parses the file at path; its kind comes from
// [KindOf]. The error is only for a file that cannot be read; problems in
// its content are in File.Diags.
func ReadFile(path string) (*File, error) {
	return ReadFileKind(path, KindOf(path))
}

// ReadFileKind is [ReadFile] with an explicit kind.
func ReadFileKind(path string, k Kind) (*File, error) {
	data, err := fileio.ReadFile(path, MaxFileSize)
	if err != nil {
		return nil, err
	}
	if line, ok := binaryLine(data); ok {
		return nil, &BinaryError{Path: path, Line: line}
	}
	return Parse(path, data, k), nil
}

// Markers of kconfgen's output (esp-idf-kconfig kconfgen/core.py,
// DeprecatedOptions._DEP_OP_BEGIN/_DEP_OP_END and write_config/write_header;
// the same text in v1.4.1 and v2.5.4).
const (
	depBlockBegin = "# Deprecated options for backward compatibility"
	depBlockEnd   = "# End of deprecated options"
	genMarker     = "Automatically generated file. DO NOT EDIT."
)

// versionLine matches kconfgen's header lines in sdkconfig ("#
// Espressif IoT Development Framework (ESP-IDF) 5.1.2 Project
// Configuration"), sdkconfig.h (" * … 5.1.2 Configuration Header") and
// save-defconfig output ("… 5.1.2 Project Minimal Configuration").
var unversionedLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`Espressif IoT Development Framework \(ESP-IDF\) (?:Project (?:Makefile )?Configuration|Configuration Header)`)
})

var versionLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`Espressif IoT Development Framework \(ESP-IDF\) v?([0-9]+\.[0-9]+(?:\.[0-9]+)?)\S* (?:Project (?:Minimal )?Configuration|Configuration Header)`)
})

// Parse parses data as a file of kind k named path. It never fails:
// malformed lines, binary content and oversize input are reported in
// File.Diags, and what can be read is kept.
//
// The sdkconfig rules are those of Kconfiglib's Kconfig._load_config
// (Kconfiglib 14.1.0 kconfiglib.py line 1247, used by esp-idf-kconfig 1.x,
// and its copy in esp-idf-kconfig v2.5.4 kconfiglib/core.py line 1130;
// the set and unset regexes at lines 981-982 and 711-712): a line is read with Python's
// universal newlines and rstrip()ed; "CONFIG_NAME=value" must start in
// column 0 (regex CONFIG_([^=]+)=(.*)), "# CONFIG_NAME is not set" too
// (regex # CONFIG_([^ ]+) is not set); other lines starting with '#'
// after leading blanks are comments, the rest are malformed and skipped
// with a warning. Defaults files are first passed through kconfgen's
// _replace_empty_assignments (kconfgen/core.py main(), v1.4.1 line 335,
// v2.5.4 line 662): each line is strip()ped, so indented lines count
// there, and "CONFIG_X=" becomes "CONFIG_X=n".
func Parse(path string, data []byte, k Kind) *File {
	f := &File{Path: path, Kind: k, Text: data}
	if len(data) > MaxFileSize {
		f.diag(0, Error, CodeFile, "", fmt.Sprintf("file is larger than %d bytes; not read", MaxFileSize))
		return f
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		line := 1 + bytes.Count(data[:i], []byte{'\n'})
		f.diag(line, Error, CodeFile, "", "file contains a NUL byte: not a text configuration file; not read")
		return f
	}
	if k == KindHeader {
		parseHeader(f, data)
		return f
	}
	inDep := false
	for i, raw := range splitLines(data) {
		ln := i + 1
		if !utf8.Valid(raw) {
			// kconfgen opens the file as UTF-8 and stops with
			// UnicodeDecodeError.
			f.diag(ln, Error, CodeFile, "", "line is not valid UTF-8: kconfgen cannot read this file")
			continue
		}
		line := pyRstrip(string(raw))
		if strings.Contains(line, depBlockBegin) {
			inDep = true
		} else if strings.Contains(line, depBlockEnd) {
			inDep = false
		}
		if i < 4 && strings.Contains(line, genMarker) {
			f.Generated = true
		}
		if f.Version == "" && strings.HasPrefix(line, "#") {
			if m := versionLine().FindStringSubmatch(line); m != nil {
				f.Version = m[1]
			} else if unversionedLine().MatchString(line) {
				f.Unversioned = true
			}
		}
		if k == KindDefaults {
			line = pyStrip(line)
			if strings.HasSuffix(line, "=") {
				line += "n"
			}
		}
		if strings.HasPrefix(line, "CONFIG_") {
			eq := strings.IndexByte(line, '=')
			if eq > len("CONFIG_") {
				name, val := line[len("CONFIG_"):eq], line[eq+1:]
				if !validName(name) {
					f.diag(ln, Warning, CodeSyntax, "", fmt.Sprintf("kconfgen reads the symbol name %q, which no Kconfig defines; the line has no effect", name))
					continue
				}
				f.Entries = append(f.Entries, Entry{Pos: Position{path, ln}, Name: name, Value: val, InDeprecatedBlock: inDep})
				continue
			}
		}
		if strings.HasPrefix(line, "# CONFIG_") {
			rest := line[len("# CONFIG_"):]
			if sp := strings.IndexByte(rest, ' '); sp > 0 && strings.HasPrefix(rest[sp:], " is not set") {
				name := rest[:sp]
				if !validName(name) {
					f.diag(ln, Warning, CodeSyntax, "", fmt.Sprintf("kconfgen reads the symbol name %q, which no Kconfig defines; the line has no effect", name))
					continue
				}
				f.Entries = append(f.Entries, Entry{Pos: Position{path, ln}, Name: name, Value: "n", Unset: true, InDeprecatedBlock: inDep})
				continue
			}
		}
		trim := strings.TrimLeftFunc(line, pyIsSpace)
		if line == "" || strings.HasPrefix(trim, "#") {
			if strings.HasPrefix(trim, "# CONFIG_") && strings.Contains(trim, " is not set") && trim != line {
				f.diag(ln, Warning, CodeSyntax, "", "indented \"is not set\" line: kconfgen only reads it in column 0, so it is a comment here")
			}
			continue
		}
		msg := "malformed line: kconfgen ignores it"
		switch {
		case trim != line && strings.HasPrefix(trim, "CONFIG_"):
			msg = "indented assignment: kconfgen only reads CONFIG_ lines that start in column 0 and ignores this one"
		case strings.HasPrefix(line, "CONFIG_="):
			msg = "assignment without a symbol name: kconfgen ignores it"
		case strings.HasPrefix(line, "CONFIG_"):
			msg = "CONFIG_ line without '=': kconfgen ignores it"
		}
		f.diag(ln, Warning, CodeSyntax, "", msg)
	}
	return f
}

// validName reports whether kconfgen's set regex would read name as a
// symbol that a Kconfig can define (letters, digits and underscores). A
// name with other characters (such as a blank before '=') matches no
// symbol and the line is ignored.
func validName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func (f *File) diag(line int, sev Severity, code, sym, msg string) {
	f.Diags = append(f.Diags, Diagnostic{Pos: Position{f.Path, line}, Severity: sev, Code: code, Symbol: sym, Message: msg})
}

// splitLines splits data like Python's universal newlines: "\n", "\r\n"
// and a lone "\r" end a line.
func splitLines(data []byte) [][]byte {
	var r [][]byte
	for len(data) > 0 {
		i := bytes.IndexAny(data, "\r\n")
		if i < 0 {
			r = append(r, data)
			break
		}
		r = append(r, data[:i])
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
	return r
}

// pyIsSpace reports whether Python's str.isspace() holds for r.
func pyIsSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, 0x85, 0xa0, 0x1680,
		0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

func pyRstrip(s string) string { return strings.TrimRightFunc(s, pyIsSpace) }
func pyStrip(s string) string  { return strings.TrimFunc(s, pyIsSpace) }

// parseHeader reads a generated sdkconfig.h: "#define CONFIG_NAME value"
// lines as written by Kconfiglib's write_autoconf and kconfgen's
// write_header (bool y → 1, int and hex as written, strings quoted; a bool
// that is n has no line), and "#define CONFIG_OLD CONFIG_NEW" aliases for
// deprecated names (kconfgen DeprecatedOptions.append_header).
func parseHeader(f *File, data []byte) {
	inComment := false
	for i, raw := range splitLines(data) {
		ln := i + 1
		if !utf8.Valid(raw) {
			f.diag(ln, Error, CodeFile, "", "line is not valid UTF-8")
			continue
		}
		line := string(raw)
		if i < 4 && strings.Contains(line, genMarker) {
			f.Generated = true
		}
		if f.Version == "" {
			if m := versionLine().FindStringSubmatch(line); m != nil {
				f.Version = m[1]
			} else if unversionedLine().MatchString(line) {
				f.Unversioned = true
			}
		}
		line, inComment = stripCComments(line, inComment)
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if !strings.HasPrefix(line, "#") {
			f.diag(ln, Warning, CodeSyntax, "", "line is neither a #define nor a comment: not a generated sdkconfig.h line")
			continue
		}
		d := strings.TrimSpace(line[1:])
		word, rest := cutWord(d)
		switch word {
		case "pragma", "ifndef", "endif", "if", "ifdef", "else", "include":
			continue
		case "define":
		default:
			f.diag(ln, Warning, CodeSyntax, "", fmt.Sprintf("unexpected #%s in sdkconfig.h", word))
			continue
		}
		name, body := cutWord(rest)
		if strings.Contains(name, "(") {
			f.diag(ln, Warning, CodeSyntax, "", "function-like macro in sdkconfig.h is ignored")
			continue
		}
		if !strings.HasPrefix(name, "CONFIG_") || !validName(name[len("CONFIG_"):]) {
			continue
		}
		e := Entry{Pos: Position{f.Path, ln}, Name: name[len("CONFIG_"):], Value: strings.TrimSpace(body)}
		if strings.HasPrefix(e.Value, "CONFIG_") && validName(e.Value[len("CONFIG_"):]) {
			e.Alias = true
			e.Value = e.Value[len("CONFIG_"):]
		}
		f.Entries = append(f.Entries, e)
	}
}

// stripCComments removes /* */ and // comments from a line, outside string
// literals, carrying an open block comment to the next line.
func stripCComments(line string, inComment bool) (string, bool) {
	var b strings.Builder
	inStr := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		if inComment {
			if c == '*' && i+1 < len(line) && line[i+1] == '/' {
				inComment = false
				i++
				b.WriteByte(' ')
			}
			continue
		}
		if inStr {
			b.WriteByte(c)
			if c == '\\' && i+1 < len(line) {
				i++
				b.WriteByte(line[i])
			} else if c == '"' {
				inStr = false
			}
			continue
		}
		switch {
		case c == '"':
			inStr = true
		case c == '/' && i+1 < len(line) && line[i+1] == '*':
			inComment = true
			i++
			continue
		case c == '/' && i+1 < len(line) && line[i+1] == '/':
			return b.String(), false
		}
		b.WriteByte(c)
	}
	return b.String(), inComment
}

func cutWord(s string) (string, string) {
	s = strings.TrimLeft(s, " \t")
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimLeft(s[i:], " \t")
}

// binaryLine returns the line of the first NUL or control byte of data
// (other than tab, line feed, carriage return, form feed and vertical tab),
// which no text sdkconfig holds: such a file is binary, not a
// configuration with hundreds of malformed lines.
func binaryLine(data []byte) (int, bool) {
	for i, c := range data {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' || c == 0x7f {
			return 1 + bytes.Count(data[:i], []byte("\n")), true
		}
	}
	return 0, false
}

// BinaryError is the error of a file that holds a NUL or control byte:
// binary data, not an sdkconfig.
type BinaryError struct {
	Path string
	Line int // of the first such byte
}

func (e *BinaryError) Error() string {
	return fmt.Sprintf("%s:%d: binary file (a NUL or control byte), not an sdkconfig", e.Path, e.Line)
}
