package lwipopts

import (
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"modernc.org/cc/v4"
	cctoken "modernc.org/token"
)

// finish turns cc/v4's final macro table into the configuration's options.
func (r *run) finish() {
	cfg := r.cfg
	env := &macroEnv{macros: map[string]*macro{}, user: map[string]bool{}, limit: expansionLimit}
	if r.mirror != nil {
		// The interpreter's table, taken over (lookups add the names
		// that are not macros to it).
		env.macros = r.mirror
		for name, m := range r.mirror {
			if r.fromUser(m.File) {
				env.user[name] = true
			}
		}
	} else {
		env.src, env.conv = r.ast.Macros, r.convMacro
		for name, m := range r.ast.Macros {
			if r.fromUser(m.Position().Filename) {
				env.user[name] = true
			}
		}
	}
	// User #define/#undef lines the preprocessor reached, in the order it
	// reached them (a file included twice counts once per line).
	r.userDef = map[string][]userDef{}
	seen := map[reachedDef]bool{}
	for _, rd := range r.reached {
		fi := r.files[rd.file]
		if fi == nil || fi.kind == OriginDefault || rd.dir >= len(fi.dirs) || seen[rd] || strings.HasPrefix(rd.file, stubDir+"/") {
			continue
		}
		seen[rd] = true
		d := fi.dirs[rd.dir]
		ts, err := tokenize(d.Rest)
		if err != nil || len(ts) == 0 || ts[0].Kind != tIdent {
			continue
		}
		n := ts[0].Text
		r.userDef[n] = append(r.userDef[n], userDef{file: fi.path, undef: d.Name == "undef", user: r.fromUser(fi.path), pos: r.display(Position{File: fi.path, Line: d.Line, Col: d.Col}), text: defText(ts[1:])})
		if r.userDef[n][len(r.userDef[n])-1].user {
			env.user[n] = true
		}
	}
	cfg.env = env
	cfg.res = r
	if r.gen != nil {
		r.gen.apply(r, env)
	}
	var libc []string
	for _, m := range r.missing {
		hdr := m.Text
		if isLibcHeader(hdr) {
			libc = append(libc, "<"+hdr+">")
			continue
		}
		if strings.HasPrefix(r.root, builtinDir+"/") && inTree(path.Clean(hdr)) {
			// lwIP's own header, which the built-in tables do not hold
			// (they hold the option headers and what those include).
			label := r.prog.Label
			if label == "" {
				label = "lwIP " + r.prog.Version
			}
			cfg.Notes = append(cfg.Notes, Note{Pos: r.display(m.Pos),
				Text: fmt.Sprintf("%q is a header of %s that lwiplint's built-in tables do not hold (they hold the option headers and what they include); read as empty: macros it would define are undefined here (give the tree with --lwip to read it)", hdr, label)})
			continue
		}
		cfg.Notes = append(cfg.Notes, Note{Pos: r.display(m.Pos),
			Text: fmt.Sprintf("%q was not found in the include path; treated as empty (macros it would define are undefined; add -I to read it)", hdr)})
	}
	if len(libc) > 0 {
		cfg.Notes = append(cfg.Notes, Note{Text: "C library headers are not read (treated as empty): " + strings.Join(dedup(libc), " ")})
	}
	cfg.names = withKnobs(r.prog.optionNames(), r.prog.knobNames())
}

func posOf(p cctoken.Position) Position {
	return Position{File: p.Filename, Line: p.Line, Col: p.Column}
}

func convToken(t cc.Token) token {
	s := t.SrcStr()
	tk := token{Text: s, Space: len(t.Sep()) > 0}
	switch c := s[0]; {
	case isIdentStart(c):
		tk.Kind = tIdent
		if strings.ContainsAny(s, `'"`) {
			tk.Kind = tString
			if strings.Contains(s, "'") {
				tk.Kind = tChar
			}
		}
	case c >= '0' && c <= '9' || c == '.' && len(s) > 1:
		tk.Kind = tNumber
	case c == '"':
		tk.Kind = tString
	case c == '\'':
		tk.Kind = tChar
	default:
		tk.Kind = tPunct
	}
	return tk
}

