package freertos

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/lwiplint/lwiplint/internal/fileio"
)

// DetectInput says what to detect a FreeRTOS+TCP version from.
type DetectInput struct {
	// Tree is a FreeRTOS+TCP source tree: the repository root, or a
	// directory below which a copy of the stack lies (the first
	// FreeRTOSIPConfigDefaults.h found, in lexical order, is used). Nil
	// when only a configuration is known.
	Tree fs.FS
	// Config lists the macro names FreeRTOSIPConfig.h defines. They are
	// used only when the tree gives no evidence: a name that only some
	// versions default, or that some versions reject, narrows the range.
	Config []string
}

// Evidence kinds, strongest first.
const (
	EvidenceFingerprint = "fingerprint"   // SHA-256 of a core file equals a release's
	EvidenceManifest    = "manifest"      // manifest.yml version:
	EvidenceVersionMac  = "version-macro" // ipFR_TCP_VERSION_NUMBER in FreeRTOS_IP.h
	EvidenceHeader      = "header"        // "FreeRTOS+TCP Vx.y.z" in the licence header of FreeRTOS_IP.c
	EvidenceLayout      = "layout"        // directory layout and marker headers
	EvidenceConfig      = "config"        // a macro name of FreeRTOSIPConfig.h
)

// Evidence is one observation about a tree or a configuration.
type Evidence struct {
	Kind string
	// File is the path in DetectInput.Tree ("" for config evidence).
	File string
	// Value is what was found: a hash, a version string, a layout
	// description, a macro name.
	Value string
	// Versions are the versions with a table that agree with Value.
	Versions []string
	// Used tells whether the evidence narrowed the result. Evidence that
	// contradicts stronger evidence, or that matches no table, is not used.
	Used bool
}

// Detection is the result of [DetectVersion].
type Detection struct {
	// Version is the table to use, "" when nothing identifies one.
	Version string
	// Exact is true when a fingerprint or manifest.yml pins Version as the
	// tree's own release. Otherwise Version is the newest of Candidates.
	Exact bool
	// Candidates are the versions consistent with the used evidence,
	// oldest first.
	Candidates []string
	// Root is the directory of the stack in DetectInput.Tree, "" without a
	// tree or when none was found.
	Root string
	// Evidence lists every observation in the order it was weighed.
	Evidence []Evidence
	// Older is set when the tree names itself a release older than every
	// table ("Labs Build 150406" in the licence header of FreeRTOS_IP.c:
	// the Labs builds came before V2.0.0). Version is then the oldest
	// table, and its compile-time checks are not the tree's.
	Older string
	// Confidence says, for a detection from macro names alone, how much
	// evidence the chosen release has ("read 5 of the 7 names that tell
	// releases apart, as do V2.3.2 … V2.3.4"); "" otherwise.
	Confidence string
}

var (
	manifestRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^version:\s*"?([^"\n]*?)"?\s*$`) })
	versionRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`#\s*define\s+ipFR_TCP_VERSION_NUMBER\s+"([^"]*)"`) })
	headerRE   = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`FreeRTOS\+TCP (V\d+\.\d+\.\d+|<DEVELOPMENT BRANCH>|Labs Build \d+)`)
	})
	skipDirs = map[string]bool{".git": true, "node_modules": true, ".svn": true}
)

// fingerprintOrder is the order in which core files are fingerprinted.
var fingerprintOrder = []string{"FreeRTOSIPConfigDefaults.h", "FreeRTOS_IP.h", "FreeRTOS_IP.c", "FreeRTOS_TCP_IP.c", "FreeRTOS_Sockets.c"}

// DetectVersion identifies the FreeRTOS+TCP version of a source tree or,
// failing that, narrows it from the macro names of a configuration.
//
// Version strings in the sources are not trusted on their own: the
// ipFR_TCP_VERSION_NUMBER macro and the file headers name the wrong
// release in several versions (V4.0.0 to V4.2.1 say "V4.0.999", V4.2.2
// to V4.2.6 say "V4.2.2", V4.3.x says "V4.3.999"), so every observation
// is matched against what each release really contains. File content
// fingerprints come first, then manifest.yml (from V2.3.1), then the
// version macro and the file header, then the layout (include/ for V2.x,
// source/include/ from V3.0.0, FreeRTOS_Routing.h from V4.0.0,
// FreeRTOSIPDeprecatedDefinitions.h from V4.1.0).
func DetectVersion(in DetectInput) (Detection, error) {
	ts, err := loadOnce()
	if err != nil {
		return Detection{}, err
	}
	det := Detection{}
	if in.Tree != nil {
		if err := detectTree(in.Tree, ts, &det); err != nil {
			return det, err
		}
	}
	treeEvidence := false
	for _, e := range det.Evidence {
		if len(e.Versions) > 0 {
			treeEvidence = true
		}
	}
	if !treeEvidence {
		det.Evidence = append(det.Evidence, configEvidence(in.Config, ts)...)
		weighConfig(&det)
		return det, nil
	}
	weigh(&det)
	if det.Older != "" {
		vs := Versions()
		det.Version, det.Candidates, det.Exact = vs[0], vs[:1], false
	}
	return det, nil
}

// Penalties of weighConfig for a name of the configuration that a release
// does not know: a name only newer releases know cannot have been written
// for it (unless the user invented the same name); a name only older ones
// know is often a leftover of an older configuration; a name known before
// and after but not in the release is in between.
const (
	penaltyNewer   = 8
	penaltyOlder   = 2
	penaltyBetween = 4
	// penaltyNotRead is for a name the release knows but whose core
	// sources do not read it (a default nothing uses, a driver's option).
	penaltyNotRead = 1
)

// weighConfig chooses the release from configuration evidence alone.
//
// The names some releases reject with an #error rule those out (as long
// as one is left). Each other name that only some releases know (their
// core reads it, their defaults give it, or their drivers and tools use
// it) then weighs against the releases that do not know it, by how it
// could have come there (penaltyNewer, penaltyOlder, penaltyBetween), and
// the releases with the least weight against them fit best (a release
// that knows a name but does not read it in its core is a little worse
// than one that reads it). Several releases usually fit equally: the
// names cannot tell them apart. Of those the middle one (the upper of two)
// is taken, which is the fewest releases away from the true one whichever
// it is; the newest, taken before, is the farthest from the oldest. On the
// releases' own test configurations (TestFreeRTOSDetectOwnConfigs) the
// middle one is right for 222 of 669, the newest for 158, the oldest for
// 53; no choice from the names can be right for more than 291.
// Confidence says how many fit and whether the names pin one.
func weighConfig(det *Detection) {
	all := Versions()
	cand := all
	rejected := 0
	for i := range det.Evidence {
		e := &det.Evidence[i]
		if !strings.HasSuffix(e.Value, suffixRejected) {
			continue
		}
		var inter []string
		for _, v := range cand {
			if slices.Contains(e.Versions, v) {
				inter = append(inter, v)
			}
		}
		if len(inter) > 0 {
			e.Used, cand = true, inter
			rejected++
		}
	}
	idx := map[string]int{}
	for i, v := range all {
		idx[v] = i
	}
	ts, _ := loadOnce()
	weight := map[string]int{}
	known := 0
	for _, e := range det.Evidence {
		if !strings.HasSuffix(e.Value, suffixKnown) || len(e.Versions) == 0 {
			continue
		}
		known++
		name := strings.TrimSuffix(e.Value, " "+suffixKnown)
		first, last := idx[e.Versions[0]], idx[e.Versions[len(e.Versions)-1]]
		for _, v := range cand {
			switch i := idx[v]; {
			case slices.Contains(e.Versions, v):
				if !ts[v].Reads(name) {
					weight[v] += penaltyNotRead
				}
			case i < first:
				weight[v] += penaltyNewer
			case i > last:
				weight[v] += penaltyOlder
			default:
				weight[v] += penaltyBetween
			}
		}
	}
	if known == 0 && rejected == 0 {
		return
	}
	best := -1
	for _, v := range cand {
		if best < 0 || weight[v] < best {
			best = weight[v]
		}
	}
	var top []string
	for _, v := range cand {
		if weight[v] == best {
			top = append(top, v)
		}
	}
	choice := top[len(top)/2]
	for i := range det.Evidence {
		e := &det.Evidence[i]
		if strings.HasSuffix(e.Value, suffixKnown) && slices.Contains(e.Versions, choice) {
			e.Used = true
		}
	}
	det.Candidates = top
	det.Version = choice
	span := top[0]
	if len(top) > 1 {
		span += " … " + top[len(top)-1]
	}
	groups := map[string]bool{}
	for _, v := range top {
		groups[factsOf(ts[v])] = true
	}
	unknown := 0
	for _, e := range det.Evidence {
		if strings.HasSuffix(e.Value, suffixKnown) && !slices.Contains(e.Versions, choice) {
			unknown++
		}
	}
	misfit := ""
	if unknown > 0 {
		misfit = fmt.Sprintf(" (%d of the names unknown to it)", unknown)
	}
	switch {
	case known == 0:
		det.Confidence = fmt.Sprintf("unsure: no name that only some releases know; the names some releases reject leave %s (%d releases)", span, len(top))
	case len(groups) == 1 && len(top) == 1:
		det.Confidence = fmt.Sprintf("likely: of %s, %s fits best%s, and alone", someNames(known), choice, misfit)
	case len(groups) == 1:
		det.Confidence = fmt.Sprintf("likely: of %s, %s fit best, releases with the same defaults and checks; %s is taken%s", someNames(known), span, choice, misfit)
	default:
		det.Confidence = fmt.Sprintf("unsure: %d releases, %s, fit %s equally well; %s, the middle one, is a guess%s", len(top), span, someNames(known), choice, misfit)
	}
}

