package lwipopts

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/lwiplint/lwiplint/lwipopts/freertos"
)

// FreeRTOS+TCP: FreeRTOSIPConfig.h is resolved through the same
// preprocessing path as lwipopts.h. The "tree" is a program made from the
// built-in table of the FreeRTOS+TCP release (package freertos): the
// #ifndef defaults of FreeRTOSIPConfigDefaults.h and its #error checks, at
// their original lines, after an #include of FreeRTOSIPConfig.h (which
// FreeRTOS_IP.h includes first in a real build).

// StackLwIP and StackFreeRTOS name the TCP/IP stacks a Config describes.
const (
	StackLwIP     = "lwip"
	StackFreeRTOS = "freertos-plus-tcp"
)

// ConfigFileFreeRTOS is the name of FreeRTOS+TCP's configuration header.
const ConfigFileFreeRTOS = "FreeRTOSIPConfig.h"

// freertosDefaults is the defaults header in a FreeRTOS+TCP program, and
// freertosDeprecated the header of the renamed-macro checks (V4.1.0 on).
const (
	freertosDefaults   = "FreeRTOSIPConfigDefaults.h"
	freertosDeprecated = "FreeRTOSIPDeprecatedDefinitions.h"
)

// freertosHeaders are the core headers after the defaults file, in the
// order FreeRTOS_IP.h reads them, that the program holds: the defaults
// of Table.Outside and the header sizes of Table.Context
// (ipSIZE_OF_IPv4_HEADER, which the ipconfigTCP_MSS default reads).
var freertosHeaders = []string{"IPTraceMacroDefaults.h", "FreeRTOS_IP.h", "FreeRTOS_IPv4.h"}

// isFreeRTOSHeader reports whether rel is a core header of a FreeRTOS+TCP
// program (freertosHeaders, or one that FreeRTOS_IP.h reads in a release).
func isFreeRTOSHeader(rel string) bool { return freertosHeaderSet()[rel] }

var freertosHeaderSet = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{freertosDefaults: true, freertosDeprecated: true}
	for _, h := range freertosHeaders {
		set[h] = true
	}
	for _, v := range freertos.Versions() {
		if t, err := freertos.Get(v); err == nil {
			for _, h := range t.IPHeaders {
				set[h] = true
			}
		}
	}
	return set
})

// FreeRTOSVersionPrefix marks a FreeRTOS+TCP release in
// Params.LwipVersion for the built-in tables ("FreeRTOS+TCP V4.1.0").
const freertosPrefix = "FreeRTOS+TCP "

// IsFreeRTOS reports whether path names a FreeRTOS+TCP configuration.
func IsFreeRTOS(path string) bool { return filepath.Base(path) == ConfigFileFreeRTOS }

// FreeRTOS is what a FreeRTOS+TCP configuration keeps.
type FreeRTOS struct {
	Table     *freertos.Table
	Detection freertos.Detection
}

