// Package channeltest serves what luoshi's channels talk to, for tests: a
// real SMTP server on loopback (go-smtp) with STARTTLS or implicit TLS on a
// self-signed certificate and AUTH PLAIN/LOGIN, keeping what it receives.
package channeltest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"log"
	"math/big"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Cert makes a self-signed certificate for 127.0.0.1 and a pool that
// trusts it.
func Cert(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "luoshi test smtp"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// Delivery is one message the test server accepted.
type Delivery struct {
	From string
	To   []string
	Data []byte
}

// Mailbox is a go-smtp backend that keeps what it receives.
type Mailbox struct {
	User, Pass string   // "" user: no AUTH required
	Mechs      []string // offered mechanisms; nil: PLAIN
	RejectRcpt string   // answer 550 to this recipient

	mu        sync.Mutex
	delivered []Delivery
	auths     []AuthAttempt
}

type AuthAttempt struct {
	Mech  string
	TLS   bool
	Valid bool
}

func (b *Mailbox) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &mailSession{box: b, conn: c}, nil
}

func (b *Mailbox) Deliveries() []Delivery {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Delivery(nil), b.delivered...)
}

func (b *Mailbox) AuthAttempts() []AuthAttempt {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]AuthAttempt(nil), b.auths...)
}

type mailSession struct {
	box    *Mailbox
	conn   *smtp.Conn
	authed bool
	cur    Delivery
}

func (s *mailSession) AuthMechanisms() []string {
	if s.box.Mechs != nil {
		return s.box.Mechs
	}
	return []string{sasl.Plain}
}

func (s *mailSession) Auth(mech string) (sasl.Server, error) {
	_, isTLS := s.conn.TLSConnectionState()
	check := func(username, password string) error {
		ok := username == s.box.User && password == s.box.Pass
		s.box.mu.Lock()
		s.box.auths = append(s.box.auths, AuthAttempt{mech, isTLS, ok})
		s.box.mu.Unlock()
		if !ok {
			return smtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, username, password string) error { return check(username, password) }), nil
	case sasl.Login:
		return &loginServer{check: check}, nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.box.User != "" && !s.authed {
		return smtp.ErrAuthRequired
	}
	s.cur = Delivery{From: from}
	return nil
}

func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if to == s.box.RejectRcpt {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	}
	s.cur.To = append(s.cur.To, to)
	return nil
}

func (s *mailSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.Data = data
	s.box.mu.Lock()
	s.box.delivered = append(s.box.delivered, s.cur)
	s.box.mu.Unlock()
	return nil
}

func (s *mailSession) Reset()        { s.cur = Delivery{} }
func (s *mailSession) Logout() error { return nil }

// loginServer is the server side of SASL LOGIN, which go-sasl no longer has.
type loginServer struct {
	check    func(username, password string) error
	username string
	step     int
}

func (l *loginServer) Next(response []byte) ([]byte, bool, error) {
	l.step++
	switch l.step {
	case 1:
		if response != nil {
			l.username = string(response)
			l.step++
			return []byte("Password:"), false, nil
		}
		return []byte("Username:"), false, nil
	case 2:
		l.username = string(response)
		return []byte("Password:"), false, nil
	case 3:
		return nil, true, l.check(l.username, string(response))
	}
	return nil, false, sasl.ErrUnexpectedClientResponse
}

// StartSMTP serves box on 127.0.0.1 with security "starttls", "tls"
// (implicit) or "none", and returns the port.
func StartSMTP(t testing.TB, box *Mailbox, security string, cert tls.Certificate) int {
	t.Helper()
	s := smtp.NewServer(box)
	s.Domain = "localhost"
	s.ReadTimeout = 10 * time.Second
	s.WriteTimeout = 10 * time.Second
	s.ErrorLog = log.New(io.Discard, "", 0)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tlsConfig := &tls.Config{Certificates: []tls.Certificate{cert}}
	switch security {
	case "starttls":
		s.TLSConfig = tlsConfig
	case "tls":
		ln = tls.NewListener(ln, tlsConfig)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.Serve(ln)
	}()
	t.Cleanup(func() {
		_ = s.Close()
		_ = ln.Close()
		<-done
	})
	return ln.Addr().(*net.TCPAddr).Port
}

// ReadMail parses a delivered message and returns its decoded subject and
// body and its headers.
func ReadMail(t testing.TB, data []byte) (subject, body string, h mail.Header) {
	t.Helper()
	for i, line := range strings.Split(string(data), "\r\n") {
		if len(line) > 998 {
			t.Errorf("line %d is %d octets long", i, len(line))
		}
	}
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parse mail: %v\n%s", err, data)
	}
	subject, err = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("decode subject: %v", err)
	}
	if got := m.Header.Get("Content-Transfer-Encoding"); got != "base64" {
		t.Fatalf("Content-Transfer-Encoding = %q", got)
	}
	raw, err := io.ReadAll(m.Body)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimRight(string(raw), "\r\n"), "\r\n") {
		if len(line) > 76 {
			t.Errorf("body line is %d octets long: %q", len(line), line)
		}
	}
	dec, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, bytes.NewReader(raw)))
	if err != nil {
		t.Fatalf("decode body: %v", err)
	}
	return subject, string(dec), m.Header
}
