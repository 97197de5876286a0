package channel

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// received is one request a test robot got.
type received struct {
	Method string
	Path   string
	Query  map[string][]string
	Header http.Header
	Body   []byte
}

// robot is a chat platform's receiving end on loopback.
type robot struct {
	URL string

	mu     sync.Mutex
	status int
	answer string
	got    []received
}

func newRobot(t *testing.T, status int, answer string) *robot {
	t.Helper()
	r := &robot{status: status, answer: answer}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, received{req.Method, req.URL.Path, req.URL.Query(), req.Header.Clone(), body})
		status, answer := r.status, r.answer
		r.mu.Unlock()
		w.WriteHeader(status)
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	r.URL = srv.URL
	return r
}

func (r *robot) only(t *testing.T) received {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.got) != 1 {
		t.Fatalf("robot got %d requests, want 1", len(r.got))
	}
	return r.got[0]
}

// decodeJSON decodes a request body into generic JSON for comparison.
func decodeJSON(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, b)
	}
	return v
}

func hmacSHA256(key, msg string) []byte {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(msg))
	return m.Sum(nil)
}

var hookMessage = Message{
	Subject: "luoshi 督办提醒 2024-10-15：2 份通知",
	Text:    "1. 督办单〔2024〕第3号 推进“双一流”建设\n2. 汇报缺报：信息学院 <9月> & 10月",
	Link:    "https://luoshi.example.edu.cn/notices?day=2024-10-15",
	Items: []Item{
		{Number: "督办单〔2024〕第3号", Kind: "supervision", Title: "推进“双一流”建设", Measure: "2024H2-001", Unit: "XX", Due: "2024-10-20", URL: "https://luoshi.example.edu.cn/m/1"},
		{Kind: "report_missing", Title: "信息学院 9 月进展", Unit: "XXXY", URL: "https://luoshi.example.edu.cn/r/2"},
	},
}

func TestWebhookWeCom(t *testing.T) {
	r := newRobot(t, 200, `{"errcode":0,"errmsg":"ok"}`)
	w := Webhook{Kind: "wecom", URL: r.URL + "/cgi-bin/webhook/send?key=KEY-123"}
	if err := w.Send(context.Background(), hookMessage, testNow); err != nil {
		t.Fatal(err)
	}
	got := r.only(t)
	if got.Method != http.MethodPost || got.Path != "/cgi-bin/webhook/send" || got.Query["key"][0] != "KEY-123" {
		t.Errorf("request = %s %s %v", got.Method, got.Path, got.Query)
	}
	want := map[string]any{
		"msgtype": "markdown",
		"markdown": map[string]any{
			"content": "**[" + hookMessage.Subject + "](" + hookMessage.Link + ")**\n" + hookMessage.Text,
		},
	}
	if diff := cmp.Diff(want, decodeJSON(t, got.Body)); diff != "" {
		t.Errorf("payload (-want +got):\n%s", diff)
	}
	if got.Header.Get("User-Agent") != "luoshi" || !strings.HasPrefix(got.Header.Get("Content-Type"), "application/json") {
		t.Errorf("headers = %v", got.Header)
	}
}

func TestWebhookWeComTruncates(t *testing.T) {
	r := newRobot(t, 200, `{"errcode":0,"errmsg":"ok"}`)
	w := Webhook{Kind: "wecom", URL: r.URL}
	msg := Message{Subject: "提醒", Text: strings.Repeat("督办事项进展缓慢，请尽快报送。\n", 300)}
	if err := w.Send(context.Background(), msg, testNow); err != nil {
		t.Fatal(err)
	}
	var p weComMessage
	if err := json.Unmarshal(r.only(t).Body, &p); err != nil {
		t.Fatal(err)
	}
	c := p.Markdown.Content
	if len(c) > 4096 || !utf8.ValidString(c) || !strings.HasSuffix(c, "…") || !strings.HasPrefix(c, "**提醒**\n督办") {
		t.Errorf("content is %d bytes, valid UTF-8 %v, ends %q", len(c), utf8.ValidString(c), c[max(0, len(c)-12):])
	}
}

