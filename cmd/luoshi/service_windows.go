//go:build windows

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/windows/svc"
	"golang.org/x/sys/windows/svc/eventlog"
	"golang.org/x/sys/windows/svc/mgr"
)

// serviceName is luoshi's name for the Windows service manager and its
// event log source.
const serviceName = "luoshi"

const serviceUsage = "usage: luoshi service install [serve flags, e.g. --config C:\\luoshi\\luoshi.toml] | uninstall | start | stop"

// serviceCmd manages luoshi as a Windows service. install registers this
// executable to run `luoshi service run` with the serve flags given,
// starting with Windows and restarted on failure; its logs go to the
// Application event log under the source "luoshi". run is what the service
// manager starts.
func serviceCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{serviceUsage}
	}
	switch args[0] {
	case "install":
		return installService(ctx, args[1:], stdout, stderr)
	case "uninstall", "start", "stop":
		if len(args) > 1 {
			return usageError{serviceUsage}
		}
		return controlService(args[0], stdout)
	case "run":
		return runService(args[1:])
	}
	return usageError{serviceUsage}
}

func installService(ctx context.Context, serveArgs []string, stdout, stderr io.Writer) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	// Relative paths are beside luoshi.exe, as the service will read them;
	// the flags and the file are checked now, not at the first start.
	if err := os.Chdir(filepath.Dir(exe)); err != nil {
		return err
	}
	if err := configCmd(ctx, append([]string{"check"}, serveArgs...), io.Discard, stderr); err != nil {
		return err
	}
	m, err := mgr.Connect()
	if err != nil {
		return fmt.Errorf("service manager (run as administrator): %w", err)
	}
	defer m.Disconnect()
	if s, err := m.OpenService(serviceName); err == nil {
		s.Close()
		return usageError{"the service luoshi is installed already; `luoshi service uninstall` first"}
	}
	s, err := m.CreateService(serviceName, exe, mgr.Config{
		DisplayName: "luoshi",
		Description: "luoshi: meeting decisions put into effect (luoshi serve)",
		StartType:   mgr.StartAutomatic,
	}, append([]string{"service", "run"}, serveArgs...)...)
	if err != nil {
		return fmt.Errorf("install service: %w", err)
	}
	defer s.Close()
	if err := s.SetRecoveryActions([]mgr.RecoveryAction{
		{Type: mgr.ServiceRestart, Delay: 5 * time.Second},
		{Type: mgr.ServiceRestart, Delay: 30 * time.Second},
		{Type: mgr.ServiceRestart, Delay: 2 * time.Minute},
	}, uint32((24 * time.Hour).Seconds())); err != nil {
		return fmt.Errorf("service recovery actions: %w", err)
	}
	if err := eventlog.InstallAsEventCreate(serviceName, eventlog.Error|eventlog.Warning|eventlog.Info); err != nil &&
		!strings.Contains(err.Error(), "exists") {
		s.Delete()
		return fmt.Errorf("event log source: %w", err)
	}
	fmt.Fprintf(stdout, "installed the service luoshi: %s service run %s\nstart it with `luoshi service start`; its logs are in the Application event log, source luoshi\n",
		exe, strings.Join(serveArgs, " "))
	return nil
}

func controlService(action string, stdout io.Writer) error {
	m, err := mgr.Connect()
	if err != nil {
		return fmt.Errorf("service manager (run as administrator): %w", err)
	}
	defer m.Disconnect()
	s, err := m.OpenService(serviceName)
	if err != nil {
		return usageError{"the service luoshi is not installed (`luoshi service install`)"}
	}
	defer s.Close()
	switch action {
	case "start":
		if err := s.Start(); err != nil {
			return fmt.Errorf("start service: %w", err)
		}
		return waitService(s, svc.Running, stdout)
	case "stop":
		if _, err := s.Control(svc.Stop); err != nil {
			return fmt.Errorf("stop service: %w", err)
		}
		return waitService(s, svc.Stopped, stdout)
	}
	if err := s.Delete(); err != nil {
		return fmt.Errorf("uninstall service: %w", err)
	}
	if err := eventlog.Remove(serviceName); err != nil {
		fmt.Fprintf(stdout, "the event log source luoshi stays: %v\n", err)
	}
	fmt.Fprintln(stdout, "uninstalled the service luoshi (the database and configuration stay)")
	return nil
}

// waitService waits up to a minute for the service to reach state.
func waitService(s *mgr.Service, state svc.State, stdout io.Writer) error {
	deadline := time.Now().Add(time.Minute)
	for {
		st, err := s.Query()
		if err != nil {
			return err
		}
		if st.State == state {
			fmt.Fprintf(stdout, "the service luoshi is %s\n", map[svc.State]string{svc.Running: "running", svc.Stopped: "stopped"}[state])
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New("the service did not answer in a minute; see the Application event log, source luoshi")
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// runService is the service itself: serve, with relative paths beside the
// executable (a service starts in System32) and the output to the event log.
func runService(serveArgs []string) error {
	if ok, err := svc.IsWindowsService(); err != nil || !ok {
		return usageError{"luoshi service run is started by the Windows service manager; to serve from a console, run luoshi serve"}
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	if err := os.Chdir(filepath.Dir(exe)); err != nil {
		return err
	}
	elog, err := eventlog.Open(serviceName)
	if err != nil {
		return err
	}
	defer elog.Close()
	return svc.Run(serviceName, &service{args: serveArgs, log: &eventLogWriter{log: elog}})
}

type service struct {
	args []string
	log  *eventLogWriter
}

func (s *service) Execute(_ []string, r <-chan svc.ChangeRequest, status chan<- svc.Status) (bool, uint32) {
	status <- svc.Status{State: svc.StartPending}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	done := make(chan error, 1)
	go func() { done <- serve(ctx, s.args, s.log, s.log) }()
	status <- svc.Status{State: svc.Running, Accepts: svc.AcceptStop | svc.AcceptShutdown}
	for {
		select {
		case err := <-done:
			if err != nil {
				s.log.log.Error(1, "luoshi serve: "+err.Error())
				return true, uint32(exitCode(err, io.Discard))
			}
			return false, 0
		case c := <-r:
			switch c.Cmd {
			case svc.Interrogate:
				status <- c.CurrentStatus
			case svc.Stop, svc.Shutdown:
				status <- svc.Status{State: svc.StopPending}
				stop()
			}
		}
	}
}

// eventLogWriter turns serve's log lines into event log entries: a line
// with level=ERROR (or "level":"ERROR") is an error, WARN a warning, the
// rest information.
type eventLogWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
	log *eventlog.Log
}

func (w *eventLogWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	for {
		line, err := w.buf.ReadString('\n')
		if err != nil {
			w.buf.WriteString(line) // an unfinished line waits for its end
			return len(p), nil
		}
		line = strings.TrimRight(line, "\r\n")
		switch {
		case strings.Contains(line, "level=ERROR"), strings.Contains(line, `"level":"ERROR"`):
			w.log.Error(1, line)
		case strings.Contains(line, "level=WARN"), strings.Contains(line, `"level":"WARN"`):
			w.log.Warning(1, line)
		default:
			w.log.Info(1, line)
		}
	}
}
