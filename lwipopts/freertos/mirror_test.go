package freertos

// The generator of data/ and its checks against FreeRTOS+TCP's git
// history. They need a git mirror of FreeRTOS/FreeRTOS-Plus-TCP
// (testenv.Mirror: $LWIPLINT_MIRRORS/FreeRTOS+FreeRTOS-Plus-TCP) and are
// skipped without one, as in CI.
//
//	LWIPLINT_UPDATE=1 go test ./lwipopts/freertos -run TestMirrorTables
//
// rewrites data/<version>.yaml.

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/lwiplint/lwiplint/internal/testenv"
	"go.yaml.in/yaml/v3"
)

// untagged are the versions of the history imported from FreeRTOS's SVN
// (no git tags): the first commit whose FreeRTOS_IP.c header names each
// version. TestMirrorUntaggedCommits checks that choice.
var untagged = []struct{ version, commit, note string }{
	{"V2.0.0", "e6b66236fb8e3d6447aee2b05344d9b635c0d3a1", "no tag: the code shipped with FreeRTOS V10.0.0 (commit \"Update to MIT licensed FreeRTOS V10.0.0\")"},
	{"V2.0.1", "ff8cd4edec0cdefd15bc294104f8ed9968871c62", "no tag: first commit whose FreeRTOS_IP.c header reads V2.0.1 (FreeRTOS V10.0.1)"},
	{"V2.0.3", "e827175590f9f49170e55170cec11aef6e5dcb9b", "no tag: first commit whose FreeRTOS_IP.c header reads V2.0.3"},
	{"V2.0.7", "b95fdc3e023c8651fb3ae65e4453710853a23bce", "no tag: first commit whose FreeRTOS_IP.c header reads V2.0.7"},
	{"V2.0.11", "46640f5508f3cf71316c0787667a72a1ddb04938", "no tag: first commit whose FreeRTOS_IP.c header reads V2.0.11; later V2.0.11 commits (c3482c22d, 2019-07-14) changed RST handling"},
	{"V2.2.0", "ffb163c8f6df229afa93031900d8fe85561a3b79", "no tag: first commit whose FreeRTOS_IP.c header reads V2.2.0"},
	{"V2.2.1", "31a7d8f03784941691171d7f267248c2b51a73fe", "no tag: first commit whose FreeRTOS_IP.c header reads V2.2.1; from 31aed2149 (2020-05-28) on, still V2.2.1, the MSS #error is gone"},
}

// releaseTag are the release tags with a table: V<x.y.z> and the patch
// releases of a release (V2.3.2-LTS-Patch-2, V2.3.3-Patch-1).
var releaseTag = regexp.MustCompile(`^V\d+\.\d+\.\d+(-LTS-Patch-\d+|-Patch-\d+)?$`)

func mirrorGitDir() string { return testenv.Mirror(Repository) }

func needMirror(t *testing.T) string {
	t.Helper()
	d := mirrorGitDir()
	if d == "" {
		testenv.SkipLocal(t, Repository)
	}
	return d
}