// LoadFreeRTOS resolves a FreeRTOSIPConfig.h against the defaults and
// checks of a FreeRTOS+TCP release: Params.FreeRTOSVersion (V4.1.0, 4.1.0) when given,
// else the release of a FreeRTOS+TCP tree found above the file, else the
// releases the configuration's macro names allow (the newest of them).
func (l *Loader) LoadFreeRTOS(path string, p Params) (*Config, error) {
	version := p.FreeRTOSVersion
	if !IsFreeRTOS(path) {
		return nil, &UsageError{Err: fmt.Errorf("%s: a FreeRTOS+TCP configuration must be named %s", path, ConfigFileFreeRTOS)}
	}
	det := freertos.Detection{}
	from := "flag"
	if version == "" {
		var err error
		det, from, err = detectFreeRTOS(path)
		if err != nil {
			return nil, &LoadError{Path: path, Err: err}
		}
		version = det.Version
	}
	v, exact, err := freertos.Nearest(version)
	if err != nil {
		return nil, &UsageError{Err: fmt.Errorf("FreeRTOS+TCP version %q: %v (have %s)", version, err, strings.Join(freertos.Versions(), ", "))}
	}
	t, err := freertos.Get(v)
	if err != nil {
		return nil, &UsageError{Err: err}
	}
	p.NoTree, p.LwipDir = true, ""
	p.LwipVersion = freertosPrefix + t.Version
	p.predef = append(p.predef, freertosLibc...)
	cfg, err := l.Load(path, p)
	if err != nil {
		return nil, err
	}
	cfg.Stack = StackFreeRTOS
	cfg.FreeRTOS = &FreeRTOS{Table: t, Detection: det}
	cfg.VersionFrom = from
	note := fmt.Sprintf("FreeRTOS+TCP %s (%s): built-in defaults and checks of FreeRTOSIPConfigDefaults.h (commit %.12s)", t.Version, from, t.Commit)
	if !exact {
		note += fmt.Sprintf("; lwiplint has no table for %s, the nearest is used", version)
	}
	if det.Confidence != "" {
		note += "; " + det.Confidence + "; choose with --freertos-tcp-version"
	}
	if det.Older != "" {
		note += fmt.Sprintf("; the tree is FreeRTOS+TCP %s, older than %s, the oldest release lwiplint has tables for: its defaults are read as %s's, and the compile-time checks of %s, which are not the tree's, are not replayed", det.Older, t.Version, t.Version, t.Version)
	}
	cfg.Notes = append([]Note{{Pos: Position{File: path}, Text: note}}, cfg.Notes...)
	// The version was detected from files Inputs does not record.
	cfg.inputs.incomplete()
	return cfg, nil
}

// LoadFreeRTOS resolves a FreeRTOSIPConfig.h with the default [Loader].
func LoadFreeRTOS(path string, p Params) (*Config, error) {
	return defaultLoader.LoadFreeRTOS(path, p)
}

// freertosProgram builds the program of a FreeRTOS+TCP release.
func (l *Loader) freertosProgram(v string) (*program, error) {
	return l.tree("freertos:"+v, func() (*program, error) {
		t, err := freertos.Get(v)
		if err != nil {
			return nil, err
		}
		lines, err := renderFreeRTOS(t, freertosDefaults)
		if err != nil {
			return nil, err
		}
		prog := &program{Version: t.Version, Label: "FreeRTOS+TCP " + t.Version, Files: map[string][]progLine{freertosDefaults: lines}}
		k, err := t.KernelFor()
		if err != nil {
			return nil, err
		}
		kfiles, err := renderKernel(k)
		if err != nil {
			return nil, err
		}
		for _, f := range kernelRoots {
			if len(kfiles[f]) > 0 {
				prog.Roots = append(prog.Roots, f)
				prog.Files[f] = kfiles[f]
			}
		}
		prog.Roots = append(prog.Roots, freertosDefaults)
		var heads []string
		// The #error checks of the other headers FreeRTOS_IP.h reads
		// (t.IPHeaders) are left to rule LW5101, which evaluates them
		// after all defaults, as a translation unit meets them.
		// The other core headers that FreeRTOS_IP.h reads and that define
		// macros of t.Context (ipSIZE_OF_IPv6_HEADER in FreeRTOS_IPv6.h,
		// which V4.x configurations use for ipconfigTCP_MSS), in the order
		// it reads them.
		more := slices.Clone(freertosHeaders)
		for _, h := range t.IPHeaders {
			if slices.ContainsFunc(t.Context, func(c freertos.Macro) bool { return path.Base(c.File) == h && strings.HasSuffix(c.File, ".h") }) {
				more = append(more, h)
			}
		}
		for _, f := range append([]string{freertosDeprecated}, more...) {
			if f != freertosDefaults && !slices.Contains(heads, f) {
				heads = append(heads, f)
			}
		}
		for _, f := range heads {
			lines, err := renderFreeRTOS(t, f)
			if err != nil {
				return nil, err
			}
			if len(lines) > 0 {
				prog.Roots = append(prog.Roots, f)
				prog.Files[f] = lines
			}
		}
		return prog, nil
	})
}

