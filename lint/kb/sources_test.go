package kb

import (
	"bytes"
	"fmt"
	"net/url"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
)

// sourceLink is a GitHub link to a file at a ref, with the cited lines, or
// to a commit.
type sourceLink struct {
	url, repo, ref, path string
	first, last          int // 0 when the link cites no lines
	commit               bool
}

// The GitHub host of source links, and the paths of file and commit links
// on it (the fragment, "L12-L20", is matched apart).
const githubHost = "github.com"

var (
	blobPath   = regexp.MustCompile(`^/([^/]+/[^/]+)/blob/([^/]+)/(.+)$`)
	commitPath = regexp.MustCompile(`^/([^/]+/[^/]+)/commit/([0-9a-f]{7,40})$`)
	linesFrag  = regexp.MustCompile(`^L(\d+)(?:-L(\d+))?$`)
)

// parseSourceLink parses a GitHub file or commit link; ok is false for any
// other URL (threads, documentation).
func parseSourceLink(u string) (l sourceLink, ok bool, err error) {
	other := func() (sourceLink, bool, error) {
		if strings.Contains(u, "/blob/") || strings.Contains(u, "#L") {
			return l, false, fmt.Errorf("malformed source link %q", u)
		}
		return l, false, nil
	}
	pu, perr := url.Parse(u)
	if perr != nil || pu.Scheme != "https" || pu.Host != githubHost {
		return other()
	}
	if m := commitPath.FindStringSubmatch(pu.Path); m != nil && pu.Fragment == "" {
		return sourceLink{url: u, repo: m[1], ref: m[2], commit: true}, true, nil
	}
	bm := blobPath.FindStringSubmatch(pu.Path)
	fm := linesFrag.FindStringSubmatch(pu.Fragment)
	if bm == nil || pu.Fragment != "" && fm == nil {
		return other()
	}
	m := []string{u, bm[1], bm[2], bm[3], "", ""}
	if fm != nil {
		m[4], m[5] = fm[1], fm[2]
	}
	l = sourceLink{url: u, repo: m[1], ref: m[2], path: m[3]}
	if m[4] != "" {
		l.first, _ = strconv.Atoi(m[4])
		l.last = l.first
		if m[5] != "" {
			l.last, _ = strconv.Atoi(m[5])
		}
		if l.first < 1 || l.last < l.first {
			return l, false, fmt.Errorf("bad line range in %q", u)
		}
	}
	return l, true, nil
}

// allSourceURLs returns every source URL of an entry: its sources list and
// those of its workarounds and dead ends.
func allSourceURLs(e *Entry) []string {
	var out []string
	for _, s := range e.Sources {
		out = append(out, s.URL)
	}
	for _, w := range e.Workarounds {
		out = append(out, w.Sources...)
	}
	for _, d := range e.DeadEnds {
		out = append(out, d.Sources...)
	}
	return out
}

// TestSourceLinksWellFormed checks, without any network or mirror, that
// every GitHub file link names a ref and a path and that its line range,
// if any, is well-formed.
func TestSourceLinksWellFormed(t *testing.T) {
	n := 0
	for _, e := range mustLoad(t) {
		for _, u := range allSourceURLs(e) {
			if _, ok, err := parseSourceLink(u); err != nil {
				t.Errorf("%s: %v", e.ID, err)
			} else if ok {
				n++
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d GitHub file or commit links parsed; the parser is probably broken", n)
	}
}

// TestSourceLinksResolve checks every GitHub file and commit link of every
// entry against a local git mirror of its repository ($LWIPLINT_MIRRORS, see
// [testenv.Mirror]): the ref and the file exist, the file has the cited
// lines, and the cited lines are not all blank. Repositories without a
// mirror are counted and skipped; CI has no mirrors, so this is a local
// check.
func TestSourceLinksResolve(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	type fileKey struct{ repo, ref, path string }
	titles := map[string]string{}   // URL → the title of a sources entry
	files := map[fileKey][]string{} // lines of each file read
	missingRepos := map[string]int{}
	checked := 0
	for _, e := range mustLoad(t) {
		for _, s := range e.Sources {
			titles[s.URL] = s.Title
		}
		for _, u := range allSourceURLs(e) {
			l, ok, err := parseSourceLink(u)
			if err != nil || !ok {
				continue
			}
			dir := testenv.Mirror(l.repo)
			if dir == "" {
				missingRepos[l.repo]++
				continue
			}
			checked++
			if l.commit {
				if err := exec.Command("git", "--git-dir", dir, "cat-file", "-e", l.ref+"^{commit}").Run(); err != nil {
					t.Errorf("%s: %s: commit %s not in %s", e.ID, u, l.ref, l.repo)
				}
				continue
			}
			k := fileKey{l.repo, l.ref, l.path}
			lines, seen := files[k]
			if !seen {
				out, err := exec.Command("git", "--git-dir", dir, "show", l.ref+":"+l.path).Output()
				if err != nil {
					// A branch or tag the mirror does not have locally may
					// still exist upstream, but the KB only cites tags and
					// commits; report it.
					t.Errorf("%s: %s: %s:%s not found in the %s mirror", e.ID, u, l.ref, l.path, l.repo)
					files[k] = nil
					continue
				}
				lines = strings.Split(string(bytes.TrimSuffix(out, []byte("\n"))), "\n")
				files[k] = lines
			}
			if lines == nil || l.first == 0 {
				continue
			}
			if l.last > len(lines) {
				t.Errorf("%s: %s cites lines %d-%d, but the file has %d lines", e.ID, u, l.first, l.last, len(lines))
				continue
			}
			blank := true
			for _, s := range lines[l.first-1 : l.last] {
				if strings.TrimSpace(s) != "" {
					blank = false
				}
			}
			if blank {
				t.Errorf("%s: %s cites only blank lines", e.ID, u)
			}
			if ids := cIdentifiers(titles[u], l.path); len(ids) > 0 && !anyIn(ids, lines[l.first-1:l.last]) {
				t.Errorf("%s: %s: none of %v from its title is in the cited lines", e.ID, u, ids)
			}
		}
	}
	if checked == 0 {
		// Not testenv.Require: CI has no mirrors by design.
		t.Skip("no git mirror of any cited repository in $LWIPLINT_MIRRORS")
	}
	t.Logf("checked %d links against mirrors; no mirror for %v", checked, missingRepos)
}

// cIdentifiers returns the C identifiers with an underscore (tcp_alloc,
// TCP_SNDLOWAT) named in a source's title, other than parts of the file's
// path: the cited lines must show one.
func cIdentifiers(title, path string) []string {
	var out []string
	for _, w := range cIdent.FindAllString(title, -1) {
		if strings.Contains(strings.Trim(w, "_"), "_") && !strings.Contains(path, w) {
			out = append(out, w)
		}
	}
	return out
}

var cIdent = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)

func anyIn(ids, lines []string) bool {
	text := strings.Join(lines, "\n")
	for _, id := range ids {
		if strings.Contains(text, id) {
			return true
		}
	}
	return false
}