func (r *run) kindOf(file string) OriginKind {
	if file == "<command-line>" || file == "<built-in>" {
		return OriginCmdline
	}
	if fi := r.files[file]; fi != nil {
		// Files reached only through --include are command-line input.
		for f := fi; f != nil; f = f.includer {
			if f.includer == nil && f.kind == OriginInclude && f.path != r.cfgPath {
				if _, ok := r.treeRel(f.path); !ok {
					return OriginCmdline
				}
			}
			if f.path == r.cfgPath {
				break
			}
		}
	}
	if file == r.cfgPath {
		if r.gen != nil {
			return OriginSdkconfig
		}
		return OriginLwipopts
	}
	if rel, ok := r.treeRel(file); ok && inTree(rel) {
		return OriginDefault
	}
	return OriginInclude
}

// chain lists the #include lines that led to file, innermost first,
// stopping at the configuration file or the translation unit.
func (r *run) chain(file string) []Position {
	var c []Position
	fi := r.files[file]
	for fi != nil && fi.path != r.cfgPath && fi.includer != nil && len(c) < 64 {
		inc := fi.includer
		if inc.kind == OriginDefault && fi.kind != OriginDefault && inc.path != r.cfgPath {
			break
		}
		if strings.HasPrefix(inc.path, cfgDir) {
			break
		}
		c = append(c, r.display(Position{File: inc.path, Line: fi.incLine}))
		fi = inc
	}
	return c
}

func isLibcHeader(h string) bool {
	switch h {
	case "assert.h", "ctype.h", "errno.h", "float.h", "inttypes.h", "limits.h", "locale.h", "math.h",
		"setjmp.h", "signal.h", "stdarg.h", "stdbool.h", "stddef.h", "stdint.h", "stdio.h", "stdlib.h",
		"string.h", "strings.h", "time.h", "unistd.h", "fcntl.h", "pthread.h", "sched.h", "semaphore.h", "poll.h":
		return true
	}
	return strings.HasPrefix(h, "sys/") || strings.HasPrefix(h, "netinet/") || strings.HasPrefix(h, "arpa/") || strings.HasPrefix(h, "bits/")
}

func (p *program) optionNames() []string {
	p.analyze()
	return p.optNames
}

// resolve computes the Option for one macro name.
func (c *Config) resolve(name string) *Option {
	r := c.res
	o := &Option{Name: name}
	var info *optionInfo
	if r != nil {
		info = r.prog.options[name]
	}
	if info != nil {
		o.Known = true
		o.Overridable = info.Overridable || c.forkOverridable(name)
	} else if r != nil && r.prog.isKnob(name) {
		o.Known, o.Knob, o.Overridable = true, true, true
	}
	m := c.env.lookup(name)
	deps := map[string]bool{}
	if m != nil {
		o.Defined = true
		o.FuncLike = m.FuncLike
		o.Params = m.Params
		o.Expr = joinTokens(m.Body)
		if r != nil {
			o.Origin = Origin{Kind: r.kindOf(m.File), Pos: m.Pos, Chain: r.chain(m.File)}
		}
		if m.FuncLike {
			o.Reason = "function-like macro"
		} else {
			o.HasValue, o.Evaluable, o.Value, o.Reason = c.evalName(name, deps)
		}
	} else {
		o.HasValue, o.Evaluable = true, true
		if r != nil {
			if defs := r.userDef[name]; len(defs) > 0 {
				last := defs[len(defs)-1]
				o.Origin = Origin{Kind: r.kindOf(last.file), Pos: last.pos, Undef: true}
			} else if info != nil && len(info.Defaults) > 0 {
				d := info.Defaults[0]
				o.Origin = Origin{Kind: OriginDefault, Pos: r.display(Position{File: filepath.Join(r.root, d.File), Line: d.Line})}
			} else {
				o.Origin = Origin{Kind: OriginDefault}
			}
		}
	}
	if info != nil && len(info.Defaults) > 0 {
		d := c.chooseDefault(info, o)
		def := &Default{Expr: d.Expr, Pos: r.display(Position{File: filepath.Join(r.root, d.File), Line: d.Line})}
		if !d.FuncLike {
			if ts, err := tokenize(d.Expr); err == nil && len(ts) > 0 {
				if res, err := c.env.eval(ts); err == nil {
					def.Value, def.HasValue = res.Value, true
				}
			}
		}
		o.Default = def
		if o.Origin.Kind == OriginDefault {
			for _, cond := range d.Conds {
				ts, _ := tokenize(cond)
				for _, t := range ts {
					if t.Kind == tIdent && t.Text != name && t.Text != "defined" && t.Text != "__DOXYGEN__" {
						deps[t.Text] = true
					}
				}
			}
		}
	}
	if r != nil {
		if defs := r.userDef[name]; len(defs) > 1 {
			for _, d := range defs {
				o.Redefined = append(o.Redefined, d.pos)
			}
		}
	}
	for d := range deps {
		if d == name {
			continue
		}
		if r != nil && r.prog.options[d] != nil {
			o.Depends = append(o.Depends, d)
		}
	}
	sort.Strings(o.Depends)
	return o
}

