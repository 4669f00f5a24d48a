package lwipopts

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/lwiplint/lwiplint/internal/fileio"
)

// rootHeaders are the lwIP headers the resolution translation unit includes
// after lwip/opt.h: those that define overridable options or the helper
// macros option defaults use (LWIP_MIN, LWIP_MEM_ALIGN_SIZE, LWIP_DBG_*).
// Patterns are matched against the tree; missing ones are skipped.
var rootHeaders = []string{
	"lwip/opt.h",
	"lwip/debug.h",
	"lwip/def.h",
	"lwip/pbuf.h",
	"lwip/priv/tcp_priv.h",
	"lwip/dhcp.h",
	"lwip/apps/*_opts.h",
	"netif/*_opts.h",
	"netif/ppp/ppp_opts.h",
}

// optionHeaders are the headers whose guarded defaults are options.
func isOptionHeader(p string) bool {
	switch p {
	case freertosDefaults, "IPTraceMacroDefaults.h", "FreeRTOS_IP.h":
		return true
	case "lwip/opt.h", "lwip/priv/tcp_priv.h", "lwip/pbuf.h", "lwip/dhcp.h", "netif/ppp/ppp_opts.h":
		return true
	}
	return strings.HasSuffix(p, "_opts.h")
}

// treeDirs are the top-level directories of an lwIP include root that
// belong to lwIP itself (the rest, such as arch/ or lwipopts.h, belongs to
// the port or the application).
var treeDirs = []string{"lwip/", "netif/"}

func inTree(rel string) bool {
	if strings.HasPrefix(rel, kernelDir) || isFreeRTOSHeader(rel) {
		return true
	}
	for _, d := range treeDirs {
		if strings.HasPrefix(rel, d) {
			return true
		}
	}
	return false
}

// program is an lwIP tree reduced to what option resolution needs: for
// every header of the include closure of rootHeaders, its conditionals,
// includes, #error lines and the #defines that are option defaults or
// constant expressions, at their original line numbers. It is built from a
// tree on disk or from the built-in tables, and rendered for cc/v4.
type program struct {
	Version string
	// Label names the stack and version in positions of built-in tables
	// ("<FreeRTOS+TCP V4.1.0>/…"); empty means "lwIP <Version>".
	Label string
	// Files maps a path relative to the include root to its kept lines.
	Files map[string][]progLine
	// Roots are the root headers present, in order.
	Roots []string
	// knobs are the macros lwIP reads outside its option headers, sorted
	// (knobs.go); nil for a tree on disk, which takes those of the nearest
	// built-in release.
	knobs []string
	// inputs are the states of the tree's files and directories the
	// reduction read (see Config.Inputs); inputsOK is false when one
	// could not be taken.
	inputs   []FileState
	inputsOK bool

	// analyzed is set when dirs, options, optNames and sources were read
	// from a TreeCache entry (treecache.go) instead of being computed.
	analyzed  bool
	once      sync.Once
	scanOnce  sync.Once
	rendered  map[string][]byte
	scans     map[string]*scanned
	serveOnce sync.Once
	served    map[string][]byte // rendered as cc/v4 reads it (serveText), see servedText
	dirs      map[string][]directive
	options   map[string]*optionInfo
	optNames  []string
	// sources are the headers as the interpreter reads them, see source.
	sourcesOnce sync.Once
	sources     map[string]*lwipSource
	// whole holds the headers the reduction scanned, read whole, by path
	// relative to the include root, for Config.Preprocess (the Loader
	// keeps them in its sources by real path).
	whole map[string]*lwipSource
}

// progLine is one kept directive: its line number and its text as in the
// source (continuation lines joined by "\\\n").
type progLine struct {
	Line int
	Text string
}

// optionInfo is what the tree says about one option.
type optionInfo struct {
	Name        string
	Overridable bool
	// Defaults lists the definitions of the option in lwIP's headers with
	// the conditions around them.
	Defaults []optDefault
}

type optDefault struct {
	File  string
	Line  int
	Expr  string
	Conds []string // enclosing #if expressions, outermost first
	// FuncLike is set for a function-like default; Expr then starts with
	// its parameter list.
	FuncLike bool
}

