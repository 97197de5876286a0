package channel

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"

	"github.com/google/go-cmp/cmp"
	"github.com/luoshi-edu/luoshi/internal/channel/channeltest"
)

var testMessage = Message{
	Subject: "luoshi 督办提醒 2024-10-15：3 份通知",
	Text:    "您有 3 份督办通知待处理：\n1. 督办单〔2024〕第3号 推进“双一流”建设，截止 2024-10-20\n2. 汇报缺报：信息学院 2024 年 9 月进展\n.\n一行只有点号的也要送达。",
	Link:    "https://luoshi.example.edu.cn/notices?day=2024-10-15",
}

var testNow = time.Date(2024, 10, 15, 8, 30, 0, 0, time.FixedZone("CST", 8*3600))

func TestMailSTARTTLS(t *testing.T) {
	cert, pool := channeltest.Cert(t)
	box := &channeltest.Mailbox{User: "duban", Pass: "s3cret-密码"}
	port := channeltest.StartSMTP(t, box, "starttls", cert)
	m := Mail{
		Host: "127.0.0.1", Port: port, Security: "starttls",
		Username: "duban", Password: "s3cret-密码",
		From:    "督办室 <duban@example.edu.cn>",
		RootCAs: pool,
	}
	to := []string{"张三 <zhangsan@example.edu.cn>", "lisi@example.edu.cn"}
	if err := m.Send(context.Background(), to, testMessage, testNow); err != nil {
		t.Fatal(err)
	}

	got := box.Deliveries()
	if len(got) != 1 {
		t.Fatalf("%d messages delivered, want 1", len(got))
	}
	if got[0].From != "duban@example.edu.cn" {
		t.Errorf("MAIL FROM = %q", got[0].From)
	}
	if diff := cmp.Diff([]string{"zhangsan@example.edu.cn", "lisi@example.edu.cn"}, got[0].To); diff != "" {
		t.Errorf("RCPT TO (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]channeltest.AuthAttempt{{Mech: "PLAIN", TLS: true, Valid: true}}, box.AuthAttempts()); diff != "" {
		t.Errorf("AUTH (-want +got):\n%s", diff)
	}

	subject, body, h := channeltest.ReadMail(t, got[0].Data)
	if subject != testMessage.Subject {
		t.Errorf("Subject = %q, want %q", subject, testMessage.Subject)
	}
	wantBody := strings.ReplaceAll(testMessage.Text+"\n\n"+testMessage.Link, "\n", "\r\n")
	if body != wantBody {
		t.Errorf("body (-want +got):\n%s", cmp.Diff(wantBody, body))
	}
	from, err := mail.ParseAddress(h.Get("From"))
	if err != nil || from.Name != "督办室" || from.Address != "duban@example.edu.cn" {
		t.Errorf("From = %q (%v)", h.Get("From"), err)
	}
	tos, err := h.AddressList("To")
	if err != nil || len(tos) != 2 || tos[0].Name != "张三" || tos[1].Address != "lisi@example.edu.cn" {
		t.Errorf("To = %q (%v)", h.Get("To"), err)
	}
	if d, err := h.Date(); err != nil || !d.Equal(testNow) {
		t.Errorf("Date = %q (%v)", h.Get("Date"), err)
	}
	if id := h.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@example.edu.cn>") || len(id) < 20 {
		t.Errorf("Message-ID = %q", id)
	}
	if h.Get("MIME-Version") != "1.0" {
		t.Errorf("MIME-Version = %q", h.Get("MIME-Version"))
	}
	if ct, params, err := mime.ParseMediaType(h.Get("Content-Type")); err != nil || ct != "text/plain" || params["charset"] != "utf-8" {
		t.Errorf("Content-Type = %q", h.Get("Content-Type"))
	}
}

func TestMailImplicitTLS(t *testing.T) {
	cert, pool := channeltest.Cert(t)
	box := &channeltest.Mailbox{User: "duban", Pass: "pw"}
	port := channeltest.StartSMTP(t, box, "tls", cert)
	m := Mail{Host: "127.0.0.1", Port: port, Security: "tls", Username: "duban", Password: "pw", From: "duban@example.edu.cn", RootCAs: pool}
	if err := m.Send(context.Background(), []string{"a@example.edu.cn"}, testMessage, testNow); err != nil {
		t.Fatal(err)
	}
	if n := len(box.Deliveries()); n != 1 {
		t.Fatalf("%d messages delivered, want 1", n)
	}
	if diff := cmp.Diff([]channeltest.AuthAttempt{{Mech: "PLAIN", TLS: true, Valid: true}}, box.AuthAttempts()); diff != "" {
		t.Errorf("AUTH (-want +got):\n%s", diff)
	}
}

