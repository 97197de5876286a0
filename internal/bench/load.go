package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// LoadOptions bound a load test: every endpoint is driven by Clients
// concurrent clients until Duration has passed or Requests requests were
// sent, whichever comes first.
type LoadOptions struct {
	Clients  int
	Duration time.Duration
	Requests int
	// Progress, when set, hears a line as each endpoint starts.
	Progress io.Writer
}

// Endpoint names, in the order Load drives them.
const (
	EndpointFloor    = "hello-world floor"
	EndpointBoard    = "board (GET / HTML)"
	EndpointList     = "measure list (GET /api/v1/measures)"
	EndpointPage     = "measure page (GET /measures/{code} HTML)"
	EndpointProgress = "progress report (POST /api/v1/measures/{code}/progress)"
	EndpointSignIn   = "sign-in (POST /api/v1/sessions)"
	// The to-do page of each role (issue 15: p99 ≤ 20 ms at the large
	// scale); like every page, it also counts the to-do for the navigation.
	EndpointTodoOffice = "to-do, office (GET /todo HTML)"
	EndpointTodoLeader = "to-do, leader (GET /todo HTML)"
	EndpointTodoUnit   = "to-do, unit (GET /todo HTML)"
)

// Result is one endpoint's line of the load test's table.
type Result struct {
	Endpoint string
	Requests int
	Errors   int
	// FirstError describes the first failure, for the report below the table.
	FirstError string
	Elapsed    time.Duration
	P50, P99   time.Duration
	// PerSec is answered requests (errors included) per second.
	PerSec float64
	// OfFloor is PerSec as a fraction of the hello-world floor's.
	OfFloor float64
	// PeakRSS is the process's peak resident set while this endpoint ran,
	// in bytes (0 where /proc is missing). Server and clients share the
	// process.
	PeakRSS int64
}

