//go:build unix

package fix

import (
	"io/fs"
	"os"
	"syscall"
)

// links is the number of hard links of the file fi describes.
func links(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}

// keepOwner gives f the owner and group of the file fi describes. A
// process that may not give the owner (not root) keeps its own, which is
// the original's when it owns the file; only a change it is refused for a
// file someone else owns is an error, since the rename would otherwise
// hand the file to this process's user.
func keepOwner(f *os.File, fi fs.FileInfo) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	mine, _ := f.Stat()
	if m, ok := mine.Sys().(*syscall.Stat_t); ok && m.Uid == st.Uid && m.Gid == st.Gid {
		return nil
	}
	err := f.Chown(int(st.Uid), int(st.Gid))
	if err != nil {
		if m, ok := mine.Sys().(*syscall.Stat_t); ok && m.Uid == st.Uid {
			return f.Chown(-1, int(st.Gid)) // a group the owner may not be in: refused
		}
	}
	return err
}

// rewriteInPlace writes data over the file at path, which keeps its inode
// and so its hard links, owner and mode, under an exclusive lock.
func rewriteInPlace(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		return err
	}
	defer syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	if _, err := f.WriteAt(data, 0); err != nil {
		return err
	}
	if err := f.Truncate(int64(len(data))); err != nil {
		return err
	}
	return f.Sync()
}
