package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
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
	// Only, when set, drives only the endpoints whose names contain one
	// of these words (the floor is always measured).
	Only []string
	// RawCommits, when set, measures the raw durable commit rate (commits
	// a second) of the database the progress reports go to. Load calls it
	// just before and just after the progress-report endpoint: a disk's
	// rate drifts over a run (on the shared 2-core machines it fell from
	// 5,600 to 3,300/s within minutes), so the rate the reports are
	// compared with is the one of their own minutes.
	RawCommits func(context.Context) (float64, error)
}

// Wants reports whether the endpoint (or step) named name is to be driven.
func (o LoadOptions) Wants(name string) bool {
	if len(o.Only) == 0 || name == EndpointFloor {
		return true
	}
	for _, w := range o.Only {
		if strings.Contains(strings.ToLower(name), strings.ToLower(strings.TrimSpace(w))) {
			return true
		}
	}
	return false
}

// StepDailyRun is bench run's last step, after the endpoints: a server
// started with its jobs on makes its first daily run (cmd/luoshi).
const StepDailyRun = "first daily run"

// Endpoint names, in the order Load drives them.
const (
	EndpointFloor = "hello-world floor"
	EndpointBoard = "board (GET / HTML)"
	// The same board as a browser asks for it: gzipped, and again with
	// the ETag it was given (304, no body).
	EndpointBoardGzip = "board, gzipped (GET / HTML, Accept-Encoding: gzip)"
	EndpointBoard304  = "board, unchanged (GET / HTML, If-None-Match: 304)"
	// The measures list three ways: the office's overdue list (the
	// supervision's daily list), a unit's overdue measures (those it
	// leads and those it cooperates on, merged) and a theme's measures
	// holding some words (a substring of title, code or detail).
	EndpointList      = "overdue list, first page (GET /api/v1/measures)"
	EndpointListUnit  = "a unit's overdue list (GET /api/v1/measures?unit=)"
	EndpointListWords = "a theme's measures with words (GET /api/v1/measures?theme=&q=)"
	EndpointDeep      = "overdue list, deep pages (GET /api/v1/measures?cursor=)"
	EndpointPage      = "measure page (GET /measures/{code} HTML)"
	EndpointSearch    = "search (GET /api/v1/search)"
	EndpointDash      = "dashboard (GET /dashboard HTML)"
	EndpointNotices   = "notices (GET /notices HTML)"
	EndpointUnit      = "unit page (GET /units/{code} HTML)"
	EndpointProgress  = "progress report (POST /api/v1/measures/{code}/progress)"
	EndpointSignIn    = "sign-in (POST /api/v1/sessions)"
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
	// PeakRSS is the server process's peak resident set while this
	// endpoint ran, in bytes (0 where it cannot be read: no /proc, or a
	// server given by URL without its process id).
	PeakRSS int64
	// CPU is the server process's CPU time (user and system) while this
	// endpoint ran; 0 where it cannot be read.
	CPU time.Duration
	// RawBefore and RawAfter are the raw durable commit rates measured
	// just before and just after the endpoint (progress reports with
	// LoadOptions.RawCommits; else 0).
	RawBefore, RawAfter float64
}

// OfRawCommits is PerSec as a fraction of the mean of RawBefore and
// RawAfter (0 where they were not measured).
func (r Result) OfRawCommits() float64 {
	if r.RawBefore <= 0 || r.RawAfter <= 0 {
		return 0
	}
	return r.PerSec / ((r.RawBefore + r.RawAfter) / 2)
}

// Target is what a load test drives: one institution or several (a
// province), each served by one luoshi server or more, and a hello-world
// server, each in a process of its own, so that the figures are the
// servers' alone and the floor is measured in the same run on the same
// machine. A PID of 0 means the process is not known (a server given by
// URL): its memory and CPU are then not reported.
type Target struct {
	Sites    []Site
	FloorURL string
	FloorPID int
}

// Site is one institution under load: what the clients cycle over in it
// (ReadFixture), and the servers that serve it, all on its one database.
type Site struct {
	Fixture *Fixture
	Servers []Server
}

// Server is one luoshi process.
type Server struct {
	URL string
	PID int
}

// Floor is the hello-world handler the floor is measured on.
func Floor() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "hello, world\n")
	})
}

