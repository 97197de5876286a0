package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Durability test settings: 20 rounds per engine, each a burst of up to
// clients × perClient progress reports cut short by SIGKILL.
const (
	durabilityRounds = 20
	burstClients     = 4
	burstPerClient   = 40
)

// TestDurability kills the real server with SIGKILL in the middle of bursts
// of progress reports, restarts it, and finds every report it answered 201:
// an acknowledged change survives a crash. It runs on SQLite always and on
// PostgreSQL when LUOSHI_TEST_POSTGRES holds a URL.
func TestDurability(t *testing.T) {
	bin := buildLuoshi(t)
	t.Run("sqlite", func(t *testing.T) {
		durability(t, bin, "")
	})
	t.Run("postgres", func(t *testing.T) {
		pg := os.Getenv(apptest.PostgresEnv)
		if pg == "" {
			t.Skip("skipping the PostgreSQL half: LUOSHI_TEST_POSTGRES is not set (a postgres:// URL); .ci/run sets it")
		}
		durability(t, bin, pg)
	})
}

// buildLuoshi builds the binary once for the test.
func buildLuoshi(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "luoshi")
	out, err := exec.Command("go", "build", "-o", bin, "../cmd/luoshi").CombinedOutput()
	if err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// durability prepares a database with the apptest fixture (a SQLite file, or
