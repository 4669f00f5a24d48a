package lwipopts

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/lwiplint/lwiplint/lwipopts/internal/stackver"
)

// The words of Config.VersionFrom for lwIP.
const (
	fromTree   = "tree"   // lwip/init.h of the tree used
	fromFlag   = "flag"   // --lwip-version (Params.LwipVersion)
	fromNames  = "names"  // the configuration uses only lwIP 1.x names
	fromNewest = "newest" // nothing found: the newest built-in table, assumed
)

// lwip1Table is the built-in table used for a configuration that uses
// only lwIP 1.x names.
const lwip1Table = "1.4.1"

// Limits of the search of a project for lwIP trees.
const (
	maxProjectDirs  = 20000
	maxProjectDepth = 12
	maxBuildFile    = 1 << 20 // a CMakeLists.txt, *.cmake or .gitmodules read
)

// findLwip decides which lwIP tree and version the configuration cfgPath
// is checked against; nothing else decides an lwIP version. In order:
//
//   - Params.LwipDir (--lwip): that tree;
//   - Params.NoTree: the built-in table of Params.LwipVersion, else as
//     when nothing is found;
//   - the first include directory (-I, then those of compile_commands.json,
//     the first nFlagDirs being the user's own) that is an lwIP tree;
//   - the lwIP trees of the project (projectRoot), and the usual layouts
//     in the directories above cfgPath: of several, the one under a
//     submodule of .gitmodules, else the one a CMake file names, else the
//     nearest to cfgPath;
//   - a configuration that uses only lwIP 1.x option names: the built-in
//     table of lwIP 1.4.1;
//   - else the newest built-in table, assumed.
//
// An lwIP tree is an include directory holding both lwip/opt.h and
// lwip/init.h: a port directory with its own lwip/opt.h is not one. The
// version is that of the tree's lwip/init.h (treeVersion). With a tree,
// Params.LwipVersion must agree with it.
func (l *Loader) findLwip(cfgPath string, p Params, nFlagDirs int, in *inputs) (stackver.Found, error) {
	f := stackver.Found{Stack: "lwIP"}
	switch {
	case p.LwipDir != "" && !p.NoTree:
		dir, err := normalizeTreeDir(p.LwipDir, in)
		if err != nil {
			return f, &UsageError{Err: fmt.Errorf("--lwip: %w", err)}
		}
		f.Tree, f.How = dir, "--lwip"
	case !p.NoTree:
		for i, d := range p.IncludeDirs {
			if isLwipTree(d, in) {
				f.Tree, f.How = d, "the -I directory"
				if i >= nFlagDirs {
					f.How = "an -I directory of compile_commands.json"
				}
				break
			}
		}
		if f.Tree == "" {
			f.Tree, f.How, f.Others = l.projectTree(cfgPath, in)
		}
	}
	skipped, v := "", ""
	if f.Tree != "" {
		var err error
		v, err = treeVersion(newRecordFS(f.Tree))
		if err != nil && f.How != "--lwip" {
			// A tree the search found whose version cannot be read (an
			// init.h that only forwards to a submodule not checked out):
			// not the user's choice, so the run goes on without it and
			// says so, instead of failing the input.
			skipped = fmt.Sprintf("the lwIP tree %s was skipped: %v", displayPath(f.Tree), err)
			f.Tree, f.How, f.Others = "", "", nil
		} else if err != nil {
			return f, &LoadError{Path: f.Tree, Err: fmt.Errorf("lwIP tree: %w", err)}
		}
	}
	if f.Tree != "" {
		if p.LwipVersion != "" && !sameVersion(p.LwipVersion, v) {
			return f, &UsageError{Err: fmt.Errorf("--lwip-version %s does not match the lwIP tree %s, which is %s", p.LwipVersion, f.Tree, v)}
		}
		f.Version, f.From = v, fromTree
		return f, nil
	}
	if p.LwipVersion != "" {
		f.Version, f.From, f.How = p.LwipVersion, fromFlag, "--lwip-version"
		return f, nil
	}
	if names := l.lwip1Names(cfgPath, in); len(names) > 0 {
		if len(names) > 3 {
			names = append(names[:3], "…")
		}
		f.Version, f.From = lwip1Table, fromNames
		f.How = "no lwIP tree found, and the configuration uses only lwIP 1.x names (" + strings.Join(names, ", ") + "): the built-in defaults of the last 1.x release"
		return f, nil
	}
	vs := BuiltinVersions()
	f.Version, f.From, f.Assumed = vs[len(vs)-1], fromNewest, true
	f.How = "no lwIP tree found; the newest built-in defaults; choose with --lwip-version or --lwip"
	if skipped != "" {
		f.How = skipped + "; the newest built-in defaults; choose with --lwip-version or --lwip"
	}
	return f, nil
}