func git(gitDir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"--git-dir=" + gitDir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

type source struct{ version, tag, ref, note string }

// mirrorSources lists every version to generate: the untagged ones and
// every release tag of the mirror.
func mirrorSources(gitDir string) ([]source, error) {
	var out []source
	for _, u := range untagged {
		out = append(out, source{u.version, "", u.commit, u.note})
	}
	tags, err := git(gitDir, "tag", "--list", "V*")
	if err != nil {
		return nil, err
	}
	for _, tag := range strings.Fields(string(tags)) {
		if releaseTag.MatchString(tag) {
			out = append(out, source{tag, tag, "refs/tags/" + tag, ""})
		}
	}
	slices.SortFunc(out, func(a, b source) int { return compareVersions(a.version, b.version) })
	return out, nil
}

// tree is the core files of one version.
type tree struct {
	files  map[string]string // path → content, CR removed
	all    map[string]bool   // every path of the commit
	layout string
	prefix string // "" or "source/"
}

func (tr *tree) defaultsPath() string {
	if tr.layout == "flat" {
		return "include/FreeRTOSIPConfigDefaults.h"
	}
	return "source/include/FreeRTOSIPConfigDefaults.h"
}

func (tr *tree) deprecatedPath() string {
	return path.Dir(tr.defaultsPath()) + "/FreeRTOSIPDeprecatedDefinitions.h"
}

// isCore tells whether p is a core source of the tree: the stack's .c
// files, its headers, and the buffer allocation schemes.
func isCore(layout, p string) bool {
	pre := ""
	if layout == "source" {
		pre = "source/"
	}
	dir, base := path.Split(p)
	switch {
	case dir == pre && strings.HasSuffix(base, ".c"):
		return true
	case dir == pre+"include/" && strings.HasSuffix(base, ".h"):
		return true
	case dir == pre+"portable/BufferManagement/" && strings.HasSuffix(base, ".c"):
		return true
	}
	return false
}

func readTree(gitDir, ref string) (*tree, error) {
	ls, err := git(gitDir, "ls-tree", "-r", "--name-only", ref)
	if err != nil {
		return nil, err
	}
	tr := &tree{files: map[string]string{}, all: map[string]bool{}}
	for _, p := range strings.Split(strings.TrimSpace(string(ls)), "\n") {
		tr.all[p] = true
	}
	switch {
	case tr.all["source/include/FreeRTOSIPConfigDefaults.h"]:
		tr.layout, tr.prefix = "source", "source/"
	case tr.all["include/FreeRTOSIPConfigDefaults.h"]:
		tr.layout = "flat"
	default:
		return nil, fmt.Errorf("%s: no FreeRTOSIPConfigDefaults.h", ref)
	}
	var want []string
	for p := range tr.all {
		if isCore(tr.layout, p) || p == "manifest.yml" {
			want = append(want, p)
		}
	}
	sort.Strings(want)
	ar, err := git(gitDir, append([]string{"archive", "--format=tar", ref, "--"}, want...)...)
	if err != nil {
		return nil, err
	}
	r := tar.NewReader(bytes.NewReader(ar))
	for {
		h, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		tr.files[h.Name] = strings.ReplaceAll(string(b), "\r", "")
	}
	return tr, nil
}

var (
	metaField    = regexp.MustCompile(`^(Type|Unit|Minimum|Maximum):\s*(.*)$`)
	identOnly    = regexp.MustCompile(`^[A-Za-z_]\w*$`)
	boolText     = regexp.MustCompile(`^Invalid (\w+) configuration$`)
	nowCalled    = regexp.MustCompile(`now (?:now )?called:? (\w+)`)
	replacedBy   = regexp.MustCompile(`replaced by (\w+)\s*(\()?`)
	urlFragment  = regexp.MustCompile(`#(ipconfig\w+)`)
	manifestVer  = regexp.MustCompile(`(?m)^version:\s*"?([^"\n]*?)"?\s*$`)
	versionMacro = regexp.MustCompile(`#\s*define\s+ipFR_TCP_VERSION_NUMBER\s+"([^"]*)"`)
	ipconfigName = regexp.MustCompile(`\bipconfig\w+`)
	headerVer    = regexp.MustCompile(`FreeRTOS\+TCP (V\d+\.\d+\.\d+|<DEVELOPMENT BRANCH>|Labs Build \d+)`)
)

// fingerprintFiles are the files whose hashes identify a version.
var fingerprintFiles = []string{"FreeRTOSIPConfigDefaults.h", "FreeRTOS_IP.h", "FreeRTOS_IP.c", "FreeRTOS_TCP_IP.c", "FreeRTOS_Sockets.c"}

// probe is a run-time fact the generator locates (see [Probe]).
type probe struct {
	id string
	re *regexp.Regexp
}

// probes are the probes the generator looks for, in the order [Probe]
// documents them.
var probes = []probe{
	{"mss-mtu-assert", regexp.MustCompile(`configASSERT\s*\(.*ipSIZE_OF_IPv4_HEADER\s*\+\s*ipSIZE_OF_TCP_HEADER\s*\+\s*ipconfigTCP_MSS`)},
	{"mss-min-clamp", regexp.MustCompile(`^\s*#\s*if\s*\(\s*ipconfigTCP_MSS\s*>=\s*tcpMINIMUM_SEGMENT_LENGTH\s*\)`)},
	{"mss-internet-cap", regexp.MustCompile(`^\s*#\s*define\s+(tcp)?REDUCED_MSS_THROUGH_INTERNET\b`)},
	{"window-half-buffer", regexp.MustCompile(`uxRxStreamSize\s*/\s*2U?\s*\)\s*/\s*ipconfigTCP_MSS`)},
	{"syn-give-up", regexp.MustCompile(`ucRepCount\s*>=\s*3[uU]?\b`)},
	{"syn-wait-11s", regexp.MustCompile(`ulDelayMs\s*=\s*11000`)},
	{"socket-timer-u16", regexp.MustCompile(`uint16_t\s+usTimeout\s*;`)},
	{"rst-synsent-ack", regexp.MustCompile(`ulAckNumber\s*==\s*\(?\s*pxSocket->u\.xTCP\.xTCPWindow\.ulOurSequenceNumber\s*\+\s*1`)},
	{"connect-fail-wakeup", regexp.MustCompile(`xPreviousState\s*==\s*eCONNECT_SYN`)},
	{"rst-reply-syn-plus1", regexp.MustCompile(`ucFlagsReceived\s*&\s*tcpTCP_FLAG_SYN`)},
	{"rst-reply-flip-only", regexp.MustCompile(`vFlip_32\(\s*pxTCPPacket->xTCPHeader\.ulSequenceNumber,\s*pxTCPPacket->xTCPHeader\.ulAckNr\s*\)`)},
	{"ignore-unknown-eq0", regexp.MustCompile(`^\s*#\s*if\s*\(\s*ipconfigIGNORE_UNKNOWN_PACKETS\s*==\s*0\s*\)`)},
	{"ignore-unknown-eq1", regexp.MustCompile(`^\s*#\s*if\s*\(\s*ipconfigIGNORE_UNKNOWN_PACKETS\s*==\s*1\s*\)`)},
}

// guardLike are include guards and the kernel's header markers.
func guardLike(id string) bool {
	return strings.HasSuffix(id, "_H") || strings.HasPrefix(id, "INC_")
}

var cWords = map[string]bool{"inline": true, "sizeof": true, "int": true, "unsigned": true, "long": true, "char": true, "void": true, "do": true, "while": true, "if": true, "else": true, "return": true, "const": true}

func buildTable(gitDir string, src source) (*Table, error) {
	info, err := git(gitDir, "log", "-1", "--format=%H %cs", src.ref+"^{commit}")
	if err != nil {
		return nil, err
	}
	f := strings.Fields(string(info))
	tr, err := readTree(gitDir, f[0])
	if err != nil {
		return nil, err
	}
	t := &Table{
		Version: src.version, Tag: src.tag, Commit: f[0], Date: f[1], Note: src.note,
		Layout: tr.layout, DefaultsFile: tr.defaultsPath(),
	}
	byBase := map[string]string{}
	var paths []string
	for p := range tr.files {
		paths = append(paths, p)
		if p != "manifest.yml" {
			byBase[path.Base(p)] = p
		}
	}
	sort.Strings(paths)

	// Markers.
	m := &t.Markers
	m.Fingerprints = map[string]string{}
	if s, ok := tr.files["manifest.yml"]; ok {
		if mm := manifestVer.FindStringSubmatch(s); mm != nil {
			m.Manifest = mm[1]
		}
	}
	if p, ok := byBase["FreeRTOS_IP.h"]; ok {
		if mm := versionMacro.FindStringSubmatch(tr.files[p]); mm != nil {
			m.VersionMacro = mm[1]
		}
	}
	if p, ok := byBase["FreeRTOS_IP.c"]; ok {
		head := tr.files[p]
		if len(head) > 400 {
			head = head[:400]
		}
		if mm := headerVer.FindStringSubmatch(head); mm != nil {
			m.Header = mm[1]
		}
	}
	_, m.Routing = byBase["FreeRTOS_Routing.h"]
	_, m.Deprecated = byBase["FreeRTOSIPDeprecatedDefinitions.h"]
	for _, b := range fingerprintFiles {
		if p, ok := byBase[b]; ok {
			sum := sha256.Sum256([]byte(tr.files[p]))
			m.Fingerprints[b] = hex.EncodeToString(sum[:])
		}
	}

	// Defaults.
	defPath := tr.defaultsPath()
	defSrc := tr.files[defPath]
	ds := scanSource(defSrc)
	meta := optionMeta(ds.comments)
	firstDef := map[string]int{}
	deprecatedAt := 0
	for _, d := range ds.directives {
		switch d.name {
		case "define", "undef":
		case "include":
			if strings.Contains(d.rest, "FreeRTOSIPDeprecatedDefinitions.h") {
				deprecatedAt = d.line
			}
			continue
		default:
			continue
		}
		name, params, value := parseDefine(d.rest)
		if params != nil && !strings.HasPrefix(name, "ipconfig") {
			// Helper macros (logging, allocation, STATIC_ASSERT): code, not
			// configuration; keep the name and parameters only.
			value = ""
		}
		def := Default{Name: name, Params: params, Value: value, Line: d.line}
		if d.name == "undef" {
			def = Default{Name: name, Undef: true, Line: d.line}
		}
		if d.ndefAt >= 0 {
			def.If, def.Guard = d.condExcept, d.guardLine
		} else {
			def.If, def.Forced = d.cond, true
		}
		if mt, ok := meta[name]; ok {
			def.Type, def.Unit, def.Min, def.Max = mt[0], mt[1], mt[2], mt[3]
		}
		t.Defaults = append(t.Defaults, def)
		if _, ok := firstDef[name]; !ok && !def.Undef {
			firstDef[name] = d.line
		}
	}

	// Defaults of other core headers, for names the defaults file leaves out.
	for _, base := range outsideHeaders {
		p, ok := byBase[base]
		if !ok {
			continue
		}
		for _, d := range scanSource(tr.files[p]).directives {
			if d.name != "define" || d.ndefAt < 0 {
				continue
			}
			name, params, value := parseDefine(d.rest)
			if _, ok := firstDef[name]; ok || params != nil || !strings.HasPrefix(name, "ipconfig") {
				continue
			}
			t.Outside = append(t.Outside, Default{Name: name, File: p, Value: value, If: d.condExcept, Line: d.line, Guard: d.guardLine})
		}
	}

	// The include closure of FreeRTOS_IP.h among the core headers.
	var visit func(base string)
	visit = func(base string) {
		p, ok := byBase[base]
		if !ok || !strings.HasSuffix(p, ".h") || slices.Contains(t.IPHeaders, base) {
			return
		}
		t.IPHeaders = append(t.IPHeaders, base)
		for _, d := range scanSource(tr.files[p]).directives {
			if d.name == "include" && strings.HasPrefix(d.rest, "\"") {
				visit(path.Base(strings.Trim(strings.Fields(d.rest)[0], "\"")))
			}
		}
	}
	visit("FreeRTOS_IP.h")

	// Checks, the defaults file first, then the deprecated names, then the
	// rest in path order.
	order := []string{defPath}
	if _, ok := tr.files[tr.deprecatedPath()]; ok {
		order = append(order, tr.deprecatedPath())
	}
	for _, p := range paths {
		if p != "manifest.yml" && !slices.Contains(order, p) {
			order = append(order, p)
		}
	}
	rawLines := func(p string) []string { return strings.Split(tr.files[p], "\n") }
	for _, p := range order {
		s := ds
		if p != defPath {
			s = scanSource(tr.files[p])
		}
		pos := 1 << 30 // other files see every default
		switch p {
		case defPath:
			pos = 0
		case tr.deprecatedPath():
			pos = deprecatedAt
		}
		for _, d := range s.directives {
			if d.name != "error" && d.name != "warning" {
				continue
			}
			c := Check{Kind: d.name, Text: d.rest, If: d.cond, IfLine: d.ifLine, File: p, Line: d.line}
			c.Uses = identifiers(c.If)
			classify(&c, firstDef)
			c.BeforeDefault = beforeDefault(c.Uses, firstDef, pos, d.line)
			t.Checks = append(t.Checks, c)
			if c.Class == ClassRenamed {
				t.Renames = append(t.Renames, renameOf(c, rawLines(p)[d.line-1]))
			}
		}
		for _, a := range s.asserts {
			c := Check{Kind: KindStaticAssert, Class: ClassConstraint, Expr: a.expr, If: a.cond, IfLine: a.ifLine, File: p, Line: a.line}
			c.Uses = identifiers(c.If, c.Expr)
			c.Option = onlyOption(c.Uses)
			c.BeforeDefault = beforeDefault(c.Uses, firstDef, pos, a.line)
			t.Checks = append(t.Checks, c)
		}
	}

	// Context and external names.
	used := map[string]bool{}
	for _, d := range t.Defaults {
		if d.Params == nil {
			for _, id := range identifiers(d.Value, d.If) {
				used[id] = true
			}
		} else {
			for _, id := range identifiers(d.If) {
				used[id] = true
			}
		}
	}
	for _, c := range t.Checks {
		if c.Class == ClassRenamed || c.Class == ClassIncludeOrder {
			continue
		}
		for _, id := range c.Uses {
			used[id] = true
		}
	}
	// The header sizes, which configurations use to write
	// ipconfigTCP_MSS (ipconfigNETWORK_MTU - ( ipSIZE_OF_IPv4_HEADER +
	// ipSIZE_OF_TCP_HEADER )), also where no default uses them.
	// Every header size of the core headers, for the same reason:
	// V4.x's own test configurations write ipconfigTCP_MSS with
	// ipSIZE_OF_IPv6_HEADER.
	defs := contextDefines(tr, paths, defPath)
	used["ipSIZE_OF_IPv4_HEADER"], used["ipSIZE_OF_TCP_HEADER"] = true, true
	for id, mc := range defs {
		if strings.HasPrefix(id, "ipSIZE_OF_") && strings.HasSuffix(mc.File, ".h") {
			used[id] = true
		}
	}
	var names []string
	for id := range used {
		if _, ok := firstDef[id]; ok || strings.HasPrefix(id, "ipconfig") || cWords[id] || guardLike(id) {
			continue
		}
		names = append(names, id)
	}
	sort.Strings(names)
	for _, id := range names {
		if mc, ok := defs[id]; ok {
			t.Context = append(t.Context, mc)
		} else {
			t.External = append(t.External, id)
		}
	}

	// The ipconfig names of the rest of the release: network-interface
	// drivers, buffer management, tools (not the tests and docs).
	if out, err := git(gitDir, "grep", "-ohE", `ipconfig[A-Za-z0-9_]+`, f[0], "--", ".", ":!test/", ":!*.md", ":!docs/", ":!.github/"); err == nil {
		seen := map[string]bool{}
		for _, n := range strings.Fields(string(out)) {
			seen[n] = true
		}
		for n := range seen {
			t.TreeNames = append(t.TreeNames, n)
		}
		sort.Strings(t.TreeNames)
	}

	// Names.
	read := map[string]bool{}
	for _, p := range paths {
		if p == "manifest.yml" {
			continue
		}
		lines, _ := splitSource(tr.files[p])
		for _, l := range lines {
			for _, id := range ipconfigName.FindAllString(l.text, -1) {
				read[id] = true
			}
		}
	}
	for id := range read {
		t.Names = append(t.Names, id)
	}
	sort.Strings(t.Names)

	// Probes.
	for _, pr := range probes {
		for _, p := range paths {
			if p == "manifest.yml" {
				continue
			}
			if i := slices.IndexFunc(rawLines(p), pr.re.MatchString); i >= 0 {
				t.Probes = append(t.Probes, Probe{pr.id, p, i + 1})
				break
			}
		}
	}
	return t, nil
}

// optionMeta reads the "Type:", "Unit:", "Minimum:" and "Maximum:" fields
// of comment blocks whose first line is a macro name.
func optionMeta(comments []blockComment) map[string][4]string {
	out := map[string][4]string{}
	for _, c := range comments {
		var lines []string
		for _, l := range strings.Split(c.text, "\n") {
			l = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "*"))
			if l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) < 2 || !identOnly.MatchString(lines[0]) {
			continue
		}
		var m [4]string
		found := false
		for _, l := range lines[1:] {
			mm := metaField.FindStringSubmatch(l)
			if mm == nil {
				continue
			}
			found = true
			i := map[string]int{"Type": 0, "Unit": 1, "Minimum": 2, "Maximum": 3}[mm[1]]
			if m[i] == "" {
				m[i] = collapse(mm[2])
			}
		}
		if found {
			out[lines[0]] = m
		}
	}
	return out
}

