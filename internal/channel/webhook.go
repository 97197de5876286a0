package channel

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Webhook posts to a chat group's robot.
type Webhook struct {
	Kind   string // "wecom" | "dingtalk" | "feishu" | "slack" | "json"
	URL    string
	Secret string       // dingtalk/feishu signing secret ("加签"), json HMAC key; "" leaves the request unsigned
	Client *http.Client // nil: a client with a 15 s timeout
}

// Webhook kinds.
const (
	KindWeCom    = "wecom"
	KindDingTalk = "dingtalk"
	KindFeishu   = "feishu"
	KindSlack    = "slack"
	KindJSON     = "json"
)

// WebhookKinds lists the kinds Validate accepts, in the order the admin form
// offers them.
var WebhookKinds = []string{KindWeCom, KindDingTalk, KindFeishu, KindSlack, KindJSON}

// Size limits of the platforms, in bytes of UTF-8. WeCom documents 4096 for
// markdown content; DingTalk and Feishu reject bodies around 20 KB and Slack
// truncates past 40,000 characters, so those stay a little below.
const (
	maxWeComBytes    = 4096
	maxDingTalkBytes = 18000
	maxFeishuBytes   = 18000
	maxSlackBytes    = 39000
)

// Headers of the generic JSON hook.
const (
	HeaderTimestamp = "X-Luoshi-Timestamp"
	HeaderSignature = "X-Luoshi-Signature"
)

const (
	defaultWebhookTimeout = 15 * time.Second
	maxResponseBytes      = 64 << 10
	maxErrorBodyBytes     = 200
)

// Validate checks the configuration the admin typed in.
func (w Webhook) Validate() error {
	known := false
	for _, k := range WebhookKinds {
		known = known || w.Kind == k
	}
	if !known {
		return &FieldError{"kind", "must be one of " + strings.Join(WebhookKinds, ", ")}
	}
	if strings.TrimSpace(w.URL) == "" {
		return &FieldError{"url", "required"}
	}
	u, err := url.Parse(w.URL)
	if err != nil {
		return &FieldError{"url", "not a URL"}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return &FieldError{"url", "must start with https:// or http://"}
	}
	if u.Host == "" || u.Hostname() == "" {
		return &FieldError{"url", "has no host"}
	}
	if u.User != nil {
		return &FieldError{"url", "must not carry a user name or password"}
	}
	if strings.ContainsAny(w.Secret, "\r\n") {
		return &FieldError{"secret", "contains a line break"}
	}
	return nil
}

