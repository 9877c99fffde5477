package jwtsso

import (
	"crypto/sha256"
	"encoding/base64"
	"html"
	"net/http"
)

// The auto-submit page is the alternative to the redirect, chosen with
// [WithAutoSubmitForm]. The browser gets a tiny page from the host
// application whose form sends it on to <support URL>/jwt/?token=…; because
// the request to the support centre then starts on the host application's
// page, its Referer is the host application's origin, which is what a
// "whitelisted domains" check that reads the referrer needs. After a plain
// redirect the Referer is that of the page where the navigation began,
// usually the support centre's own.

// autoSubmitScript submits the page's one form. The page's Content Security
// Policy allows exactly this script, by hash, and nothing else.
const autoSubmitScript = `document.forms[0].submit()`

var autoSubmitScriptHash = func() string {
	sum := sha256.Sum256([]byte(autoSubmitScript))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

// formPage holds what New precomputes for the auto-submit page.
type formPage struct {
	csp    string // Content-Security-Policy of the page
	prefix string // the page up to the token
}

// The page's fixed parts. The token (base64url and ".") needs no escaping in
// an HTML attribute; the action URL is escaped once, in newFormPage, and the
// inputs of WithTokenQuery's parameters in appendHiddenInputs.
const (
	formPageHead = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<title>Signing you in to the support centre</title></head>
<body><form method="get" action="`
	formPageMid  = `"><input type="hidden" name="token" value="`
	formPageTail = `<noscript><button type="submit">Continue to the support centre</button></noscript></form>
<script>` + autoSubmitScript + `</script></body></html>
`
)

func newFormPage(origin string) *formPage {
	return &formPage{
		// No form-action: browsers apply it to the redirects that follow a
		// form submission too, so it would block a support centre that
		// redirects to another origin after sign-in; the page's one form and
		// its action are fixed, and nothing can be injected into the page.
		csp:    "default-src 'none'; script-src " + autoSubmitScriptHash + "; base-uri 'none'; frame-ancestors 'none'",
		prefix: formPageHead + html.EscapeString(origin+"/jwt/") + formPageMid,
	}
}

// write answers with the page for token, and a hidden input after the
// token's for each of params ([WithTokenQuery]): a GET form sends its
// inputs as the query, in order. Headers are set before the status.
func (p *formPage) write(w http.ResponseWriter, token string, params []queryParam) {
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("Content-Security-Policy", p.csp)
	hdr.Set("Referrer-Policy", "strict-origin")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("X-Frame-Options", "DENY")
	w.WriteHeader(http.StatusOK)
	page := make([]byte, 0, len(p.prefix)+len(token)+len(formPageTail)+64*len(params)+2)
	page = append(append(append(page, p.prefix...), token...), `">`...)
	page = appendHiddenInputs(page, params)
	_, _ = w.Write(append(page, formPageTail...))
}