// chooseDefault picks the lwIP default that applies: the one that defined
// the value, else the first whose conditions hold.
func (c *Config) chooseDefault(info *optionInfo, o *Option) optDefault {
	for _, d := range info.Defaults {
		if o.Origin.Kind == OriginDefault && o.Origin.Pos.Line == d.Line && strings.HasSuffix(filepath.ToSlash(o.Origin.Pos.File), d.File) {
			return d
		}
	}
	for _, d := range info.Defaults {
		ok := true
		for _, cond := range d.Conds {
			if cond == "else" || strings.Contains(cond, "defined "+info.Name) || strings.Contains(cond, "defined("+info.Name) {
				continue
			}
			v, err := c.env.evalString(cond)
			if err != nil || v.Int == 0 {
				ok = false
				break
			}
		}
		if ok {
			return d
		}
	}
	return info.Defaults[0]
}

func (c *Config) evalName(name string, deps map[string]bool) (has, evaluable bool, v Value, reason string) {
	m := c.env.lookup(name)
	if len(m.Body) == 0 {
		return false, false, Value{}, "empty definition: #if " + name + " is an error"
	}
	res, err := c.env.eval([]token{{Kind: tIdent, Text: name}})
	for s := range res.Seen {
		deps[s] = true
	}
	if err != nil {
		return false, false, Value{}, err.Error()
	}
	if len(res.Undefined) > 0 {
		u := dedup(res.Undefined)
		what := "is not a macro"
		if len(u) > 1 {
			what = "are not macros"
		}
		return true, false, res.Value, fmt.Sprintf("%s %s; #if reads it as 0 (an enum constant, a type, or a macro from a header that was not read?)", strings.Join(u, ", "), what)
	}
	return true, true, res.Value, ""
}

func dedup(s []string) []string {
	seen := map[string]bool{}
	var r []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			r = append(r, x)
		}
	}
	return r
}

// userDef is a #define or #undef line in a user file.
type userDef struct {
	file  string   // as cc/v4 read it
	pos   Position // as shown
	undef bool
	user  bool   // in the configuration, its includes or --include files
	text  string // see Definition.Text
}

// defText is the Text of a Definition: the tokens after the macro's name.
func defText(ts []token) string {
	if len(ts) > 0 && ts[0].Space {
		return " " + joinTokens(ts)
	}
	return joinTokens(ts)
}

// fromUser reports whether a file is the configuration, a header it
// includes, or a file given with --include (not lwIP, not the port headers
// lwIP includes, not the predefined macros).
func (r *run) fromUser(file string) bool {
	fi := r.files[file]
	if strings.HasPrefix(file, stubDir+"/") {
		return false // a freestanding C header served from data (freestanding.go)
	}
	if file == r.cfgPath || file == "<command-line>" {
		return true
	}
	for n := 0; fi != nil && n < 1000; n++ {
		if fi.path == r.cfgPath {
			return true
		}
		if fi.kind == OriginDefault {
			return false
		}
		if fi.includer == nil {
			return !strings.HasPrefix(fi.path, stubDir)
		}
		fi = fi.includer
	}
	return false
}

// convMacro converts a cc/v4 macro to the evaluator's form.
func (r *run) convMacro(name string, m *cc.Macro) *macro {
	mm := &macro{Name: name, FuncLike: m.IsFnLike, Pos: r.display(posOf(m.Position())), File: m.Position().Filename}
	for _, p := range m.Params {
		mm.Params = append(mm.Params, p.SrcStr())
	}
	// cc/v4 (v4.34.0, cpp.go parseMacroParams) keeps "..." out of Params:
	// VarArg is len(Params) for m(a, ...), whose variadic is __VA_ARGS__,
	// and the index of the last parameter for a named variadic m(a, b...).
	if m.VarArg >= 0 && m.IsFnLike {
		mm.Variadic = true
		if m.VarArg >= len(mm.Params) {
			mm.Params = append(mm.Params, "__VA_ARGS__")
		}
	}
	for _, t := range m.ReplacementList() {
		mm.Body = append(mm.Body, convToken(t))
	}
	return mm
}
