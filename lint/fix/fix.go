// Package fix applies the suggested edits of lwiplint's findings: it plans
// them per file (checking each edit against the file as it is now), makes
// unified diffs of them, and writes files atomically.
package fix

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aymanbagabas/go-udiff"

	"github.com/lwiplint/lwiplint/internal/fileio"
	"github.com/lwiplint/lwiplint/lint"
)

// Change is the new content of one file.
type Change struct {
	File     string
	Old, New []byte
	// Edits are the edits applied, in file order.
	Edits []lint.Edit
	// Skipped lists edits left out, with the reason.
	Skipped []string
}

// Diff returns the unified diff of the change, with paths shown as name.
func (c *Change) Diff(name string) string {
	return udiff.Unified("a/"+name, "b/"+name, string(c.Old), string(c.New))
}

// Plan collects the edits of the findings' fixes by file, reads each file
// and applies the edits whose old text is still in place. Overlapping
// edits keep the first (in finding order); files that end up unchanged
// are left out. A file that cannot be read is an error.
func Plan(findings []lint.Finding) ([]*Change, error) {
	byFile := map[string][]lint.Edit{}
	var files []string
	for _, f := range findings {
		if f.Fix == nil {
			continue
		}
		for _, e := range f.Fix.Edits {
			if _, ok := byFile[e.File]; !ok {
				files = append(files, e.File)
			}
			byFile[e.File] = append(byFile[e.File], e)
		}
	}
	slices.Sort(files)
	var out []*Change
	for _, file := range files {
		data, err := fileio.ReadFile(file, fileio.MaxSource)
		if err != nil {
			return nil, err
		}
		c := &Change{File: file, Old: data}
		edits := byFile[file]
		slices.SortStableFunc(edits, func(a, b lint.Edit) int { return cmp.Compare(a.Start, b.Start) })
		var buf bytes.Buffer
		pos := 0
		for _, e := range edits {
			switch {
			case e.Start < pos:
				if len(c.Edits) > 0 && c.Edits[len(c.Edits)-1] == e {
					continue // the same edit from two findings
				}
				c.Skipped = append(c.Skipped, fmt.Sprintf("%s:%d: overlaps another edit", file, e.Line))
				continue
			case e.Start < 0 || e.End > len(data) || e.Start > e.End || string(data[e.Start:e.End]) != e.OldText:
				c.Skipped = append(c.Skipped, fmt.Sprintf("%s:%d: the file changed since it was linted", file, e.Line))
				continue
			}
			buf.Write(data[pos:e.Start])
			buf.WriteString(e.NewText)
			pos = e.End
			c.Edits = append(c.Edits, e)
		}
		buf.Write(data[pos:])
		c.New = buf.Bytes()
		if !bytes.Equal(c.New, c.Old) || len(c.Skipped) > 0 {
			out = append(out, c)
		}
	}
	return out, nil
}

// ErrOutsideRoot is returned by [WriteFile] for a file that lies outside
// the project, or is reached through a symbolic link (to it or to one of
// its directories) that leaves the project.
var ErrOutsideRoot = errors.New("is outside the project")

// ErrReadOnly is returned by [WriteFile] for a file without write
// permission, unless [WriteOptions.ReadOnly] allows it.
var ErrReadOnly = errors.New("is read-only")

// beforeRename is called between writing the temporary file and renaming
// it; tests use it to kill the process there.
var beforeRename = func(tmp string) {}

// WriteOptions are the options of [Write].
type WriteOptions struct {
	// Root is the project's directory: the file written, once every
	// symbolic link on its path is resolved, must lie below it. Empty
	// means no limit.
	Root string
	// ReadOnly allows rewriting a file that has no write permission bit.
	ReadOnly bool
}

// WriteFile is [Write] with root as [WriteOptions.Root].
func WriteFile(path string, data []byte, root string) error {
	return Write(path, data, WriteOptions{Root: root})
}

// Write replaces the content of the file at path with data. Nothing is
// written when data equals the current content. The file, once every
// symbolic link on its path is resolved, must lie below o.Root, so a link
// to a file or a directory outside the project, or a header included as
// "../outside/h.h", is refused with [ErrOutsideRoot]; a file without any
// write permission bit is refused with [ErrReadOnly] unless o.ReadOnly.
//
// A file with one name is replaced atomically: data goes to a temporary
// file in the same directory, which gets the original's owner and group
// (when the process may set them), then its mode, set-user-ID and
// set-group-ID bits included, is synced and renamed over the original, so
// a reader sees the old file or the new one, never a part. A file with
// several hard links is rewritten in place instead, under an exclusive
// lock (flock), which keeps its inode, links, owner and mode.
func Write(path string, data []byte, o WriteOptions) error {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	if target, err = filepath.Abs(target); err != nil {
		return err
	}
	if o.Root != "" && !inside(o.Root, target) {
		if target != absPath(path) {
			return fmt.Errorf("%s %w: it leads to %s", path, ErrOutsideRoot, target)
		}
		return fmt.Errorf("%s %w (%s)", path, ErrOutsideRoot, o.Root)
	}
	fi, err := os.Stat(target)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file", path)
	}
	if fi.Mode().Perm()&0o222 == 0 && !o.ReadOnly {
		return fmt.Errorf("%s %w (mode %04o)", path, ErrReadOnly, fi.Mode().Perm())
	}
	if old, err := fileio.ReadFile(target, fileio.MaxSource); err == nil && bytes.Equal(old, data) {
		return nil
	}
	if links(fi) > 1 {
		return rewriteInPlace(target, data)
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".lwiplint-*")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	// The owner first: chown clears the set-user-ID and set-group-ID bits,
	// which the mode then restores.
	if err := keepOwner(tmp, fi); err != nil {
		return fmt.Errorf("%s: keep its owner: %w", path, err)
	}
	if err := tmp.Chmod(fi.Mode() & (os.ModePerm | os.ModeSetuid | os.ModeSetgid | os.ModeSticky)); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	beforeRename(tmp.Name())
	if err := os.Rename(tmp.Name(), target); err != nil {
		return err
	}
	ok = true
	return nil
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

func inside(root, path string) bool {
	r, err := filepath.EvalSymlinks(root)
	if err != nil {
		r = root
	}
	r, _ = filepath.Abs(r)
	rel, err := filepath.Rel(r, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
