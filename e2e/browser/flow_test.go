package browser

import (
	"net/http"
	"testing"
	"time"

	"github.com/supportsso/jwtsso/internal/demo"
	"github.com/supportsso/jwtsso/jwtssotest"
	"github.com/supportsso/jwtsso/verify"
)

// TestSignInFlow drives the whole flow across the demo's two sites: the
// support centre's Login, the host's sign-in form, the token, the signed-in
// support centre, its Logout, a replayed token and an expired one.
func TestSignInFlow(t *testing.T) {
	tab := newBrowser(t)
	clock := jwtssotest.NewClock(time.Now())
	s, _ := startDemo(t, demo.Config{SupportClock: clock.Now})
	net := record(t, tab)
	signinURL := s.HostURL + demo.SigninPath + "?return_to=%2Fsso%2Fhappyfox"

	// 1. The support centre's Login link lands on the host's sign-in form.
	navigate(t, tab, s.SupportURL+"/")
	waitPage(t, tab, s.SupportURL+"/", "You are not signed in.")
	click(t, tab, `a[href="/login"]`)
	waitPage(t, tab, signinURL, "Sign in", "Any name and email will do")

	// 2. Signing in ends on the support centre, signed in as that user.
	signIn(t, tab, "Ada Lovelace", "ada@example.com")
	waitPage(t, tab, s.SupportURL+"/", "Welcome, Ada Lovelace", "Signed in as Ada Lovelace (ada@example.com)")
	screenshot(t, tab, "signed-in")
	if logins := s.Support.Logins(); len(logins) != 1 || logins[0].Claims.Email != "ada@example.com" {
		t.Fatalf("the support centre recorded %+v, want one login of ada@example.com", logins)
	}
	tokenURL := onlyTokenURL(t, net, s.SupportURL)

	// 3. Logout at the support centre lands on the host's logout
	// destination, which has ended the host session too and says why the
	// user is back.
	click(t, tab, `a[href="/logout"]`)
	waitPage(t, tab, s.HostURL+"/?signed_out=support", "Not signed in.", "You signed out of the support centre")

	// 4. The same token again is refused as a replay.
	res := navigate(t, tab, tokenURL)
	waitPage(t, tab, tokenURL, "Support Centre", "Remote token has already been used")
	if res.Status != http.StatusForbidden {
		t.Errorf("replayed token: status %d, want 403", res.Status)
	}

	// 5. With the support centre's clock past the window, a new token is
	// refused as expired.
	clock.Advance(verify.DefaultMaxAge + verify.DefaultLeeway + time.Minute)
	navigate(t, tab, s.SupportURL+"/")
	click(t, tab, `a[href="/login"]`)
	waitPage(t, tab, signinURL, "Sign in")
	signIn(t, tab, "Ada Lovelace", "ada@example.com")
	waitPagePrefix(t, tab, s.SupportURL+"/jwt/?token=", "Support Centre", "Remote token has expired")
	if n := len(s.Support.Logins()); n != 1 {
		t.Errorf("the support centre recorded %d logins, want still 1", n)
	}
}

// onlyTokenURL returns the one /jwt/?token= URL the browser has opened.
func onlyTokenURL(t *testing.T, net *recorder, supportURL string) string {
	t.Helper()
	hops := net.hops(supportURL + "/jwt/?token=")
	if len(hops) != 1 {
		t.Fatalf("the browser opened %d token URLs, want 1: %+v", len(hops), hops)
	}
	return hops[0].URL
}