func TestMailLoginFallback(t *testing.T) {
	cert, pool := channeltest.Cert(t)
	box := &channeltest.Mailbox{User: "duban", Pass: "pw", Mechs: []string{sasl.Login}}
	port := channeltest.StartSMTP(t, box, "starttls", cert)
	m := Mail{Host: "127.0.0.1", Port: port, Username: "duban", Password: "pw", From: "duban@example.edu.cn", RootCAs: pool}
	if err := m.Send(context.Background(), []string{"a@example.edu.cn"}, testMessage, testNow); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]channeltest.AuthAttempt{{Mech: "LOGIN", TLS: true, Valid: true}}, box.AuthAttempts()); diff != "" {
		t.Errorf("AUTH (-want +got):\n%s", diff)
	}
}

func TestMailWrongPassword(t *testing.T) {
	cert, pool := channeltest.Cert(t)
	box := &channeltest.Mailbox{User: "duban", Pass: "right"}
	port := channeltest.StartSMTP(t, box, "starttls", cert)
	m := Mail{Host: "127.0.0.1", Port: port, Username: "duban", Password: "wrong", From: "duban@example.edu.cn", RootCAs: pool}
	err := m.Send(context.Background(), []string{"a@example.edu.cn"}, testMessage, testNow)
	if err == nil || !strings.Contains(err.Error(), "AUTH") || !strings.Contains(err.Error(), "535") {
		t.Fatalf("err = %v, want an AUTH 535 error", err)
	}
	if n := len(box.Deliveries()); n != 0 {
		t.Errorf("%d messages delivered after a failed AUTH", n)
	}
}

func TestMailRefusesClearText(t *testing.T) {
	cert, pool := channeltest.Cert(t)
	box := &channeltest.Mailbox{} // no STARTTLS offered, no AUTH required
	port := channeltest.StartSMTP(t, box, "none", cert)
	m := Mail{Host: "127.0.0.1", Port: port, Security: "starttls", Username: "duban", Password: "pw", From: "duban@example.edu.cn", RootCAs: pool}
	err := m.Send(context.Background(), []string{"a@example.edu.cn"}, testMessage, testNow)
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("err = %v, want a STARTTLS error", err)
	}
	if n := len(box.Deliveries()); n != 0 {
		t.Errorf("%d messages delivered in clear", n)
	}
	if n := len(box.AuthAttempts()); n != 0 {
		t.Errorf("%d AUTH attempts in clear", n)
	}
}

func TestMailUntrustedCertificate(t *testing.T) {
	cert, _ := channeltest.Cert(t)
	_, otherPool := channeltest.Cert(t)
	box := &channeltest.Mailbox{}
	port := channeltest.StartSMTP(t, box, "starttls", cert)
	m := Mail{Host: "127.0.0.1", Port: port, From: "duban@example.edu.cn", RootCAs: otherPool}
	err := m.Send(context.Background(), []string{"a@example.edu.cn"}, testMessage, testNow)
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("err = %v, want a STARTTLS certificate error", err)
	}
	if n := len(box.Deliveries()); n != 0 {
		t.Errorf("%d messages delivered to an untrusted server", n)
	}
}

func TestMailNoneToLoopback(t *testing.T) {
	box := &channeltest.Mailbox{}
	port := channeltest.StartSMTP(t, box, "none", tls.Certificate{})
	m := Mail{Host: "127.0.0.1", Port: port, Security: "none", From: "duban@example.edu.cn"}
	if err := m.Send(context.Background(), []string{"a@example.edu.cn"}, testMessage, testNow); err != nil {
		t.Fatal(err)
	}
	if n := len(box.Deliveries()); n != 1 {
		t.Fatalf("%d messages delivered, want 1", n)
	}
}