// lwip1IncludeDirs returns the include directories a build of the lwIP
// 1.x tree f.Tree adds beside it: src/include/ipv4, which holds 1.x's IPv4
// headers (lwip/ip.h, lwip/ip_addr.h, … at tag STABLE-1_4_1), when it
// exists and is not on the include path already.
func lwip1IncludeDirs(f stackver.Found, have []string, in *inputs) []string {
	if f.Tree == "" || !strings.HasPrefix(f.Version, "1.") {
		return nil
	}
	d := filepath.Join(f.Tree, "ipv4")
	if fi, err := in.stat(d); err != nil || !fi.IsDir() || slices.Contains(have, d) {
		return nil
	}
	return []string{d}
}

// isLwipTree reports whether dir is the include directory of an lwIP
// tree: it holds lwip/opt.h and lwip/init.h.
func isLwipTree(dir string, in *inputs) bool {
	for _, f := range []string{"opt.h", "init.h"} {
		fi, err := in.stat(filepath.Join(dir, "lwip", f))
		if err != nil || !fi.Mode().IsRegular() {
			return false
		}
	}
	return true
}

// treeLayouts are where an lwIP include directory sits below a directory
// above the configuration, in the common layouts.
var treeLayouts = []string{"", "src/include", "lwip/src/include", "third_party/lwip/src/include",
	"components/lwip/lwip/src/include", "lib/lwip/src/include", "Middlewares/Third_Party/LwIP/src/include",
	"external/lwip/src/include", "vendor/lwip/src/include", "lwip"}