// Request builds the HTTP request Send would make, for tests and for a
// preview in the admin UI. Its body can be read again through GetBody.
func (w Webhook) Request(ctx context.Context, msg Message, now time.Time) (*http.Request, error) {
	if err := w.Validate(); err != nil {
		return nil, fmt.Errorf("channel: webhook: %w", err)
	}
	u, _ := url.Parse(w.URL) // checked by Validate
	var payload any
	header := http.Header{}
	switch w.Kind {
	case KindWeCom:
		payload = weComPayload(msg)
	case KindDingTalk:
		payload = dingTalkPayload(msg)
		if w.Secret != "" {
			ts := strconv.FormatInt(now.UnixMilli(), 10)
			q := u.Query()
			q.Set("timestamp", ts)
			q.Set("sign", DingTalkSign(w.Secret, ts))
			u.RawQuery = q.Encode()
		}
	case KindFeishu:
		p := feishuPayload(msg)
		if w.Secret != "" {
			p.Timestamp = strconv.FormatInt(now.Unix(), 10)
			p.Sign = FeishuSign(w.Secret, p.Timestamp)
		}
		payload = p
	case KindSlack:
		payload = slackPayload(msg)
	case KindJSON:
		payload = jsonPayload(msg, now)
		ts := strconv.FormatInt(now.Unix(), 10)
		header.Set(HeaderTimestamp, ts)
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("channel: webhook %s: %w", w.Kind, err)
	}
	if w.Kind == KindJSON && w.Secret != "" {
		header.Set(HeaderSignature, JSONSign(w.Secret, header.Get(HeaderTimestamp), body))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("channel: webhook %s: %w", w.Kind, err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	if w.Kind == KindJSON {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("User-Agent", "luoshi")
	return req, nil
}

// Send posts msg and reads the platform's verdict: a robot answers HTTP 200
// with an error code in the body when it refuses a message.
func (w Webhook) Send(ctx context.Context, msg Message, now time.Time) error {
	req, err := w.Request(ctx, msg, now)
	if err != nil {
		return err
	}
	client := w.Client
	if client == nil {
		client = &http.Client{Timeout: defaultWebhookTimeout}
	}
	resp, err := client.Do(req)
	if err != nil {
		// *url.Error repeats the URL, and robot URLs carry their access key.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("channel: webhook %s to %s: %w", w.Kind, req.URL.Host, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return fmt.Errorf("channel: webhook %s to %s: reading response: %w", w.Kind, req.URL.Host, err)
	}
	if err := w.check(resp.StatusCode, body); err != nil {
		return fmt.Errorf("channel: webhook %s to %s: %w", w.Kind, req.URL.Host, err)
	}
	return nil
}

// check turns a response into an error when the platform refused the message.
func (w Webhook) check(status int, body []byte) error {
	if status < 200 || status > 299 {
		return fmt.Errorf("HTTP %d: %s", status, snippet(body))
	}
	switch w.Kind {
	case KindWeCom, KindDingTalk:
		var r struct {
			ErrCode *int   `json:"errcode"`
			ErrMsg  string `json:"errmsg"`
		}
		if err := json.Unmarshal(body, &r); err != nil || r.ErrCode == nil {
			return fmt.Errorf("unexpected response: %s", snippet(body))
		}
		if *r.ErrCode != 0 {
			return fmt.Errorf("errcode %d: %s", *r.ErrCode, r.ErrMsg)
		}
	case KindFeishu:
		// Current answers carry code/msg; older ones StatusCode/StatusMessage.
		var r struct {
			Code          *int   `json:"code"`
			Msg           string `json:"msg"`
			StatusCode    *int   `json:"StatusCode"`
			StatusMessage string `json:"StatusMessage"`
		}
		if err := json.Unmarshal(body, &r); err != nil {
			return fmt.Errorf("unexpected response: %s", snippet(body))
		}
		switch {
		case r.Code != nil && *r.Code != 0:
			return fmt.Errorf("code %d: %s", *r.Code, r.Msg)
		case r.Code == nil && r.StatusCode != nil && *r.StatusCode != 0:
			return fmt.Errorf("StatusCode %d: %s", *r.StatusCode, r.StatusMessage)
		case r.Code == nil && r.StatusCode == nil:
			return fmt.Errorf("unexpected response: %s", snippet(body))
		}
	case KindSlack:
		if status != http.StatusOK || strings.TrimSpace(string(body)) != "ok" {
			return fmt.Errorf("HTTP %d: %s", status, snippet(body))
		}
	}
	return nil
}

// snippet is at most maxErrorBodyBytes of a response, for an error message.
func snippet(body []byte) string {
	s := strings.TrimSpace(cleanText(string(body)))
	if s == "" {
		return "(empty body)"
	}
	return truncate(s, maxErrorBodyBytes)
}

// DingTalkSign is DingTalk's 加签: base64(HMAC-SHA256(secret,
// timestamp+"\n"+secret)), timestamp in milliseconds. The caller URL-encodes
// it as the sign query parameter.
func DingTalkSign(secret, timestamp string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp + "\n" + secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// FeishuSign is Feishu's 签名校验: base64(HMAC-SHA256 keyed with
// timestamp+"\n"+secret over an empty message), timestamp in seconds.
func FeishuSign(secret, timestamp string) string {
	mac := hmac.New(sha256.New, []byte(timestamp+"\n"+secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// JSONSign is the generic hook's X-Luoshi-Signature: "sha256=" +
// hex(HMAC-SHA256(secret, timestamp+"."+body)). Receivers recompute it and
// compare with hmac.Equal; the timestamp lets them refuse replays.
func JSONSign(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp + "."))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// markdownTitle is the subject, as a link to luoshi when there is one.
func markdownTitle(msg Message) string {
	subject := oneLine(msg.Subject)
	if msg.Link == "" {
		return subject
	}
	return "[" + subject + "](" + markdownURL(msg.Link) + ")"
}

// markdownURL keeps a URL from closing the markdown link around it.
func markdownURL(s string) string {
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E").Replace(oneLine(s))
}

type weComMessage struct {
	MsgType  string `json:"msgtype"`
	Markdown struct {
		Content string `json:"content"`
	} `json:"markdown"`
}

func weComPayload(msg Message) weComMessage {
	var p weComMessage
	p.MsgType = "markdown"
	p.Markdown.Content = truncate("**"+markdownTitle(msg)+"**\n"+cleanText(msg.Text), maxWeComBytes)
	return p
}

type dingTalkMessage struct {
	MsgType  string `json:"msgtype"`
	Markdown struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"markdown"`
}

func dingTalkPayload(msg Message) dingTalkMessage {
	var p dingTalkMessage
	p.MsgType = "markdown"
	p.Markdown.Title = oneLine(msg.Subject)
	// DingTalk's markdown joins lines unless they end in two spaces.
	text := strings.ReplaceAll(cleanText(msg.Text), "\n", "  \n")
	p.Markdown.Text = truncate("#### "+markdownTitle(msg)+"  \n"+text, maxDingTalkBytes)
	return p
}

type feishuMessage struct {
	Timestamp string `json:"timestamp,omitempty"`
	Sign      string `json:"sign,omitempty"`
	MsgType   string `json:"msg_type"`
	Content   struct {
		Text string `json:"text"`
	} `json:"content"`
}

// feishuPayload is a plain text message: Feishu links bare URLs in text, and
// text needs no escaping.
func feishuPayload(msg Message) feishuMessage {
	var p feishuMessage
	p.MsgType = "text"
	text := oneLine(msg.Subject) + "\n" + cleanText(msg.Text)
	if msg.Link != "" {
		text += "\n" + oneLine(msg.Link)
	}
	p.Content.Text = truncate(text, maxFeishuBytes)
	return p
}

type slackMessage struct {
	Text string `json:"text"`
}

// slackEscape escapes the three characters Slack's mrkdwn reserves.
var slackEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func slackPayload(msg Message) slackMessage {
	subject := slackEscape.Replace(oneLine(msg.Subject))
	title := "*" + subject + "*"
	if msg.Link != "" {
		link := strings.NewReplacer("|", "%7C", ">", "%3E", "<", "%3C", " ", "%20").Replace(oneLine(msg.Link))
		title = "*<" + link + "|" + subject + ">*"
	}
	return slackMessage{Text: truncate(title+"\n"+slackEscape.Replace(cleanText(msg.Text)), maxSlackBytes)}
}

type jsonMessage struct {
	Subject string `json:"subject"`
	Text    string `json:"text"`
	Link    string `json:"link"`
	Items   []Item `json:"items"`
	SentAt  string `json:"sent_at"`
}

func jsonPayload(msg Message, now time.Time) jsonMessage {
	items := msg.Items
	if items == nil {
		items = []Item{}
	}
	return jsonMessage{
		Subject: msg.Subject,
		Text:    msg.Text,
		Link:    msg.Link,
		Items:   items,
		SentAt:  now.Format(time.RFC3339),
	}
}
