//go:build !unix && !windows

package store

import "os"

// On systems with neither flock nor LockFileEx the lock file only names
// the holder; restore then cannot tell a running server.
func lockFile(f *os.File) error   { return nil }
func unlockFile(f *os.File) error { return nil }