// someNames says "the 3 names that only some releases know".
func someNames(n int) string {
	if n == 1 {
		return "the one name that only some releases know"
	}
	return fmt.Sprintf("the %d names that only some releases know", n)
}

// Suffixes of the Value of config evidence.
const (
	suffixRejected = "(rejected by some versions)"
	suffixKnown    = "(known to some versions)"
)

// factsOf names the table whose facts t has: its same_as, or itself.
func factsOf(t *Table) string {
	if t.SameAs != "" {
		return t.SameAs
	}
	return t.Version
}

// knownNames are the names each release knows (see knows), by version.
var knownNames = sync.OnceValue(func() map[string]map[string]bool {
	ts, err := loadOnce()
	out := map[string]map[string]bool{}
	if err != nil {
		return out
	}
	for v, t := range ts {
		m := map[string]bool{}
		for _, n := range t.Names {
			m[n] = true
		}
		for _, n := range t.TreeNames {
			m[n] = true
		}
		for _, d := range t.Defaults {
			m[d.Name] = true
		}
		for _, d := range t.Outside {
			m[d.Name] = true
		}
		out[v] = m
	}
	return out
})

// knows reports whether release t knows the macro name: its core sources
// read it, its defaults file or another core header defaults it, or its
// drivers and tools use it.
func knows(t *Table, name string) bool { return knownNames()[t.Version][name] }

// weigh intersects the evidence in order, skipping evidence that would
// leave no candidate.
func weigh(det *Detection) {
	cand := Versions()
	narrowed, pinned := false, false
	for i := range det.Evidence {
		e := &det.Evidence[i]
		if len(e.Versions) == 0 {
			continue
		}
		var inter []string
		for _, v := range cand {
			if slices.Contains(e.Versions, v) {
				inter = append(inter, v)
			}
		}
		if len(inter) == 0 {
			continue
		}
		e.Used = true
		cand, narrowed = inter, true
		if e.Kind == EvidenceFingerprint || e.Kind == EvidenceManifest {
			pinned = true
		}
	}
	if !narrowed {
		return
	}
	det.Candidates = cand
	det.Version = cand[len(cand)-1]
	det.Exact = pinned && len(cand) == 1
}

// findRoot returns the stack's root directory and its layout ("flat",
// "source" or "" when FreeRTOSIPConfigDefaults.h is not in an include
// directory).
func findRoot(fsys fs.FS) (root, layout, defaults string, err error) {
	for _, c := range []struct{ p, layout string }{
		{"source/include/FreeRTOSIPConfigDefaults.h", "source"},
		{"include/FreeRTOSIPConfigDefaults.h", "flat"},
	} {
		if _, err := fs.Stat(fsys, c.p); err == nil {
			return ".", c.layout, c.p, nil
		}
	}
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrPermission) {
				return fs.SkipDir
			}
			return err
		}
		if d.IsDir() && skipDirs[d.Name()] {
			return fs.SkipDir
		}
		if !d.IsDir() && d.Name() == "FreeRTOSIPConfigDefaults.h" {
			defaults = p
			return fs.SkipAll
		}
		return nil
	})
	if err != nil || defaults == "" {
		return "", "", "", err
	}
	dir := path.Dir(defaults)
	switch {
	case path.Base(dir) == "include" && path.Base(path.Dir(dir)) == "source":
		return path.Dir(path.Dir(dir)), "source", defaults, nil
	case path.Base(dir) == "include":
		return path.Dir(dir), "flat", defaults, nil
	}
	return dir, "", defaults, nil
}

// maxSourceSize bounds a FreeRTOS+TCP source or header read for
// detection: the largest, FreeRTOS_TCP_IP.c, is under 300 KB.
const maxSourceSize = 8 << 20

