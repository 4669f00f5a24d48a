package fileio

import (
	"os"
	"syscall"
)

// Magic numbers of the Linux file systems whose files report a size of 0
// and make up their content on each read (linux/magic.h).
const (
	procSuperMagic = 0x9fa0
	sysfsMagic     = 0x62656572
	debugfsMagic   = 0x64626720
	tracefsMagic   = 0x74726163
	securityfsMag  = 0x73636673
	cgroupMagic    = 0x27e0eb
	cgroup2Magic   = 0x63677270
)

// pseudo reports whether f lies on such a file system.
func pseudo(f *os.File) bool {
	var st syscall.Statfs_t
	if err := syscall.Fstatfs(int(f.Fd()), &st); err != nil {
		return false
	}
	switch uint64(st.Type) {
	case procSuperMagic, sysfsMagic, debugfsMagic, tracefsMagic, securityfsMag, cgroupMagic, cgroup2Magic:
		return true
	}
	return false
}
