package origin

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

// TestResolve: forwarding headers count only from a trusted peer; the
// client is the rightmost untrusted hop; scheme and host are the nearest
// proxy's; junk is ignored.
func TestResolve(t *testing.T) {
	proxies, err := ParseProxies("10.0.0.0/8, 192.0.2.7, 2001:db8::/32")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		peer    string
		tls     bool
		headers map[string]string
		want    Origin
	}{
		{"direct", "198.51.100.1:5000", false, nil, Origin{mustAddr("198.51.100.1"), "http", "luoshi.example"}},
		{"direct tls", "198.51.100.1:5000", true, nil, Origin{mustAddr("198.51.100.1"), "https", "luoshi.example"}},
		{"untrusted peer's headers ignored", "198.51.100.1:5000", false,
			map[string]string{"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"},
			Origin{mustAddr("198.51.100.1"), "http", "luoshi.example"}},
		{"trusted proxy", "10.1.2.3:40000", false,
			map[string]string{"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "duban.example.edu.cn"},
			Origin{mustAddr("203.0.113.9"), "https", "duban.example.edu.cn"}},
		{"spoofed left of the chain", "10.1.2.3:40000", false,
			map[string]string{"X-Forwarded-For": "1.2.3.4, 203.0.113.9, 10.9.9.9"},
			Origin{mustAddr("203.0.113.9"), "http", "luoshi.example"}},
		{"single trusted address", "192.0.2.7:1", false,
			map[string]string{"X-Forwarded-For": "203.0.113.10"}, Origin{mustAddr("203.0.113.10"), "http", "luoshi.example"}},
		{"junk hop", "10.1.2.3:40000", false,
			map[string]string{"X-Forwarded-For": "203.0.113.9, not-an-ip"}, Origin{mustAddr("10.1.2.3"), "http", "luoshi.example"}},
		{"bad proto and host ignored", "10.1.2.3:40000", false,
			map[string]string{"X-Forwarded-Proto": "gopher", "X-Forwarded-Host": "a.example/evil"}, Origin{mustAddr("10.1.2.3"), "http", "luoshi.example"}},
		{"Forwarded", "[2001:db8::5]:443", false,
			map[string]string{"Forwarded": `for="[2001:db8:cafe::17]:4711";proto=https;host=duban.example.edu.cn`, "X-Forwarded-For": "1.2.3.4"},
			Origin{mustAddr("2001:db8:cafe::17"), "https", "duban.example.edu.cn"}},
		{"Forwarded chain", "10.0.0.1:1", false,
			map[string]string{"Forwarded": `for=1.2.3.4, for=203.0.113.50;proto=https, for=10.2.2.2`},
			Origin{mustAddr("203.0.113.50"), "https", "luoshi.example"}},
		{"mapped IPv4 peer", "[::ffff:10.1.2.3]:1", false,
			map[string]string{"X-Forwarded-For": "203.0.113.9"}, Origin{mustAddr("203.0.113.9"), "http", "luoshi.example"}},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "http://luoshi.example/", nil)
		r.RemoteAddr = c.peer
		if c.tls {
			r.TLS = &tls.ConnectionState{}
		}
		for k, v := range c.headers {
			r.Header.Set(k, v)
		}
		if got := proxies.Resolve(r); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

// TestHandlerKeepsOrigin: Of returns what Handler resolved; without the
// Handler, no proxy is trusted.
func TestHandlerKeepsOrigin(t *testing.T) {
	proxies, _ := ParseProxies("127.0.0.1")
	var got Origin
	h := proxies.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = Of(r) }))
	r := httptest.NewRequest("GET", "http://luoshi.example/", nil)
	r.RemoteAddr = "127.0.0.1:1"
	r.Header.Set("X-Forwarded-Proto", "https")
	h.ServeHTTP(httptest.NewRecorder(), r)
	if !got.Secure() || got.SiteURL() != "https://luoshi.example" {
		t.Errorf("through Handler: %+v", got)
	}
	if o := Of(r); o.Secure() {
		t.Errorf("without Handler the header was believed: %+v", o)
	}
}

func TestParseProxies(t *testing.T) {
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", "10.0.0.1/"} {
		if _, err := ParseProxies(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if p, err := ParseProxies(" ,10.0.0.5/8,"); err != nil || len(p) != 1 || p[0].String() != "10.0.0.0/8" {
		t.Errorf("list with blanks: %v %v", p, err)
	}
}

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }
