// Package metrics counts what /metrics reports, in the Prometheus text
// exposition format written by hand: HTTP requests per route pattern,
// database query timings, job runs, and the store's connection pools.
// Recording is cheap (atomic adds into fixed buckets) so the store can time
// every query; store and server both import it, and it imports nothing of
// ours.
package metrics

import (
	"bufio"
	"database/sql"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// buckets are the histograms' upper bounds in seconds, fixed for every
// family: from half a millisecond (a cached board) to five seconds.
var buckets = [...]float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

// Histogram counts durations into the fixed buckets.
type Histogram struct {
	counts [len(buckets) + 1]atomic.Uint64 // the last one is +Inf
	sumNs  atomic.Uint64
}

// Observe records one duration.
func (h *Histogram) Observe(d time.Duration) {
	s := d.Seconds()
	i := sort.SearchFloat64s(buckets[:], s) // first bound ≥ s
	h.counts[i].Add(1)
	h.sumNs.Add(uint64(max(d, 0)))
}

// Since records the time elapsed since start; `defer h.Since(time.Now())`
// times a function.
func (h *Histogram) Since(start time.Time) { h.Observe(time.Since(start)) }

// Count is how many durations were observed.
func (h *Histogram) Count() uint64 {
	var n uint64
	for i := range h.counts {
		n += h.counts[i].Load()
	}
	return n
}

// write prints the histogram's series; labels is `k="v",` text or "".
func (h *Histogram) write(w io.Writer, name, labels string) {
	var cum uint64
	for i, b := range buckets {
		cum += h.counts[i].Load()
		fmt.Fprintf(w, "%s_bucket{%sle=\"%s\"} %d\n", name, labels, strconv.FormatFloat(b, 'g', -1, 64), cum)
	}
	cum += h.counts[len(buckets)].Load()
	fmt.Fprintf(w, "%s_bucket{%sle=\"+Inf\"} %d\n", name, labels, cum)
	l := strings.TrimSuffix(labels, ",")
	if l != "" {
		l = "{" + l + "}"
	}
	fmt.Fprintf(w, "%s_sum%s %s\n", name, l, formatFloat(float64(h.sumNs.Load())/1e9))
	fmt.Fprintf(w, "%s_count%s %d\n", name, l, cum)
}

// Query kinds the store times separately.
const (
	Exec = iota
	Query
	QueryRow
	queryKinds
)

var queryKindNames = [queryKinds]string{"exec", "query", "query_row"}

// route is one route pattern's counts.
type route struct {
	latency Histogram
	classes [6]atomic.Uint64 // by status / 100; 0 for anything odd
}

// Registry holds every family. Default is the process's; tests may make
// their own.
type Registry struct {
	// InFlight counts requests being served (a scrape counts itself).
	InFlight atomic.Int64
	routes   sync.Map // route pattern → *route
	queries  [queryKinds]Histogram
	jobsMu   sync.Mutex
	jobs     map[[2]string]uint64 // {job, result} → runs
}

// Default is the registry the store and the server record into.
var Default = &Registry{}

// ObserveRequest records one answered request under its route pattern
// (never a raw path: the ids in paths would make the series unbounded).
func (r *Registry) ObserveRequest(pattern string, status int, d time.Duration) {
	v, ok := r.routes.Load(pattern)
	if !ok {
		v, _ = r.routes.LoadOrStore(pattern, &route{})
	}
	rt := v.(*route)
	rt.latency.Observe(d)
	c := status / 100
	if c < 1 || c > 5 {
		c = 0
	}
	rt.classes[c].Add(1)
}

// ObserveQuery records one store call of a kind (Exec, Query, QueryRow)
// that began at start; the store defers it in its wrappers.
func (r *Registry) ObserveQuery(kind int, start time.Time) {
	r.queries[kind].Since(start)
}

// JobRun counts one run of a background job with its result ("ok", "error").
func (r *Registry) JobRun(job, result string) {
	r.jobsMu.Lock()
	if r.jobs == nil {
		r.jobs = map[[2]string]uint64{}
	}
	r.jobs[[2]string{job, result}]++
	r.jobsMu.Unlock()
}

// ObserveRequest records into Default.
func ObserveRequest(pattern string, status int, d time.Duration) {
	Default.ObserveRequest(pattern, status, d)
}

// ObserveQuery records into Default.
func ObserveQuery(kind int, start time.Time) { Default.ObserveQuery(kind, start) }

// Write prints every family in the Prometheus text format (version 0.0.4).
// pools are the store's connection pools by name.
func (r *Registry) Write(out io.Writer, pools map[string]sql.DBStats) error {
	w := bufio.NewWriter(out)

	var patterns []string
	r.routes.Range(func(k, _ any) bool {
		patterns = append(patterns, k.(string))
		return true
	})
	sort.Strings(patterns)
	fmt.Fprintln(w, "# HELP luoshi_http_requests_in_flight Requests being served now, this scrape included.")
	fmt.Fprintln(w, "# TYPE luoshi_http_requests_in_flight gauge")
	fmt.Fprintf(w, "luoshi_http_requests_in_flight %d\n", r.InFlight.Load())
	classNames := [6]string{"other", "1xx", "2xx", "3xx", "4xx", "5xx"}
	fmt.Fprintln(w, "# HELP luoshi_http_requests_total HTTP requests answered, by route pattern and status class.")
	fmt.Fprintln(w, "# TYPE luoshi_http_requests_total counter")
	for _, p := range patterns {
		v, _ := r.routes.Load(p)
		rt := v.(*route)
		for c := range rt.classes {
			if n := rt.classes[c].Load(); n > 0 {
				fmt.Fprintf(w, "luoshi_http_requests_total{route=%s,code=\"%s\"} %d\n", quote(p), classNames[c], n)
			}
		}
	}
	fmt.Fprintln(w, "# HELP luoshi_http_request_duration_seconds Time to answer HTTP requests, by route pattern.")
	fmt.Fprintln(w, "# TYPE luoshi_http_request_duration_seconds histogram")
	for _, p := range patterns {
		v, _ := r.routes.Load(p)
		v.(*route).latency.write(w, "luoshi_http_request_duration_seconds", "route="+quote(p)+",")
	}

	fmt.Fprintln(w, "# HELP luoshi_db_query_duration_seconds Time the store's statements take to return (for queries: until the first row is ready), by kind.")
	fmt.Fprintln(w, "# TYPE luoshi_db_query_duration_seconds histogram")
	for k := range r.queries {
		r.queries[k].write(w, "luoshi_db_query_duration_seconds", `kind="`+queryKindNames[k]+`",`)
	}

	names := make([]string, 0, len(pools))
	for n := range pools {
		names = append(names, n)
	}
	sort.Strings(names)
	gauge := func(name, help string, val func(sql.DBStats) string, typ string) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
		for _, n := range names {
			fmt.Fprintf(w, "%s{pool=%s} %s\n", name, quote(n), val(pools[n]))
		}
	}
	itoa := func(n int) string { return strconv.Itoa(n) }
	gauge("luoshi_db_pool_max_open_connections", "Connections the pool may open.", func(s sql.DBStats) string { return itoa(s.MaxOpenConnections) }, "gauge")
	gauge("luoshi_db_pool_open_connections", "Connections open, in use or idle.", func(s sql.DBStats) string { return itoa(s.OpenConnections) }, "gauge")
	gauge("luoshi_db_pool_in_use_connections", "Connections in use.", func(s sql.DBStats) string { return itoa(s.InUse) }, "gauge")
	gauge("luoshi_db_pool_idle_connections", "Connections idle.", func(s sql.DBStats) string { return itoa(s.Idle) }, "gauge")
	gauge("luoshi_db_pool_wait_count_total", "Times a caller waited for a connection.", func(s sql.DBStats) string { return strconv.FormatInt(s.WaitCount, 10) }, "counter")
	gauge("luoshi_db_pool_wait_duration_seconds_total", "Time callers spent waiting for a connection.", func(s sql.DBStats) string { return formatFloat(s.WaitDuration.Seconds()) }, "counter")

	fmt.Fprintln(w, "# HELP luoshi_jobs_total Background job runs, by job and result.")
	fmt.Fprintln(w, "# TYPE luoshi_jobs_total counter")
	r.jobsMu.Lock()
	keys := make([][2]string, 0, len(r.jobs))
	for k := range r.jobs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+"\x00"+keys[i][1] < keys[j][0]+"\x00"+keys[j][1] })
	if len(keys) == 0 {
		fmt.Fprintln(w, "luoshi_jobs_total 0")
	}
	for _, k := range keys {
		fmt.Fprintf(w, "luoshi_jobs_total{job=%s,result=%s} %d\n", quote(k[0]), quote(k[1]), r.jobs[k])
	}
	r.jobsMu.Unlock()
	return w.Flush()
}

// quote writes a label value with the format's escapes (\\, \", \n).
func quote(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "\n", `\n`)
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

func formatFloat(f float64) string {
	if math.IsInf(f, 1) {
		return "+Inf"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}