// Load drives each endpoint of the servers at t in turn, the floor first,
// with clients signed in through the API. The i-th request of the run (of
// whichever client) goes to site i mod the number of sites, and in turn to
// each of that site's servers.
func Load(ctx context.Context, t Target, o LoadOptions) ([]Result, error) {
	if o.Clients < 1 || o.Duration <= 0 || o.Requests < 1 {
		return nil, model.Errorf(model.EINVALID, "bench: clients, duration and requests must be positive")
	}
	if len(t.Sites) == 0 {
		return nil, model.Errorf(model.EINVALID, "bench: no institution to drive")
	}
	floorURL := t.FloorURL

	client := &http.Client{
		Transport: &http.Transport{
			MaxIdleConns:        4 * o.Clients * len(t.Sites),
			MaxIdleConnsPerHost: 2 * o.Clients,
			IdleConnTimeout:     time.Minute,
			DisableCompression:  true,
		},
		// A redirect (to /signin) is an answer to count, not to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       30 * time.Second,
	}
	defer client.CloseIdleConnections()

	sites := make([]*siteLoad, len(t.Sites))
	var pids []int
	for k, st := range t.Sites {
		if len(st.Servers) == 0 {
			return nil, model.Errorf(model.EINVALID, "bench: institution %d has no server", k+1)
		}
		sl, err := startSite(ctx, client, st, o.Clients)
		if err != nil {
			return nil, err
		}
		sites[k] = sl
		for _, sv := range st.Servers {
			pids = append(pids, sv.PID)
		}
	}
	// pick is the site and the server request i goes to, and j, its
	// number among that site's requests, which chooses what it asks for
	// (with one site, j is i). Every client has sessions on every site.
	pick := func(i int) (sl *siteLoad, base string, j int) {
		sl, j = sites[i%len(sites)], i/len(sites)
		return sl, sl.urls[j%len(sl.urls)], j
	}

	type endpoint struct {
		name string
		want int
		req  func(c, i int) (*http.Request, error)
	}
	// page is a GET of path as the office, with its session cookie.
	page := func(sl *siteLoad, base, path string, c int) (*http.Request, error) {
		r, err := http.NewRequestWithContext(ctx, "GET", base+path, nil)
		if err == nil {
			r.AddCookie(&http.Cookie{Name: "luoshi_session", Value: sl.office[c]})
		}
		return r, err
	}
	todo := func(sessions func(*siteLoad) []string) func(c, i int) (*http.Request, error) {
		return func(c, i int) (*http.Request, error) {
			sl, base, _ := pick(i)
			r, err := http.NewRequestWithContext(ctx, "GET", base+"/todo", nil)
			if err == nil {
				r.AddCookie(&http.Cookie{Name: "luoshi_session", Value: sessions(sl)[c]})
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
			sl, base, _ := pick(i)
			return page(sl, base, "/", c)
		}},
		{EndpointBoardGzip, 200, func(c, i int) (*http.Request, error) {
			sl, base, _ := pick(i)
			r, err := page(sl, base, "/", c)
			if err == nil {
				r.Header.Set("Accept-Encoding", "gzip")
			}
			return r, err
		}},
		{EndpointBoard304, 304, func(c, i int) (*http.Request, error) {
			sl, base, _ := pick(i)
			etag, err := sl.boardETag(ctx, client, base)
			if err != nil {
				return nil, err
			}
			r, err := page(sl, base, "/", c)
			if err == nil {
				r.Header.Set("If-None-Match", etag)
			}
			return r, err
		}},
		{EndpointList, 200, func(c, i int) (*http.Request, error) {
			sl, base, _ := pick(i)
			q := url.Values{"limit": {"50"}, "status": {"overdue"}}
			r, err := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/measures?"+q.Encode(), nil)
			return bearer(r, sl.office[c]), err
		}},
		{EndpointListUnit, 200, func(c, i int) (*http.Request, error) {
			sl, base, j := pick(i)
			q := url.Values{"limit": {"50"}, "status": {"overdue"}, "unit": {sl.fix.unitCodes[(c+j)%len(sl.fix.unitCodes)]}}
			r, err := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/measures?"+q.Encode(), nil)
			return bearer(r, sl.office[c]), err
		}},
		{EndpointListWords, 200, func(c, i int) (*http.Request, error) {
			sl, base, j := pick(i)
			q := url.Values{"limit": {"50"}, "theme": {model.Themes[(c+j)%len(model.Themes)]}, "q": {objects[(c+j)%len(objects)]}}
			r, err := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/measures?"+q.Encode(), nil)
			return bearer(r, sl.office[c]), err
		}},
		{EndpointDeep, 200, func(c, i int) (*http.Request, error) {
			sl, base, j := pick(i)
			q := url.Values{"limit": {"50"}, "status": {"overdue"}}
			if len(sl.fix.overdueCursors) > 0 {
				q.Set("cursor", sl.fix.overdueCursors[(c*31+j)%len(sl.fix.overdueCursors)])
			}
			r, err := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/measures?"+q.Encode(), nil)
			return bearer(r, sl.office[c]), err
		}},
		{EndpointPage, 200, func(c, i int) (*http.Request, error) {
			sl, base, j := pick(i)
			return page(sl, base, "/measures/"+sl.fix.codes[spread(c, j, len(sl.fix.codes))], c)
		}},
		{EndpointSearch, 200, func(c, i int) (*http.Request, error) {
			sl, base, j := pick(i)
			q := url.Values{"q": {SearchTerms[(c+j)%len(SearchTerms)]}}
			r, err := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/search?"+q.Encode(), nil)
			return bearer(r, sl.office[c]), err
		}},
		{EndpointDash, 200, func(c, i int) (*http.Request, error) {
			sl, base, j := pick(i)
			r, err := page(sl, base, "/dashboard", c)
			if err == nil && j%2 == 1 {
				r.Header.Del("Cookie")
				r.AddCookie(&http.Cookie{Name: "luoshi_session", Value: sl.leader[c]})
			}
			return r, err
		}},
		{EndpointNotices, 200, func(c, i int) (*http.Request, error) {
			sl, base, _ := pick(i)
			return page(sl, base, "/notices", c)
		}},
		{EndpointUnit, 200, func(c, i int) (*http.Request, error) {
			sl, base, j := pick(i)
			return page(sl, base, "/units/"+sl.fix.unitCodes[spread(c, j, len(sl.fix.unitCodes))], c)
		}},
		{EndpointProgress, 201, func(c, i int) (*http.Request, error) {
			sl, base, j := pick(i)
			ms := sl.fix.units[c%len(sl.fix.units)].measures
			code := ms[(j/o.Clients)%len(ms)]
			body, _ := json.Marshal(map[string]any{"percent": 1 + j%99, "note": notes[j%len(notes)]})
			r, err := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/measures/"+code+"/progress", bytes.NewReader(body))
			if err == nil {
				r.Header.Set("Content-Type", "application/json")
			}
			return bearer(r, sl.unit[c]), err
		}},
		{EndpointSignIn, 201, func(c, i int) (*http.Request, error) {
			sl, base, j := pick(i)
			body, _ := json.Marshal(map[string]string{"username": sl.fix.units[(c+j)%len(sl.fix.units)].username, "password": Password})
			r, err := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/sessions", bytes.NewReader(body))
			if err == nil {
				r.Header.Set("Content-Type", "application/json")
			}
			return r, err
		}},
		{EndpointTodoOffice, 200, todo(func(sl *siteLoad) []string { return sl.office })},
		{EndpointTodoLeader, 200, todo(func(sl *siteLoad) []string { return sl.leader })},
		{EndpointTodoUnit, 200, todo(func(sl *siteLoad) []string { return sl.unit })},
	}

	var out []Result
	for _, ep := range endpoints {
		if !o.Wants(ep.name) {
			continue
		}
		if o.Progress != nil {
			fmt.Fprintf(o.Progress, "  %s …\n", ep.name)
		}
		ps := pids
		if ep.name == EndpointFloor {
			ps = []int{t.FloorPID}
		}
		raw := o.RawCommits != nil && ep.name == EndpointProgress
		var before float64
		if raw {
			var err error
			if before, err = o.RawCommits(ctx); err != nil {
				return out, err
			}
		}
		res, err := drive(ctx, client, o, ps, ep.name, ep.want, ep.req)
		if err != nil {
			return out, err
		}
		if raw {
			if res.RawAfter, err = o.RawCommits(ctx); err != nil {
				return out, err
			}
			res.RawBefore = before
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

// siteLoad is one institution as the clients see it: what they cycle over,
// its servers' URLs, and each client's sessions there.
type siteLoad struct {
	fix                  *Fixture
	urls                 []string
	office, leader, unit []string // by client

	etagMu sync.Mutex
	etags  map[string]string // the office's board's ETag by server
}

// boardETag is the ETag of the office's board on the server at base, asked
// for once.
func (sl *siteLoad) boardETag(ctx context.Context, client *http.Client, base string) (string, error) {
	sl.etagMu.Lock()
	defer sl.etagMu.Unlock()
	if e, ok := sl.etags[base]; ok {
		return e, nil
	}
	r, err := http.NewRequestWithContext(ctx, "GET", base+"/", nil)
	if err != nil {
		return "", err
	}
	r.AddCookie(&http.Cookie{Name: "luoshi_session", Value: sl.office[0]})
	res, err := client.Do(r)
	if err != nil {
		return "", err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	e := res.Header.Get("ETag")
	if e == "" {
		return "", fmt.Errorf("bench: the board at %s has no ETag (%d)", base, res.StatusCode)
	}
	if sl.etags == nil {
		sl.etags = map[string]string{}
	}
	sl.etags[base] = e
	return e, nil
}

// startSite reads the institution's fixture and signs its clients in. Each
// client has an office session for the pages, a leader's for the leader's
// to-do, and a unit session for progress reports on its unit's own
// measures and the unit's to-do. The office's and the leader's sessions are
// opened once and shared, the unit sessions one after another: the load
// measured is the endpoints', not a burst of sign-ins.
func startSite(ctx context.Context, client *http.Client, st Site, clients int) (*siteLoad, error) {
	fix := st.Fixture
	sl := &siteLoad{fix: fix, office: make([]string, clients), leader: make([]string, clients), unit: make([]string, clients)}
	for _, sv := range st.Servers {
		sl.urls = append(sl.urls, strings.TrimSuffix(sv.URL, "/"))
	}
	base := sl.urls[0]
	officeTok, err := signIn(ctx, client, base, fix.office)
	if err != nil {
		return nil, fmt.Errorf("bench: sign clients in: %w", err)
	}
	leaderTok, err := signIn(ctx, client, base, fix.leader)
	if err != nil {
		return nil, fmt.Errorf("bench: sign clients in: %w", err)
	}
	for c := range clients {
		sl.office[c], sl.leader[c] = officeTok, leaderTok
		if sl.unit[c], err = signIn(ctx, client, base, fix.units[c%len(fix.units)].username); err != nil {
			return nil, fmt.Errorf("bench: sign clients in: %w", err)
		}
	}
	return sl, nil
}

// spread picks the i-th request's item of n for client c: a stride prime to
// any likely n, so that consecutive requests land far apart and the run
// covers all n items, not the first few.
func spread(c, i, n int) int { return int((uint64(c)*104729 + uint64(i)*7919) % uint64(n)) }

// SearchTerms are the search load's queries over the generated titles
// (generate.go's vocabulary): bigrams that match a large share of the
// measures (建设, 体系, 推进), common phrases, rare ones, two words, and a
// word no measure holds.
var SearchTerms = []string{"建设", "学科", "体系", "推进", "学科建设", "科研成果转化", "实验室安全管理", "师德 体系", "三年行动计划", "量子计算"}

// drive runs one endpoint with o.Clients workers and measures it, and the
// server processes' peak resident sets and CPU time while it ran (summed
// over pids).
func drive(ctx context.Context, client *http.Client, o LoadOptions, pids []int, name string, want int, newReq func(c, i int) (*http.Request, error)) (Result, error) {
	for _, pid := range pids {
		resetPeakRSS(pid)
	}
	cpu0 := cpuTime(pids)
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
	r := Result{Endpoint: name, Requests: len(all), Elapsed: elapsed, PeakRSS: peakRSS(pids)}
	if cpu1 := cpuTime(pids); cpu0 > 0 && cpu1 > cpu0 {
		r.CPU = cpu1 - cpu0
	}
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
	fmt.Fprintln(tw, "endpoint\trequests\treq/s\tp50 ms\tp99 ms\terrors\tof floor\tserver RSS MB\tserver CPU\t")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.2f\t%.2f\t%d\t%.1f%%\t%s\t%s\t\n", r.Endpoint, r.Requests, r.PerSec,
			ms(r.P50), ms(r.P99), r.Errors, 100*r.OfFloor, mb(r.PeakRSS), cores(r.CPU, r.Elapsed))
	}
	tw.Flush()
	for _, r := range results {
		if r.FirstError != "" {
			fmt.Fprintf(w, "first error of %s: %s\n", r.Endpoint, r.FirstError)
		}
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// cores is CPU time as a share of one core over the elapsed time.
func cores(cpu, elapsed time.Duration) string {
	if cpu <= 0 || elapsed <= 0 {
		return "n/a"
	}
	return strconv.FormatFloat(100*cpu.Seconds()/elapsed.Seconds(), 'f', 0, 64) + "%"
}

func mb(n int64) string {
	if n <= 0 {
		return "n/a"
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64)
}

// Fixture is what the clients need to know of a generated institution.
type Fixture struct {
	office    string
	leader    string
	units     []unitAccount
	unitCodes []string
	codes     []string // every measure, for the measure page
	// overdueCursors are cursors spread through the whole overdue list,
	// for its deep pages.
	overdueCursors []string
}

type unitAccount struct {
	username string
	measures []string // open measures its unit leads
}

// ReadFixture reads accounts and measures through a: an office account, a
// leader's, and for up to clients units an account with the unit's own open
// measures.
func ReadFixture(ctx context.Context, a *app.App, clients int) (*Fixture, error) {
	today, err := a.Today(ctx)
	if err != nil {
		return nil, err
	}
	accts, err := a.Accounts(ctx, app.System)
	if err != nil {
		return nil, err
	}
	f := &Fixture{}
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
	overdue, err := allMeasures(ctx, a, model.MeasureFilter{Today: today, Status: model.Overdue})
	if err != nil {
		return nil, err
	}
	const cursors = 200
	for k := range min(cursors, len(overdue)) {
		f.overdueCursors = append(f.overdueCursors, strconv.FormatInt(overdue[k*len(overdue)/min(cursors, len(overdue))].ID, 10))
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

// resetPeakRSS lowers the kernel's peak-RSS mark (VmHWM) of process pid to
// its current resident set, so the next reading is the peak since now
// (Linux only; nothing when pid is 0).
func resetPeakRSS(pid int) {
	if pid > 0 {
		os.WriteFile("/proc/"+strconv.Itoa(pid)+"/clear_refs", []byte("5"), 0)
	}
}

// peakRSS is the sum of the processes' peak resident sets (VmHWM), in
// bytes; 0 when a process is not known.
func peakRSS(pids []int) int64 {
	var sum int64
	for _, pid := range pids {
		if pid <= 0 {
			return 0
		}
		sum += PeakRSSOf(pid)
	}
	return sum
}

// PeakRSSOf reads the peak resident set (VmHWM) of process pid, in bytes;
// 0 when unknown.
func PeakRSSOf(pid int) int64 { return statusKB(pid, "VmHWM:") }

// RSSOf reads the resident set (VmRSS) of process pid, in bytes; 0 when
// unknown.
func RSSOf(pid int) int64 { return statusKB(pid, "VmRSS:") }

// statusKB reads a field given in kB from /proc/PID/status, in bytes.
func statusKB(pid int, field string) int64 {
	if pid <= 0 {
		return 0
	}
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat's times: 100 on every
// Linux architecture Go supports.
const clockTicks = 100

// cpuTime is the user and system CPU time of the processes, summed; 0 when
// a process is not known.
func cpuTime(pids []int) time.Duration {
	var sum time.Duration
	for _, pid := range pids {
		if pid <= 0 {
			return 0
		}
		sum += cpuTimeOf(pid)
	}
	return sum
}

// cpuTimeOf reads the user and system CPU time of process pid from
// /proc/PID/stat; 0 when unknown.
func cpuTimeOf(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The command name (field 2) is in parentheses and may hold spaces:
	// count fields after its closing parenthesis. utime and stime are
	// fields 14 and 15, the 12th and 13th after it.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(ut+st) * time.Second / clockTicks
}