// Load serves srv, the real server over a (server.New), on a loopback port
// and a hello-world handler on another, signs clients in through the API
// and drives each endpoint in turn. The database must hold a generated
// institution (accounts with Password). The caller builds the server, so
// this package never imports the faces and their tests may use the
// generator.
func Load(ctx context.Context, a *app.App, srv http.Handler, o LoadOptions) ([]Result, error) {
	if o.Clients < 1 || o.Duration <= 0 || o.Requests < 1 {
		return nil, model.Errorf(model.EINVALID, "bench: clients, duration and requests must be positive")
	}
	fix, err := loadFixture(ctx, a, o.Clients)
	if err != nil {
		return nil, err
	}

	floorURL, stopFloor, err := listen(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "hello, world\n")
	}))
	if err != nil {
		return nil, err
	}
	defer stopFloor()
	base, stopServer, err := listen(srv)
	if err != nil {
		return nil, err
	}
	defer stopServer()

	client := &http.Client{
		Transport: &http.Transport{
			MaxIdleConns:        4 * o.Clients,
			MaxIdleConnsPerHost: 2 * o.Clients,
			IdleConnTimeout:     time.Minute,
			DisableCompression:  true,
		},
		// A redirect (to /signin) is an answer to count, not to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       30 * time.Second,
	}
	defer client.CloseIdleConnections()

	// Each client has an office session for the pages, a leader's for
	// the leader's to-do, and a unit session for progress reports on its
	// unit's own measures and the unit's to-do. The office's and the
	// leader's sessions are opened once and shared, the unit sessions one
	// after another: the load measured is the endpoints', not a burst of
	// sign-ins.
	office := make([]string, o.Clients)
	leader := make([]string, o.Clients)
	unit := make([]string, o.Clients)
	officeTok, err := signIn(ctx, client, base, fix.office)
	if err != nil {
		return nil, fmt.Errorf("bench: sign clients in: %w", err)
	}
	leaderTok, err := signIn(ctx, client, base, fix.leader)
	if err != nil {
		return nil, fmt.Errorf("bench: sign clients in: %w", err)
	}
	for c := range o.Clients {
		office[c], leader[c] = officeTok, leaderTok
		if unit[c], err = signIn(ctx, client, base, fix.units[c%len(fix.units)].username); err != nil {
			return nil, fmt.Errorf("bench: sign clients in: %w", err)
		}
	}

	type endpoint struct {
		name string
		want int
		req  func(c, i int) (*http.Request, error)
	}
	cookie := func(r *http.Request, c int) *http.Request {
		r.AddCookie(&http.Cookie{Name: "luoshi_session", Value: office[c]})
		return r
	}
	todo := func(sessions []string) func(c, i int) (*http.Request, error) {
		return func(c, i int) (*http.Request, error) {
			r, err := http.NewRequestWithContext(ctx, "GET", base+"/todo", nil)
			if err == nil {
				r.AddCookie(&http.Cookie{Name: "luoshi_session", Value: sessions[c]})
			}
			return r, err
		}
	}
	bearer := func(r *http.Request, token string) *http.Request {
		r.Header.Set("Authorization", "Bearer "+token)
		return r
	}
	endpoints := []endpoint{
		{EndpointFloor, 200, func(c, i int) (*http.Request, error) {
			return http.NewRequestWithContext(ctx, "GET", floorURL+"/", nil)
		}},
		{EndpointBoard, 200, func(c, i int) (*http.Request, error) {
			r, err := http.NewRequestWithContext(ctx, "GET", base+"/", nil)
			return cookie(r, c), err
		}},
		{EndpointList, 200, func(c, i int) (*http.Request, error) {
			// Alternately: a unit's overdue measures, and a theme with words.
			q := url.Values{"limit": {"50"}}
			if i%2 == 0 {
				q.Set("unit", fix.unitCodes[(c+i)%len(fix.unitCodes)])
				q.Set("status", "overdue")
			} else {
				q.Set("theme", model.Themes[(c+i)%len(model.Themes)])
				q.Set("q", objects[(c+i)%len(objects)])
			}
			r, err := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/measures?"+q.Encode(), nil)
			return bearer(r, office[c]), err
		}},
		{EndpointPage, 200, func(c, i int) (*http.Request, error) {
			code := fix.codes[(c*7919+i)%len(fix.codes)]
			r, err := http.NewRequestWithContext(ctx, "GET", base+"/measures/"+code, nil)
			return cookie(r, c), err
		}},
		{EndpointProgress, 201, func(c, i int) (*http.Request, error) {
			ms := fix.units[c%len(fix.units)].measures
			code := ms[(i/o.Clients)%len(ms)]
			body, _ := json.Marshal(map[string]any{"percent": 1 + i%99, "note": notes[i%len(notes)]})
			r, err := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/measures/"+code+"/progress", bytes.NewReader(body))
			if err == nil {
				r.Header.Set("Content-Type", "application/json")
			}
			return bearer(r, unit[c]), err
		}},
		{EndpointSignIn, 201, func(c, i int) (*http.Request, error) {
			body, _ := json.Marshal(map[string]string{"username": fix.units[(c+i)%len(fix.units)].username, "password": Password})
			r, err := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/sessions", bytes.NewReader(body))
			if err == nil {
				r.Header.Set("Content-Type", "application/json")
			}
			return r, err
		}},
		{EndpointTodoOffice, 200, todo(office)},
		{EndpointTodoLeader, 200, todo(leader)},
		{EndpointTodoUnit, 200, todo(unit)},
	}

	var out []Result
	for _, ep := range endpoints {
		if o.Progress != nil {
			fmt.Fprintf(o.Progress, "  %s …\n", ep.name)
		}
		res, err := drive(ctx, client, o, ep.name, ep.want, ep.req)
		if err != nil {
			return out, err
		}
		out = append(out, res)
	}
	for i := range out {
		if out[0].PerSec > 0 {
			out[i].OfFloor = out[i].PerSec / out[0].PerSec
		}
	}
	return out, nil
}

