package store

import (
	"os"
	"syscall"
)

// datasync makes f's data durable with fdatasync(2): the data and the
// metadata needed to read it back (its size), without the modification
// time, which a write-ahead log does not need after a power cut. It is
// what PostgreSQL syncs its WAL with on Linux by default.
func datasync(f *os.File) error {
	for {
		err := syscall.Fdatasync(int(f.Fd()))
		if err != syscall.EINTR {
			return err
		}
	}
}
