package lwipopts

import (
	"io/fs"
	"syscall"
)

// sysState adds the status change time, inode and device of fi to s.
func sysState(s *FileState, fi fs.FileInfo) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		s.Ctime = int64(st.Ctim.Sec)*1e9 + int64(st.Ctim.Nsec)
		s.Ino, s.Dev = uint64(st.Ino), uint64(st.Dev)
	}
}

// haveChangeTime: a file's state includes its status change time.
const haveChangeTime = true