// projectTree chooses among the lwIP trees of cfgPath's project, and
// says how; others are the trees not chosen.
func (l *Loader) projectTree(cfgPath string, in *inputs) (dir, how string, others []string) {
	start, err := filepath.Abs(filepath.Dir(cfgPath))
	if err != nil {
		return "", "", nil
	}
	seen := map[string]bool{}
	var trees []string
	add := func(d string) {
		if !seen[d] {
			seen[d] = true
			trees = append(trees, d)
		}
	}
	// The usual layouts above the configuration (the configuration may be
	// inside the tree, as lwIP's own test and example configurations are).
	for d := start; ; {
		for _, lay := range treeLayouts {
			if c := filepath.Join(d, lay); isLwipTree(c, in) {
				add(c)
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	ps := l.project(projectRoot(start, in))
	// After the choice: the build files it read are inputs too.
	defer func() {
		ps.mu.Lock()
		defer ps.mu.Unlock()
		in.addAll(ps.states...)
		if !ps.ok {
			in.incomplete()
		}
	}()
	for _, t := range ps.trees {
		add(t)
	}
	switch len(trees) {
	case 0:
		return "", "", nil
	case 1:
		return trees[0], "the only lwIP tree found", nil
	}
	sort.Slice(trees, func(i, j int) bool {
		di, dj := pathDistance(start, trees[i]), pathDistance(start, trees[j])
		if di != dj {
			return di < dj
		}
		return trees[i] < trees[j]
	})
	pick := func(i int, why string) (string, string, []string) {
		rest := append(append([]string(nil), trees[:i]...), trees[i+1:]...)
		return trees[i], why, rest
	}
	for i, t := range trees {
		if sm := ps.submodule(t); sm != "" {
			return pick(i, fmt.Sprintf("in the submodule %s of .gitmodules", sm))
		}
	}
	for i, t := range trees {
		if cm := ps.cmakeNames(t); cm != "" {
			return pick(i, fmt.Sprintf("named by %s", relTo(ps.root, cm)))
		}
	}
	return pick(0, fmt.Sprintf("the nearest of %d lwIP trees", len(trees)))
}

// projectMarkers name a project's top directory: version control, a
// multi-repository manifest, an IDE project, lwiplint's own settings.
var projectMarkers = []string{".git", ".hg", ".svn", ".gitmodules", "west.yml", "platformio.ini", ".project", ".lwiplint.toml"}

// projectRoot is the directory whose lwIP trees are the project's: the
// closest directory from start up holding a projectMarkers entry, else the
// highest of the directories from start up that each hold a CMakeLists.txt
// or Makefile, else start itself. The home directory and the file
// system's root are never a project: start is used instead.
func projectRoot(start string, in *inputs) string {
	has := func(d string, names ...string) bool {
		for _, n := range names {
			if _, err := in.stat(filepath.Join(d, n)); err == nil {
				return true
			}
		}
		return false
	}
	home, _ := os.UserHomeDir()
	root := start
	for d := start; ; {
		if has(d, projectMarkers...) {
			root = d
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			// No marker: the build files' chain.
			for b := start; has(b, "CMakeLists.txt", "Makefile"); b = filepath.Dir(b) {
				root = b
				if filepath.Dir(b) == b {
					break
				}
			}
			break
		}
		d = parent
	}
	if root == home || filepath.Dir(root) == root {
		return start
	}
	return root
}

// pathDistance counts the steps from directory a to b: up to their
// common ancestor, then down.
func pathDistance(a, b string) int {
	pa := strings.Split(filepath.ToSlash(a), "/")
	pb := strings.Split(filepath.ToSlash(b), "/")
	n := 0
	for n < len(pa) && n < len(pb) && pa[n] == pb[n] {
		n++
	}
	return len(pa) - n + len(pb) - n
}

func relTo(root, p string) string {
	if r, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return p
}

// projectTrees is what a walk of a project found, shared by the
// configurations of one Loader.
type projectTrees struct {
	root       string
	trees      []string // include directories of lwIP trees, sorted
	submodules []string // the paths of .gitmodules, absolute
	buildFiles []string // CMakeLists.txt and *.cmake files
	texts      map[string]string
	// states are those of the directories walked and the files read, so
	// that a tree added later changes the inputs; ok is false when a
	// directory could not be read or a state could not be taken.
	states []FileState
	ok     bool
	mu     sync.Mutex
}

type projectEntry struct {
	once sync.Once
	p    *projectTrees
}

// project walks the project at root once per Loader.
func (l *Loader) project(root string) *projectTrees {
	e, _ := l.projects.LoadOrStore(root, &projectEntry{})
	pe := e.(*projectEntry)
	pe.once.Do(func() { pe.p = walkProject(root) })
	return pe.p
}

// walkProject lists the lwIP trees below root, skipping hidden
// directories and node_modules, within maxProjectDirs directories and
// maxProjectDepth levels.
func walkProject(root string) *projectTrees {
	ps := &projectTrees{root: root, ok: true, texts: map[string]string{}}
	n := 0
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			ps.ok = false
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			name := d.Name()
			if name == "CMakeLists.txt" || strings.HasSuffix(name, ".cmake") {
				ps.buildFiles = append(ps.buildFiles, p)
			}
			return nil
		}
		name := d.Name()
		if p != root && (len(name) > 1 && name[0] == '.' || name == "node_modules") {
			return filepath.SkipDir
		}
		// The limits keep the inputs complete: the walk is in lexical
		// order, so what it skips depends only on the directories it
		// recorded.
		if n++; n > maxProjectDirs || strings.Count(relTo(root, p), "/") >= maxProjectDepth {
			return filepath.SkipDir
		}
		s, ok := StatFile(p)
		if !ok {
			ps.ok = false
		}
		ps.states = append(ps.states, s)
		if name == "lwip" {
			parent := filepath.Dir(p)
			tree := true
			for _, f := range []string{"opt.h", "init.h"} {
				fp := filepath.Join(p, f)
				s, ok := StatFile(fp)
				ps.states = append(ps.states, s)
				if !ok || s.Missing || !s.Mode.IsRegular() {
					tree = false
				}
			}
			if tree {
				ps.trees = append(ps.trees, parent)
			}
		}
		return nil
	})
	sort.Strings(ps.trees)
	if b, s, err := readState(filepath.Join(root, ".gitmodules"), maxBuildFile); err == nil && int64(len(b)) <= maxBuildFile {
		ps.states = append(ps.states, s)
		for _, line := range strings.Split(string(b), "\n") {
			k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
			if ok && strings.TrimSpace(k) == "path" {
				ps.submodules = append(ps.submodules, filepath.Join(root, filepath.FromSlash(strings.TrimSpace(v))))
			}
		}
	} else {
		s, _ := StatFile(filepath.Join(root, ".gitmodules"))
		ps.states = append(ps.states, s)
	}
	return ps
}