func TestWebhookDingTalkSigned(t *testing.T) {
	r := newRobot(t, 200, `{"errcode":0,"errmsg":"ok"}`)
	secret := "SEC0123456789abcdef/密钥+"
	w := Webhook{Kind: "dingtalk", URL: r.URL + "/robot/send?access_token=TOKEN", Secret: secret}
	if err := w.Send(context.Background(), hookMessage, testNow); err != nil {
		t.Fatal(err)
	}
	got := r.only(t)
	ts := strconv.FormatInt(testNow.UnixMilli(), 10)
	if got.Query["access_token"][0] != "TOKEN" || got.Query["timestamp"][0] != ts {
		t.Errorf("query = %v, want access_token kept and timestamp %s", got.Query, ts)
	}
	wantSign := base64.StdEncoding.EncodeToString(hmacSHA256(secret, ts+"\n"+secret))
	if got.Query["sign"][0] != wantSign {
		t.Errorf("sign = %q, want %q", got.Query["sign"][0], wantSign)
	}
	want := map[string]any{
		"msgtype": "markdown",
		"markdown": map[string]any{
			"title": hookMessage.Subject,
			"text":  "#### [" + hookMessage.Subject + "](" + hookMessage.Link + ")  \n" + strings.ReplaceAll(hookMessage.Text, "\n", "  \n"),
		},
	}
	if diff := cmp.Diff(want, decodeJSON(t, got.Body)); diff != "" {
		t.Errorf("payload (-want +got):\n%s", diff)
	}
}

func TestWebhookDingTalkUnsigned(t *testing.T) {
	r := newRobot(t, 200, `{"errcode":0,"errmsg":"ok"}`)
	w := Webhook{Kind: "dingtalk", URL: r.URL + "/robot/send?access_token=TOKEN"}
	if err := w.Send(context.Background(), hookMessage, testNow); err != nil {
		t.Fatal(err)
	}
	if q := r.only(t).Query; q["sign"] != nil || q["timestamp"] != nil {
		t.Errorf("unsigned request carries %v", q)
	}
}

func TestWebhookFeishuSigned(t *testing.T) {
	r := newRobot(t, 200, `{"code":0,"data":{},"msg":"success"}`)
	secret := "fs-secret-飞书"
	w := Webhook{Kind: "feishu", URL: r.URL + "/open-apis/bot/v2/hook/abc", Secret: secret}
	if err := w.Send(context.Background(), hookMessage, testNow); err != nil {
		t.Fatal(err)
	}
	body := decodeJSON(t, r.only(t).Body)
	ts := strconv.FormatInt(testNow.Unix(), 10)
	wantSign := base64.StdEncoding.EncodeToString(hmacSHA256(ts+"\n"+secret, ""))
	want := map[string]any{
		"timestamp": ts,
		"sign":      wantSign,
		"msg_type":  "text",
		"content": map[string]any{
			"text": hookMessage.Subject + "\n" + hookMessage.Text + "\n" + hookMessage.Link,
		},
	}
	if diff := cmp.Diff(want, body); diff != "" {
		t.Errorf("payload (-want +got):\n%s", diff)
	}
}

func TestWebhookFeishuUnsigned(t *testing.T) {
	r := newRobot(t, 200, `{"Extra":null,"StatusCode":0,"StatusMessage":"success"}`)
	w := Webhook{Kind: "feishu", URL: r.URL}
	if err := w.Send(context.Background(), hookMessage, testNow); err != nil {
		t.Fatal(err)
	}
	body := decodeJSON(t, r.only(t).Body)
	if _, ok := body["sign"]; ok {
		t.Errorf("unsigned body carries a sign: %v", body)
	}
	if _, ok := body["timestamp"]; ok {
		t.Errorf("unsigned body carries a timestamp: %v", body)
	}
}

func TestWebhookSlack(t *testing.T) {
	r := newRobot(t, 200, "ok")
	w := Webhook{Kind: "slack", URL: r.URL + "/services/T000/B000/XXXX"}
	if err := w.Send(context.Background(), hookMessage, testNow); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"text": "*<" + hookMessage.Link + "|" + hookMessage.Subject + ">*\n" +
			"1. 督办单〔2024〕第3号 推进“双一流”建设\n2. 汇报缺报：信息学院 &lt;9月&gt; &amp; 10月",
	}
	if diff := cmp.Diff(want, decodeJSON(t, r.only(t).Body)); diff != "" {
		t.Errorf("payload (-want +got):\n%s", diff)
	}
}

