package espidf

// Builds the tables of data/ from an ESP-IDF git mirror (see mirror_test.go).

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/lwiplint/lwiplint/internal/testenv"
)

// mirrorTags are the releases data/ holds a table for.
var mirrorTags = []string{"v4.4.8", "v5.0.9", "v5.1.2", "v5.1.7", "v5.2.7", "v5.3.5", "v5.4.4", "v5.5.5"}

// contextMacros are the macros of other headers that lwipopts.h's values
// use, by candidate path (the first that exists at a tag is read).
var contextMacros = []struct {
	paths []string
	names []string
}{
	{[]string{"components/esp_system/include/esp_task.h"}, []string{"TASK_EXTRA_STACK_SIZE", "ESP_TASK_TCPIP_PRIO", "ESP_TASK_TCPIP_STACK"}},
	{[]string{"components/freertos/config/include/freertos/FreeRTOSConfig.h", "components/freertos/esp_additions/include/freertos/FreeRTOSConfig.h"}, []string{"configTICK_RATE_HZ"}},
	{[]string{"components/freertos/FreeRTOS-Kernel/portable/xtensa/include/freertos/portmacro.h"}, []string{"portTICK_PERIOD_MS"}},
}

// The lwIP port's files moved in ESP-IDF 5.1 (from port/esp32/).
var (
	lwipoptsPaths = []string{"components/lwip/port/include/lwipopts.h", "components/lwip/port/esp32/include/lwipopts.h"}
	sysArchPaths  = []string{"components/lwip/port/freertos/sys_arch.c", "components/lwip/port/esp32/freertos/sys_arch.c"}
)

// firstFile returns the first of paths that the tree has.
func (it *idfTree) firstFile(paths []string) string {
	for _, p := range paths {
		if _, ok := it.files[p]; ok {
			return p
		}
	}
	return paths[0]
}

// portCC are the candidate paths of the lwIP port's arch/cc.h, and
// portSysArch those of its arch/sys_arch.h (which cc.h and lwIP's sys.h
// include).
var (
	portCC      = []string{"components/lwip/port/esp32xx/include/arch/cc.h", "components/lwip/port/esp32/include/arch/cc.h"}
	portSysArch = []string{"components/lwip/port/freertos/include/arch/sys_arch.h", "components/lwip/port/esp32/include/arch/sys_arch.h"}
)

// portMacro matches the names of the port's object-like macros that lwIP
// reads: LWIP_ switches (LWIP_NOASSERT, LWIP_COMPAT_MUTEX, …) and the
// printf format macros of lwip/arch.h (U16_F, X32_F, …).
var portMacro = regexp.MustCompile(`^(LWIP_[A-Z0-9_]+|[SUX](8|16|32)_F|SZT_F)$`)

// buildFlagRe finds ESP-IDF's CMakeLists.txt adding a -D flag for a
// sdkconfig value: if(CONFIG_X) / list(APPEND compile_definitions "-DNAME").
var buildFlagRe = regexp.MustCompile(`^\s*if\((CONFIG_[A-Z0-9_]+)\)\s*$`)
var buildFlagDef = regexp.MustCompile(`^\s*list\(APPEND compile_definitions "-D([A-Za-z_][A-Za-z0-9_]*)"\)\s*$`)

// mirrorGitDir returns the ESP-IDF git directory (testenv.Mirror), or ""
// when there is none.
func mirrorGitDir() string { return testenv.Mirror("espressif/esp-idf") }

func git(gitDir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"--git-dir=" + gitDir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return out, nil
}

// idfTree is the part of an ESP-IDF tree that the tables come from.
type idfTree struct {
	tag, commit, espLwip string
	files                map[string]string
}

