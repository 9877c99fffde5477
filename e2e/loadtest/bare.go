package loadtest

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
)

// newBare returns the bare endpoint: a handler that answers exactly as sso
// did for one request made at start-up (its status and every header it
// set), with the token in Location replaced by as many "x" characters, and
// no body. Copying the headers from a real response keeps the two endpoints
// from drifting apart when the SSO handler changes the headers it sends.
func newBare(sso http.Handler) (http.Handler, error) {
	req := httptest.NewRequest(http.MethodGet, SSOPath, nil)
	req.Header.Set("Cookie", Cookie)
	rec := httptest.NewRecorder()
	sso.ServeHTTP(rec, req)
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusFound || !strings.HasPrefix(loc, TokenURL) {
		// The Location is not quoted: it may carry a token.
		return nil, fmt.Errorf("loadtest: SSO endpoint answered %d with a Location of %d bytes at start-up; want 302 to %s…",
			rec.Code, len(loc), TokenURL)
	}
	if rec.Body.Len() > 0 {
		return nil, errors.New("loadtest: SSO endpoint wrote a body; the bare endpoint would not match it")
	}
	hdr := rec.Header().Clone()
	hdr.Set("Location", TokenURL+strings.Repeat("x", len(loc)-len(TokenURL)))
	return bare{header: hdr, status: rec.Code}, nil
}

// bare writes a fixed header set and status. The value slices are shared by
// every response; net/http only reads them.
type bare struct {
	header http.Header
	status int
}

func (b bare) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	h := w.Header()
	for k, v := range b.header {
		h[k] = v
	}
	w.WriteHeader(b.status)
}
