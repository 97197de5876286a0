package channel

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Mail is an SMTP server as the admin configured it.
type Mail struct {
	Host     string
	Port     int
	Security string // "starttls" (default), "tls" (implicit TLS, port 465), "none" (loopback hosts only)
	Username string // empty: no AUTH
	Password string
	From     string         // "督办室 <duban@example.edu.cn>" or a bare address
	RootCAs  *x509.CertPool // nil: system roots
	Timeout  time.Duration  // whole conversation; 0: 30 s
	Hostname string         // EHLO name; "" → "localhost"
}

// Mail security modes.
const (
	SecurityStartTLS = "starttls"
	SecurityTLS      = "tls"
	SecurityNone     = "none"
)

const defaultMailTimeout = 30 * time.Second

// maxSubjectBytes keeps an unencoded ASCII subject well inside the 998-octet
// line limit of RFC 5322; nobody reads a subject that long anyway.
const maxSubjectBytes = 900

func (m Mail) security() string {
	if m.Security == "" {
		return SecurityStartTLS
	}
	return m.Security
}

// Validate checks the configuration before anything is dialled, so that a
// typo shows up in the admin form rather than in tomorrow's failed digest.
// Sending in clear is allowed only to a relay on this machine.
func (m Mail) Validate() error {
	switch {
	case strings.TrimSpace(m.Host) == "":
		return &FieldError{"host", "required"}
	case strings.ContainsAny(m.Host, " \t\r\n/@"):
		return &FieldError{"host", "not a host name or address"}
	case m.Port < 1 || m.Port > 65535:
		return &FieldError{"port", "must be between 1 and 65535"}
	}
	switch m.security() {
	case SecurityStartTLS, SecurityTLS:
	case SecurityNone:
		if !isLoopback(m.Host) {
			return &FieldError{"security", `"none" sends in clear and is allowed only to a loopback host`}
		}
	default:
		return &FieldError{"security", `must be "starttls", "tls" or "none"`}
	}
	if strings.ContainsAny(m.Username, "\x00\r\n") {
		return &FieldError{"username", "contains a control character"}
	}
	if strings.ContainsAny(m.Password, "\x00\r\n") {
		return &FieldError{"password", "contains a control character"}
	}
	if m.Username == "" && m.Password != "" {
		return &FieldError{"username", "required when a password is set"}
	}
	if strings.TrimSpace(m.From) == "" {
		return &FieldError{"from", "required"}
	}
	if _, err := mail.ParseAddress(m.From); err != nil {
		return &FieldError{"from", "not a mail address: " + err.Error()}
	}
	if m.Timeout < 0 {
		return &FieldError{"timeout", "must not be negative"}
	}
	if strings.ContainsAny(m.Hostname, " \t\r\n") {
		return &FieldError{"hostname", "must be a single word"}
	}
	return nil
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Send delivers msg to each address in to in one SMTP conversation. now is
// the Date of the message. It refuses to fall back to clear text: with
// Security "starttls" a server that does not offer STARTTLS is an error.
func (m Mail) Send(ctx context.Context, to []string, msg Message, now time.Time) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("channel: mail: %w", err)
	}
	if len(to) == 0 {
		return errors.New("channel: mail: no recipients")
	}
	rcpts := make([]*mail.Address, 0, len(to))
	for _, s := range to {
		a, err := mail.ParseAddress(s)
		if err != nil {
			return fmt.Errorf("channel: mail: recipient %q: %w", s, err)
		}
		rcpts = append(rcpts, a)
	}
	from, _ := mail.ParseAddress(m.From) // checked by Validate
	data, err := buildMail(from, rcpts, msg, now)
	if err != nil {
		return fmt.Errorf("channel: mail: %w", err)
	}
	if err := m.converse(ctx, from.Address, rcpts, data); err != nil {
		return fmt.Errorf("channel: mail %s: %w", net.JoinHostPort(m.Host, strconv.Itoa(m.Port)), err)
	}
	return nil
}