func readIDFTree(gitDir, tag string) (*idfTree, error) {
	out, err := git(gitDir, "rev-parse", tag+"^{commit}")
	if err != nil {
		return nil, err
	}
	t := &idfTree{tag: tag, commit: strings.TrimSpace(string(out)), files: map[string]string{}}
	out, err = git(gitDir, "ls-tree", tag, "components/lwip/lwip")
	if err != nil {
		return nil, err
	}
	if f := strings.Fields(string(out)); len(f) >= 3 {
		t.espLwip = f[2]
	}
	out, err = git(gitDir, "ls-tree", "-r", "--name-only", tag)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{"CMakeLists.txt": true}
	for _, p := range append(append([]string{}, lwipoptsPaths...), sysArchPaths...) {
		want[p] = true
	}
	for _, p := range append(append([]string{}, portCC...), portSysArch...) {
		want[p] = true
	}
	for _, c := range contextMacros {
		for _, p := range c.paths {
			want[p] = true
		}
	}
	var paths []string
	for _, p := range strings.Split(string(out), "\n") {
		b := path.Base(p)
		if p != "" && (strings.Contains(b, "Kconfig") || strings.HasPrefix(b, "sdkconfig.rename") || want[p]) {
			paths = append(paths, p)
		}
	}
	args := append([]string{"archive", "--format=tar", tag, "--"}, paths...)
	out, err = git(gitDir, args...)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(bytes.NewReader(out))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, err
		}
		t.files[h.Name] = string(b)
	}
	return t, nil
}

// parseKconfigTree reads the whole Kconfig tree like ESP-IDF's build does
// for the esp32 target: the root Kconfig, which sources every component's
// Kconfig.projbuild and Kconfig (tools/cmake/kconfig.cmake,
// tools/kconfig_new/prepare_kconfig_files.py).
//
// IDF_TOOLCHAIN is gcc, the default of tools/cmake/targets.cmake
// (__target_set_toolchain, v5.5.5:134) that kconfig.cmake passes on.
func parseKconfigTree(it *idfTree, target string) (*kcTree, error) {
	t := &kcTree{files: map[string]string{}, syms: map[string]*kcSym{}, env: map[string]string{
		"IDF_PATH": "", "IDF_TARGET": target, "IDF_INIT_VERSION": "", "IDF_MINIMAL_BUILD": "n", "IDF_TOOLCHAIN": "gcc",
		"COMPONENT_KCONFIGS_SOURCE_FILE":           "__kconfigs.in",
		"COMPONENT_KCONFIGS_PROJBUILD_SOURCE_FILE": "__kconfigs_projbuild.in",
	}}
	var kc, kcp []string
	for p, s := range it.files {
		t.files[p] = s
		if m := regexp.MustCompile(`^components/[^/]+/Kconfig(\.projbuild)?$`).FindStringSubmatch(p); m != nil {
			if m[1] == "" {
				kc = append(kc, p)
			} else {
				kcp = append(kcp, p)
			}
		}
	}
	sort.Strings(kc)
	sort.Strings(kcp)
	src := func(ps []string) string {
		var b strings.Builder
		for _, p := range ps {
			fmt.Fprintf(&b, "source \"%s\"\n", p)
		}
		return b.String()
	}
	t.files["__kconfigs.in"] = src(kc)
	t.files["__kconfigs_projbuild.in"] = src(kcp)
	// Nodes outside components/lwip are external; parse marks them by file.
	t.parseAll("Kconfig")
	if len(t.errs) > 0 {
		return t, fmt.Errorf("kconfig: %s", strings.Join(t.errs[:min(len(t.errs), 20)], "\n"))
	}
	return t, nil
}

func (t *kcTree) parseAll(root string) {
	frames := t.parse(root, nil, true)
	if len(frames) != 0 {
		t.errs = append(t.errs, "unclosed blocks at the end of "+root)
	}
	for _, s := range t.syms {
		for _, n := range s.nodes {
			n.external = !strings.HasPrefix(n.at, "components/lwip/")
		}
	}
}

// cline is a logical line of a C header.
type cline struct {
	no   int
	text string
}