func detectTree(fsys fs.FS, ts map[string]*Table, det *Detection) error {
	root, layout, defaults, err := findRoot(fsys)
	if err != nil {
		return fmt.Errorf("find FreeRTOS+TCP: %w", err)
	}
	if defaults == "" {
		return nil
	}
	det.Root = root
	incDir := path.Dir(defaults)
	srcDir := root
	if layout == "source" {
		srcDir = path.Join(root, "source")
	}
	read := func(p string) (string, bool) {
		// Regular files only, checked before the open: a FIFO would block
		// it and /dev/zero never end (issue 18).
		b, err := fileio.ReadFS(fsys, p, maxSourceSize)
		if err != nil {
			return "", false
		}
		return strings.ReplaceAll(string(b), "\r", ""), true
	}
	locate := func(base string) string {
		if strings.HasSuffix(base, ".h") {
			return path.Join(incDir, base)
		}
		return path.Join(srcDir, base)
	}
	match := func(f func(*Table) string, value string) []string {
		var vs []string
		for _, v := range Versions() {
			if f(ts[v]) == value {
				vs = append(vs, v)
			}
		}
		return vs
	}
	// byVersion maps a version string that no table carries to the
	// nearest table, so that a release newer than the data still counts.
	byVersion := func(vs []string, value string) []string {
		if len(vs) > 0 {
			return vs
		}
		if n, _, err := Nearest(value); err == nil {
			return []string{n}
		}
		return nil
	}

	for _, base := range fingerprintOrder {
		p := locate(base)
		s, ok := read(p)
		if !ok {
			continue
		}
		sum := sha256.Sum256([]byte(s))
		h := hex.EncodeToString(sum[:])
		det.Evidence = append(det.Evidence, Evidence{Kind: EvidenceFingerprint, File: p, Value: h,
			Versions: match(func(t *Table) string { return t.Markers.Fingerprints[base] }, h)})
	}
	if s, ok := read(path.Join(root, "manifest.yml")); ok {
		if m := manifestRE().FindStringSubmatch(s); m != nil {
			det.Evidence = append(det.Evidence, Evidence{Kind: EvidenceManifest, File: path.Join(root, "manifest.yml"), Value: m[1],
				Versions: byVersion(match(func(t *Table) string { return t.Markers.Manifest }, m[1]), m[1])})
		}
	}
	if s, ok := read(locate("FreeRTOS_IP.h")); ok {
		if m := versionRE().FindStringSubmatch(s); m != nil {
			det.Evidence = append(det.Evidence, Evidence{Kind: EvidenceVersionMac, File: locate("FreeRTOS_IP.h"), Value: m[1],
				Versions: match(func(t *Table) string { return t.Markers.VersionMacro }, m[1])})
		}
	}
	if s, ok := read(locate("FreeRTOS_IP.c")); ok {
		if len(s) > 400 {
			s = s[:400]
		}
		if m := headerRE().FindStringSubmatch(s); m != nil {
			det.Evidence = append(det.Evidence, Evidence{Kind: EvidenceHeader, File: locate("FreeRTOS_IP.c"), Value: m[1],
				Versions: match(func(t *Table) string { return t.Markers.Header }, m[1])})
			if strings.HasPrefix(m[1], "Labs Build") {
				det.Older = m[1]
			}
		}
	}
	if layout != "" {
		_, errR := fs.Stat(fsys, path.Join(incDir, "FreeRTOS_Routing.h"))
		_, errD := fs.Stat(fsys, path.Join(incDir, "FreeRTOSIPDeprecatedDefinitions.h"))
		routing, deprecated := errR == nil, errD == nil
		value := fmt.Sprintf("%s layout, FreeRTOS_Routing.h %s, FreeRTOSIPDeprecatedDefinitions.h %s", layout, presence(routing), presence(deprecated))
		var vs []string
		for _, v := range Versions() {
			t := ts[v]
			if t.Layout == layout && t.Markers.Routing == routing && t.Markers.Deprecated == deprecated {
				vs = append(vs, v)
			}
		}
		det.Evidence = append(det.Evidence, Evidence{Kind: EvidenceLayout, File: defaults, Value: value, Versions: vs})
	}
	return nil
}

func presence(b bool) string {
	if b {
		return "present"
	}
	return "absent"
}

// configEvidence turns the macro names of a configuration into evidence:
// a name that some versions reject with #error rules those out, and a
// name that only some versions know (knows) is a hint that the
// configuration was written for them.
func configEvidence(names []string, ts map[string]*Table) []Evidence {
	all := Versions()
	names = slices.Clone(names)
	slices.Sort(names)
	names = slices.Compact(names)
	var out []Evidence
	for _, n := range names {
		var know, accepted []string
		for _, v := range all {
			t := ts[v]
			if knows(t, n) {
				know = append(know, v)
			}
			if !slices.ContainsFunc(t.Renames, func(r Rename) bool { return r.Old == n }) {
				accepted = append(accepted, v)
			}
		}
		if len(accepted) < len(all) {
			out = append(out, Evidence{Kind: EvidenceConfig, Value: n + " " + suffixRejected, Versions: accepted})
		}
		if len(know) > 0 && len(know) < len(all) {
			out = append(out, Evidence{Kind: EvidenceConfig, Value: n + " " + suffixKnown, Versions: know})
		}
	}
	return out
}