// normalizeTreeDir accepts the include root, its parent "src" or the top of
// an lwIP checkout and returns the include root.
func normalizeTreeDir(dir string, in *inputs) (string, error) {
	for _, c := range []string{dir, filepath.Join(dir, "include"), filepath.Join(dir, "src", "include"), filepath.Join(dir, "lwip", "src", "include")} {
		if fi, err := in.stat(filepath.Join(c, "lwip", "opt.h")); err == nil && fi.Mode().IsRegular() {
			return c, nil
		}
	}
	return "", fmt.Errorf("%s: no lwip/opt.h in it, its src/include or include directory", dir)
}

// treeVersion reads LWIP_VERSION_* from lwip/init.h.
func treeVersion(fsys fs.FS) (string, error) {
	b, err := fileio.ReadFS(fsys, "lwip/init.h", maxFileSize)
	if errors.Is(err, fs.ErrNotExist) {
		if fi, serr := fs.Stat(fsys, "lwip/opt.h"); serr == nil && fi.Mode().IsRegular() {
			// lwip/init.h came with lwIP 1.3.0 (absent at STABLE-1_1_1,
			// present at STABLE-1_3_0): a tree with opt.h and no init.h is
			// older, as the FreeRTOS Rowley demo's lwIP 1.1.0. It is 1.x;
			// read it as the last release without init.h.
			return "1.1.1", nil
		}
	}
	if err != nil {
		return "", fmt.Errorf("read lwip/init.h: %w", err)
	}
	sc, err := scanSource("lwip/init.h", b)
	if err != nil {
		return "", err
	}
	vals := map[string]string{}
	for _, d := range sc.Dirs {
		if d.Name != "define" {
			continue
		}
		ts, err := tokenize(d.Rest)
		if err != nil || len(ts) < 2 {
			continue
		}
		vals[ts[0].Text] = joinTokens(ts[1:])
	}
	num := func(n string) (int, bool) {
		s := strings.TrimRight(strings.Trim(vals[n], "()"), "UuLl")
		v, err := strconv.Atoi(s)
		return v, err == nil
	}
	ma, ok1 := num("LWIP_VERSION_MAJOR")
	mi, ok2 := num("LWIP_VERSION_MINOR")
	re, ok3 := num("LWIP_VERSION_REVISION")
	if !ok1 || !ok2 || !ok3 {
		return "", fmt.Errorf("lwip/init.h: no numeric LWIP_VERSION_MAJOR/MINOR/REVISION")
	}
	v := fmt.Sprintf("%d.%d.%d", ma, mi, re)
	if ma < 2 {
		// lwIP 1.4.1 was released with LWIP_VERSION_RC 0U, the value
		// its init.h calls LWIP_RC_DEVELOPMENT (src/include/lwip/init.h,
		// lines 50-55, tag STABLE-1_4_1): a 1.x version is its three
		// numbers.
		return v, nil
	}
	switch rc := strings.TrimRight(vals["LWIP_VERSION_RC"], "Uu"); rc {
	case "LWIP_RC_RELEASE", "255", "":
	case "LWIP_RC_DEVELOPMENT", "0":
		v += "-dev"
	default:
		v += "-rc" + rc
	}
	return v, nil
}

// reduceTree builds the program of the lwIP tree in fsys (rooted at the
// include root).
func reduceTree(fsys fs.FS, version string) (*program, error) {
	return reduceTreeScan(fsys, version, scanSource)
}

