//go:build !unix

package decompose

import (
	"testing"
	"time"
)

func processCPU() time.Duration { return 0 }

func reportCPUSpeed(*testing.B, time.Duration, int) {}