// converse speaks SMTP through go-smtp's client: EHLO, STARTTLS or implicit
// TLS, AUTH, MAIL, RCPT, DATA, QUIT. Each error names the step that failed.
// timeout bounds the whole conversation, not each command (go-smtp's own
// deadlines are per command): at the deadline the connection is closed.
func (m Mail) converse(ctx context.Context, from string, rcpts []*mail.Address, data []byte) error {
	timeout := m.Timeout
	if timeout == 0 {
		timeout = defaultMailTimeout
	}
	deadline := time.Now().Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()

	addr := net.JoinHostPort(strings.Trim(m.Host, "[]"), strconv.Itoa(m.Port))
	// A verified handshake is noted, so that a failed one is told apart
	// from a failed command after STARTTLS (the handshake happens lazily).
	handshaken := false
	tlsConfig := &tls.Config{
		ServerName: strings.Trim(m.Host, "[]"),
		RootCAs:    m.RootCAs,
		MinVersion: tls.VersionTLS12,
		VerifyConnection: func(tls.ConnectionState) error {
			handshaken = true
			return nil
		},
	}
	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer raw.Close()
	// A cancelled or expired context closes the connection: that interrupts
	// whatever read or write is under way, and every one after it.
	stop := context.AfterFunc(ctx, func() { _ = raw.Close() })
	defer stop()
	conn := &countingConn{Conn: raw}
	if m.security() == SecurityTLS {
		tc := tls.Client(raw, tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			return fmt.Errorf("connect: %w", err)
		}
		conn.Conn = tc
	}
	defer conn.Close()

	step := func(name string, err error) error {
		if conn.read.Load() == 0 {
			name = "greeting"
		}
		switch {
		case ctx.Err() != nil:
			return fmt.Errorf("%s: %w", name, context.Cause(ctx))
		case errors.Is(err, os.ErrDeadlineExceeded):
			// go-smtp's deadline for the command ran out first.
			return fmt.Errorf("%s: no answer in time: %w", name, context.DeadlineExceeded)
		}
		return fmt.Errorf("%s: %w", name, err)
	}

	hostname := m.Hostname
	if hostname == "" {
		hostname = "localhost"
	}
	var c *smtp.Client
	encrypted := m.security() == SecurityTLS
	if m.security() == SecurityStartTLS {
		// go-smtp says EHLO as localhost before STARTTLS, and our name
		// after it, where the server's answer counts.
		c, err = smtp.NewClientStartTLS(conn, tlsConfig)
		if err != nil {
			if strings.Contains(err.Error(), "doesn't support STARTTLS") {
				return errors.New("STARTTLS: the server does not offer it; refusing to send in clear")
			}
			return step("STARTTLS", err)
		}
		encrypted = true
	} else {
		c = smtp.NewClient(conn)
	}
	defer c.Close()
	c.CommandTimeout = timeout
	c.SubmissionTimeout = timeout
	if err := c.Hello(hostname); err != nil {
		if encrypted && !handshaken {
			return step("STARTTLS", err)
		}
		return step("EHLO", err)
	}
	if m.Username != "" {
		ok, mechs := c.Extension("AUTH")
		if !ok {
			return errors.New("AUTH: the server does not offer it, but a username is configured")
		}
		if !encrypted && !isLoopback(m.Host) {
			return fmt.Errorf("AUTH: %w", errClearAuth)
		}
		a, err := m.auth(mechs)
		if err != nil {
			return fmt.Errorf("AUTH: %w", err)
		}
		if err := c.Auth(a); err != nil {
			return step("AUTH", err)
		}
	}
	if err := c.Mail(from, nil); err != nil {
		return step("MAIL FROM", err)
	}
	for _, r := range rcpts {
		if err := c.Rcpt(r.Address, nil); err != nil {
			return step("RCPT TO <"+r.Address+">", err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return step("DATA", err)
	}
	if _, err := w.Write(data); err != nil {
		return step("DATA", err)
	}
	if err := w.Close(); err != nil {
		return step("DATA", err)
	}
	if err := c.Quit(); err != nil {
		return step("QUIT", err)
	}
	return nil
}

// countingConn counts the bytes read, so that a failure before any names
// the greeting (go-smtp reads it with the first command).
type countingConn struct {
	net.Conn
	read atomic.Int64
}

func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.read.Add(int64(n))
	return n, err
}

// auth picks PLAIN, or LOGIN when that is all the server offers. converse
// has refused clear text to anything but this machine before.
func (m Mail) auth(mechs string) (sasl.Client, error) {
	offered := strings.Fields(strings.ToUpper(mechs))
	has := func(name string) bool {
		for _, o := range offered {
			if o == name {
				return true
			}
		}
		return false
	}
	switch {
	case has("PLAIN"):
		return &plainAuth{m.Username, m.Password}, nil
	case has("LOGIN"):
		return &loginAuth{m.Username, m.Password, 0}, nil
	}
	return nil, fmt.Errorf("the server offers %q, neither PLAIN nor LOGIN", mechs)
}

var errClearAuth = errors.New("refusing to send a password over an unencrypted connection")

// plainAuth is SASL PLAIN (RFC 4616) with the initial response.
type plainAuth struct {
	username, password string
}

func (a *plainAuth) Start() (string, []byte, error) {
	return "PLAIN", []byte("\x00" + a.username + "\x00" + a.password), nil
}

func (a *plainAuth) Next(fromServer []byte) ([]byte, error) {
	return nil, fmt.Errorf("unexpected challenge %q after PLAIN", fromServer)
}

// loginAuth is the obsolete LOGIN mechanism some servers still offer alone.
// go-sasl's sends the username unasked and expects "Password:" exactly;
// this one answers the prompts as servers word them.
type loginAuth struct {
	username, password string
	step               int
}

func (a *loginAuth) Start() (string, []byte, error) {
	return "LOGIN", nil, nil
}

func (a *loginAuth) Next(fromServer []byte) ([]byte, error) {
	prompt := strings.ToLower(strings.TrimSpace(string(fromServer)))
	a.step++
	switch {
	case strings.HasPrefix(prompt, "username"), prompt == "" && a.step == 1:
		return []byte(a.username), nil
	case strings.HasPrefix(prompt, "password"), prompt == "" && a.step == 2:
		return []byte(a.password), nil
	}
	return nil, fmt.Errorf("unexpected LOGIN challenge %q", fromServer)
}

// buildMail writes an RFC 5322 message: UTF-8 plain text, base64 body,
// RFC 2047 encoded headers.
func buildMail(from *mail.Address, to []*mail.Address, msg Message, now time.Time) ([]byte, error) {
	var id [16]byte
	if _, err := rand.Read(id[:]); err != nil {
		return nil, fmt.Errorf("message id: %w", err)
	}
	domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]

	var b bytes.Buffer
	header := func(name, value string) {
		b.WriteString(name)
		b.WriteString(": ")
		b.WriteString(value)
		b.WriteString("\r\n")
	}
	header("From", from.String())
	tos := make([]string, len(to))
	for i, a := range to {
		tos[i] = a.String()
	}
	header("To", strings.Join(tos, ",\r\n "))
	header("Subject", encodeSubject(truncate(oneLine(msg.Subject), maxSubjectBytes)))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", "<"+hex.EncodeToString(id[:])+"@"+domain+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "base64")
	b.WriteString("\r\n")

	body := cleanText(msg.Text)
	if msg.Link != "" {
		body += "\n\n" + oneLine(msg.Link)
	}
	body = strings.ReplaceAll(body, "\n", "\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(body))
	for len(enc) > 76 {
		b.WriteString(enc[:76])
		b.WriteString("\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc)
	b.WriteString("\r\n")
	return b.Bytes(), nil
}

// encodeSubject encodes s as RFC 2047 words when it is not plain ASCII and
// folds between the words so no header line grows past the 78 the RFC
// recommends.
func encodeSubject(s string) string {
	enc := mime.BEncoding.Encode("utf-8", s)
	return strings.ReplaceAll(enc, "?= =?", "?=\r\n =?")
}
