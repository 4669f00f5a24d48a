package lwipopts

import (
	"path/filepath"
	"strings"
)

// cc/v4 (v4.34.0, cpp.go hasFile) answers __has_include and
// __has_include_next by opening each candidate of the search path through
// run.Open and asking the file's Stat; an #include opens and reads it, and
// never asks Stat. The stub directory, last in both chains, serves every
// header found nowhere as an empty file so that an #include of a vendor
// header does not stop preprocessing; for __has_include, as for gcc, such
// a header is not there (stubMissing).

// stubMissing reports whether the header that the stub name stands for is
// missing for __has_include: true unless it is one of lwIP's headers that
// the reduced program leaves out (classify reports those as missing so
// that they are served empty) and that the lwIP tree holds. r.mu is not
// held.
func (r *run) stubMissing(name string) bool {
	hdr := strings.TrimPrefix(name, stubDir+"/")
	if !inTree(hdr) || r.root == "" || strings.HasPrefix(r.root, builtinDir) {
		return true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.prog.dirs[hdr]; ok {
		return false
	}
	st := r.stat(filepath.Join(r.root, filepath.FromSlash(hdr)))
	return st.err != nil || !st.fi.Mode().IsRegular()
}