func TestMailRejectedRecipient(t *testing.T) {
	box := &channeltest.Mailbox{RejectRcpt: "nobody@example.edu.cn"}
	port := channeltest.StartSMTP(t, box, "none", tls.Certificate{})
	m := Mail{Host: "127.0.0.1", Port: port, Security: "none", From: "duban@example.edu.cn"}
	err := m.Send(context.Background(), []string{"a@example.edu.cn", "nobody@example.edu.cn"}, testMessage, testNow)
	if err == nil || !strings.Contains(err.Error(), "RCPT TO <nobody@example.edu.cn>") || !strings.Contains(err.Error(), "550") {
		t.Fatalf("err = %v, want a RCPT TO 550 error", err)
	}
	if n := len(box.Deliveries()); n != 0 {
		t.Errorf("%d messages delivered", n)
	}
}

// silentServer accepts connections and never greets; accepted is signalled
// once a connection is in.
func silentServer(t *testing.T) (port int, accepted <-chan struct{}) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan struct{}, 1)
	var conns []net.Conn
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			select {
			case ch <- struct{}{}:
			default:
			}
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	return ln.Addr().(*net.TCPAddr).Port, ch
}

func TestMailContextCancelled(t *testing.T) {
	port, accepted := silentServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-accepted
		cancel()
	}()
	m := Mail{Host: "127.0.0.1", Port: port, Security: "none", From: "duban@example.edu.cn"}
	err := m.Send(ctx, []string{"a@example.edu.cn"}, testMessage, testNow)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestMailTimeout(t *testing.T) {
	port, _ := silentServer(t)
	m := Mail{Host: "127.0.0.1", Port: port, Security: "none", From: "duban@example.edu.cn", Timeout: 50 * time.Millisecond}
	err := m.Send(context.Background(), []string{"a@example.edu.cn"}, testMessage, testNow)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "greeting") {
		t.Fatalf("err = %v, want a greeting deadline error", err)
	}
}

func TestMailSendChecksInput(t *testing.T) {
	m := Mail{Host: "127.0.0.1", Port: 1, Security: "none", From: "duban@example.edu.cn"}
	for _, to := range [][]string{nil, {"not an address"}, {"a@example.edu.cn\r\nBcc: x@evil.example"}} {
		if err := m.Send(context.Background(), to, testMessage, testNow); err == nil {
			t.Errorf("Send to %q: no error", to)
		}
	}
	bad := m
	bad.Security = "none"
	bad.Host = "smtp.example.edu.cn"
	var fe *FieldError
	if err := bad.Send(context.Background(), []string{"a@example.edu.cn"}, testMessage, testNow); !errors.As(err, &fe) || fe.Field != "security" {
		t.Errorf("Send with clear text to a remote host: err = %v, want a security FieldError", err)
	}
}

func TestBuildMailHeaders(t *testing.T) {
	from := &mail.Address{Name: "督办室", Address: "duban@example.edu.cn"}
	to := []*mail.Address{{Address: "a@example.edu.cn"}}
	long := strings.Repeat("关于推进“双一流”建设的督办提醒，", 12)
	msg := Message{Subject: long + "\r\nBcc: evil@example.com", Text: "正文"}
	data, err := buildMail(from, to, msg, testNow)
	if err != nil {
		t.Fatal(err)
	}
	subject, body, h := channeltest.ReadMail(t, data)
	if want := long + " Bcc: evil@example.com"; subject != want {
		t.Errorf("Subject = %q, want %q", subject, want)
	}
	if h.Get("Bcc") != "" {
		t.Error("a line break in the subject injected a header")
	}
	if body != "正文" {
		t.Errorf("body = %q", body)
	}
	headerEnd := bytes.Index(data, []byte("\r\n\r\n"))
	for _, line := range strings.Split(string(data[:headerEnd]), "\r\n") {
		if len(line) > 78+len("Subject: ") {
			t.Errorf("header line is %d octets: %q", len(line), line)
		}
	}
}

