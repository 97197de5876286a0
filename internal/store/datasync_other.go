//go:build !linux

package store

import "os"

// datasync makes f's data durable (os.File.Sync: fsync, F_FULLFSYNC on
// macOS, FlushFileBuffers on Windows).
func datasync(f *os.File) error { return f.Sync() }
