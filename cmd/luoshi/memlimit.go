package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// defaultMemoryLimit is the Go heap's soft limit unless --memory-limit or
// GOMEMLIMIT says otherwise. Measured on the large institution's whole
// benchmark: the live Go heap stays near 12 MB (pprof), and the peak
// resident set of the process is 62–82 MB on the pages and 87–93 MB while eight clients
// sign in again and again (two argon2id hashes of 7 MiB at a time, each
// collected at once; an earlier build, with 19 MiB hashes and left to the
// collector, peaked at 414 MB). A 64 MiB limit cut nothing but throughput
// (the collector ran all the time: pages 2–4× slower). 256 MiB bounds
// bursts without slowing anything; a small server may set less.
const defaultMemoryLimit = 256 << 20

// memoryLimitFlag is --memory-limit.
func memoryLimitFlag(fs *flag.FlagSet) *string {
	return fs.String("memory-limit", os.Getenv("LUOSHI_MEMORY_LIMIT"),
		"soft limit of the Go heap, e.g. 160MiB or 1GiB; 0 for none (default 256MiB, or GOMEMLIMIT when set)")
}

// setMemoryLimit applies --memory-limit: the flag's value, else GOMEMLIMIT
// as the Go runtime read it, else defaultMemoryLimit. It returns the limit
// set (0: none).
func setMemoryLimit(v string) (int64, error) {
	if v == "" {
		if os.Getenv("GOMEMLIMIT") != "" {
			n := debug.SetMemoryLimit(-1)
			if n == math.MaxInt64 {
				n = 0
			}
			return n, nil
		}
		debug.SetMemoryLimit(defaultMemoryLimit)
		return defaultMemoryLimit, nil
	}
	n, err := parseSize(v)
	if err != nil {
		return 0, usageError{fmt.Sprintf("--memory-limit %q: %v", v, err)}
	}
	if n == 0 {
		debug.SetMemoryLimit(math.MaxInt64)
		return 0, nil
	}
	debug.SetMemoryLimit(n)
	return n, nil
}

// parseSize reads a size: a number of bytes, or one with KiB, MiB or GiB
// (KB, MB, GB are taken as the same).
func parseSize(v string) (int64, error) {
	s := strings.TrimSpace(v)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/mult {
		return 0, fmt.Errorf("not a size such as 64MiB or 1GiB")
	}
	if n > 0 && n*mult < 16<<20 {
		return 0, fmt.Errorf("below 16MiB: the server would do little but collect garbage")
	}
	return n * mult, nil
}