// renderFreeRTOS lays the table's defaults and #error checks of the
// defaults file out at their original lines, each in its own conditional
// block, after an #include of the configuration at line 1. Blocks are
// opened after the previous block's last line; where the source has no
// line for that (an #if/#else chain with one-line branches), the previous
// block's #endif becomes an #elif, which is the same because the branches'
// conditions exclude each other.
func renderFreeRTOS(t *freertos.Table, file string) ([]progLine, error) {
	type item struct {
		open, line int
		cond, body string
	}
	var items []item
	defs := t.Defaults
	if file != freertosDefaults {
		defs = nil
		for _, d := range t.Outside {
			if path.Base(d.File) == file {
				defs = append(defs, d)
			}
		}
		for _, c := range t.Context {
			if path.Base(c.File) == file && strings.HasSuffix(c.File, ".h") {
				items = append(items, item{c.Line - 1, c.Line, c.If, "#define " + c.Name + " " + c.Value})
			}
		}
	}
	for _, d := range defs {
		name := d.Name
		if d.Params != nil {
			name += "(" + *d.Params + ")"
		}
		switch {
		case d.Undef:
			items = append(items, item{d.Line - 1, d.Line, d.If, "#undef " + d.Name})
		case d.Guard > 0:
			cond := "!defined(" + d.Name + ")"
			if d.If != "" {
				cond = "(" + d.If + ") && " + cond
			}
			items = append(items, item{d.Guard, d.Line, cond, strings.TrimSpace("#define " + name + " " + d.Value)})
		default:
			items = append(items, item{d.Line - 1, d.Line, d.If, strings.TrimSpace("#define " + name + " " + d.Value)})
		}
	}
	for _, c := range t.Checks {
		if c.Kind != freertos.KindError || c.Class == freertos.ClassIncludeOrder || filepath.Base(c.File) != file || c.If == "" {
			continue
		}
		items = append(items, item{c.IfLine, c.Line, c.If, "#error " + c.Text})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].line < items[j].line })
	if len(items) == 0 {
		return nil, nil
	}
	used := map[int]string{}
	if file == freertosDefaults {
		used[1] = `#include "` + ConfigFileFreeRTOS + `"`
	}
	last := 1 // the last line used so far
	var errs []string
	prev := ""
	for _, it := range items {
		if it.cond != "" && it.cond == prev && used[last] == "#endif" && it.line >= last {
			// The next item is under the same condition, with nothing in
			// between: extend the block, so the condition is evaluated once,
			// where the source evaluates it (a block that defines the very
			// macro its #ifndef tests must not be split).
			delete(used, last)
			used[it.line], used[it.line+1], last = it.body, "#endif", it.line+1
			continue
		}
		prev = it.cond
		if it.line <= last {
			errs = append(errs, fmt.Sprintf("line %d out of order", it.line))
			continue
		}
		if it.cond == "" {
			used[it.line], last = it.body, it.line
			continue
		}
		open := max(it.open, last+1)
		switch {
		case open < it.line:
			used[open] = "#if " + it.cond
		case used[last] == "#endif":
			used[last] = "#elif " + it.cond
		default:
			errs = append(errs, fmt.Sprintf("no room for the #if of line %d", it.line))
			continue
		}
		used[it.line] = it.body
		used[it.line+1] = "#endif"
		last = it.line + 1
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("FreeRTOS+TCP %s table: %s", t.Version, strings.Join(errs, "; "))
	}
	var out []progLine
	for ln, text := range used {
		out = append(out, progLine{Line: ln, Text: text})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out, nil
}

// freertosLibc are the <stdint.h> limits FreeRTOSIPConfigDefaults.h
// checks compare with, for the 32-bit target of [DefaultPredefined]
// (C11 7.20.2: the exact-width limits; SIZE_MAX for a 32-bit size_t).
// lwiplint reads no C library headers.
var freertosLibc = []string{"UINT8_MAX=255", "UINT16_MAX=65535", "UINT32_MAX=4294967295U", "SIZE_MAX=4294967295U"}

var errNotFreeRTOS = errors.New("not a FreeRTOS+TCP version")

// builtinFreeRTOS returns the program for a "FreeRTOS+TCP V…" version.
func (l *Loader) builtinFreeRTOS(v string) (*program, error) {
	rest, ok := strings.CutPrefix(v, freertosPrefix)
	if !ok {
		return nil, errNotFreeRTOS
	}
	return l.freertosProgram(rest)
}
