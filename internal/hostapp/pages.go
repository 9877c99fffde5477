package hostapp

import (
	"bytes"
	"html/template"
	"net/http"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/internal/httpsite"
)

// The values of the [BackParam] query parameter that the start page
// explains, and what it says for each. Any other value says nothing: the
// page never shows the parameter's own text.
var backReasons = map[string]string{
	"support": "You signed out of the support centre, so you are signed out here too.",
	"here":    "You signed out.",
}

type homeData struct {
	User        *jwtsso.Identity
	SupportLink string
	Notice      string // why the user is back, from backReasons
}

type signinData struct {
	Users           []jwtsso.Identity // empty: any name and email
	ReturnTo, Error string
	ToSupport       bool // signing in continues to the support centre
}

func (a *App) signinData(back, msg string) signinData {
	return signinData{Users: a.users, ReturnTo: back, Error: msg, ToSupport: back == SSOPath}
}

type errorData struct{ Reason string }

const (
	pageHead = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{template "title" .}} · Demo host app</title>
<style>` + httpsite.Style + `</style></head>
<body>
<header class="host"><b>Demo host app</b> <small>your web application (jwtsso demo)</small></header>
<main>
`
	pageFoot = `
</main>
</body></html>
`
)

var (
	homePage = page("Home", `
{{with .Notice}}<p class="notice" role="status">{{.}}</p>{{end}}
{{with .User}}<h1>Hello, {{.Name}}</h1>
<p>Signed in as <b>{{.Name}}</b> ({{.Email}}).</p>
{{else}}<h1>Welcome</h1>
<p>Not signed in. <a href="/signin">Sign in</a></p>{{end}}
<p><a class="button" href="{{.SupportLink}}">Support</a>
{{with .User}}<form class="inline" method="post" action="/signout"><button class="quiet">Sign out</button></form>{{end}}</p>
<p><small>Support opens the support centre and signs you in there as the user you are here.</small></p>
`)

	signinPage = page("Sign in", `
<h1>Sign in</h1>
{{if .ToSupport}}<p class="notice">Sign in to continue to the support centre: once you are signed in here, you go straight on to it, signed in as the same person.</p>{{end}}
{{with .Error}}<p class="alert" role="alert">{{.}}</p>{{end}}
<form method="post" action="/signin">
{{if .Users}}<label>Sign in as <select name="email">{{range .Users}}
<option value="{{.Email}}">{{.Name}} &lt;{{.Email}}&gt;</option>{{end}}
</select></label>
{{else}}<p>Any name and email will do: this demo asks for no password and treats every address as verified.</p>
<label>Name <input name="name" required maxlength="256" autofocus></label>
<label>Email <input name="email" type="email" required maxlength="254"></label>
{{end}}<input type="hidden" name="return_to" value="{{.ReturnTo}}">
<p><button>{{if .ToSupport}}Sign in and continue{{else}}Sign in{{end}}</button></p>
</form>
`)

	errorPage = page("Cannot sign you in", `
<h1>The support centre cannot sign you in</h1>
<p class="alert">{{.Reason}}</p>
<form method="post" action="/signout"><button>Sign out and try another name or email</button></form>
`)
)

// page parses one page of the app, titled title, around body.
func page(title, body string) *template.Template {
	t := template.Must(template.New("page").Parse(pageHead + body + pageFoot))
	return template.Must(t.New("title").Parse(title))
}

// render writes t with data as an uncacheable HTML page.
func render(w http.ResponseWriter, status int, t *template.Template, data any) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "page", data); err != nil {
		http.Error(w, "template error", http.StatusInternalServerError)
		return
	}
	httpsite.SetPageHeaders(w.Header())
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