// extractDefines reads the preprocessor structure of a header: every
// #define, #undef and #error with the condition it sits under. The include
// guard and __cplusplus blocks are left out, and #ifdef X / #define N 1 /
// #else / #define N 0 pairs are folded into Bool entries.
func extractDefines(file, src string) ([]define, error) {
	raw := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	var lines []cline
	inComment := false
	for i := 0; i < len(raw); i++ {
		no := i + 1
		s := raw[i]
		for strings.HasSuffix(s, "\\") && i+1 < len(raw) {
			i++
			s = s[:len(s)-1] + " " + raw[i]
		}
		s, inComment = stripCComments(s, inComment)
		lines = append(lines, cline{no, strings.TrimSpace(s)})
	}
	type frame struct {
		prev, cur []string
		guard     bool
		skip      bool
	}
	var stack []*frame
	var out []define
	guard := ""
	active := func() (string, bool) {
		var atoms []string
		for _, f := range stack {
			if f.skip {
				return "", false
			}
			atoms = append(atoms, f.prev...)
			atoms = append(atoms, f.cur...)
		}
		return joinAtoms(atoms), true
	}
	for li, l := range lines {
		if !strings.HasPrefix(l.text, "#") {
			continue
		}
		d := strings.TrimSpace(l.text[1:])
		k := 0
		for k < len(d) && (d[k] >= 'a' && d[k] <= 'z') {
			k++
		}
		kw, rest := d[:k], strings.TrimSpace(d[k:])
		switch kw {
		case "ifndef", "ifdef", "if":
			f := &frame{}
			switch kw {
			case "ifndef":
				f.cur = []string{"!defined(" + rest + ")"}
				if li+1 < len(lines) && len(stack) == 0 && guard == "" && strings.HasPrefix(lines[li+1].text, "#define "+rest) {
					guard, f.guard, f.cur = rest, true, nil
				}
			case "ifdef":
				f.cur = []string{"defined(" + rest + ")"}
				if rest == "__cplusplus" {
					f.skip = true
				}
			default:
				f.cur = []string{normC(rest)}
			}
			stack = append(stack, f)
		case "elif", "else":
			if len(stack) == 0 {
				return nil, fmt.Errorf("%s:%d: #%s without #if", file, l.no, kw)
			}
			f := stack[len(stack)-1]
			for _, a := range f.cur {
				f.prev = append(f.prev, negAtom(a))
			}
			f.cur = nil
			if kw == "elif" {
				f.cur = []string{normC(rest)}
			}
		case "endif":
			if len(stack) == 0 {
				return nil, fmt.Errorf("%s:%d: #endif without #if", file, l.no)
			}
			stack = stack[:len(stack)-1]
		case "define", "undef", "error":
			cond, ok := active()
			if !ok {
				continue
			}
			e := define{If: cond, At: fmt.Sprintf("%s:%d", file, l.no)}
			switch kw {
			case "define":
				name := rest
				body := ""
				if i := strings.IndexAny(rest, " \t("); i >= 0 {
					name, body = rest[:i], rest[i:]
				}
				if name == guard {
					continue
				}
				e.Name = name
				if strings.HasPrefix(body, "(") {
					j := strings.IndexByte(body, ')')
					if j < 0 {
						return nil, fmt.Errorf("%s:%d: bad macro parameters", file, l.no)
					}
					e.Params = strings.ReplaceAll(body[:j+1], " ", "")
				} else {
					v := strings.Join(strings.Fields(body), " ")
					e.Value = &v
				}
			case "undef":
				e.Name, e.Undef = rest, true
			case "error":
				e.Error = true
			}
			out = append(out, e)
		case "include", "warning", "pragma", "":
		default:
			return nil, fmt.Errorf("%s:%d: unexpected #%s", file, l.no, kw)
		}
	}
	if len(stack) != 0 {
		return nil, fmt.Errorf("%s: unbalanced #if", file)
	}
	return foldBools(out), nil
}

func normC(s string) string {
	toks, err := ctokenize(s)
	if err != nil {
		return strings.Join(strings.Fields(s), " ")
	}
	return ctext(toks)
}

var simpleDefined = regexp.MustCompile(`^defined\([A-Za-z_][A-Za-z0-9_]*\)$`)
var simpleIdent = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func negAtom(a string) string {
	switch {
	case simpleDefined.MatchString(a), simpleIdent.MatchString(a):
		return "!" + a
	case strings.HasPrefix(a, "!") && (simpleDefined.MatchString(a[1:]) || simpleIdent.MatchString(a[1:])):
		return a[1:]
	}
	return "!(" + a + ")"
}