// reduceTreeScan is reduceTree with the scanner of the headers given, so
// that a Loader can keep the scans for Config.Preprocess.
func reduceTreeScan(fsys fs.FS, version string, scan func(rel string, b []byte) (*scanned, error)) (*program, error) {
	p := &program{Version: version, Files: map[string][]progLine{}}
	var queue []string
	for _, pat := range rootHeaders {
		matches, _ := fs.Glob(fsys, pat)
		sort.Strings(matches)
		for _, m := range matches {
			if fi, err := fs.Stat(fsys, m); err == nil && fi.Mode().IsRegular() {
				p.Roots = append(p.Roots, m)
				queue = append(queue, m)
			}
		}
	}
	if len(p.Roots) == 0 || p.Roots[0] != "lwip/opt.h" {
		return nil, fmt.Errorf("no lwip/opt.h in the lwIP tree")
	}
	seen := map[string]bool{}
	ipv4 := map[string]string{} // rel → its file in ipv4/ (lwIP 1.x)
	for len(queue) > 0 {
		rel := queue[0]
		queue = queue[1:]
		if seen[rel] {
			continue
		}
		seen[rel] = true
		file := rel
		if a, ok := ipv4[rel]; ok {
			file = a
		}
		b, err := fileio.ReadFS(fsys, file, maxFileSize)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", file, err)
		}
		sc, err := scan(rel, b)
		if err != nil {
			return nil, err
		}
		lines, incs := reduceFile(sc, sc.Src)
		p.Files[rel] = lines
		for _, inc := range incs {
			cands := []string{path.Join(path.Dir(rel), inc), inc}
			for _, c := range cands {
				if !inTree(c) || seen[c] {
					continue
				}
				if fi, err := fs.Stat(fsys, c); err == nil && fi.Mode().IsRegular() {
					queue = append(queue, c)
					break
				}
				// lwIP 1.x keeps the IPv4 headers in src/include/ipv4/lwip/,
				// on the include path of a 1.x build beside src/include
				// (tag STABLE-1_4_1): the program has them as lwip/….
				if fi, err := fs.Stat(fsys, "ipv4/"+c); err == nil && fi.Mode().IsRegular() {
					ipv4[c] = "ipv4/" + c
					queue = append(queue, c)
					break
				}
			}
		}
	}
	return p, nil
}

// constTokenOK reports whether a token may appear in a constant expression
// (or a macro of one): the test for keeping a #define in a reduced tree.
func constTokenOK(t token) bool {
	switch t.Kind {
	case tIdent, tNumber, tChar:
		return true
	case tPunct:
		switch t.Text {
		case "(", ")", "+", "-", "*", "/", "%", "<<", ">>", "<", ">", "<=", ">=", "==", "!=",
			"&", "^", "|", "&&", "||", "!", "~", "?", ":", ",", "#", "##":
			return true
		}
	}
	return false
}

// reduceFile keeps the directives of one header that option resolution
// needs and returns them with the quoted or angle include names.
func reduceFile(sc *scanned, src []byte) ([]progLine, []string) {
	type frame struct{ start int } // index in out of the opening #if
	var out []progLine
	var stack []frame
	var incs []string
	// A kept line is the logical directive with comments removed and
	// splices joined: facts, not lwIP's prose.
	text := func(d directive) string {
		ts, err := tokenize(d.Rest)
		if err != nil {
			return "#" + d.Name + " " + d.Rest
		}
		return strings.TrimSpace("#" + d.Name + " " + joinTokens(ts))
	}
	for _, d := range sc.Dirs {
		keep := false
		switch d.Name {
		case "if", "ifdef", "ifndef":
			stack = append(stack, frame{len(out)})
			keep = true
		case "elif", "else":
			keep = true
		case "endif":
			if n := len(stack); n > 0 {
				f := stack[n-1]
				stack = stack[:n-1]
				// Drop a conditional with nothing but conditionals in it.
				empty := true
				for _, l := range out[f.start:] {
					name := parseDirective(l.Text).Name
					if name != "if" && name != "ifdef" && name != "ifndef" && name != "elif" && name != "else" && name != "endif" {
						empty = false
						break
					}
				}
				if empty {
					out = out[:f.start]
					continue
				}
			}
			keep = true
		case "include", "include_next":
			keep = true
			if ts, err := tokenize(d.Rest); err == nil && len(ts) > 0 {
				s := ts[0].Text
				if ts[0].Kind == tString {
					incs = append(incs, strings.Trim(s, `"`))
				} else if s == "<" {
					var b strings.Builder
					for _, t := range ts[1:] {
						if t.Text == ">" {
							break
						}
						b.WriteString(t.Text)
					}
					incs = append(incs, b.String())
				}
			}
		case "undef", "error":
			keep = true
		case "define":
			ts, err := tokenize(d.Rest)
			if err != nil || len(ts) == 0 {
				continue
			}
			keep = true
			body := ts[1:]
			if len(body) > 0 && body[0].Text == "(" && !body[0].Space {
				for len(body) > 0 && body[0].Text != ")" {
					body = body[1:]
				}
				if len(body) > 0 {
					body = body[1:]
				}
			}
			for _, t := range body {
				if !constTokenOK(t) {
					keep = false
					break
				}
			}
			if !keep && guardedDefault(sc.Dirs, d, ts[0].Text) {
				keep = true
			}
		}
		if keep {
			out = append(out, progLine{d.Line, text(d)})
		}
	}
	return out, incs
}