// drive runs one endpoint with o.Clients workers and measures it.
func drive(ctx context.Context, client *http.Client, o LoadOptions, name string, want int, newReq func(c, i int) (*http.Request, error)) (Result, error) {
	debug.FreeOSMemory()
	resetPeakRSS()
	var issued atomic.Int64
	lat := make([][]time.Duration, o.Clients)
	errCount := make([]int, o.Clients)
	var firstErr atomic.Value
	fail := func(c int, msg string) {
		errCount[c]++
		firstErr.CompareAndSwap(nil, msg)
	}
	start := time.Now()
	deadline := start.Add(o.Duration)
	var wg sync.WaitGroup
	for c := range o.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil && time.Now().Before(deadline) {
				i := int(issued.Add(1)) - 1
				if i >= o.Requests {
					return
				}
				req, err := newReq(c, i)
				if err != nil {
					fail(c, err.Error())
					continue
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					lat[c] = append(lat[c], time.Since(t0))
					fail(c, err.Error())
					continue
				}
				var msg []byte
				if resp.StatusCode != want {
					msg, _ = io.ReadAll(io.LimitReader(resp.Body, 300))
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				lat[c] = append(lat[c], time.Since(t0))
				if resp.StatusCode != want {
					fail(c, fmt.Sprintf("%s %s: %d %s", req.Method, req.URL.Path, resp.StatusCode, strings.TrimSpace(string(msg))))
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	r := Result{Endpoint: name, Requests: len(all), Elapsed: elapsed, PeakRSS: peakRSS()}
	for _, n := range errCount {
		r.Errors += n
	}
	if v := firstErr.Load(); v != nil {
		r.FirstError = v.(string)
	}
	if len(all) > 0 {
		r.P50 = all[len(all)*50/100]
		r.P99 = all[min(len(all)-1, len(all)*99/100)]
		r.PerSec = float64(len(all)) / elapsed.Seconds()
	}
	return r, nil
}

// WriteTable prints results as an aligned table, then the first error of
// each endpoint that had any.
func WriteTable(w io.Writer, results []Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "endpoint\trequests\treq/s\tp50 ms\tp99 ms\terrors\tof floor\tpeak RSS MB\t")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.2f\t%.2f\t%d\t%.1f%%\t%s\t\n", r.Endpoint, r.Requests, r.PerSec,
			ms(r.P50), ms(r.P99), r.Errors, 100*r.OfFloor, mb(r.PeakRSS))
	}
	tw.Flush()
	for _, r := range results {
		if r.FirstError != "" {
			fmt.Fprintf(w, "first error of %s: %s\n", r.Endpoint, r.FirstError)
		}
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func mb(n int64) string {
	if n <= 0 {
		return "n/a"
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64)
}

// fixture is what the clients need to know of the generated institution.
type fixture struct {
	office    string
	leader    string
	units     []unitAccount
	unitCodes []string
	codes     []string // measures for the measure page
}

type unitAccount struct {
	username string
	measures []string // open measures its unit leads
}

// loadFixture reads accounts and measures from the store: an office
// account, a leader's, and for up to clients units an account with the
// unit's own open measures.
func loadFixture(ctx context.Context, a *app.App, clients int) (*fixture, error) {
	today, err := a.Today(ctx)
	if err != nil {
		return nil, err
	}
	accts, err := a.Accounts(ctx, app.System)
	if err != nil {
		return nil, err
	}
	f := &fixture{}
	seen := map[string]bool{}
	for _, ac := range accts {
		switch {
		case ac.Disabled:
		case ac.Role == model.RoleOffice && (f.office == "" || ac.Username == OfficeAccount):
			f.office = ac.Username
		case ac.Role == model.RoleLeader && f.leader == "":
			f.leader = ac.Username
		case ac.Role == model.RoleUnit && !seen[ac.Unit] && len(f.units) < clients:
			ms, err := allMeasures(ctx, a, model.MeasureFilter{Today: today, Unit: ac.Unit})
			if err != nil {
				return nil, err
			}
			var own []string
			for _, m := range ms {
				if m.LeadUnit == ac.Unit && !m.Cancelled {
					own = append(own, m.Code)
				}
			}
			if len(own) > 0 {
				seen[ac.Unit] = true
				f.units = append(f.units, unitAccount{username: ac.Username, measures: own})
			}
		}
	}
	if f.office == "" || f.leader == "" || len(f.units) == 0 {
		return nil, model.Errorf(model.EINVALID, "bench: the database holds no generated institution (run luoshi bench gen first)")
	}
	units, err := a.Units(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		if u.Kind != model.UnitLeadership {
			f.unitCodes = append(f.unitCodes, u.Code)
		}
	}
	ms, err := allMeasures(ctx, a, model.MeasureFilter{Today: today})
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		f.codes = append(f.codes, m.Code)
	}
	return f, nil
}

// allMeasures follows the cursor through every measure matching f, a page
// of store.MaxMeasureLimit at a time, so the load cycles over all of them.
func allMeasures(ctx context.Context, a *app.App, f model.MeasureFilter) ([]model.Measure, error) {
	var out []model.Measure
	f.Limit = store.MaxMeasureLimit
	for {
		ms, next, err := a.Measures(ctx, app.System, f)
		if err != nil {
			return nil, err
		}
		out = append(out, ms...)
		if next == "" {
			return out, nil
		}
		if f.After, err = strconv.ParseInt(next, 10, 64); err != nil {
			return nil, fmt.Errorf("bench: measure cursor %q: %w", next, err)
		}
	}
}

// signIn opens a session through the API and returns its token.
func signIn(ctx context.Context, client *http.Client, base, username string) (string, error) {
	body, _ := json.Marshal(map[string]string{"username": username, "password": Password})
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/sessions", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		Token string `json:"token"`
	}
	if resp.StatusCode != http.StatusCreated {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		return "", fmt.Errorf("sign in as %s: %d %s", username, resp.StatusCode, msg)
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return "", err
	}
	return out.Token, nil
}

// listen serves h on a fresh loopback port and returns its base URL.
func listen(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}, nil
}

// resetPeakRSS lowers the kernel's peak-RSS mark (VmHWM) to the current
// resident set, so the next reading is the peak since now (Linux only).
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS reads VmHWM from /proc/self/status, in bytes; 0 when unknown.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
