package loadtest

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Answer is one response as a client saw it.
type Answer struct {
	Status int
	Header http.Header
	Body   int // bytes of body
}

// ProbeResult is one request to each endpoint, made before the load.
type ProbeResult struct {
	SSO, Bare Answer
}

// Probe makes one request, with Cookie, to the SSO and the bare endpoint of
// the server at base ("http://127.0.0.1:PORT"), without following the
// redirects.
func Probe(ctx context.Context, base string) (ProbeResult, error) {
	client := &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	defer client.CloseIdleConnections()
	sso, err := fetch(ctx, client, base+SSOPath)
	if err != nil {
		return ProbeResult{}, err
	}
	bare, err := fetch(ctx, client, base+BarePath)
	return ProbeResult{SSO: sso, Bare: bare}, err
}

func fetch(ctx context.Context, client *http.Client, url string) (Answer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return Answer{}, err
	}
	req.Header.Set("Cookie", Cookie)
	res, err := client.Do(req)
	if err != nil {
		return Answer{}, err
	}
	defer res.Body.Close()
	n, err := io.Copy(io.Discard, res.Body)
	return Answer{Status: res.StatusCode, Header: res.Header, Body: int(n)}, err
}

// varying names the headers whose values may differ between the two
// endpoints; Set-Cookie may also be absent from one of them.
var varying = map[string]bool{"Location": true, "Date": true, "Set-Cookie": true}

// Mismatches lists every way in which the two answers differ, beyond what
// must: both must be 302 with no body, carry the same header names (apart
// from Set-Cookie) with the same values (apart from Location, Date and
// Set-Cookie), and redirect to TokenURL with a Location of the same length.
// None means the bare endpoint is a faithful copy.
func (p ProbeResult) Mismatches() []string {
	var out []string
	for _, a := range []struct {
		name string
		Answer
	}{{"sso", p.SSO}, {"bare", p.Bare}} {
		if a.Status != http.StatusFound || a.Body != 0 {
			out = append(out, fmt.Sprintf("%s answered %d with %d bytes of body", a.name, a.Status, a.Body))
		}
		if !strings.HasPrefix(a.Header.Get("Location"), TokenURL) {
			out = append(out, a.name+" does not redirect to "+TokenURL)
		}
	}
	if ls, lb := len(p.SSO.Header.Get("Location")), len(p.Bare.Header.Get("Location")); ls != lb {
		out = append(out, fmt.Sprintf("Location is %d bytes on sso, %d on bare", ls, lb))
	}
	for _, k := range headerNames(p.SSO.Header, p.Bare.Header) {
		vs, vb := p.SSO.Header[k], p.Bare.Header[k]
		switch {
		case k == "Set-Cookie":
		case (vs == nil || vb == nil) && varying[k]:
			// Location may carry a token: name the header, not its values.
			out = append(out, fmt.Sprintf("header %s: sent by one endpoint only", k))
		case vs == nil || vb == nil:
			out = append(out, fmt.Sprintf("header %s: sso %q, bare %q", k, vs, vb))
		case !varying[k] && !slices.Equal(vs, vb):
			out = append(out, fmt.Sprintf("header %s differs: sso %q, bare %q", k, vs, vb))
		}
	}
	return out
}

// HeaderNames lists the header names the SSO answer carried, sorted.
func (p ProbeResult) HeaderNames() []string { return headerNames(p.SSO.Header) }

func headerNames(hs ...http.Header) []string {
	set := map[string]bool{}
	for _, h := range hs {
		for k := range h {
			set[k] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}
