package jwtsso

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAutoSubmitForm(t *testing.T) {
	var logs bytes.Buffer
	h := newTestHandler(t, &staticResolver{id: jo}, WithAutoSubmitForm(), WithLogger(jsonLogger(&logs)))

	w := serve(h.Middleware(h), httptest.NewRequest(http.MethodGet, "/sso/happyfox", nil))

	require.Equal(t, http.StatusOK, w.Code)
	hdr := w.Header()
	assert.Empty(t, hdr.Get("Location"))
	assert.Equal(t, "text/html; charset=utf-8", hdr.Get("Content-Type"))
	assert.Equal(t, "no-store", hdr.Get("Cache-Control"))
	assert.Equal(t, "no-cache", hdr.Get("Pragma"))
	assert.Equal(t, "strict-origin", hdr.Get("Referrer-Policy"), "the support centre sees this origin")
	assert.Equal(t, "DENY", hdr.Get("X-Frame-Options"))
	assert.Equal(t, "nosniff", hdr.Get("X-Content-Type-Options"))

	body := w.Body.String()
	form := regexp.MustCompile(`<form method="get" action="([^"]*)"><input type="hidden" name="token" value="([^"]*)">`).FindStringSubmatch(body)
	require.NotNil(t, form, "the page has one GET form with the token")
	assert.Equal(t, "https://acme.happyfox.com/jwt/", form[1])
	claims := parseWithJWT(t, form[2], testKey)
	assert.Equal(t, jo.Email, claims["email"])

	// The Content Security Policy allows exactly the page's script and
	// forbids framing.
	script := regexp.MustCompile(`<script>([^<]*)</script>`).FindStringSubmatch(body)
	require.NotNil(t, script)
	sum := sha256.Sum256([]byte(script[1]))
	csp := hdr.Get("Content-Security-Policy")
	assert.Contains(t, csp, "script-src 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	assert.Contains(t, csp, "default-src 'none'")
	assert.NotContains(t, csp, "form-action", "it would also block the support centre's own redirects")
	assert.Contains(t, csp, "frame-ancestors 'none'")
	assert.Contains(t, body, "<noscript>", "works without JavaScript")

	assert.NotContains(t, logs.String(), form[2], "the token is never logged")
	assert.Contains(t, logs.String(), "token minted")
}

func TestAutoSubmitFormHeadMintsNothing(t *testing.T) {
	h := newTestHandler(t, &staticResolver{id: jo}, WithAutoSubmitForm())
	w := serve(h, httptest.NewRequest(http.MethodHead, "/sso/happyfox", nil))
	assert.Equal(t, http.StatusNoContent, w.Code)
	assertNoToken(t, w)
}
