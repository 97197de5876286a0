package main

import (
	"log/slog"
	"net"
	"os"
)

// notifySystemd tells systemd how serve is doing (sd_notify(3)): READY=1
// once it listens, STOPPING=1 when it starts shutting down, so that a
// Type=notify unit (packaging/luoshi.service) starts the units after it at
// the right moment and waits for it to finish. Outside systemd,
// NOTIFY_SOCKET is unset and this does nothing. A failure is logged, never
// fatal: the server works without it.
func notifySystemd(log *slog.Logger, state string) {
	if err := sdNotify(os.Getenv("NOTIFY_SOCKET"), state); err != nil {
		log.Warn("cannot notify systemd", "state", state, "err", err)
	}
}

// sdNotify sends state as one datagram to the unix socket at path; a path
// starting with @ is in Linux's abstract namespace.
func sdNotify(path, state string) error {
	if path == "" {
		return nil
	}
	if path[0] == '@' {
		path = "\x00" + path[1:]
	}
	conn, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.Write([]byte(state))
	return err
}