// guardedDefault reports whether the #define d of name sits in a block
// opened by "#ifndef name" or "#if !defined name" (an option default
// whose body is not a constant expression, such as MEMCPY or
// TCPIP_THREAD_NAME).
func guardedDefault(dirs []directive, d directive, name string) bool {
	depth := 0
	for i := len(dirs) - 1; i >= 0; i-- {
		e := dirs[i]
		if e.Line >= d.Line {
			continue
		}
		switch e.Name {
		case "endif":
			depth++
		case "if", "ifdef", "ifndef":
			if depth > 0 {
				depth--
				continue
			}
			return negatesDefined(e, name)
		}
	}
	return false
}

func negatesDefined(e directive, name string) bool {
	switch e.Name {
	case "ifndef":
		return strings.TrimSpace(e.Rest) == name
	case "if", "elif":
		ts, err := tokenize(e.Rest)
		if err != nil {
			return false
		}
		for i := 0; i+2 < len(ts); i++ {
			if ts[i].Text == "!" && ts[i+1].Text == "defined" {
				n := ts[i+2]
				if n.Text == "(" && i+3 < len(ts) {
					n = ts[i+3]
				}
				if n.Text == name {
					return true
				}
			}
		}
	}
	return false
}

// servedText returns the reduced header rel as cc/v4 reads it
// (serveText), or nil when the program has no such header. Only cc/v4
// needs it: the interpreter reads the directives.
func (p *program) servedText(rel string) []byte {
	p.scanFiles()
	p.serveOnce.Do(func() {
		p.served = map[string][]byte{}
		for rel, sc := range p.scans {
			p.served[rel] = serveText(sc, false)
		}
	})
	return p.served[rel]
}

// render returns the reduced headers as source text, lines at their
// original numbers.
func (p *program) render() map[string][]byte {
	p.scanFiles()
	return p.rendered
}

// analyze finds the directives of each reduced header and the options,
// unless they came from a TreeCache entry.
func (p *program) analyze() {
	p.once.Do(func() {
		if p.analyzed {
			return
		}
		p.scanFiles()
		p.dirs = make(map[string][]directive, len(p.scans))
		for rel, sc := range p.scans {
			p.dirs[rel] = sc.Dirs
		}
		p.options = map[string]*optionInfo{}
		for rel, lines := range p.Files {
			if isOptionHeader(rel) {
				p.collectOptions(rel, lines)
			}
		}
		for n := range p.options {
			p.optNames = append(p.optNames, n)
		}
		sort.Strings(p.optNames)
	})
}

// scanFiles renders the reduced headers and scans them (once). A program
// read from a TreeCache entry needs it only for cc/v4 (servedText).
func (p *program) scanFiles() {
	p.scanOnce.Do(func() {
		p.rendered = make(map[string][]byte, len(p.Files))
		p.scans = make(map[string]*scanned, len(p.Files))
		for rel, lines := range p.Files {
			var b []byte
			line := 1
			for _, l := range lines {
				for line < l.Line {
					b = append(b, '\n')
					line++
				}
				b = append(b, l.Text...)
				b = append(b, '\n')
				line += 1 + strings.Count(l.Text, "\n")
			}
			p.rendered[rel] = b
			if sc, err := scanSource(rel, b); err == nil {
				p.scans[rel] = sc
			}
		}
	})
}

