package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
)

// The WAL is synced off the writer. The writer's connection commits with
// synchronous=NORMAL: SQLite writes the transaction's pages to the WAL
// and returns without waiting for the disk. The writer hands the batch's
// callers to the syncer goroutine and goes on with the next batch, while
// the syncer syncs the WAL file and only then answers them. So an
// acknowledged change is on disk as with synchronous=FULL (a sync of the
// same file after its frames were written), but the writer runs the next
// changes during the wait instead of sitting in it, and batches waiting
// for the disk share one sync.
//
// Three things differ from FULL, and none loses an acknowledged change:
//   - a reader may see a change a moment (one sync) before its caller is
//     answered; after a power cut in that moment the change is gone, and its
//     caller, never answered, sends it again;
//   - the sync is fdatasync on Linux (datasync), as PostgreSQL syncs its
//     WAL: the log's data and size, not its modification time; SQLite's
//     FULL calls fsync. In alternating runs of the bench's progress reports
//     (6 s, 3 each) fdatasync took the reports from 32–34 % to 35–37 % of
//     the raw commit rate;
//   - SQLite still syncs the WAL before each checkpoint and the database
//     file after it, and the WAL header when the log is reused (NORMAL's
//     own rules), so the file is as consistent as before.

// walSyncer syncs one database's WAL file.
type walSyncer struct {
	f *os.File // the log, open since the first sync
	// failed holds the first failed sync: every later change is refused
	// with it, since pages the kernel failed to write may be gone for good
	// and what the writer builds on them cannot be trusted (restart).
	failed atomic.Pointer[error]
	// beforeSync, when set (tests), runs before each sync; an error it
	// returns is the sync's.
	beforeSync atomic.Pointer[func() error]
}

// sync makes everything written to the WAL file name so far durable. The
// file is opened at the first sync (the directory synced too, once, so the
// log's name survives a power cut) and again if SQLite replaced it.
func (w *walSyncer) sync(name string) error {
	if hook := w.beforeSync.Load(); hook != nil {
		if err := (*hook)(); err != nil {
			return err
		}
	}
	if w.f != nil {
		if a, err := os.Stat(name); err != nil || !sameFile(w.f, a) {
			w.f.Close()
			w.f = nil
		}
	}
	if w.f == nil {
		f, err := os.OpenFile(name, os.O_RDWR, 0)
		if err != nil {
			return fmt.Errorf("store: open the write-ahead log to sync it: %w", err)
		}
		if err := syncDir(filepath.Dir(name)); err != nil {
			f.Close()
			return err
		}
		w.f = f
	}
	if err := datasync(w.f); err != nil {
		return fmt.Errorf("store: sync the write-ahead log: %w", err)
	}
	return nil
}

func sameFile(f *os.File, fi os.FileInfo) bool {
	st, err := f.Stat()
	return err == nil && os.SameFile(st, fi)
}

// syncDir fsyncs a directory, so a file created in it keeps its name
// after a power cut. Windows cannot sync a directory (FlushFileBuffers
// refuses its handle) and NTFS journals names itself: nothing to do there.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("store: sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("store: sync %s: %w", dir, err)
	}
	return nil
}

// syncer answers the callers of committed batches once the WAL is on
// disk: one sync for every batch committed while the last one ran. It
// counts the batches it synced in s.synced and rings s.syncedBell, so the
// writer knows the disk is free for its next commit.
func (s *Store) syncer() {
	defer close(s.syncerDone)
	defer func() {
		if s.wal.f != nil {
			s.wal.f.Close()
		}
	}()
	for first := range s.acks {
		acks := [][]*writeReq{first}
	more:
		for {
			select {
			case a, ok := <-s.acks:
				if !ok {
					break more
				}
				acks = append(acks, a)
			default:
				break more
			}
		}
		err := s.wal.sync(s.path + "-wal")
		if err != nil {
			s.wal.failed.CompareAndSwap(nil, &err)
		}
		changes := 0
		for _, a := range acks {
			for _, r := range a {
				r.done <- err
			}
			changes += len(a)
		}
		s.synced.Add(int64(len(acks)))
		select {
		case s.syncedBell <- struct{}{}:
		default:
		}
		s.syncedChanges.Add(int64(changes))
		select {
		case s.checkpointBell <- struct{}{}:
		default:
		}
	}
}
