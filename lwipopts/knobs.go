package lwipopts

import (
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/lwiplint/lwiplint/internal/fileio"
)

// Knobs are the macros lwIP reads outside its option headers: switches
// such as LWIP_DEBUG (tested with #ifdef all over lwIP), LWIP_NOASSERT
// (lwip/debug.h, which asks for it in arch/cc.h),
// LWIP_DISABLE_TCP_SANITY_CHECKS and LWIP_DISABLE_MEMP_SANITY_CHECKS
// (src/core/init.c), and the port's macros (LWIP_CHKSUM_ALGORITHM in
// src/core/inet_chksum.c, BYTE_ORDER and LWIP_PLATFORM_DIAG in
// lwip/arch.h, lwip_htons in lwip/def.h). They are found, not listed by
// hand: collectKnobs reads every header and .c file of lwIP's src/ for
// the names its conditionals test, and keeps those that lwIP never
// defines itself except as a default guarded by the name (#ifndef X
// #define X …), for Doxygen, or after an #undef of it, and that are not
// options. The built-in tables carry the
// list of each release (gentables); a tree on disk uses that of the
// nearest built-in release (knobNames).

// collectKnobs returns the knobs of the files of fsys (lwIP's src/
// directory, or an include root when there are no sources) whose names
// keep passes, sorted. options are the option names, which are not knobs.
func collectKnobs(fsys fs.FS, keep func(rel string) bool, options map[string]*optionInfo) ([]string, error) {
	read := map[string]bool{}
	defined := map[string]bool{}
	err := fs.WalkDir(fsys, ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !keep(rel) {
			return nil
		}
		ext := path.Ext(rel)
		if ext != ".c" && ext != ".h" {
			return nil
		}
		b, err := fileio.ReadFS(fsys, rel, maxFileSize)
		if err != nil {
			return err
		}
		sc, err := scanSource(rel, b)
		if err != nil {
			return nil // not lwIP's to judge; the reduction reports its own headers
		}
		knobsOf(sc.Dirs, read, defined)
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []string
	for n := range read {
		if defined[n] || options[n] != nil || !isKnobName(n) {
			continue
		}
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

// isKnobName leaves out reserved names (compiler macros such as
// __GNUC__, __DOXYGEN__, _MSC_VER) and include guards.
func isKnobName(n string) bool {
	return n != "" && n[0] != '_' && n != "defined" && !strings.HasSuffix(n, "_H") && !strings.HasPrefix(n, "LWIP_HDR_")
}

// knobsOf adds to read the names the conditionals of dirs test, and to
// defined the names dirs #define other than as a default guarded by the
// name itself.
func knobsOf(dirs []directive, read, defined map[string]bool) {
	// guards holds, per open conditional, the names it tests as
	// !defined; docs whether it is a block for Doxygen only (#ifdef
	// __DOXYGEN__, where lwIP defines LWIP_DEBUG and LWIP_NOASSERT to
	// document them: lwIP 2.1.3 debug.h lines 107-108, 137-138).
	var guards [][]string
	var docs []bool
	// undefined holds the names the file #undefs: a #define after that
	// replaces the user's on purpose (lwIP 2.2.1 arch.h lines 387-391,
	// LWIP_RAND for the fuzzer), it does not make the name lwIP's.
	undefined := map[string]bool{}
	inDocs := func() bool {
		for _, d := range docs {
			if d {
				return true
			}
		}
		return false
	}
	for _, d := range dirs {
		switch d.Name {
		case "ifdef", "ifndef":
			ts, _ := tokenize(d.Rest)
			var g []string
			if len(ts) > 0 && ts[0].Kind == tIdent {
				read[ts[0].Text] = true
				if d.Name == "ifndef" {
					g = []string{ts[0].Text}
				}
			}
			guards = append(guards, g)
			docs = append(docs, d.Name == "ifdef" && len(ts) == 1 && ts[0].Text == "__DOXYGEN__")
		case "if", "elif":
			ts, _ := tokenize(d.Rest)
			var g []string
			for i, t := range ts {
				if t.Kind != tIdent || t.Text == "defined" {
					continue
				}
				if i+1 < len(ts) && ts[i+1].Text == "(" && !ts[i+1].Space && !(i > 0 && ts[i-1].Text == "defined") {
					continue // a function-like macro call
				}
				read[t.Text] = true
				if negatedDefined(ts, i) {
					g = append(g, t.Text)
				}
			}
			if d.Name == "elif" {
				if len(guards) > 0 {
					guards[len(guards)-1], docs[len(docs)-1] = nil, false
				}
				continue
			}
			guards = append(guards, g)
			docs = append(docs, isDoxygenTest(ts))
		case "else":
			if len(guards) > 0 {
				guards[len(guards)-1], docs[len(docs)-1] = nil, false
			}
		case "endif":
			if len(guards) > 0 {
				guards, docs = guards[:len(guards)-1], docs[:len(docs)-1]
			}
		case "define":
			ts, _ := tokenize(d.Rest)
			if len(ts) == 0 || ts[0].Kind != tIdent {
				continue
			}
			n := ts[0].Text
			guarded := false
			for _, g := range guards {
				for _, x := range g {
					guarded = guarded || x == n
				}
			}
			if !guarded && !inDocs() && !undefined[n] {
				defined[n] = true
			}
		case "undef":
			if ts, _ := tokenize(d.Rest); len(ts) == 1 && ts[0].Kind == tIdent {
				undefined[ts[0].Text] = true
			}
		}
	}
}

// isDoxygenTest reports whether the #if tokens ts are "defined
// __DOXYGEN__" or "defined(__DOXYGEN__)".
func isDoxygenTest(ts []token) bool {
	switch len(ts) {
	case 2:
		return ts[0].Text == "defined" && ts[1].Text == "__DOXYGEN__"
	case 4:
		return ts[0].Text == "defined" && ts[1].Text == "(" && ts[2].Text == "__DOXYGEN__" && ts[3].Text == ")"
	}
	return false
}

// negatedDefined reports whether the identifier ts[i] is the operand of
// "!defined X" or "!defined(X)".
func negatedDefined(ts []token, i int) bool {
	j := i - 1
	if j >= 0 && ts[j].Text == "(" {
		j--
	}
	return j >= 1 && ts[j].Text == "defined" && ts[j-1].Text == "!"
}

// knobNames returns the knobs of the program's release: those of its
// built-in table, else of the nearest built-in release (a tree on disk, a
// release without a table of its own, esp-lwip's tables). FreeRTOS+TCP
// programs have none.
func (p *program) knobNames() []string {
	if p.knobs != nil || strings.HasPrefix(p.Label, "FreeRTOS") {
		return p.knobs
	}
	best := ""
	for _, v := range BuiltinVersions() {
		if best == "" || !versionLess(p.Version, v) {
			best = v
		}
	}
	if t := builtinTables[best]; t != nil {
		return t.Knobs
	}
	return nil
}

// isKnob reports whether name is one of the program's knobs.
func (p *program) isKnob(name string) bool {
	ks := p.knobNames()
	i := sort.SearchStrings(ks, name)
	return i < len(ks) && ks[i] == name
}

// withKnobs returns the sorted union of the option names and the knobs.
func withKnobs(options, knobs []string) []string {
	if len(knobs) == 0 {
		return options
	}
	out := make([]string, 0, len(options)+len(knobs))
	out = append(append(out, options...), knobs...)
	sort.Strings(out)
	return slices.Compact(out)
}

// droppedDefaults returns the names that a header of the program's include
// closure #defines (fsys is the include root) in a line the reduction did
// not keep, such as httpd_opts.h's HTTPD_FSDATA_FILE "fsdata.c" (lwIP
// 2.1.3 lines 383-389): gcc sees such a definition, the reduced headers do
// not, so the name is left out of the knobs rather than reported undefined.
func droppedDefaults(fsys fs.FS, p *program) (map[string]bool, error) {
	out := map[string]bool{}
	for rel, lines := range p.Files {
		kept := map[string]bool{}
		for _, l := range lines {
			if d := parseDirective(l.Text); d.Name == "define" {
				if ts, _ := tokenize(d.Rest); len(ts) > 0 {
					kept[ts[0].Text] = true
				}
			}
		}
		b, err := fileio.ReadFS(fsys, rel, maxFileSize)
		if err != nil {
			return nil, err
		}
		sc, err := scanSource(rel, b)
		if err != nil {
			return nil, err
		}
		for _, d := range sc.Dirs {
			if d.Name != "define" {
				continue
			}
			if ts, _ := tokenize(d.Rest); len(ts) > 0 && ts[0].Kind == tIdent && !kept[ts[0].Text] {
				out[ts[0].Text] = true
			}
		}
	}
	return out, nil
}
