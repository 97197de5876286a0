package store

import (
	"context"
	"database/sql"
	"time"
)

// Checkpoints off the writer. A checkpoint copies the pages the WAL holds
// into the database file, so the log can start over. SQLite runs one on the
// committing connection when the log passes wal_autocheckpoint pages
// (1,000 by default): on the server that is the single writer, which then
// copies ~1,000 pages and waits for two syncs while every change queues
// behind it. Under the large institution's progress-report load that was
// half of the writer's commit time (pprof: sqlite3WalCheckpoint, 0.94 of
// 1.98 s).
//
// So the server's checkpoints run on a connection of their own, in the
// checkpointer goroutine: after every checkpointEvery changes the syncer
// has put on disk, it runs a PASSIVE checkpoint, which copies what no
// reader still needs and never blocks the writer or a reader.
//
// The log starts over only when a write transaction begins with all of it
// copied; under steady writes that seldom happens, since new changes land
// while the checkpointer copies. So the writer keeps an automatic checkpoint,
// at writerAutoCheckpoint pages (about 80 MB of log), which copies the
// little the checkpointer has not and lets the log start over; it is also
// the backstop for one change that writes more than that (an import).
// Each of those stops the writer for a sync of the database file: at
// 4,000 pages they came several times a second and set the p99.
//
// Alternating 8 s runs of the bench's progress reports on the large
// institution (8 clients): with the writer checkpointing every 1,000
// pages, 39 / 41 / 45 / 40 / 43 / 41 % of the raw commit rate at p99
// 11–16 ms; with the checkpointer every 100 changes and the writer at
// 4,000 pages, 52 / 47 / 47 / 48 / 45 / 47 % at p99 16–17 ms; at 20,000 pages,
// 48 / 51 / 52 / 51 % at p99 6–8 ms (10,000: 48 / 44 / 46 / 52 / 41 % at
// 10–13 ms). A checkpoint every 40 changes instead of 100 was slower
// (39–45 %); after every batch its syncs cost more than they saved.
//
// Every 100 changes, not 1,000. A checkpoint writes the database file and
// syncs it while the syncer syncs the log on the same disk, and the log's
// sync is what a change waits for longest (about 0.4 ms for a batch of
// four reports, against 0.09 ms to run one). Measured through the bench's
// own clients, 1,000 gave more reports in 10 of 12 alternating runs and a
// p99 of 4.8–5.7 ms against 5.4–9.6 ms. But wrk (tools/wrk), whose clients
// leave the server both cores, showed what a large checkpoint costs the
// changes queued behind its sync: p99 of 15 s of reports at c=8, 2 runs
// each, 100: 7.8 / 10.7 ms, 250: 13.1 / 14.6, 1,000: 15.5–17.5, 4,000:
// 21.6 / 23.4, at 4,040–4,260 reports/s for all. Through the bench's
// clients 100 and 1,000 then gave 55 / 56 / 55 % and 56 / 56 / 54 % of the
// raw commit rate (p99 6.4–7.3 ms against 5.3–5.7).
//
// Then every 50, once a change cost fewer statements (the audit head and
// the counters written once per batch, deferred.go): reports came faster,
// and at 100 the p99 under wrk rose to 9.6–16.5 ms in 6 runs (4,080–4,330
// reports/s); at 50 it was 8.4–9.4 ms in 4 runs (4,040–4,170/s), and 200
// and 400 were worse still (14.4–18.2 and 16.9–21.8 ms). Through the
// bench's own clients 50 gave 65 / 66 / 66 % of the raw commit rate. (The
// 40 found slower above was measured before group commit's changes got
// cheaper, and through the bench's clients only.)

// checkpointEvery is how many synced changes the checkpointer lets pass
// between two checkpoints.
const checkpointEvery = 50

// writerAutoCheckpoint is the writer's own wal_autocheckpoint, in pages
// of 4 KB.
const writerAutoCheckpoint = 20000

// checkpointIdle is how long the checkpointer lets synced changes wait
// when fewer than checkpointEvery came: a few large changes (the daily
// run's transactions, an import's) write as many pages as a thousand
// small ones. Without it the daily run on the large institution filled the
// log to the writer's threshold, and the writer's own checkpoint held it
// 37–74 ms at a commit (22–37 ms with it: BenchmarkDailyJob).
const checkpointIdle = time.Second

// checkpointer runs a PASSIVE checkpoint on db after every checkpointEvery
// changes the syncer has synced (it rings s.checkpointBell after each
// sync), or at a sync checkpointIdle after the last checkpoint when fewer
// came, until the store closes. A checkpoint that fails is left to the
// next one and to the writer's backstop.
func (s *Store) checkpointer(db *sql.DB) {
	defer close(s.checkpointerDone)
	defer db.Close()
	var last int64
	lastAt := time.Now()
	for {
		select {
		case <-s.closed:
			return
		case <-s.checkpointBell:
		}
		if n := s.syncedChanges.Load(); n-last >= checkpointEvery || n > last && time.Since(lastAt) >= checkpointIdle {
			last, lastAt = n, time.Now()
			db.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`)
		}
	}
}
