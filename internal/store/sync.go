package store

import (
	"context"
	"fmt"
	"os"
	"strings"
)

// Syncing the writer's commits, off the writer. With synchronous=FULL a
// SQLite commit writes its pages to the write-ahead log and waits for the
// disk; the writer, the only one, waits with it, and a quarter of its time
// went to that wait under the progress-report load. So the writer's own
// connection commits with synchronous=NORMAL (the pages are written to the
// log, not waited for), and the syncer goroutine syncs the log and only
// then answers the batch's callers, while the writer runs the next batch.
// One sync covers every batch committed before it began.
//
// What a caller is told is as durable as before: nobody is answered before
// the log holding their change is on disk. SQLite keeps the database
// consistent with NORMAL in WAL mode (it syncs the log before each
// checkpoint, and the database after it); a crash loses at most batches
// nobody was answered for. A reader may see a batch a moment before its
// callers are answered, as with any database that shows a commit before
// its client hears of it.
//
// The syncer is used only when the database is a file in WAL mode: in any
// other journal mode the writer keeps synchronous=FULL and answers its
// callers itself.

// syncer answers the writer's batches after syncing the log (nil: the
// writer answers them at once).
type syncer struct {
	s       *Store
	wal     string // the log's path
	batches chan syncedBatch
	done    chan struct{}
}

// syncedBatch is a committed batch waiting for the sync that covers it.
type syncedBatch struct {
	reqs    []*writeReq
	results []error
}

// startSyncer starts the syncer when the writer's connection is in WAL
// mode on a file, and turns that connection's synchronous to NORMAL; else
// it returns nil and nothing changes.
func (s *Store) startSyncer() *syncer {
	if s.path == "" || strings.HasPrefix(s.path, ":memory:") || strings.Contains(s.path, "mode=memory") {
		return nil
	}
	ctx := context.Background()
	var mode string
	if err := s.write.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || !strings.EqualFold(mode, "wal") {
		return nil
	}
	if _, err := s.write.ExecContext(ctx, `PRAGMA synchronous = NORMAL`); err != nil {
		return nil
	}
	path := strings.TrimPrefix(s.path, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	sy := &syncer{s: s, wal: path + "-wal", batches: make(chan syncedBatch, maxBatch), done: make(chan struct{})}
	go sy.run()
	return sy
}

// answer hands a run batch to the syncer, or answers it at once when
// there is none.
func (sy *syncer) answer(reqs []*writeReq, results []error) {
	if sy == nil {
		for i, r := range reqs {
			r.done <- results[i]
		}
		return
	}
	sy.batches <- syncedBatch{reqs, results}
}

// stop answers what is waiting and ends the syncer.
func (sy *syncer) stop() {
	if sy == nil {
		return
	}
	close(sy.batches)
	<-sy.done
}

func (sy *syncer) run() {
	defer close(sy.done)
	for b := range sy.batches {
		waiting := []syncedBatch{b}
	more:
		for len(waiting) < maxBatch {
			select {
			case b, ok := <-sy.batches:
				if !ok {
					break more
				}
				waiting = append(waiting, b)
			default:
				break more
			}
		}
		committed := false
		for _, b := range waiting {
			for _, err := range b.results {
				committed = committed || err == nil
			}
		}
		var err error
		if committed {
			err = sy.sync()
		}
		for _, b := range waiting {
			for i, r := range b.reqs {
				if b.results[i] == nil && err != nil {
					b.results[i] = err
				}
				r.done <- b.results[i]
			}
		}
	}
}

// sync puts the log on disk: everything committed before it began. The
// file is opened for each sync, so a log SQLite removed and made again is
// never missed; SQLite takes no locks on the log file, so closing it
// releases none of SQLite's.
func (sy *syncer) sync() error {
	f, err := os.OpenFile(sy.wal, os.O_RDWR, 0)
	if err != nil {
		sy.s.syncErrors.Add(1)
		return fmt.Errorf("store: sync the write-ahead log: %w", err)
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		sy.s.syncErrors.Add(1)
		return fmt.Errorf("store: sync the write-ahead log: %w", err)
	}
	sy.s.syncs.Add(1)
	return nil
}