func joinAtoms(atoms []string) string {
	var parts []string
	for _, a := range atoms {
		if len(atoms) > 1 && (strings.Contains(a, "||") || strings.Contains(a, "?")) && !strings.HasPrefix(a, "!(") {
			a = "(" + a + ")"
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " && ")
}

// foldBools turns "#ifdef CONFIG_X / #define N 1 / #else / #define N 0"
// into one entry with Bool.
func foldBools(ds []define) []define {
	var out []define
	for i := 0; i < len(ds); i++ {
		a := ds[i]
		if i+1 < len(ds) && a.Value != nil && *a.Value == "1" {
			b := ds[i+1]
			if b.Name == a.Name && b.Value != nil && *b.Value == "0" {
				pa, xa := splitLastAtom(a.If)
				pb, xb := splitLastAtom(b.If)
				if pa == pb && simpleDefined.MatchString(xa) && xb == "!"+xa {
					out = append(out, define{Name: a.Name, If: pa, Bool: xa[len("defined(") : len(xa)-1], At: a.At})
					i++
					continue
				}
			}
		}
		out = append(out, a)
	}
	return out
}

func splitLastAtom(s string) (string, string) {
	if i := strings.LastIndex(s, " && "); i >= 0 {
		return s[:i], s[i+4:]
	}
	return "", s
}

var configRef = regexp.MustCompile(`\bCONFIG_([A-Za-z0-9_]+)`)

// buildTable assembles the table of one tag.
// buildTable builds the table of a tree for esp32, with the differences
// of the other targets' Kconfig trees (Targets).
func buildTable(it *idfTree) (*table, error) {
	t, err := buildTableFor(it, "esp32")
	if err != nil {
		return nil, err
	}
	var targets []string
	for p := range it.files {
		if m := socCapsRe.FindStringSubmatch(p); m != nil && m[1] != "esp32" && m[1] != "linux" {
			targets = append(targets, m[1])
		}
	}
	sort.Strings(targets)
	for _, tg := range targets {
		tt, err := buildTableFor(it, tg)
		if err != nil {
			return nil, err
		}
		t.Targets = append(t.Targets, targetDiff(t, tt, tg))
	}
	return t, nil
}

var socCapsRe = regexp.MustCompile(`^components/soc/([a-z0-9]+)/include/soc/Kconfig\.soc_caps\.in$`)

// targetDiff is what target's table tt changes in the esp32 table base.
func targetDiff(base, tt *table, target string) targetTable {
	d := targetTable{Target: target, Undefined: tt.Undefined}
	bs := map[string]symbol{}
	for _, s := range base.Symbols {
		bs[s.Name] = s
	}
	ts := map[string]bool{}
	for _, s := range tt.Symbols {
		ts[s.Name] = true
		if b, ok := bs[s.Name]; !ok || !reflect.DeepEqual(exportedSym(b), exportedSym(s)) {
			d.Symbols = append(d.Symbols, s)
		}
	}
	for _, s := range base.Symbols {
		if !ts[s.Name] {
			d.Absent = append(d.Absent, s.Name)
		}
	}
	bc := map[string]choice{}
	for _, c := range base.Choices {
		bc[c.Name] = c
	}
	tc := map[string]bool{}
	for _, c := range tt.Choices {
		tc[c.Name] = true
		if b, ok := bc[c.Name]; !ok || !reflect.DeepEqual(exportedChoice(b), exportedChoice(c)) {
			d.Choices = append(d.Choices, c)
		}
	}
	for _, c := range base.Choices {
		if !tc[c.Name] {
			d.AbsentChoices = append(d.AbsentChoices, c.Name)
		}
	}
	return d
}

func exportedSym(s symbol) symbol {
	return symbol{Name: s.Name, Type: s.Type, At: s.At, Prompt: s.Prompt, PromptIf: s.PromptIf, Depends: s.Depends, Choice: s.Choice,
		Defaults: s.Defaults, Ranges: s.Ranges, SelectedBy: s.SelectedBy, ImpliedBy: s.ImpliedBy, External: s.External}
}

func exportedChoice(c choice) choice {
	return choice{Name: c.Name, At: c.At, Prompt: c.Prompt, PromptIf: c.PromptIf, Depends: c.Depends, Defaults: c.Defaults, Symbols: c.Symbols}
}

func buildTableFor(it *idfTree, target string) (*table, error) {
	kt, err := parseKconfigTree(it, target)
	if err != nil {
		return nil, err
	}
	t := &table{IDF: it.tag, Commit: it.commit, EspLwip: it.espLwip, Lwipopts: it.firstFile(lwipoptsPaths)}
	src, ok := it.files[t.Lwipopts]
	if !ok {
		return nil, fmt.Errorf("%s: no %s", it.tag, t.Lwipopts)
	}
	if t.Defines, err = extractDefines(t.Lwipopts, src); err != nil {
		return nil, err
	}
	sysArch := it.firstFile(sysArchPaths)
	for i, l := range strings.Split(it.files[sysArch], "\n") {
		if strings.Contains(l, "xTaskGetTickCount() * portTICK_PERIOD_MS") {
			t.SysNow = fmt.Sprintf("%s:%d", sysArch, i+1)
		}
	}
	for _, c := range contextMacros {
		for _, p := range c.paths {
			s, ok := it.files[p]
			if !ok {
				continue
			}
			ds, err := extractDefines(p, s)
			if err != nil {
				return nil, err
			}
			for _, d := range ds {
				for _, n := range c.names {
					if d.Name == n {
						t.Context = append(t.Context, d)
					}
				}
			}
			break
		}
	}
	lines := strings.Split(it.files["CMakeLists.txt"], "\n")
	for i := 0; i+1 < len(lines); i++ {
		c, d := buildFlagRe.FindStringSubmatch(lines[i]), buildFlagDef.FindStringSubmatch(lines[i+1])
		if c != nil && d != nil && d[1] == "NDEBUG" {
			one := "1"
			t.BuildFlags = append(t.BuildFlags, define{Name: d[1], If: "defined(" + c[1] + ")", Value: &one, At: fmt.Sprintf("CMakeLists.txt:%d", i+2)})
		}
	}
	// arch/cc.h, then arch/sys_arch.h: the order in which lwIP's arch.h
	// reads them (cc.h includes sys_arch.h near its top, but defines none
	// of the same names).
	for _, paths := range [][]string{portCC, portSysArch} {
		for _, p := range paths {
			s, ok := it.files[p]
			if !ok {
				continue
			}
			ds, err := extractDefines(p, s)
			if err != nil {
				return nil, err
			}
			for _, d := range ds {
				if portMacro.MatchString(d.Name) && d.Value != nil && d.Params == "" && !strings.HasPrefix(d.Name, "LWIP_HDR_") {
					t.Port = append(t.Port, d)
				}
			}
			break
		}
	}

	// The symbols: all of components/lwip/Kconfig, then the external
	// symbols they and the defines refer to, and the symbols selecting them.
	include := map[string]bool{}
	var names []string
	undefined := map[string]bool{}
	add := func(n string) {
		if !include[n] && kt.syms[n] != nil {
			include[n] = true
			names = append(names, n)
		} else if kt.syms[n] == nil && !strings.HasPrefix(n, "IDF_TARGET") {
			undefined[n] = true
		}
	}
	for _, n := range kt.order {
		if !kt.syms[n].nodes[0].external {
			add(n)
		}
	}
	lwipCount := len(names)
	refs := func(x kexpr) {
		for _, n := range symbols(x, nil) {
			add(n)
		}
	}
	refText := func(s string) {
		if x, err := parseKexpr(s); err == nil {
			refs(x)
		}
	}
	for _, n := range names[:lwipCount] {
		for _, nd := range kt.syms[n].nodes {
			refs(nd.dep)
			refs(nd.promptIf)
			for _, d := range nd.defaults {
				refText(d.val)
				refs(d.cond)
			}
			for _, r := range nd.ranges {
				refText(r.min)
				refText(r.max)
				refs(r.cond)
			}
			if nd.choice != nil {
				refs(nd.choice.dep)
				for _, d := range nd.choice.defaults {
					refs(d.cond)
				}
			}
		}
	}
	// Old names that sdkconfig.h still defines as aliases of renamed
	// symbols (kconfgen DeprecatedOptions.append_header), such as
	// CONFIG_NEWLIB_NANO_FORMAT in v5.5.5's esp_task.h.
	oldNames := map[string]string{}
	for p, src := range it.files {
		if !strings.HasPrefix(path.Base(p), "sdkconfig.rename") || strings.HasPrefix(path.Base(p), "sdkconfig.rename.") && path.Base(p) != "sdkconfig.rename.esp32" {
			continue
		}
		for _, l := range strings.Split(src, "\n") {
			if f := strings.Fields(l); len(f) == 2 && !strings.HasPrefix(f[0], "#") {
				oldNames[strings.TrimPrefix(f[0], "CONFIG_")] = strings.TrimPrefix(strings.TrimPrefix(f[1], "!"), "CONFIG_")
			}
		}
	}
	for _, list := range [][]define{t.Defines, t.Context, t.BuildFlags, t.Port} {
		for _, d := range list {
			s := d.If + " " + d.Bool
			if d.Value != nil {
				s += " " + *d.Value
			}
			for _, m := range configRef.FindAllStringSubmatch(s, -1) {
				if kt.syms[m[1]] == nil && oldNames[m[1]] != "" {
					add(oldNames[m[1]])
					continue
				}
				add(m[1])
			}
		}
	}
	// Close the set: every symbol a dependency, prompt condition, default,
	// range, select or imply condition or choice of an included symbol
	// names, the members of their choices, and the symbols selecting or
	// implying them, until nothing is added (TestTableClosed checks it).
	for done := 0; done < len(names); {
		for _, n := range names[done:] {
			done++
			for _, nd := range kt.syms[n].nodes {
				refs(nd.dep)
				refs(nd.promptIf)
				for _, d := range nd.defaults {
					refText(d.val)
					refs(d.cond)
				}
				for _, r := range nd.ranges {
					refText(r.min)
					refText(r.max)
					refs(r.cond)
				}
				for _, sel := range append(append([]kcSelect{}, nd.selects...), nd.implies...) {
					refs(sel.cond)
				}
				if ch := nd.choice; ch != nil {
					refs(ch.dep)
					for _, d := range ch.defaults {
						refs(d.cond)
					}
					for _, m := range ch.syms {
						add(m)
					}
				}
			}
		}
		for _, n := range kt.order {
			for _, nd := range kt.syms[n].nodes {
				for _, sel := range append(append([]kcSelect{}, nd.selects...), nd.implies...) {
					if include[sel.target] {
						add(n)
					}
				}
			}
		}
	}
	for n := range undefined {
		t.Undefined = append(t.Undefined, n)
	}
	sort.Strings(t.Undefined)
	ext := append([]string(nil), names[lwipCount:]...)
	sort.Strings(ext)
	names = append(names[:lwipCount], ext...)

	choices := map[*kcChoice]bool{}
	for _, n := range names {
		s := kt.syms[n]
		sym := symbol{Name: n, At: s.nodes[0].at, External: s.nodes[0].external}
		for _, nd := range s.nodes {
			if sym.Type == "" {
				sym.Type = nd.typ
			}
			if nd.choice != nil {
				sym.Choice = choiceName(nd.choice)
				choices[nd.choice] = true
			}
		}
		if sym.Type == "" {
			return nil, fmt.Errorf("%s: symbol %s has no type", it.tag, n)
		}
		if len(s.nodes) == 1 {
			nd := s.nodes[0]
			sym.Depends = kstr(nd.dep)
			sym.Prompt = nd.prompt
			if nd.prompt {
				sym.PromptIf = kstr(nd.promptIf)
			}
			for _, d := range nd.defaults {
				sym.Defaults = append(sym.Defaults, condValue{Value: normK(d.val), If: kstr(d.cond)})
			}
			for _, r := range nd.ranges {
				sym.Ranges = append(sym.Ranges, valueRange{Min: r.min, Max: r.max, If: kstr(r.cond)})
			}
		} else {
			var dep kexpr
			var prompt kexpr
			always := false
			for i, nd := range s.nodes {
				if i == 0 {
					dep = nd.dep
				} else {
					dep = orK(dep, nd.dep)
				}
				if nd.prompt {
					p := andK(nd.promptIf, nd.dep)
					if p == nil {
						always = true
					}
					if !sym.Prompt {
						prompt = p
					} else {
						prompt = orK(prompt, p)
					}
					sym.Prompt = true
				}
				for _, d := range nd.defaults {
					sym.Defaults = append(sym.Defaults, condValue{Value: normK(d.val), If: kstr(andK(d.cond, nd.dep))})
				}
				for _, r := range nd.ranges {
					sym.Ranges = append(sym.Ranges, valueRange{Min: r.min, Max: r.max, If: kstr(andK(r.cond, nd.dep))})
				}
			}
			if dep != nil && s.nodes[0].dep == nil {
				dep = nil
			}
			sym.Depends = kstr(dep)
			if sym.Prompt && !always {
				sym.PromptIf = kstr(prompt)
			}
		}
		t.Symbols = append(t.Symbols, sym)
	}
	// Reverse dependencies.
	idx := map[string]*symbol{}
	for i := range t.Symbols {
		idx[t.Symbols[i].Name] = &t.Symbols[i]
	}
	for _, n := range kt.order {
		for _, nd := range kt.syms[n].nodes {
			for _, sel := range nd.selects {
				if s := idx[sel.target]; s != nil {
					s.SelectedBy = append(s.SelectedBy, kstr(andK(&kref{name: n}, sel.cond)))
				}
			}
			for _, sel := range nd.implies {
				if s := idx[sel.target]; s != nil {
					s.ImpliedBy = append(s.ImpliedBy, kstr(andK(&kref{name: n}, sel.cond)))
				}
			}
		}
	}
	for _, c := range kt.choices {
		if !choices[c] {
			continue
		}
		ch := choice{Name: choiceName(c), At: c.at, Prompt: c.prompt, Depends: kstr(c.dep), Symbols: c.syms}
		if c.prompt {
			ch.PromptIf = kstr(c.promptIf)
		}
		for _, d := range c.defaults {
			ch.Defaults = append(ch.Defaults, condValue{Value: d.val, If: kstr(d.cond)})
		}
		t.Choices = append(t.Choices, ch)
	}
	known := map[string]bool{}
	for _, s := range t.Symbols {
		known[s.Name] = true
	}
	for _, c := range t.Choices {
		known[c.Name] = true
	}
	// Renames.
	var rfiles []string
	for p := range it.files {
		if strings.HasPrefix(path.Base(p), "sdkconfig.rename") {
			rfiles = append(rfiles, p)
		}
	}
	sort.Strings(rfiles)
	for _, p := range rfiles {
		target := strings.TrimPrefix(strings.TrimPrefix(path.Base(p), "sdkconfig.rename"), ".")
		for i, l := range strings.Split(it.files[p], "\n") {
			f := strings.Fields(l)
			if len(f) != 2 || strings.HasPrefix(f[0], "#") {
				continue
			}
			old := strings.TrimPrefix(f[0], "CONFIG_")
			nw := strings.TrimPrefix(f[1], "!")
			inv := nw != f[1]
			nw = strings.TrimPrefix(nw, "CONFIG_")
			if known[old] || known[nw] {
				t.Renames = append(t.Renames, rename{Old: old, New: nw, Invert: inv, Target: target, At: fmt.Sprintf("%s:%d", p, i+1)})
			}
		}
	}
	if err := t.compile(); err != nil {
		return nil, fmt.Errorf("%s: generated table does not compile: %w", it.tag, err)
	}
	return t, nil
}

func choiceName(c *kcChoice) string {
	if c.name != "" {
		return c.name
	}
	return "<choice " + c.at + ">"
}

func normK(s string) string {
	x, err := parseKexpr(s)
	if err != nil {
		return s
	}
	return x.String()
}