// submodule returns the path of the submodule holding tree, or "".
func (ps *projectTrees) submodule(tree string) string {
	for _, sm := range ps.submodules {
		if tree == sm || strings.HasPrefix(tree, sm+string(filepath.Separator)) {
			return relTo(ps.root, sm)
		}
	}
	return ""
}

// cmakeNames returns the first CMake file that names tree's include
// directory (relative to the file's directory or to the project root),
// or its top directory when that path has more than one element, or "".
func (ps *projectTrees) cmakeNames(tree string) string {
	top := strings.TrimSuffix(tree, string(filepath.Separator)+filepath.Join("src", "include"))
	for _, bf := range ps.buildFiles {
		if ps.inTree(bf) {
			continue // lwIP's own Filelists.cmake names its own tree
		}
		text := ps.text(bf)
		if text == "" {
			continue
		}
		for _, base := range []string{filepath.Dir(bf), ps.root} {
			for _, t := range []string{tree, top} {
				r, err := filepath.Rel(base, t)
				if err != nil || r == "." || strings.HasPrefix(r, "..") {
					continue
				}
				r = filepath.ToSlash(r)
				if t == top && top != tree && !strings.Contains(r, "/") {
					continue // a bare "lwip" is also a library's name
				}
				if containsPath(text, r) {
					return bf
				}
			}
		}
	}
	return ""
}

// inTree reports whether the file p lies in one of the trees' top
// directories (the include directory's, or its ../.. for src/include).
func (ps *projectTrees) inTree(p string) bool {
	for _, t := range ps.trees {
		top := strings.TrimSuffix(t, string(filepath.Separator)+filepath.Join("src", "include"))
		if strings.HasPrefix(p, top+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// text reads a build file once; its state joins the project's.
func (ps *projectTrees) text(path string) string {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if t, ok := ps.texts[path]; ok {
		return t
	}
	b, s, err := readState(path, maxBuildFile)
	t := ""
	if err == nil && int64(len(b)) <= maxBuildFile {
		t = string(b)
		ps.states = append(ps.states, s)
	} else {
		ps.ok = false
	}
	ps.texts[path] = t
	return t
}

// containsPath reports whether text holds the path r as a whole path:
// not preceded or followed by a name character.
func containsPath(text, r string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], r)
		if j < 0 {
			return false
		}
		j += i
		before, after := byte(' '), byte(' ')
		if j > 0 {
			before = text[j-1]
		}
		if k := j + len(r); k < len(text) {
			after = text[k]
		}
		if !pathChar(before) && before != '.' && !pathChar(after) {
			return true
		}
		i = j + 1
	}
}

