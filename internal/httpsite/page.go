package httpsite

import "net/http"

// Style is the style sheet of every HTML page that the demo host
// application and the fake support centre serve, so that the two sites
// share one small visual language. A page puts it in a <style> element in
// its head, opens its body with a <header> (class "host" on the host
// application, for its own colour) and puts its content in <main>.
const Style = `body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#f5f6f8;line-height:1.45}
header{background:#1e73be;color:#fff;padding:.8em 1.5em}header.host{background:#2e6b4f}
header small{opacity:.8;margin-left:.4em}
main{margin:1.5em auto;padding:1.2em 1.5em;max-width:40em;background:#fff;border:1px solid #dde1e6;border-radius:6px}
h1{font-size:1.4em;margin:.2em 0 .6em}a{color:#1e5fa0}
.detail{color:#666;font-family:ui-monospace,monospace;font-size:.9em;overflow-wrap:anywhere}
.notice{background:#eef5ee;border-left:4px solid #2e6b4f;padding:.6em .9em}
.alert{background:#fdf0ef;border-left:4px solid #b3261e;padding:.6em .9em}
.assumed{color:#666;font-size:.9em}
label{display:block;margin:.7em 0}input,select{display:block;margin-top:.2em;padding:.4em;font:inherit;width:100%;box-sizing:border-box}
button,.button{display:inline-block;padding:.45em 1em;font:inherit;border:1px solid #1e5fa0;border-radius:4px;background:#1e73be;color:#fff;text-decoration:none;cursor:pointer}
button.quiet{background:#fff;color:#1e5fa0}
form.inline{display:inline}`

// ContentSecurityPolicy is the policy of every HTML page of the demo and
// the fake support centre: nothing but the inline style sheet, no framing.
// It has no form-action directive on purpose: browsers apply form-action
// to every redirect after a form is submitted, and the host application's
// sign-in form ends, through two redirects, on the support centre's
// origin.
const ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"

// SetPageHeaders sets the headers of an HTML page that must not be cached
// (every page of the demo and the fake support centre names a signed-in
// user or a refusal): its content type, no-store, nosniff and
// [ContentSecurityPolicy].
func SetPageHeaders(h http.Header) {
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
}
