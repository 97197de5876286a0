package sso

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// CAS versions: 2.0 validates at /serviceValidate and returns the user only
// (many campus servers add attributes anyway); 3.0 at /p3/serviceValidate
// with attributes.
const (
	CAS2 = "2.0"
	CAS3 = "3.0"
)

// CAS is a CAS server: BaseURL is its prefix, e.g.
// https://cas.example.edu.cn/cas (login is at BaseURL/login).
type CAS struct {
	BaseURL string
	Version string
	// NameAttr and EmailAttr name the attributes holding the person's name
	// and e-mail address.
	NameAttr, EmailAttr string
	// Client makes the validation request (nil: a client with Timeout).
	// Redirects are never followed, whatever the client says.
	Client *http.Client
}

// Check reports a setting that cannot work.
func (c CAS) Check() error {
	if err := CheckHTTPURL("url", c.BaseURL); err != nil {
		return err
	}
	if c.Version != CAS2 && c.Version != CAS3 {
		return &ConfigError{"version", "must be 2.0 or 3.0"}
	}
	return nil
}

func (c CAS) base() string { return strings.TrimRight(c.BaseURL, "/") }

// LoginURL is where the browser goes to sign in; the CAS server sends it
// back to service with a ticket.
func (c CAS) LoginURL(service string) string {
	return c.base() + "/login?" + url.Values{"service": {service}}.Encode()
}

// Validate asks the CAS server whether ticket was issued for service, and
// returns who it was issued to. A ticket is good once: the server refuses it
// the second time.
func (c CAS) Validate(ctx context.Context, ticket, service string) (Identity, error) {
	if !plausibleTicket(ticket) {
		return Identity{}, rejected("cas: no ticket, or not a ticket")
	}
	path := "/serviceValidate"
	if c.Version == CAS3 {
		path = "/p3/serviceValidate"
	}
	u := c.base() + path + "?" + url.Values{"service": {service}, "ticket": {ticket}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return Identity{}, fmt.Errorf("sso: cas: %w", err)
	}
	req.Header.Set("Accept", "application/xml, text/xml")
	res, err := httpClient(c.Client).Do(req)
	if err != nil {
		return Identity{}, fmt.Errorf("sso: cas: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return Identity{}, fmt.Errorf("sso: cas: %s answered %s", path, res.Status)
	}
	var r casResponse
	if err := xml.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&r); err != nil {
		return Identity{}, fmt.Errorf("sso: cas: %s: not a CAS answer: %w", path, err)
	}
	switch {
	case r.Failure != nil:
		return Identity{}, rejected("cas: %s: %s", strings.TrimSpace(r.Failure.Code), strings.TrimSpace(r.Failure.Message))
	case r.Success == nil || strings.TrimSpace(r.Success.User) == "":
		return Identity{}, fmt.Errorf("sso: cas: %s: neither success nor failure", path)
	}
	id := Identity{Username: strings.TrimSpace(r.Success.User), Attributes: map[string][]string{}}
	for _, a := range r.Success.Attributes.Items {
		name, value := a.XMLName.Local, strings.TrimSpace(a.Text)
		if name == "attribute" && a.Name != "" { // <cas:attribute name="…" value="…"/>
			name, value = a.Name, a.Value
		}
		id.Attributes[name] = append(id.Attributes[name], value)
	}
	id.Name, id.Email = id.First(c.NameAttr), id.First(c.EmailAttr)
	return id, nil
}

// casResponse is cas:serviceResponse. Tags name local names only, so any
// namespace prefix the server uses matches.
type casResponse struct {
	XMLName xml.Name `xml:"serviceResponse"`
	Success *struct {
		User       string `xml:"user"`
		Attributes struct {
			Items []casAttribute `xml:",any"`
		} `xml:"attributes"`
	} `xml:"authenticationSuccess"`
	Failure *struct {
		Code    string `xml:"code,attr"`
		Message string `xml:",chardata"`
	} `xml:"authenticationFailure"`
}

type casAttribute struct {
	XMLName xml.Name
	Name    string `xml:"name,attr"`
	Value   string `xml:"value,attr"`
	Text    string `xml:",chardata"`
}

// plausibleTicket: CAS tickets are at most 256 letters, digits and
// hyphens (some servers add dots or underscores).
func plausibleTicket(t string) bool {
	if t == "" || len(t) > 256 {
		return false
	}
	for _, r := range t {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_') {
			return false
		}
	}
	return true
}
