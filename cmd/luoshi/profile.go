package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"net/netip"
	"os"
	"runtime"
	rpprof "runtime/pprof"
	"time"
)

// profiling is serve's profiling flags: a CPU profile of the whole run, a
// heap profile when the server stops, and Go's pprof handlers on a
// loopback address of their own (never on the server's, where a campus
// network could reach them).
type profiling struct {
	cpu, mem, listen *string
}

func profilingFlags(fs *flag.FlagSet) profiling {
	return profiling{
		cpu:    fs.String("cpuprofile", "", "write a CPU profile of the server's whole run to this file"),
		mem:    fs.String("memprofile", "", "write a heap profile to this file when the server stops"),
		listen: fs.String("pprof", "", "serve Go's profiler (/debug/pprof/) on this loopback address, e.g. 127.0.0.1:6060"),
	}
}

// start begins what the flags ask for and returns the function that ends it.
func (p profiling) start(log *slog.Logger, stderr io.Writer) (func(), error) {
	var stops []func()
	stop := func() {
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
	}
	if *p.listen != "" {
		host, _, err := net.SplitHostPort(*p.listen)
		ip, perr := netip.ParseAddr(host)
		if err != nil || perr != nil || !ip.IsLoopback() {
			return stop, usageError{fmt.Sprintf("--pprof %s: give a loopback address such as 127.0.0.1:6060; the profiler must not be reachable from the network", *p.listen)}
		}
		ln, err := net.Listen("tcp", *p.listen)
		if err != nil {
			return stop, usageError{fmt.Sprintf("--pprof: cannot listen on %s: %v", *p.listen, err)}
		}
		mux := http.NewServeMux()
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
		srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go srv.Serve(ln)
		log.Info("profiler listening", "url", "http://"+ln.Addr().String()+"/debug/pprof/")
		stops = append(stops, func() { srv.Close() })
	}
	if *p.cpu != "" {
		f, err := os.Create(*p.cpu)
		if err != nil {
			stop()
			return func() {}, usageError{fmt.Sprintf("--cpuprofile: %v", err)}
		}
		if err := rpprof.StartCPUProfile(f); err != nil {
			f.Close()
			stop()
			return func() {}, err
		}
		stops = append(stops, func() { rpprof.StopCPUProfile(); f.Close() })
	}
	if *p.mem != "" {
		path := *p.mem
		stops = append(stops, func() {
			f, err := os.Create(path)
			if err != nil {
				fmt.Fprintf(stderr, "luoshi: --memprofile: %v\n", err)
				return
			}
			defer f.Close()
			runtime.GC()
			if err := rpprof.Lookup("heap").WriteTo(f, 0); err != nil {
				fmt.Fprintf(stderr, "luoshi: --memprofile: %v\n", err)
			}
		})
	}
	return stop, nil
}