func TestMailValidate(t *testing.T) {
	ok := Mail{Host: "smtp.example.edu.cn", Port: 587, From: "督办室 <duban@example.edu.cn>"}
	tests := []struct {
		name  string
		edit  func(*Mail)
		field string // "" = valid
	}{
		{"default starttls", func(*Mail) {}, ""},
		{"implicit tls", func(m *Mail) { m.Security = "tls"; m.Port = 465 }, ""},
		{"auth", func(m *Mail) { m.Username = "duban"; m.Password = "pw" }, ""},
		{"none to 127.0.0.1", func(m *Mail) { m.Security = "none"; m.Host = "127.0.0.1" }, ""},
		{"none to localhost", func(m *Mail) { m.Security = "none"; m.Host = "localhost" }, ""},
		{"none to ::1", func(m *Mail) { m.Security = "none"; m.Host = "::1" }, ""},
		{"none to a remote host", func(m *Mail) { m.Security = "none" }, "security"},
		{"none to a private address", func(m *Mail) { m.Security = "none"; m.Host = "10.0.0.5" }, "security"},
		{"unknown security", func(m *Mail) { m.Security = "ssl" }, "security"},
		{"no host", func(m *Mail) { m.Host = " " }, "host"},
		{"host with a path", func(m *Mail) { m.Host = "smtp.example.edu.cn/x" }, "host"},
		{"port 0", func(m *Mail) { m.Port = 0 }, "port"},
		{"port too big", func(m *Mail) { m.Port = 65536 }, "port"},
		{"no from", func(m *Mail) { m.From = "" }, "from"},
		{"bad from", func(m *Mail) { m.From = "督办室" }, "from"},
		{"password without user", func(m *Mail) { m.Password = "pw" }, "username"},
		{"user with newline", func(m *Mail) { m.Username = "a\nb" }, "username"},
		{"password with NUL", func(m *Mail) { m.Username = "a"; m.Password = "a\x00b" }, "password"},
		{"negative timeout", func(m *Mail) { m.Timeout = -time.Second }, "timeout"},
		{"hostname with space", func(m *Mail) { m.Hostname = "a b" }, "hostname"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ok
			tt.edit(&m)
			err := m.Validate()
			checkFieldError(t, err, tt.field)
		})
	}
}

// checkFieldError checks that err is nil when field is "", and otherwise a
// *FieldError naming field.
func checkFieldError(t *testing.T, err error, field string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Fatalf("err = %v, want nil", err)
		}
		return
	}
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want a *FieldError", err)
	}
	if fe.Field != field {
		t.Errorf("field = %q, want %q", fe.Field, field)
	}
	if !strings.HasPrefix(err.Error(), field+": ") {
		t.Errorf("Error() = %q, want it to start with %q", err.Error(), field+": ")
	}
}

// TestMailTimeoutIsForTheWholeConversation: a server that answers every
// command, each a little late, cannot stretch the conversation past
// Timeout (go-smtp's client gives each command its own deadline).
func TestMailTimeoutIsForTheWholeConversation(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	delivered := make(chan struct{}, 2)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go slowSMTP(c, 60*time.Millisecond, delivered)
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	m := Mail{Host: "127.0.0.1", Port: port, Security: "none", From: "duban@example.edu.cn", Timeout: 200 * time.Millisecond}
	// EHLO, MAIL, three RCPT, DATA, the message, QUIT: 8 answers of 60 ms
	// each, every one well inside 200 ms, all together not.
	to := []string{"a@example.edu.cn", "b@example.edu.cn", "c@example.edu.cn"}
	start := time.Now()
	err = m.Send(context.Background(), to, testMessage, testNow)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the conversation's deadline", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("Send took %v with a 200 ms timeout", took)
	}
	// With time enough the same server takes the message: the deadline
	// above was the conversation's, not a broken server.
	m.Timeout = 10 * time.Second
	if err := m.Send(context.Background(), to, testMessage, testNow); err != nil {
		t.Fatal(err)
	}
	select {
	case <-delivered:
	case <-time.After(5 * time.Second):
		t.Fatal("the slow server never had the message")
	}
}

// slowSMTP speaks just enough SMTP on c, each answer delay late, and
// signals delivered when a message is in.
func slowSMTP(c net.Conn, delay time.Duration, delivered chan<- struct{}) {
	defer c.Close()
	r := bufio.NewReader(c)
	fmt.Fprint(c, "220 slow.example ESMTP\r\n")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		time.Sleep(delay)
		switch cmd := strings.ToUpper(strings.TrimSpace(line)); {
		case strings.HasPrefix(cmd, "EHLO"):
			fmt.Fprint(c, "250-slow.example\r\n250 8BITMIME\r\n")
		case cmd == "DATA":
			fmt.Fprint(c, "354 go on\r\n")
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
			}
			time.Sleep(delay)
			fmt.Fprint(c, "250 queued\r\n")
			delivered <- struct{}{}
		case cmd == "QUIT":
			fmt.Fprint(c, "221 bye\r\n")
			return
		default:
			fmt.Fprint(c, "250 ok\r\n")
		}
	}
}
