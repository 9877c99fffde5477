package jwtssotest

import (
	"bytes"
	"html/template"
	"net/http"

	"github.com/supportsso/jwtsso/internal/httpsite"
)

// page is what the one page template shows: an error, a signed-in user, or
// a Login link.
type page struct {
	Title           string
	Error           *refusal
	User            *user
	LoginConfigured bool
}

// user is the signed-in contact, as the home page shows them.
type user struct {
	Name, Email, Since string
}

// pageTemplate escapes everything it shows: names and emails come from
// tokens and error details may quote a claim name.
var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{.Title}} · Support Centre</title>
<style>` + httpsite.Style + `</style></head>
<body>
<header><b>Support Centre</b> <small>fake HappyFox for testing (jwtssotest)</small></header>
<main>
{{with .Error -}}
<h1>{{.Heading}}</h1>
<p>{{.Advice}}</p>
{{with .Detail}}<p class="detail">Reason: {{.}}</p>{{end}}
{{if .LoginLink}}<p><a class="button" href="/login">Login</a> starts a new sign-in through your application, with a fresh token.</p>
{{- else if .FreshToken}}<p>Start again from the page that sent you here.</p>{{end}}
{{with .Basis}}<p class="assumed">{{.}}</p>{{end}}
<p><a href="/">Back to the support centre</a></p>
{{- else with .User -}}
<h1>Welcome, {{.Name}}</h1>
<p>Signed in as <b>{{.Name}}</b> ({{.Email}}) since {{.Since}}.</p>
<p><a class="button" href="/logout">Logout</a></p>
{{- else -}}
<h1>Welcome</h1>
<p>You are not signed in.</p>
<p><a class="button" href="/login">Login</a>{{if not .LoginConfigured}} (JWT login is not configured){{end}}</p>
{{- end}}
</main>
</body>
</html>
`))

// render writes p as an uncacheable HTML page with status. A HEAD request
// gets the headers only.
func render(w http.ResponseWriter, r *http.Request, status int, p *page) {
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, p); err != nil {
		http.Error(w, "template error", http.StatusInternalServerError)
		return
	}
	hdr := w.Header()
	httpsite.SetPageHeaders(hdr)
	hdr.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}
