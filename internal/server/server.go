// Package server joins the web UI, the JSON API and the health check into
// one handler with request ids, logging and panic recovery.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/luoshi-edu/luoshi/internal/api"
	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/metrics"
	"github.com/luoshi-edu/luoshi/internal/origin"
	"github.com/luoshi-edu/luoshi/internal/web"
)

// Options are the server's settings beyond the app.
type Options struct {
	// MetricsFrom are the networks besides loopback that may read /metrics
	// (luoshi serve --metrics-from). See metricsAllowed.
	MetricsFrom []netip.Prefix
	// TrustedProxies are the reverse proxies whose X-Forwarded-* and
	// Forwarded headers name the client and its scheme (luoshi serve
	// --trusted-proxies): the address sign-in failures are counted by, and
	// whether cookies are Secure. Nobody else's are believed.
	TrustedProxies origin.Proxies
}

// New returns luoshi's whole HTTP handler with default options.
func New(a *app.App) http.Handler { return NewWith(a, Options{}) }

// NewWith returns luoshi's whole HTTP handler.
func NewWith(a *app.App, o Options) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		if !metricsAllowed(r, o.MetricsFrom) {
			http.Error(w, "metrics are served to loopback and --metrics-from networks only", http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		metrics.Default.Write(w, a.PoolStats())
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
		defer cancel()
		if err := a.Health(ctx); err != nil {
			if r.Context().Err() == nil { // a prober that gave up is no news
				a.LogThrottled(r.Context(), slog.LevelWarn, "healthz: unhealthy", err)
			}
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.Handle("/api/", api.New(a))
	mux.Handle("/", web.New(a))
	// The origin is resolved outside logRequests: the muxes must be handed
	// the very request logRequests holds, for routeOf to see its pattern.
	return o.TrustedProxies.Handler(logRequests(a, mux))
}

// healthTimeout bounds /healthz: a database that cannot take a write in
// this long is reported unavailable rather than leaving the probe hanging
// (a busy writer commits in milliseconds; a locked one waits out
// busy_timeout, ten seconds).
var healthTimeout = 2 * time.Second

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests gives each request an id (X-Request-Id, also used in "internal
// error" pages), logs it, and turns a panic into a logged 500 (the same
// panic again within a minute is counted, not logged: app.LogThrottled).
func logRequests(a *app.App, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 8)
		rand.Read(b)
		id := hex.EncodeToString(b)
		w.Header().Set("X-Request-Id", id)
		r.Header.Set("X-Request-Id", id)
		sw := &statusWriter{ResponseWriter: w, status: 200}
		start := time.Now()
		metrics.Default.InFlight.Add(1)
		defer metrics.Default.InFlight.Add(-1)
		defer func() {
			if p := recover(); p != nil {
				a.LogThrottled(r.Context(), slog.LevelError, "panic", fmt.Errorf("%v", p), "request_id", id, "path", r.URL.Path)
				metrics.ObserveRequest(routeOf(r), http.StatusInternalServerError, time.Since(start))
				http.Error(w, "internal error (request "+id+")", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(sw, r)
		metrics.ObserveRequest(routeOf(r), sw.status, time.Since(start))
		a.Log.Debug("request", "request_id", id, "method", r.Method, "path", r.URL.Path, "status", sw.status, "ms", time.Since(start).Milliseconds())
	})
}

// routeOf is the route pattern the innermost mux matched (ServeMux sets
// r.Pattern on the request it is given, and the UI and API muxes are handed
// this same request), so metrics never carry the ids inside raw paths.
func routeOf(r *http.Request) string {
	if r.Pattern == "" {
		return "unmatched"
	}
	return r.Pattern
}

// metricsAllowed lets loopback callers read /metrics, and callers in the
// configured networks. A loopback request carrying X-Forwarded-For or
// Forwarded came through a reverse proxy on this host, so it is refused
// unless the proxy's own address is configured: otherwise the proxy would
// publish /metrics to everyone it serves.
func metricsAllowed(r *http.Request, from []netip.Prefix) bool {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := ap.Addr().Unmap()
	for _, p := range from {
		if p.Contains(ip) {
			return true
		}
	}
	proxied := r.Header.Get("X-Forwarded-For") != "" || r.Header.Get("Forwarded") != ""
	return ip.IsLoopback() && !proxied
}
