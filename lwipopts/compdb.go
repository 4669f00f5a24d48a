package lwipopts

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/lwiplint/lwiplint/internal/fileio"
)

type compileCommand struct {
	Directory string   `json:"directory"`
	File      string   `json:"file"`
	Command   string   `json:"command"`
	Arguments []string `json:"arguments"`
}

// applyCompileCommands adds the -I/-D/-U/-include flags of the
// compile_commands.json entry that compiles lwIP (init.c, or another core
// file, or failing that any entry whose include path reaches the
// configuration's directory) to p.
// maxCompileCommands bounds the read of compile_commands.json: a large
// build's holds a few megabytes.
const maxCompileCommands = 256 << 20

func applyCompileCommands(p *Params, cfgPath string, in *inputs) error {
	f := p.CompileCommands
	if fi, err := in.stat(f); err == nil && fi.IsDir() {
		f = filepath.Join(f, "compile_commands.json")
		in.stat(f)
	}
	b, err := fileio.ReadFile(f, maxCompileCommands)
	if err != nil {
		return fmt.Errorf("compile commands: %w", err)
	}
	var cmds []compileCommand
	if err := json.Unmarshal(b, &cmds); err != nil {
		return fmt.Errorf("%s: not a compile_commands.json: %w", f, err)
	}
	cfgDir, _ := filepath.Abs(filepath.Dir(cfgPath))
	best, bestScore := -1, 0
	for i, c := range cmds {
		score := 0
		base := filepath.Base(c.File)
		switch {
		case base == "init.c" && strings.Contains(filepath.ToSlash(c.File), "core/"):
			score = 3
		case strings.Contains(filepath.ToSlash(c.File), "lwip") && strings.HasSuffix(base, ".c"):
			score = 2
		}
		// Scoring reads the response files of every entry but records
		// only those of the entry taken as inputs (below).
		for _, d := range flagsOf(c, newInputs()).inc {
			if d == cfgDir {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return fmt.Errorf("%s: no entry compiles lwIP (no core/init.c, no lwip source file, no -I to %s)", f, cfgDir)
	}
	fl := flagsOf(cmds[best], in)
	if fl.err != nil {
		return fmt.Errorf("%s: %w", f, fl.err)
	}
	p.IncludeDirs = append(p.IncludeDirs, fl.inc...)
	p.Defines = append(p.Defines, fl.def...)
	p.Undefines = append(p.Undefines, fl.undef...)
	p.Includes = append(p.Includes, fl.include...)
	p.targetFlags = fl.target
	return nil
}

type ccFlags struct {
	inc, def, undef, include []string
	// target holds the compiler (argv[0]) and the flags that choose the
	// ABI (-m…, -fshort-enums, -fno-short-enums), for lwipopts/ram.
	target []string
	err    error // a response file that could not be expanded
}

// Limits of response files: how deep @file may nest, and how much they may
// add up to for one entry.
const (
	maxResponseDepth = 10
	maxResponseBytes = 16 << 20
)

func flagsOf(c compileCommand, in *inputs) ccFlags {
	args := c.Arguments
	if len(args) == 0 {
		args = splitCommand(c.Command)
	}
	var f ccFlags
	if len(args) > 0 {
		// argv[0] is the compiler, never a response file.
		rest, err := expandResponseFiles(args[1:], c.Directory, in)
		args = append(args[:1:1], rest...)
		f.err = err
	}
	abs := func(p string) string {
		if !filepath.IsAbs(p) {
			p = filepath.Join(c.Directory, p)
		}
		return filepath.Clean(p)
	}
	if len(args) > 0 {
		f.target = append(f.target, args[0])
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if i > 0 && (strings.HasPrefix(a, "-m") || a == "-fshort-enums" || a == "-fno-short-enums") {
			f.target = append(f.target, a)
			continue
		}
		val := func(flag string) (string, bool) {
			if a == flag && i+1 < len(args) {
				i++
				return args[i], true
			}
			if strings.HasPrefix(a, flag) && len(a) > len(flag) {
				return a[len(flag):], true
			}
			return "", false
		}
		if v, ok := val("-include"); ok {
			f.include = append(f.include, abs(v))
		} else if v, ok := val("-isystem"); ok {
			f.inc = append(f.inc, abs(v))
		} else if v, ok := val("-iquote"); ok {
			f.inc = append(f.inc, abs(v))
		} else if v, ok := val("-I"); ok {
			f.inc = append(f.inc, abs(v))
		} else if v, ok := val("-D"); ok {
			f.def = append(f.def, v)
		} else if v, ok := val("-U"); ok {
			f.undef = append(f.undef, v)
		}
	}
	return f
}

// expandResponseFiles replaces each @FILE argument with the arguments
// FILE holds, as gcc and clang do: FILE is relative to the directory the
// compiler runs in (dir), holds arguments split as a shell would (quotes
// and backslashes), and may name further @FILEs. CMake writes the include
// path to such files (CMAKE_C_USE_RESPONSE_FILE_FOR_INCLUDES, and the
// Ninja generator for long command lines), so without them the lwIP tree
// of the build would not be found. An @FILE that does not exist is kept
// as an argument, as gcc keeps it; one that exists but cannot be read,
// nests more than maxResponseDepth deep or adds up to more than
// maxResponseBytes is an error. Each file read is an input of the
// configuration, so the caches see it change.
func expandResponseFiles(args []string, dir string, in *inputs) ([]string, error) {
	total := 0
	var expand func(args []string, depth int) ([]string, error)
	expand = func(args []string, depth int) ([]string, error) {
		var out []string
		for _, a := range args {
			if len(a) < 2 || a[0] != '@' {
				out = append(out, a)
				continue
			}
			name := a[1:]
			if !filepath.IsAbs(name) {
				name = filepath.Join(dir, name)
			}
			fi, err := in.stat(name)
			if err != nil {
				out = append(out, a)
				continue
			}
			if depth >= maxResponseDepth {
				return nil, fmt.Errorf("response file %s: nested more than %d deep", name, maxResponseDepth)
			}
			if !fi.Mode().IsRegular() {
				return nil, fmt.Errorf("response file %s: not a regular file", name)
			}
			b, err := fileio.ReadFile(name, int64(maxResponseBytes-total))
			if err != nil {
				return nil, fmt.Errorf("response file: %w", err)
			}
			total += len(b)
			sub, err := expand(splitCommand(string(b)), depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, sub...)
		}
		return out, nil
	}
	return expand(args, 0)
}

// splitCommand splits a shell command line (quotes and backslashes).
func splitCommand(s string) []string {
	var r []string
	var cur strings.Builder
	in := false
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			} else if c == '\\' && q == '"' && i+1 < len(s) {
				i++
				cur.WriteByte(s[i])
			} else {
				cur.WriteByte(c)
			}
		case c == '"' || c == '\'':
			q, in = c, true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			in = true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if in {
				r = append(r, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	if in {
		r = append(r, cur.String())
	}
	return r
}
