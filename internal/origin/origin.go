// Package origin tells where a request came from: the client's address, the
// scheme it used and the host it asked for. Behind the campus reverse proxy
// the direct peer is the proxy, and only the proxy's X-Forwarded-For,
// X-Forwarded-Proto, X-Forwarded-Host and Forwarded headers say who the
// client is; anyone else could send those headers too, so they are believed
// only when the direct peer is one of the configured proxies (luoshi serve
// --trusted-proxies).
package origin

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the networks whose forwarding headers are believed.
type Proxies []netip.Prefix

// ParseProxies reads a comma-separated list of CIDRs or single addresses.
func ParseProxies(list string) (Proxies, error) {
	var out Proxies
	for _, c := range strings.Split(list, ",") {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		if !strings.Contains(c, "/") {
			a, err := netip.ParseAddr(c)
			if err != nil {
				return nil, fmt.Errorf("%q is not a CIDR or an address", c)
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(c)
		if err != nil {
			return nil, fmt.Errorf("%q is not a CIDR: %v", c, err)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func (p Proxies) trusts(a netip.Addr) bool {
	a = a.Unmap()
	for _, n := range p {
		if n.Contains(a) {
			return true
		}
	}
	return false
}

// Origin is where a request came from, as far as it can be trusted.
type Origin struct {
	// Client is the client's address (the direct peer's when no trusted
	// proxy reports another); invalid when the peer address is unreadable.
	Client netip.Addr
	// Scheme is "https" or "http", as the client used it.
	Scheme string
	// Host is the host (and port) the client asked for.
	Host string
}

// Secure reports whether the client reached us over TLS: cookies may then be
// Secure and pages may ask for HSTS.
func (o Origin) Secure() bool { return o.Scheme == "https" }

// SiteURL is the scheme and host the client used, for absolute addresses
// the reader copies elsewhere (a calendar program).
func (o Origin) SiteURL() string { return o.Scheme + "://" + o.Host }

// Resolve works out a request's origin. When the direct peer is a trusted
// proxy, Forwarded (RFC 7239) or else X-Forwarded-For/-Proto/-Host are
// read: the client is the rightmost address in the chain that is not itself
// a trusted proxy (the leftmost ones anyone can write), and the scheme and
// host are those the nearest proxy reports.
func (p Proxies) Resolve(r *http.Request) Origin {
	o := Origin{Scheme: "http", Host: r.Host}
	if r.TLS != nil {
		o.Scheme = "https"
	}
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		if a, err := netip.ParseAddr(r.RemoteAddr); err == nil {
			o.Client = a.Unmap()
		}
		return o
	}
	o.Client = peer.Addr().Unmap()
	if !p.trusts(o.Client) {
		return o
	}
	var chain []string
	var proto, host string
	if fw := r.Header.Values("Forwarded"); len(fw) > 0 {
		for _, el := range strings.Split(strings.Join(fw, ","), ",") {
			for _, pair := range strings.Split(el, ";") {
				k, v, _ := strings.Cut(strings.TrimSpace(pair), "=")
				v = strings.Trim(v, `"`)
				switch strings.ToLower(k) {
				case "for":
					chain = append(chain, v)
				case "proto":
					proto = v
				case "host":
					host = v
				}
			}
		}
	} else {
		for _, v := range r.Header.Values("X-Forwarded-For") {
			chain = append(chain, strings.Split(v, ",")...)
		}
		proto = last(r.Header.Values("X-Forwarded-Proto"))
		host = last(r.Header.Values("X-Forwarded-Host"))
	}
	for i := len(chain) - 1; i >= 0; i-- {
		a, ok := parseHop(chain[i])
		if !ok {
			break // an unreadable hop: keep the last address that was read
		}
		o.Client = a
		if !p.trusts(a) {
			break
		}
	}
	switch proto = strings.ToLower(strings.TrimSpace(proto)); proto {
	case "http", "https":
		o.Scheme = proto
	}
	if host = strings.TrimSpace(host); host != "" && plainHost(host) {
		o.Host = host
	}
	return o
}

// last is the last comma-separated value among a header's values: the one
// the nearest proxy added.
func last(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	parts := strings.Split(vs[len(vs)-1], ",")
	return parts[len(parts)-1]
}

// parseHop reads one address of a forwarding chain: "192.0.2.1",
// "192.0.2.1:4711", "[2001:db8::1]:4711", "2001:db8::1".
func parseHop(s string) (netip.Addr, bool) {
	s = strings.Trim(strings.TrimSpace(s), `"`)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// plainHost accepts a host[:port] made only of the characters host names and
// addresses use, so a forwarded host cannot smuggle a path or a second URL
// into the addresses built from it.
func plainHost(h string) bool {
	for _, c := range h {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.ContainsRune(".-:[]", c):
		default:
			return false
		}
	}
	return len(h) <= 255
}

type ctxKey struct{}

// Handler resolves every request's origin once and keeps it in the
// request's context for Of.
func (p Proxies) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o := p.Resolve(r)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, o)))
	})
}

// Of returns the origin Handler found for r or, when r did not pass through
// one (a handler tested on its own), the direct peer's: no proxy trusted.
func Of(r *http.Request) Origin {
	if o, ok := r.Context().Value(ctxKey{}).(Origin); ok {
		return o
	}
	return Proxies(nil).Resolve(r)
}