func onlyOption(uses []string) string {
	var opts []string
	for _, u := range uses {
		if strings.HasPrefix(u, "ipconfig") && u != "ipconfigENABLE" && u != "ipconfigDISABLE" && u != "ipconfigIS_ENABLED" && u != "ipconfigIS_DISABLED" {
			opts = append(opts, u)
		}
	}
	if len(opts) == 1 {
		return opts[0]
	}
	return ""
}

func classify(c *Check, firstDef map[string]int) {
	if m := boolText.FindStringSubmatch(c.Text); m != nil {
		c.Class, c.Option = ClassBool, m[1]
		return
	}
	if m := notDefined.FindStringSubmatch(c.If); m != nil {
		if guardLike(m[1]) {
			c.Class = ClassIncludeOrder
		} else {
			c.Class, c.Option = ClassMissing, m[1]
		}
		return
	}
	if strings.HasPrefix(c.If, "defined(") && simpleCond.MatchString(c.If) {
		id := c.If[len("defined(") : len(c.If)-1]
		if _, hasDefault := firstDef[id]; !hasDefault && !guardLike(id) {
			c.Class, c.Option = ClassRenamed, id
			return
		}
	}
	allGuards := len(c.Uses) > 0
	for _, u := range c.Uses {
		if !guardLike(u) {
			allGuards = false
		}
	}
	if allGuards {
		c.Class = ClassIncludeOrder
		return
	}
	c.Class, c.Option = ClassConstraint, onlyOption(c.Uses)
}

