package lwipopts

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/lwiplint/lwiplint/lwipopts/freertos"
)

// Finding the FreeRTOS+TCP tree of a configuration. A vendored copy can
// sit anywhere in the project and be named anything (FreeRTOS-Plus-TCP/,
// lib/freertos_plus_tcp/, Middlewares/Third_Party/FreeRTOS-Plus-TCP/, a
// git submodule): what makes a directory the stack is its
// FreeRTOSIPConfigDefaults.h, in include/ (V2.x) or source/include/ (V3.0.0
// on).

// freertosTreeDepth is how deep below each ancestor of the configuration
// the search looks for a tree, and freertosTreeLevels how many ancestors
// it tries (the configuration's own directory first).
const (
	freertosTreeDepth  = 4
	freertosTreeLevels = 6
	freertosTreeVisits = 20000 // directories read in all, at most
)

// isFreeRTOSTree reports whether dir is the root of a FreeRTOS+TCP tree.
func isFreeRTOSTree(dir string) bool {
	for _, p := range []string{"source/include/" + freertosDefaults, "include/" + freertosDefaults} {
		if fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err == nil && fi.Mode().IsRegular() {
			return true
		}
	}
	return false
}

// findFreeRTOSTree returns the FreeRTOS+TCP tree nearest to the
// configuration at abs. Inside a project (an ancestor holds .git, see
// isProjectRoot) it looks in the configuration's directory and below it,
// then below each ancestor in turn up to the project root (the nearest
// first; ties in lexical order). Outside one, where the directories above
// may hold anything, it looks only at the ancestors themselves and at
// their subdirectories named like the stack (FreeRTOS-Plus-TCP,
// freertos_plus_tcp, …). It returns "" when there is none.
func findFreeRTOSTree(abs string) string {
	dir := filepath.Dir(abs)
	inProject := false
	for d, i := dir, 0; i < freertosTreeLevels; i++ {
		if isProjectRoot(d) {
			inProject = true
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	visits := 0
	prev := ""
	for level := 0; level < freertosTreeLevels; level++ {
		if isFreeRTOSTree(dir) {
			return dir
		}
		if inProject {
			if t := searchFreeRTOSTree(dir, prev, freertosTreeDepth, &visits); t != "" {
				return t
			}
		} else if ents, err := os.ReadDir(dir); err == nil {
			for _, e := range ents {
				if c := filepath.Join(dir, e.Name()); isDirEntry(e, c) && stackLikeName(e.Name()) && isFreeRTOSTree(c) {
					return c
				}
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir || inProject && isProjectRoot(dir) {
			break
		}
		prev, dir = dir, parent
	}
	return ""
}

// isDirEntry reports whether the entry e at path p is a directory or a
// symbolic link to one (a vendored tree linked into the project).
func isDirEntry(e os.DirEntry, p string) bool {
	if e.IsDir() {
		return true
	}
	if e.Type()&os.ModeSymlink == 0 {
		return false
	}
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// stackLikeName reports whether a directory name reads as FreeRTOS+TCP
// (FreeRTOS-Plus-TCP, freertos_plus_tcp, FreeRTOS+TCP, …).
func stackLikeName(n string) bool {
	n = strings.NewReplacer("-", "", "_", "", "+", "plus", " ", "").Replace(strings.ToLower(n))
	return n == "freertosplustcp"
}

// isProjectRoot reports whether dir is the root of a project (it holds
// .git): the search for a tree stops there, so that a tree of another
// project next to it is not taken.
func isProjectRoot(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, ".git"))
	return err == nil
}

// searchFreeRTOSTree looks for a tree below dir, breadth first, skipping
// the subdirectory skip (already searched) and hidden directories.
func searchFreeRTOSTree(dir, skip string, depth int, visits *int) string {
	level := []string{dir}
	for d := 0; d < depth && len(level) > 0; d++ {
		var next []string
		for _, p := range level {
			if *visits >= freertosTreeVisits {
				return ""
			}
			*visits++
			ents, err := os.ReadDir(p)
			if err != nil {
				continue
			}
			for _, e := range ents {
				n := e.Name()
				c := filepath.Join(p, n)
				if !isDirEntry(e, c) || strings.HasPrefix(n, ".") || n == "node_modules" {
					continue
				}
				if c == skip {
					continue
				}
				if isFreeRTOSTree(c) {
					return c
				}
				next = append(next, c)
			}
		}
		level = next
	}
	return ""
}

// detectFreeRTOS finds the release of the configuration at path: the
// release of the nearest FreeRTOS+TCP tree (findFreeRTOSTree), else the
// release its macro names give the most evidence for, else the newest.
// It returns the detection and how it was found, for the load's note.
func detectFreeRTOS(path string) (freertos.Detection, string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return freertos.Detection{}, "", err
	}
	if tree := findFreeRTOSTree(abs); tree != "" {
		det, err := freertos.DetectVersion(freertos.DetectInput{Tree: os.DirFS(tree)})
		if err == nil && det.Version != "" {
			how := "tree " + tree
			if det.Older != "" {
				how += " (" + det.Older + ", older than every release with a table)"
			} else if !det.Exact {
				how += " (" + candidates(det.Candidates) + ")"
			}
			return det, how, nil
		}
	}
	data, err := readLimited(abs, maxFileSize)
	if err != nil {
		return freertos.Detection{}, "", err
	}
	var names []string
	if sc, err := scanSource(abs, data); err == nil {
		for _, d := range sc.Dirs {
			if d.Name != "define" {
				continue
			}
			if ts, err := tokenize(d.Rest); err == nil && len(ts) > 0 && ts[0].Kind == tIdent {
				names = append(names, ts[0].Text)
			}
		}
	}
	det, err := freertos.DetectVersion(freertos.DetectInput{Config: names})
	if err != nil || det.Version == "" {
		vs := freertos.Versions()
		return freertos.Detection{Version: vs[len(vs)-1], Confidence: "no FreeRTOS+TCP tree found and no macro name tells releases apart"}, "newest", nil
	}
	return det, "macro names", nil
}

// candidates describes the releases a detection left.
func candidates(vs []string) string {
	switch len(vs) {
	case 0:
		return "no release matches exactly"
	case 1:
		return "the only release that matches"
	}
	return "the newest of " + vs[0] + " … " + vs[len(vs)-1] + ", which match equally"
}
