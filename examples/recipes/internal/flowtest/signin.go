package flowtest

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// SignIn follows the support centre's Login link with b, as an anonymous
// visitor, to the application's sign-in page at /login; checks that the
// guard of loginPath sent it there with loginPath as return_to; then posts
// the form as user, with that return path, and returns the page the
// browser ends on. b must label the origins "host" and "support".
func SignIn(t *testing.T, b *Browser, hostURL, supportURL, loginPath, user string) Page {
	t.Helper()
	form := b.Get(t, supportURL+"/login")
	require.Equal(t, http.StatusOK, form.Status)
	assert.Equal(t, []string{"support /login", "host " + loginPath, "host /login"}, form.Hops)
	assert.Contains(t, form.Body, `name="return_to" value="`+loginPath+`"`)
	return b.PostForm(t, hostURL+"/login", url.Values{"user": {user}, "return_to": {loginPath}})
}

// HostileReturnPaths are return_to values that a sign-in page must not
// follow, by name.
var HostileReturnPaths = []struct{ Name, Value string }{
	{"scheme-relative", "//evil.example"},
	{"absolute", "https://evil.example/sso/happyfox"},
	{"backslash", `/\evil.example`},
	{"encoded tab", "/%09/evil.example"},
	{"javascript", "javascript:alert(1)"},
}

// RequireReturnRefused checks, for each of [HostileReturnPaths], that the
// sign-in page at hostURL/login leaves it out of its form and that posting
// the form as user redirects to "/" and nowhere else.
func RequireReturnRefused(t *testing.T, newBrowser func(*testing.T) *Browser, hostURL, user string) {
	for _, tt := range HostileReturnPaths {
		t.Run(tt.Name, func(t *testing.T) {
			b := newBrowser(t)
			form := b.Get(t, hostURL+"/login?"+url.Values{"return_to": {tt.Value}}.Encode())
			assert.Contains(t, form.Body, `name="return_to" value=""`)
			assert.NotContains(t, form.Body, "evil.example")

			res, err := b.NoFollow().PostForm(hostURL+"/login", url.Values{"user": {user}, "return_to": {tt.Value}})
			require.NoError(t, err)
			res.Body.Close()
			assert.Equal(t, http.StatusSeeOther, res.StatusCode)
			assert.Equal(t, "/", res.Header.Get("Location"), "refused: back to the start page")
		})
	}
}