// beforeDefault returns the names of uses whose first #define in the
// defaults file comes after the check's position there.
func beforeDefault(uses []string, firstDef map[string]int, pos, line int) []string {
	if pos == 0 {
		pos = line
	}
	var out []string
	for _, u := range uses {
		if l, ok := firstDef[u]; ok && l > pos {
			out = append(out, u)
		}
	}
	return out
}

func renameOf(c Check, raw string) Rename {
	r := Rename{Old: c.Option, File: c.File, Line: c.Line}
	low := strings.ToLower(c.Text)
	switch {
	case strings.Contains(low, "deprecated") || strings.Contains(low, "dropped"):
		r.Removed = true
	case nowCalled.MatchString(c.Text):
		r.New = nowCalled.FindStringSubmatch(c.Text)[1]
	case replacedBy.MatchString(c.Text):
		m := replacedBy.FindStringSubmatch(c.Text)
		r.New = m[1]
		if m[2] != "" {
			r.New += "()"
			r.Removed = true
		}
	default:
		// "… superseded - see http://…#ipconfigUSE_DHCP_HOOK": the new name
		// is in the part of the line the compiler reads as a comment.
		if m := urlFragment.FindStringSubmatch(raw); m != nil {
			r.New = m[1]
		}
	}
	return r
}