func TestWebhookJSONSigned(t *testing.T) {
	r := newRobot(t, 204, "")
	secret := "json-hook-key"
	w := Webhook{Kind: "json", URL: r.URL + "/hooks/luoshi", Secret: secret}
	if err := w.Send(context.Background(), hookMessage, testNow); err != nil {
		t.Fatal(err)
	}
	got := r.only(t)
	ts := got.Header.Get("X-Luoshi-Timestamp")
	if ts != strconv.FormatInt(testNow.Unix(), 10) {
		t.Errorf("X-Luoshi-Timestamp = %q", ts)
	}
	wantSig := "sha256=" + hex.EncodeToString(hmacSHA256(secret, ts+"."+string(got.Body)))
	if sig := got.Header.Get("X-Luoshi-Signature"); sig != wantSig {
		t.Errorf("X-Luoshi-Signature = %q, want %q", sig, wantSig)
	}
	if ct := got.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	var p struct {
		Subject string `json:"subject"`
		Text    string `json:"text"`
		Link    string `json:"link"`
		Items   []Item `json:"items"`
		SentAt  string `json:"sent_at"`
	}
	if err := json.Unmarshal(got.Body, &p); err != nil {
		t.Fatal(err)
	}
	if p.Subject != hookMessage.Subject || p.Text != hookMessage.Text || p.Link != hookMessage.Link || p.SentAt != "2024-10-15T08:30:00+08:00" {
		t.Errorf("payload = %+v", p)
	}
	if diff := cmp.Diff(hookMessage.Items, p.Items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	keys := decodeJSON(t, got.Body)
	for _, k := range []string{"subject", "text", "link", "items", "sent_at"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("payload lacks %q", k)
		}
	}
}

func TestWebhookJSONUnsigned(t *testing.T) {
	r := newRobot(t, 200, "")
	w := Webhook{Kind: "json", URL: r.URL}
	if err := w.Send(context.Background(), Message{Subject: "s"}, testNow); err != nil {
		t.Fatal(err)
	}
	got := r.only(t)
	if got.Header.Get("X-Luoshi-Signature") != "" || got.Header.Get("X-Luoshi-Timestamp") == "" {
		t.Errorf("headers = %v", got.Header)
	}
	if items, ok := decodeJSON(t, got.Body)["items"].([]any); !ok || len(items) != 0 {
		t.Errorf("items = %v, want []", decodeJSON(t, got.Body)["items"])
	}
}

func TestWebhookErrors(t *testing.T) {
	long := strings.Repeat("服务器内部错误", 100)
	tests := []struct {
		name   string
		kind   string
		status int
		answer string
		want   []string // substrings of the error
	}{
		{"wecom errcode", "wecom", 200, `{"errcode":93000,"errmsg":"invalid webhook url"}`, []string{"errcode 93000", "invalid webhook url"}},
		{"wecom not JSON", "wecom", 200, `<html>hello</html>`, []string{"unexpected response", "<html>"}},
		{"dingtalk errcode", "dingtalk", 200, `{"errcode":310000,"errmsg":"sign not match"}`, []string{"errcode 310000", "sign not match"}},
		{"feishu code", "feishu", 200, `{"code":19021,"data":{},"msg":"sign match fail or timestamp is not within one hour from current time"}`, []string{"code 19021", "sign match fail"}},
		{"feishu old StatusCode", "feishu", 200, `{"StatusCode":19001,"StatusMessage":"param invalid"}`, []string{"19001", "param invalid"}},
		{"feishu HTTP 400", "feishu", 400, `{"code":9499,"msg":"Bad Request"}`, []string{"HTTP 400", "Bad Request"}},
		{"slack invalid_payload", "slack", 400, "invalid_payload", []string{"HTTP 400", "invalid_payload"}},
		{"slack 200 not ok", "slack", 200, "no_text", []string{"no_text"}},
		{"json HTTP 500", "json", 500, long, []string{"HTTP 500", "服务器内部错误"}},
		{"json HTTP 302", "json", 302, "", []string{"HTTP 302", "(empty body)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRobot(t, tt.status, tt.answer)
			w := Webhook{Kind: tt.kind, URL: r.URL + "/hook?key=ACCESS-KEY-42", Secret: "s"}
			err := w.Send(context.Background(), hookMessage, testNow)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			for _, s := range tt.want {
				if !strings.Contains(msg, s) {
					t.Errorf("error %q lacks %q", msg, s)
				}
			}
			if strings.Contains(msg, "ACCESS-KEY-42") {
				t.Errorf("error %q shows the URL's key", msg)
			}
			if len(msg) > 400 {
				t.Errorf("error is %d bytes long: %q", len(msg), msg)
			}
			if !utf8.ValidString(msg) {
				t.Errorf("error %q is not valid UTF-8", msg)
			}
		})
	}
}

func TestWebhookUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	w := Webhook{Kind: "wecom", URL: url + "/send?key=ACCESS-KEY-42"}
	err := w.Send(context.Background(), hookMessage, testNow)
	if err == nil || strings.Contains(err.Error(), "ACCESS-KEY-42") || !strings.Contains(err.Error(), "wecom") {
		t.Fatalf("err = %v, want an error naming the kind and hiding the key", err)
	}
}

func TestWebhookRequestPreview(t *testing.T) {
	w := Webhook{Kind: "dingtalk", URL: "https://oapi.dingtalk.com/robot/send?access_token=T", Secret: "SEC"}
	req, err := w.Request(context.Background(), hookMessage, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if req.Method != http.MethodPost || req.URL.Host != "oapi.dingtalk.com" || req.URL.Query().Get("sign") == "" {
		t.Errorf("request = %s %s", req.Method, req.URL)
	}
	if req.Header.Get("User-Agent") != "luoshi" {
		t.Errorf("User-Agent = %q", req.Header.Get("User-Agent"))
	}
	for range 2 { // the body can be read for a preview and still be sent
		rc, err := req.GetBody()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		if decodeJSON(t, b)["msgtype"] != "markdown" {
			t.Errorf("body = %s", b)
		}
	}
	if _, err := (Webhook{Kind: "teams", URL: "https://x.example"}).Request(context.Background(), hookMessage, testNow); err == nil {
		t.Error("Request accepted an unknown kind")
	}
}

func TestWebhookValidate(t *testing.T) {
	tests := []struct {
		name  string
		hook  Webhook
		field string
	}{
		{"wecom", Webhook{Kind: "wecom", URL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"}, ""},
		{"dingtalk signed", Webhook{Kind: "dingtalk", URL: "https://oapi.dingtalk.com/robot/send?access_token=t", Secret: "SEC1"}, ""},
		{"feishu", Webhook{Kind: "feishu", URL: "https://open.feishu.cn/open-apis/bot/v2/hook/x"}, ""},
		{"slack", Webhook{Kind: "slack", URL: "https://hooks.slack.com/services/T/B/X"}, ""},
		{"json over http", Webhook{Kind: "json", URL: "http://127.0.0.1:8080/hook"}, ""},
		{"unknown kind", Webhook{Kind: "teams", URL: "https://x.example"}, "kind"},
		{"empty kind", Webhook{URL: "https://x.example"}, "kind"},
		{"kind in capitals", Webhook{Kind: "WeCom", URL: "https://x.example"}, "kind"},
		{"no URL", Webhook{Kind: "json"}, "url"},
		{"relative URL", Webhook{Kind: "json", URL: "/hook"}, "url"},
		{"ftp URL", Webhook{Kind: "json", URL: "ftp://x.example/hook"}, "url"},
		{"no host", Webhook{Kind: "json", URL: "https:///hook"}, "url"},
		{"unparsable URL", Webhook{Kind: "json", URL: "https://x.example/%zz"}, "url"},
		{"credentials in URL", Webhook{Kind: "json", URL: "https://u:p@x.example/hook"}, "url"},
		{"secret with newline", Webhook{Kind: "json", URL: "https://x.example", Secret: "a\nb"}, "secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFieldError(t, tt.hook.Validate(), tt.field)
		})
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"abc", 3, "abc"},
		{"abcdef", 5, "ab…"},
		{"督办提醒", 12, "督办提醒"},
		{"督办提醒", 11, "督办…"},
		{"督办提醒", 8, "督…"},
		{"督办提醒", 6, "督…"},
		{"督办提醒", 5, "…"},
	}
	for _, tt := range tests {
		if got := truncate(tt.in, tt.max); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}