// collectOptions finds the options a header defines: every #define in a
// block guarded by "!defined X" (for X itself, or for another option in the
// same block, as TCP_RCV_SCALE with LWIP_WND_SCALE), and the unconditional
// definitions of the known non-overridable macros.
func (p *program) collectOptions(rel string, lines []progLine) {
	var conds []string
	var guardedBy [][]string // names negated-defined per level
	for _, l := range lines {
		d := parseDirective(l.Text)
		switch d.Name {
		case "if", "ifdef", "ifndef", "elif", "else":
			prev := ""
			if d.Name == "elif" || d.Name == "else" {
				if len(conds) > 0 {
					prev = conds[len(conds)-1]
					conds = conds[:len(conds)-1]
					guardedBy = guardedBy[:len(guardedBy)-1]
				}
			}
			c := d.Rest
			switch d.Name {
			case "ifdef":
				c = "defined " + strings.TrimSpace(d.Rest)
			case "ifndef":
				c = "!defined " + strings.TrimSpace(d.Rest)
			case "elif":
				c = "!(" + prev + ") && (" + d.Rest + ")"
			case "else":
				c = "!(" + prev + ")"
			}
			conds = append(conds, c)
			var g []string
			if d.Name != "else" && d.Name != "elif" {
				ts, _ := tokenize(c)
				for i := 0; i+2 < len(ts); i++ {
					if ts[i].Text == "!" && ts[i+1].Text == "defined" {
						n := ts[i+2]
						if n.Text == "(" && i+3 < len(ts) {
							n = ts[i+3]
						}
						g = append(g, n.Text)
					}
				}
			}
			guardedBy = append(guardedBy, g)
		case "endif":
			if len(conds) > 0 {
				conds = conds[:len(conds)-1]
				guardedBy = guardedBy[:len(guardedBy)-1]
			}
		case "define":
			ts, err := tokenize(d.Rest)
			if err != nil || len(ts) == 0 {
				continue
			}
			name := ts[0].Text
			guarded, self := false, false
			for _, g := range guardedBy {
				for _, n := range g {
					if strings.HasPrefix(n, "LWIP_HDR_") || strings.HasSuffix(n, "_H") {
						continue
					}
					guarded = true
					if n == name {
						self = true
					}
				}
			}
			if !guarded && !nonOverridable[name] {
				continue
			}
			if strings.HasSuffix(name, "_H") || strings.HasPrefix(name, "LWIP_HDR_") {
				continue
			}
			oi := p.options[name]
			if oi == nil {
				oi = &optionInfo{Name: name}
				p.options[name] = oi
			}
			if self || guarded && !nonOverridable[name] {
				oi.Overridable = true
			}
			body := ts[1:]
			fl := ""
			if len(body) > 0 && body[0].Text == "(" && !body[0].Space {
				j := 0
				for j < len(body) && body[j].Text != ")" {
					j++
				}
				if j < len(body) {
					fl = joinTokens(body[:j+1])
					body = body[j+1:]
				}
			}
			expr := joinTokens(body)
			if fl != "" {
				expr = fl + " " + expr
			}
			oi.Defaults = append(oi.Defaults, optDefault{File: rel, Line: l.Line, Expr: strings.TrimSpace(expr), Conds: append([]string(nil), conds...), FuncLike: fl != ""})
		}
	}
}

// nonOverridable lists macros lwIP defines unconditionally in its option
// headers although users try to set them (lwip-facts §2.2, §2.3).
var nonOverridable = map[string]bool{
	"LWIP_NUM_SYS_TIMEOUT_INTERNAL": true,
	"TCP_FIN_WAIT_TIMEOUT":          true,
	"TCP_SYN_RCVD_TIMEOUT":          true,
	"TCP_OOSEQ_TIMEOUT":             true,
	"TCP_MAXIDLE":                   true,
	"PBUF_TRANSPORT_HLEN":           true,
	"PBUF_IP_HLEN":                  true,
}
