//go:build !windows

package main

import (
	"context"
	"io"
)

// serviceCmd is the Windows service manager's; elsewhere systemd runs
// luoshi serve (packaging/luoshi.service).
func serviceCmd(_ context.Context, _ []string, _, _ io.Writer) error {
	return usageError{"luoshi service is for Windows; on Linux use the systemd unit packaging/luoshi.service (README, Running in production)"}
}
