//go:build unix

package decompose

import (
	"syscall"
	"testing"
	"time"
)

// processCPU is the CPU time this process has used, user and system, its
// garbage collector included.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPUSpeed adds MB per CPU-second to a benchmark: unlike MB/s of wall
// time it does not fall when other processes share the machine, and it is
// the figure the decomposer's speed target is stated in (run with -cpu 1).
func reportCPUSpeed(b *testing.B, start time.Duration, bytes int) {
	if used := processCPU() - start; used > 0 {
		b.ReportMetric(float64(bytes)*float64(b.N)/used.Seconds()/1e6, "MB/cpu-s")
	}
}
