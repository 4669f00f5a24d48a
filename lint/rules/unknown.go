package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// Unknown is not zero (the severity policy of the README): when a value
// depends on an identifier that is undefined because a header was not read,
// gcc computes something lwiplint cannot, so the rules that read that value
// stay silent, and LW9001 reports the header once, with the options it
// leaves unknown and the -I that would read it. `show` still prints what
// the preprocessor computes with the identifier read as 0.

// libcMacros are macros of the C library's freestanding headers that
// option values use; lwiplint does not read those headers.
var libcMacros = map[string]string{
	"CHAR_BIT": "limits.h", "SCHAR_MAX": "limits.h", "SCHAR_MIN": "limits.h", "UCHAR_MAX": "limits.h",
	"CHAR_MAX": "limits.h", "CHAR_MIN": "limits.h", "SHRT_MAX": "limits.h", "SHRT_MIN": "limits.h",
	"USHRT_MAX": "limits.h", "INT_MAX": "limits.h", "INT_MIN": "limits.h", "UINT_MAX": "limits.h",
	"LONG_MAX": "limits.h", "LONG_MIN": "limits.h", "ULONG_MAX": "limits.h", "LLONG_MAX": "limits.h",
	"LLONG_MIN": "limits.h", "ULLONG_MAX": "limits.h", "SSIZE_MAX": "limits.h",
	"INT8_MAX": "stdint.h", "INT8_MIN": "stdint.h", "UINT8_MAX": "stdint.h", "INT16_MAX": "stdint.h",
	"INT16_MIN": "stdint.h", "UINT16_MAX": "stdint.h", "INT32_MAX": "stdint.h", "INT32_MIN": "stdint.h",
	"UINT32_MAX": "stdint.h", "INT64_MAX": "stdint.h", "INT64_MIN": "stdint.h", "UINT64_MAX": "stdint.h",
	"SIZE_MAX": "stdint.h", "INTPTR_MAX": "stdint.h", "UINTPTR_MAX": "stdint.h", "PTRDIFF_MAX": "stdint.h",
	"FD_SETSIZE": "sys/select.h", "EOF": "stdio.h", "NULL": "stddef.h", "RAND_MAX": "stdlib.h",
}

// notMacros are identifiers that are never macros a missing header could
// define: C keywords and the types of casts. In an #if they are errors or
// 0 whatever the include path holds (LW4007).
var notMacros = map[string]bool{
	"sizeof": true, "int": true, "unsigned": true, "signed": true, "char": true, "short": true, "long": true,
	"void": true, "const": true, "volatile": true, "struct": true, "enum": true, "size_t": true,
	"u8_t": true, "u16_t": true, "u32_t": true, "u64_t": true, "s8_t": true, "s16_t": true, "s32_t": true,
	"s64_t": true, "mem_size_t": true, "tcpwnd_size_t": true, "uint8_t": true, "uint16_t": true,
	"uint32_t": true, "uint64_t": true, "int8_t": true, "int16_t": true, "int32_t": true, "int64_t": true,
}

var missingRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^"([^"]+)" was not found in the include path`) })

// missingHeaders returns the notes about headers of the configuration that
// were not found, with the header names.
func missingHeaders(cfg *lwipopts.Config) (notes []lwipopts.Note, hdrs []string) {
	for _, n := range cfg.Notes {
		// The port's arch/*.h headers define types and platform macros,
		// not the values configurations are written with (LW9001 does
		// not report them without an lwIP tree).
		if m := missingRE().FindStringSubmatch(n.Text); m != nil && !strings.HasPrefix(m[1], "arch/") {
			notes, hdrs = append(notes, n), append(hdrs, m[1])
		}
	}
	return notes, hdrs
}

// undefinedIdents returns the identifiers of the expansion of name's value
// that are not macros (read as 0 by #if), in order of appearance. With
// userOnly, only those written in the user's own definitions count (an
// identifier of lwIP's defaults, such as INT_MAX in RECV_BUFSIZE_DEFAULT,
// is what every build of lwIP has).
func undefinedIdents(cfg *lwipopts.Config, name string, userOnly bool) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(o *lwipopts.Option)
	walk = func(o *lwipopts.Option) {
		user := o.Origin.Kind != lwipopts.OriginDefault
		ids := identRE().FindAllString(stringRE().ReplaceAllString(o.Expr, `""`), -1)
		for i := 0; i < len(ids); i++ {
			id := ids[i]
			if id == "defined" {
				i++ // the operand of defined is not expanded
				continue
			}
			if seen[id] || slices.Contains(o.Params, id) {
				continue
			}
			seen[id] = true
			d := cfg.Option(id)
			if !d.Defined {
				if user || !userOnly {
					out = append(out, id)
				}
				continue
			}
			walk(d)
		}
	}
	seen[name] = true
	walk(cfg.Option(name))
	return out
}

var stringRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`) })

// unread returns the identifiers of name's value that are undefined
// because a header was not read: C library macros, and, when a header of
// the configuration was not found, every other identifier that is not a
// keyword or type name.
func unread(cfg *lwipopts.Config, name string) []string {
	o := cfg.Option(name)
	if !o.Defined || o.Evaluable && o.HasValue {
		return nil
	}
	notes, _ := missingHeaders(cfg)
	var out []string
	for _, id := range undefinedIdents(cfg, name, true) {
		if _, ok := libcMacros[id]; ok || len(notes) > 0 && !notMacros[id] {
			out = append(out, id)
		}
	}
	return out
}

// unknown reports whether the value of name depends on a header that was
// not read.
func unknown(p *lint.Pass, name string) bool { return len(unread(p.Config, name)) > 0 }

// exprUnknown reports whether a preprocessor expression reads a value that
// depends on a header that was not read.
func exprUnknown(p *lint.Pass, expr string) bool {
	for _, id := range identsOf(expr) {
		if o := p.Config.Option(id); o.Defined && !o.FuncLike && unknown(p, id) {
			return true
		}
	}
	return false
}

// idents holds the identifiers of each expression identsOf has seen: the
// rules ask about the same few hundred expressions for every
// configuration.
// It stops growing at maxIdents entries, should an expression ever come
// from the user's text.
var (
	idents  sync.Map // string → []string
	nIdents atomic.Int32
)

const maxIdents = 1 << 12

// identsOf returns the identifiers in expr, in order.
func identsOf(expr string) []string {
	if ids, ok := idents.Load(expr); ok {
		return ids.([]string)
	}
	ids := identRE().FindAllString(expr, -1)
	if nIdents.Add(1) <= maxIdents {
		idents.Store(expr, ids)
	}
	return ids
}

// evalKnown evaluates expr like [lint.Pass.Eval], and fails when its value
// depends on a header that was not read.
func evalKnown(p *lint.Pass, expr string) (lwipopts.Value, bool) {
	if exprUnknown(p, expr) {
		return lwipopts.Value{}, false
	}
	return p.Eval(expr)
}

// unknownOptions lists the options the user set whose values a missing
// header leaves unknown, with the identifiers each one misses (at most
// max of them), and counts lwIP's defaults derived from them.
func unknownOptions(cfg *lwipopts.Config, max int) (list []string, more, derived int) {
	for _, n := range cfg.Names() {
		o := cfg.Option(n)
		if !o.Defined || o.FuncLike || o.Origin.Kind == lwipopts.OriginDefault && len(o.Depends) == 0 {
			continue
		}
		u := unread(cfg, n)
		switch {
		case len(u) == 0:
		case o.Origin.Kind == lwipopts.OriginDefault:
			derived++
		case len(list) == max:
			more++
		default:
			list = append(list, fmt.Sprintf("%s (%s)", n, strings.Join(u, ", ")))
		}
	}
	return list, more, derived
}

// includeHint returns the -I that would read hdr: the directory that holds
// it below the configuration's directory or one of its two parents (a
// bounded search), else a description. A search that looked at
// directories makes the result depend on more than the recorded inputs,
// so it is not cached.
func includeHint(p *lint.Pass, hdr string) string {
	const budget = 4000 // directory entries looked at, at most
	seen := 0
	var find func(dir string, depth int) string
	find = func(dir string, depth int) string {
		if st, err := os.Stat(filepath.Join(dir, hdr)); err == nil && !st.IsDir() {
			return dir
		}
		if depth == 0 {
			return ""
		}
		ents, err := os.ReadDir(dir)
		if err != nil {
			return ""
		}
		for _, e := range ents {
			if seen++; seen > budget {
				return ""
			}
			if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
				if d := find(filepath.Join(dir, e.Name()), depth-1); d != "" {
					return d
				}
			}
		}
		return ""
	}
	p.Config.SetInputsIncomplete()
	dir := filepath.Dir(p.Config.File)
	for up := 0; up < 3; up++ {
		if d := find(dir, 4); d != "" {
			return "-I " + filepath.ToSlash(filepath.Clean(d))
		}
		dir = filepath.Dir(dir)
	}
	return "-I with the directory that holds " + hdr
}
