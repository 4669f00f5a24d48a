package lwipopts

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

//go:generate sh -c "test -n \"$LWIP_TREES\" && go run ./internal/gentables -out zz_builtin.go $LWIP_TREES"

// builtinTable is a reduced lwIP tree checked in as data by gentables.
type builtinTable struct {
	Version string
	// Label names a vendor fork's table in positions ("esp-lwip 7896c6cad020
	// (lwIP 2.1.3)"); empty for lwIP's own releases.
	Label string
	Roots []string
	// Files lists the headers with their kept lines, each "LINE TEXT"
	// with continuation lines joined by "\\\n". A slice of structs (not a
	// map) is laid out by the linker: the tables cost nothing at start-up.
	Files []builtinFile
	// Knobs are the macros the release reads outside its option headers,
	// sorted (collectKnobs).
	Knobs []string
}

type builtinFile struct {
	Path  string
	Lines []string
}

var builtinTables = map[string]*builtinTable{}

// BuiltinVersions lists the lwIP versions with built-in default tables,
// oldest first.
func BuiltinVersions() []string {
	var vs []string
	for v := range builtinTables {
		vs = append(vs, v)
	}
	sort.Slice(vs, func(i, j int) bool { return versionLess(vs[i], vs[j]) })
	return vs
}

func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, _ := strconv.Atoi(pa[i])
		y, _ := strconv.Atoi(pb[i])
		if x != y {
			return x < y
		}
	}
	return len(pa) < len(pb)
}

func (l *Loader) builtin(v string) (*program, error) {
	if p, err := l.builtinFreeRTOS(v); err != errNotFreeRTOS {
		return p, err
	}
	t := builtinTables[v]
	if ft := builtinForkTables[v]; ft != nil {
		t = ft
	}
	if t == nil {
		return nil, fmt.Errorf("no built-in defaults for lwIP %q (have %s)", v, strings.Join(BuiltinVersions(), ", "))
	}
	return l.tree("builtin:"+v, func() (*program, error) {
		p := &program{Version: t.Version, Label: t.Label, Roots: t.Roots, Files: map[string][]progLine{}, knobs: t.Knobs}
		for _, bf := range t.Files {
			f, lines := bf.Path, bf.Lines
			pl := make([]progLine, 0, len(lines))
			for _, s := range lines {
				n, text, _ := strings.Cut(s, " ")
				ln, err := strconv.Atoi(n)
				if err != nil {
					return nil, fmt.Errorf("built-in table %s %s: bad line %q", v, f, s)
				}
				pl = append(pl, progLine{Line: ln, Text: text})
			}
			p.Files[f] = pl
		}
		return p, nil
	})
}