// contextDefines returns the first object-like #define of every name in
// the core sources other than the defaults file, headers first.
// outsideHeaders are the core headers, in the order FreeRTOS_IP.h reads
// them, whose #ifndef defaults go to Table.Outside.
var outsideHeaders = []string{"IPTraceMacroDefaults.h", "FreeRTOS_IP.h"}

func contextDefines(tr *tree, paths []string, defPath string) map[string]Macro {
	out := map[string]Macro{}
	var hs, cs []string
	for _, p := range paths {
		switch {
		case p == defPath || p == "manifest.yml":
		case strings.HasSuffix(p, ".h"):
			hs = append(hs, p)
		default:
			cs = append(cs, p)
		}
	}
	for _, p := range append(hs, cs...) {
		for _, d := range scanSource(tr.files[p]).directives {
			if d.name != "define" {
				continue
			}
			name, params, value := parseDefine(d.rest)
			if params != nil {
				continue
			}
			if _, ok := out[name]; !ok {
				out[name] = Macro{Name: name, Value: value, If: d.cond, File: p, Line: d.line}
			}
		}
	}
	return out
}

// marshalTable writes a table with one flow mapping per list element.
func marshalTable(t *Table) ([]byte, error) {
	var n yaml.Node
	if err := n.Encode(t); err != nil {
		return nil, err
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		v := n.Content[i+1]
		if v.Kind == yaml.SequenceNode {
			for _, e := range v.Content {
				if e.Kind == yaml.MappingNode {
					e.Style = yaml.FlowStyle
				}
			}
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# FreeRTOS+TCP %s: facts from %s at %s in lwiplint's own format\n", t.Version, Repository, t.Commit)
	b.WriteString("# (names, default expressions, conditions, #error texts, paths and lines; no source text).\n")
	b.WriteString("# Generated and checked by mirror_test.go:\n")
	b.WriteString("#   LWIPLINT_UPDATE=1 go test ./lwipopts/freertos -run TestMirrorTables\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func TestMirrorTables(t *testing.T) {
	gitDir := needMirror(t)
	update := os.Getenv("LWIPLINT_UPDATE") != ""
	srcs, err := mirrorSources(gitDir)
	if err != nil {
		t.Fatal(err)
	}
	var built []*Table
	for _, src := range srcs {
		tb, err := buildTable(gitDir, src)
		if err != nil {
			t.Fatalf("%s: %v", src.version, err)
		}
		built = append(built, tb)
	}
	if update {
		for i, tb := range built {
			out := tb
			for _, prev := range built[:i] {
				if prev.SameAs == "" && sameFacts(prev, tb) {
					out = &Table{Version: tb.Version, Tag: tb.Tag, Commit: tb.Commit, Date: tb.Date, Note: tb.Note, SameAs: prev.Version, Markers: tb.Markers}
					tb.SameAs = prev.Version
					break
				}
			}
			b, err := marshalTable(out)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join("data", tb.Version+".yaml"), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	seen := map[string]bool{}
	for _, got := range built {
		seen[got.Version] = true
		want, err := Get(got.Version)
		if err != nil {
			t.Errorf("%v; run with LWIPLINT_UPDATE=1", err)
			continue
		}
		if d := cmp.Diff(want, got, cmpopts.IgnoreFields(Table{}, "SameAs"), cmpopts.EquateEmpty()); d != "" {
			t.Errorf("data/%s.yaml differs from the mirror (-data +mirror):\n%s", got.Version, d)
		}
	}
	for _, v := range Versions() {
		if !seen[v] {
			t.Errorf("data/%s.yaml has no source in the mirror", v)
		}
	}
}

// TestMirrorUntaggedCommits checks that each untagged version's commit is
// the first whose FreeRTOS_IP.c header names that version.
func TestMirrorUntaggedCommits(t *testing.T) {
	gitDir := needMirror(t)
	out, err := git(gitDir, "log", "--format=%H", "--reverse", "refs/tags/V2.2.2", "--", "FreeRTOS_IP.c")
	if err != nil {
		t.Fatalf("the mirror lacks V2.2.2's history: %v", err)
	}
	first := map[string]string{}
	for _, c := range strings.Fields(string(out)) {
		b, err := git(gitDir, "show", c+":FreeRTOS_IP.c")
		if err != nil {
			continue
		}
		head := string(b)
		if len(head) > 400 {
			head = head[:400]
		}
		if m := headerVer.FindStringSubmatch(head); m != nil {
			if _, ok := first[m[1]]; !ok {
				first[m[1]] = c
			}
		}
	}
	for _, u := range untagged {
		if first[u.version] != u.commit {
			t.Errorf("%s: first commit with that header is %s, table uses %s", u.version, first[u.version], u.commit)
		}
	}
}

// TestMirrorLines checks every cited line against the mirror without the
// scanner: #error lines contain their text, defaults their name, guards
// an #ifndef or #if !defined of it.
func TestMirrorLines(t *testing.T) {
	gitDir := needMirror(t)
	for _, v := range Versions() {
		tb, _ := Get(v)
		t.Run(v, func(t *testing.T) {
			cache := map[string][]string{}
			line := func(file string, n int) string {
				ls, ok := cache[file]
				if !ok {
					b, err := git(gitDir, "show", tb.Commit+":"+file)
					if err != nil {
						t.Fatal(err)
					}
					ls = strings.Split(strings.ReplaceAll(string(b), "\r", ""), "\n")
					cache[file] = ls
				}
				if n < 1 || n > len(ls) {
					t.Fatalf("%s:%d: no such line", file, n)
				}
				return ls[n-1]
			}
			for _, c := range tb.Checks {
				l := collapse(line(c.File, c.Line))
				switch c.Kind {
				case KindError, KindWarning:
					if !strings.HasPrefix(l, "#") || !strings.Contains(l, c.Kind) || !strings.Contains(l, c.Text) {
						t.Errorf("%s:%d: %q does not hold #%s %q", c.File, c.Line, l, c.Kind, c.Text)
					}
				case KindStaticAssert:
					if !strings.HasPrefix(l, "STATIC_ASSERT") {
						t.Errorf("%s:%d: %q is not a STATIC_ASSERT", c.File, c.Line, l)
					}
				}
			}
			for _, d := range tb.Defaults {
				l := line(tb.DefaultsFile, d.Line)
				if !regexp.MustCompile(`#\s*(define|undef)\s+` + d.Name + `\b`).MatchString(l) {
					t.Errorf("%s:%d: %q does not define %s", tb.DefaultsFile, d.Line, l, d.Name)
				}
				if d.Guard > 0 {
					g := line(tb.DefaultsFile, d.Guard)
					if !regexp.MustCompile(`#\s*(ifndef\s+|if\s+\(?\s*!\s*defined\s*\(?\s*)` + d.Name + `\b`).MatchString(g) {
						t.Errorf("%s:%d: %q is not the #ifndef of %s", tb.DefaultsFile, d.Guard, g, d.Name)
					}
				}
			}
			for _, p := range tb.Probes {
				line(p.File, p.Line)
			}
		})
	}
}

// TestMirrorGCC preprocesses every version's FreeRTOSIPConfigDefaults.h
// with the host C compiler and a minimal configuration: the value of
// every unconditional default must be what gcc ends up with, and the
// #error lines gcc reports must be exactly the checks the table marks as
// reading a macro before its default (the V2.x ordering trap).
func TestMirrorGCC(t *testing.T) {
	gitDir := needMirror(t)
	testenv.Require(t, testenv.GCC() != "", "gcc")
	cc := testenv.GCC()
	for _, v := range Versions() {
		tb, _ := Get(v)
		t.Run(v, func(t *testing.T) {
			dir := t.TempDir()
			ar, err := git(gitDir, "archive", "--format=tar", tb.Commit, "--", path.Dir(tb.DefaultsFile))
			if err != nil {
				t.Fatal(err)
			}
			r := tar.NewReader(bytes.NewReader(ar))
			for {
				h, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if h.Typeflag != tar.TypeReg {
					continue
				}
				p := filepath.Join(dir, filepath.FromSlash(h.Name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(r)
				if err := os.WriteFile(p, b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cfg := filepath.Join(dir, "cfg")
			if err := os.MkdirAll(cfg, 0o755); err != nil {
				t.Fatal(err)
			}
			write := func(name, s string) {
				if err := os.WriteFile(filepath.Join(cfg, name), []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			// Kernel stand-ins with the kernel's values (projdefs.h,
			// portmacro.h of a 32-bit port).
			write("FreeRTOSConfig.h", "#define FREERTOS_CONFIG_H\n#define configTICK_RATE_HZ 1000\n#define configMINIMAL_STACK_SIZE 128\n#define configMAX_PRIORITIES 7\n"+
				"#define INCLUDE_vTaskDelay 1\n#define INCLUDE_xTaskGetCurrentTaskHandle 1\n#define configSUPPORT_DYNAMIC_ALLOCATION 1\n#define configUSE_COUNTING_SEMAPHORES 1\n"+
				"#define portMAX_DELAY 0xffffffffUL\n#define pdFREERTOS_LITTLE_ENDIAN 0\n#define pdFREERTOS_BIG_ENDIAN 1\n#define pdMS_TO_TICKS( x ) ( x )\n")
			write("FreeRTOSIPConfig.h", "#define FREERTOS_IP_CONFIG_H\n#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN\n")
			write("main.c", "#include \"FreeRTOSConfig.h\"\n#include \"FreeRTOSIPConfig.h\"\n#include \"FreeRTOSIPConfigDefaults.h\"\n")
			cmd := exec.Command(cc, "-E", "-dM", "-I", cfg, "-I", filepath.Join(dir, filepath.FromSlash(path.Dir(tb.DefaultsFile))), filepath.Join(cfg, "main.c"))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, _ := cmd.Output()
			macros := map[string]string{}
			for _, l := range strings.Split(string(out), "\n") {
				name, params, value := parseDefine(strings.TrimPrefix(l, "#define "))
				if params == nil {
					macros[name] = value
				}
			}
			var gotErrors []string
			for _, m := range regexp.MustCompile(`error: #error (.*)`).FindAllStringSubmatch(stderr.String(), -1) {
				gotErrors = append(gotErrors, collapse(m[1]))
			}
			// Every error must be explained by a check that reads a macro
			// before its default; V2.x has exactly the two of issue #456.
			for _, e := range gotErrors {
				if !slices.ContainsFunc(tb.Checks, func(c Check) bool {
					return c.File == tb.DefaultsFile && c.Text == e && len(c.BeforeDefault) > 0
				}) {
					t.Errorf("gcc reports #error %q, which the table does not mark as an ordering trap", e)
				}
			}
			if tb.Layout == "flat" && len(gotErrors) != 2 || tb.Layout == "source" && len(gotErrors) != 0 {
				t.Errorf("gcc reports %q for the minimal configuration\n%s", gotErrors, stderr.String())
			}
			// The first #ifndef default of a name wins: a second one for the
			// same name (V2.x has two for ipconfigDRIVER_INCLUDED_RX_IP_CHECKSUM)
			// is dead.
			done := map[string]bool{}
			for _, d := range tb.Defaults {
				first := !done[d.Name]
				done[d.Name] = true
				if !first || d.If != "" || d.Params != nil || d.Undef || d.Forced {
					continue
				}
				got, ok := macros[d.Name]
				if !ok {
					t.Errorf("%s: gcc has no %s", v, d.Name)
					continue
				}
				if got != d.Value {
					t.Errorf("%s: gcc has %s = %q, table %q", v, d.Name, got, d.Value)
				}
			}
		})
	}
}

// TestMirrorDetect runs DetectVersion on every version's real files,
// vendored below a directory, with CRLF line endings, and with a locally
// edited FreeRTOSIPConfigDefaults.h.
func TestMirrorDetect(t *testing.T) {
	gitDir := needMirror(t)
	for _, v := range Versions() {
		tb, _ := Get(v)
		t.Run(v, func(t *testing.T) {
			tr, err := readTree(gitDir, tb.Commit)
			if err != nil {
				t.Fatal(err)
			}
			// The marker headers are not core sources of every layout;
			// add them when the commit has them.
			for p := range tr.all {
				if b := path.Base(p); (b == "FreeRTOS_Routing.h" || b == "FreeRTOSIPDeprecatedDefinitions.h") && path.Dir(p) == path.Dir(tb.DefaultsFile) {
					if _, ok := tr.files[p]; !ok {
						tr.files[p] = ""
					}
				}
			}
			for _, variant := range []string{"plain", "crlf", "edited"} {
				fsys := fstest.MapFS{}
				for p, s := range tr.files {
					switch {
					case variant == "crlf":
						s = strings.ReplaceAll(s, "\n", "\r\n")
					case variant == "edited" && p == tb.DefaultsFile:
						s += "/* local change */\n"
					}
					fsys["vendor/FreeRTOS-Plus-TCP/"+p] = &fstest.MapFile{Data: []byte(s)}
				}
				det, err := DetectVersion(DetectInput{Tree: fsys})
				if err != nil {
					t.Fatal(err)
				}
				if det.Version != v || det.Root != "vendor/FreeRTOS-Plus-TCP" {
					t.Errorf("%s: detected %q (candidates %v, root %q)\n%+v", variant, det.Version, det.Candidates, det.Root, det.Evidence)
				}
				if !det.Exact && (tb.Tag != "" || variant != "edited") {
					t.Errorf("%s: %s not exact (candidates %v)", variant, v, det.Candidates)
				}
			}
		})
	}
}

// sameFacts reports whether two tables have the same facts (see SameAs).
func sameFacts(a, b *Table) bool {
	x, y := *a, *b
	x.Version, x.Tag, x.Commit, x.Date, x.Note, x.SameAs, x.Markers = "", "", "", "", "", "", Markers{}
	y.Version, y.Tag, y.Commit, y.Date, y.Note, y.SameAs, y.Markers = "", "", "", "", "", "", Markers{}
	bx, err1 := yaml.Marshal(x)
	by, err2 := yaml.Marshal(y)
	return err1 == nil && err2 == nil && bytes.Equal(bx, by)
}
