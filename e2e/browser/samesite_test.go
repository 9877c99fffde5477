package browser

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/internal/demo"
)

// TestSameSite signs in to the host application first, then follows the
// support centre's Login link, with the host's session cookie SameSite=Lax
// and SameSite=Strict, with the guard's same-site bounce on and off.
func TestSameSite(t *testing.T) {
	browser := newBrowser(t)
	for _, tc := range []struct {
		name     string
		sameSite http.SameSite
		opts     []jwtsso.Option
		// hops are the Sec-Fetch-Site of each request to the Remote Login
		// URL, and whether the session cookie went with it.
		hops []cookieHop
		// signedIn: the user ends up signed in to the support centre;
		// otherwise on the host's sign-in form.
		signedIn bool
		// log must be in the host's log, and notLog must not.
		log, notLog string
	}{
		{"Lax", http.SameSiteLaxMode, nil,
			[]cookieHop{{"cross-site", ""}}, true, "jwtsso: token minted", "same-site bounce"},
		{"Strict with the bounce", http.SameSiteStrictMode, nil,
			[]cookieHop{{"cross-site", heldBackStrict}, {"same-origin", ""}}, true,
			"same-site bounce", "redirected to login"},
		{"Strict without the bounce", http.SameSiteStrictMode, []jwtsso.Option{jwtsso.WithoutSameSiteBounce()},
			[]cookieHop{{"cross-site", heldBackStrict}}, false,
			`fetch_site=cross-site hint="if this user is signed in, a session cookie marked SameSite=Strict is not sent`, "token minted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab := newTab(t, browser)
			s, log := startDemo(t, demo.Config{SessionSameSite: tc.sameSite, HostOptions: tc.opts})
			net := record(t, tab)

			navigate(t, tab, s.HostURL+demo.SigninPath)
			signIn(t, tab, "Grace Hopper", "grace@example.com")
			waitPage(t, tab, s.HostURL+"/", "Signed in as Grace Hopper (grace@example.com).")

			navigate(t, tab, s.SupportURL+"/")
			click(t, tab, `a[href="/login"]`)
			if tc.signedIn {
				waitPage(t, tab, s.SupportURL+"/", "Signed in as Grace Hopper (grace@example.com)")
			} else {
				waitPage(t, tab, s.HostURL+demo.SigninPath+"?return_to=%2Fsso%2Fhappyfox", "Sign in")
				navigate(t, tab, s.HostURL+"/")
				waitPage(t, tab, s.HostURL+"/", "Signed in as Grace Hopper", "Support")
			}
			got := cookieHops(net.hops(s.HostURL + demo.SSOPath))
			if !slices.Equal(got, tc.hops) {
				t.Errorf("requests to the Remote Login URL: %+v, want %+v", got, tc.hops)
			}
			if l := log.String(); !strings.Contains(l, tc.log) || strings.Contains(l, tc.notLog) {
				t.Errorf("the host's log should have %q and not %q:\n%s", tc.log, tc.notLog, l)
			}
			t.Logf("requests to the Remote Login URL (Sec-Fetch-Site, why the session cookie was held back): %+v", got)
		})
	}
}

// cookieHop is one request to the Remote Login URL: its Sec-Fetch-Site,
// and why the host's session cookie was held back ("" when it was sent).
type cookieHop struct {
	FetchSite string
	HeldBack  string
}

// heldBackStrict stands for the reasons Chromium gives for holding back a
// SameSite=Strict cookie: SameSiteStrict, or SchemefulSameSiteStrict when
// it compares schemes too (as Chromium 156 reports even for two http sites).
const heldBackStrict = "SameSite=Strict"

func cookieHops(hops []hop) []cookieHop {
	var out []cookieHop
	for _, h := range hops {
		c := cookieHop{FetchSite: h.FetchSite}
		switch reasons := h.Blocked[demo.SessionCookie]; {
		case slices.Contains(reasons, network.CookieBlockedReasonSameSiteStrict),
			slices.Contains(reasons, network.CookieBlockedReasonSchemefulSameSiteStrict):
			c.HeldBack = heldBackStrict
		case len(reasons) > 0:
			c.HeldBack = string(reasons[0])
		case !slices.Contains(h.Sent, demo.SessionCookie):
			c.HeldBack = "not sent"
		}
		out = append(out, c)
	}
	return out
}