// a fresh schema in the PostgreSQL at pgURL), then runs the rounds: burst,
// kill, restart, check. The restarted server serves the next round's burst.
func durability(t *testing.T, bin, pgURL string) {
	ctx := context.Background()
	s, drop, err := store.OpenScratch(ctx, pgURL, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	apptest.NewOn(t, s)
	db := s.Path()
	if pgURL == "" {
		drop() // the server is the only process on the file
	} else {
		t.Cleanup(drop) // runs after the servers' cleanups: drops the schema
	}

	srv := startLuoshi(t, bin, db)
	token := signIn(t, srv.url, apptest.Office, apptest.Password)
	seed := time.Now().UnixNano()
	t.Logf("random seed %d", seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	start := time.Now()
	var sentAll, ackedAll, foundAll int
	for round := 1; round <= durabilityRounds; round++ {
		total := burstClients * burstPerClient
		killAfter := 5 + rng.IntN(total*3/4-5) // some 201s first, then kill mid-burst
		b := burst(srv, token, round, killAfter)
		srv = startLuoshi(t, bin, db)
		// The session, too, was answered 201 and must have survived.
		found, err := reportNotes(srv.url, token, apptest.MeasureA)
		if err != nil {
			t.Fatalf("round %d: after restart: %v\nserver log:\n%s", round, err, srv.log.String())
		}
		n := 0
		for note, st := range b.outcome {
			switch {
			case st == http.StatusCreated && found[note] != 1:
				t.Errorf("round %d: report %s was answered 201 but is found %d times after the restart", round, note, found[note])
			case st != http.StatusCreated && st != 0 && found[note] > 0:
				t.Errorf("round %d: report %s was answered %d but is there after the restart", round, note, st)
			case found[note] > 1:
				t.Errorf("round %d: report %s is there %d times", round, note, found[note])
			}
			if found[note] > 0 {
				n++
			}
		}
		t.Logf("round %2d: killed after %3d acks: sent %3d, answered 201 %3d, answered error %d, no answer %2d, found %3d",
			round, killAfter, b.sent, b.acked, b.failed, b.sent-b.acked-b.failed, n)
		sentAll += b.sent
		ackedAll += b.acked
		foundAll += n
	}
	t.Logf("%d rounds in %s: sent %d, answered 201 %d, found %d", durabilityRounds, time.Since(start).Round(time.Millisecond), sentAll, ackedAll, foundAll)
	srv.stop()
}

// burstResult is what the clients saw: per note the HTTP status, or 0 when
// no answer came (the server died first).
type burstResult struct {
	outcome             map[string]int
	sent, acked, failed int
}

// burst has burstClients clients file progress reports with unique notes on
// one measure, and SIGKILLs the server once killAfter of them were answered
// 201 (or when the burst ends, should it end first). Each client stops at
// its first request without an answer.
func burst(srv *luoshiProcess, token string, round, killAfter int) burstResult {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: burstClients}}
	defer client.CloseIdleConnections()
	var (
		mu      sync.Mutex
		res     = burstResult{outcome: map[string]int{}}
		acked   atomic.Int64
		kill    = make(chan struct{})
		killed  sync.Once
		clients sync.WaitGroup
	)
	for c := range burstClients {
		clients.Add(1)
		go func() {
			defer clients.Done()
			for j := range burstPerClient {
				note := fmt.Sprintf("durability r%02d c%d #%03d", round, c, j)
				body, _ := json.Marshal(map[string]any{"percent": (round + j) % 101, "note": note})
				st := post(client, srv.url+"/api/v1/measures/"+apptest.MeasureA+"/progress", token, body)
				mu.Lock()
				res.outcome[note] = st
				res.sent++
				switch st {
				case http.StatusCreated:
					res.acked++
				case 0:
				default:
					res.failed++
				}
				mu.Unlock()
				if st == 0 {
					return
				}
				if st == http.StatusCreated && acked.Add(1) == int64(killAfter) {
					killed.Do(func() { close(kill) })
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { clients.Wait(); close(done) }()
	select {
	case <-kill:
	case <-done:
	}
	srv.kill()
	<-done
	return res
}

// post sends one JSON request and returns the status, or 0 without an answer.
func post(client *http.Client, url, token string, body []byte) int {
	req, err := http.NewRequest("POST", url, bytes.NewReader(body))
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		return 0
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return 0 // the status came, but the answer was cut off: not an answer
	}
	return res.StatusCode
}

// signIn opens a session through the API and returns its token.
func signIn(t *testing.T, base, username, password string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"username": username, "password": password})
	res, err := http.Post(base+"/api/v1/sessions", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Token string `json:"token"`
	}
	json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != http.StatusCreated || out.Token == "" {
		t.Fatalf("sign in as %s: status %d", username, res.StatusCode)
	}
	return out.Token
}

// reportNotes counts a measure's progress reports by note, read through the
// API of a freshly restarted server, following the cursor to the last page.
func reportNotes(base, token, code string) (map[string]int, error) {
	notes := map[string]int{}
	cursor := ""
	for {
		url := base + "/api/v1/measures/" + code + "/progress?limit=500"
		if cursor != "" {
			url += "&cursor=" + cursor
		}
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		var out struct {
			Items []struct {
				Note string `json:"note"`
			} `json:"items"`
			NextCursor string `json:"next_cursor"`
		}
		if res.StatusCode != http.StatusOK {
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			return nil, fmt.Errorf("GET progress: %d %s", res.StatusCode, b)
		}
		err = json.NewDecoder(res.Body).Decode(&out)
		res.Body.Close()
		if err != nil {
			return nil, err
		}
		for _, it := range out.Items {
			notes[it.Note]++
		}
		if out.NextCursor == "" {
			return notes, nil
		}
		cursor = out.NextCursor
	}
}

// luoshiProcess is one running `luoshi serve`.
type luoshiProcess struct {
	cmd  *exec.Cmd
	url  string
	log  *serverLog
	once sync.Once
}

// startLuoshi starts `luoshi serve` on port 0 over db and waits for its ready
// line; the test's cleanup kills it if the test has not.
func startLuoshi(t *testing.T, bin, db string) *luoshiProcess {
	t.Helper()
	p := &luoshiProcess{log: &serverLog{ready: make(chan string, 1)}}
	p.cmd = exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", db)
	p.cmd.Env = append(os.Environ(), "LUOSHI_ADMIN_PASSWORD=Durable-Pass-24")
	p.cmd.Stdout = p.log
	p.cmd.Stderr = p.log
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.kill)
	exited := make(chan struct{})
	go func() { p.wait(); close(exited) }()
	select {
	case p.url = <-p.log.ready:
		return p
	case <-exited:
		t.Fatalf("luoshi serve exited before it was ready:\n%s", p.log.String())
	case <-time.After(30 * time.Second):
		p.kill()
		t.Fatalf("luoshi serve was not ready in 30s:\n%s", p.log.String())
	}
	return nil
}

// wait reaps the process once, whoever asks first.
func (p *luoshiProcess) wait() { p.once.Do(func() { p.cmd.Wait() }) }

// kill ends the server with SIGKILL: no shutdown, no flush, like a power cut
// for the process.
func (p *luoshiProcess) kill() {
	p.cmd.Process.Kill()
	p.wait()
}

// stop ends the server gracefully (SIGINT, as Ctrl-C or systemd would).
func (p *luoshiProcess) stop() {
	p.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { p.wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		p.kill()
	}
}

// serverLog keeps a server's output and hands over the URL of its ready line.
type serverLog struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	ready chan string
	seen  bool
}

var readyLine = regexp.MustCompile(`luoshi ready[^\n]*url=(\S+)[^\n]*\n`)

func (l *serverLog) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(b)
	if !l.seen {
		if m := readyLine.FindSubmatch(l.buf.Bytes()); m != nil {
			l.seen = true
			l.ready <- strings.TrimSuffix(string(m[1]), "/")
		}
	}
	return len(b), nil
}

func (l *serverLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