func pathChar(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// lwip1Names returns the lwIP 1.x option names cfgPath defines when it
// defines some and no name that only lwIP 2.x knows, sorted; else nil.
// Only the file itself is read, not what it includes.
func (l *Loader) lwip1Names(cfgPath string, in *inputs) []string {
	b, s, err := readState(cfgPath, maxFileSize)
	if err != nil || int64(len(b)) > maxFileSize {
		return nil
	}
	in.addAll(s)
	sc, err := scanSource(cfgPath, b)
	if err != nil {
		return nil
	}
	var defined []string
	for _, d := range sc.Dirs {
		if d.Name != "define" {
			continue
		}
		if ts, err := tokenize(d.Rest); err == nil && len(ts) > 0 && ts[0].Kind == tIdent {
			defined = append(defined, ts[0].Text)
		}
	}
	// A 1.x-only name is unknown to the newest table, which the load
	// reads anyway: most configurations stop here, before every table is
	// analysed.
	vs := BuiltinVersions()
	newest, err := l.builtin(vs[len(vs)-1])
	if err != nil {
		return nil
	}
	newest.analyze()
	if !slices.ContainsFunc(defined, func(n string) bool { return newest.options[n] == nil }) {
		return nil
	}
	only1, only2 := l.versionNames()
	var r []string
	for _, n := range defined {
		switch {
		case only2[n]:
			return nil
		case only1[n]:
			r = append(r, n)
		}
	}
	slices.Sort(r)
	return slices.Compact(r)
}

// versionNames returns the option names only lwIP 1.x knows (those of the
// 1.4.1 table and lwip1OnlyNames that no 2.x table has) and those only
// lwIP 2.x knows (in a 2.x table and not in 1.4.1's).
func (l *Loader) versionNames() (only1, only2 map[string]bool) {
	l.namesOnce.Do(func() {
		names := func(v string) map[string]bool {
			m := map[string]bool{}
			p, err := l.builtin(v)
			if err != nil {
				return m
			}
			p.analyze()
			for _, n := range p.optNames {
				m[n] = true
			}
			return m
		}
		v1 := names(lwip1Table)
		for _, n := range lwip1OnlyNames {
			v1[n] = true
		}
		v2 := map[string]bool{}
		for _, v := range BuiltinVersions() {
			if !strings.HasPrefix(v, "1.") {
				for n := range names(v) {
					v2[n] = true
				}
			}
		}
		l.only1, l.only2 = map[string]bool{}, map[string]bool{}
		for n := range v1 {
			if !v2[n] {
				l.only1[n] = true
			}
		}
		for n := range v2 {
			if !v1[n] {
				l.only2[n] = true
			}
		}
	})
	return l.only1, l.only2
}

// versionNotes are the notes of the lwIP version chosen: which tree, when
// the project has several; that lwIP 1.x is checked by the load checks
// only. An assumed version has no note here: the command line says it
// once per run ([Config.VersionNote]).
func versionNotes(f stackver.Found, version string) []Note {
	var notes []Note
	if strings.HasPrefix(version, "1.") {
		notes = append(notes, Note{Text: f.Note(displayPath) + "; lwiplint's checks are proven from lwIP 2.x sources, so on lwIP 1.x only the load checks (LW9xxx) and those checked against 1.x source as well (LW2004) run"})
	} else if len(f.Others) > 0 {
		notes = append(notes, Note{Text: f.Note(displayPath)})
	}
	return notes
}

// VersionNote says in one line which lwIP version the configuration is
// checked against and how it was found ("lwIP 2.2.1 assumed (no lwIP tree
// found; …)"), or "" for a configuration of another stack.
func (c *Config) VersionNote() string {
	if c.lwipFound.Stack == "" || c.Stack == StackFreeRTOS || c.ESPIDF != nil {
		return ""
	}
	return c.lwipFound.Note(displayPath)
}

// displayPath shortens p to a path relative to the working directory when
// it is inside it.
func displayPath(p string) string {
	wd, err := os.Getwd()
	if err != nil || !filepath.IsAbs(p) {
		return p
	}
	if r, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return p
}

// OtherVersions returns the versions other than Version that the
// configuration could be checked against when its version was assumed
// ([Config.VersionAssumed]): the other lwIP 2.x built-in tables. It
// returns nil when the version was not assumed.
func (c *Config) OtherVersions() []string {
	if !c.VersionAssumed || c.src == nil || c.Stack == StackFreeRTOS || c.ESPIDF != nil {
		return nil
	}
	var vs []string
	for _, v := range BuiltinVersions() {
		if v != c.Version && !strings.HasPrefix(v, "1.") {
			vs = append(vs, v)
		}
	}
	return vs
}

// AtVersion loads the configuration again, with the same parameters, with
// the built-in defaults of lwIP version v.
func (c *Config) AtVersion(v string) (*Config, error) {
	if c.src == nil {
		return nil, fmt.Errorf("configuration was not loaded by lwipopts.Load")
	}
	p := c.src.params
	p.NoTree, p.LwipDir, p.LwipVersion = true, "", v
	p.CompileCommands = "" // its flags are in p already
	return c.src.loader.Load(c.src.path, p)
}
