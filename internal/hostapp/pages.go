package hostapp

import (
	"bytes"
	"html/template"
	"net/http"

	"github.com/supportsso/jwtsso"
)

type homeData struct {
	User        *jwtsso.Identity
	SupportLink string
}

type signinData struct {
	Users           []jwtsso.Identity // empty: any name and email
	ReturnTo, Error string
}

func (a *App) signinData(back, msg string) signinData {
	return signinData{Users: a.users, ReturnTo: back, Error: msg}
}

type errorData struct{ Reason string }

const pageHead = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Demo host app</title>
<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:2em auto;padding:0 1em}label{display:block;margin:.5em 0}</style></head>
<body><p><b>Demo host app</b> (jwtsso demo)</p>
`

var (
	homePage = template.Must(template.New("home").Parse(pageHead + `
{{with .User}}<p>Signed in as <b>{{.Name}}</b> ({{.Email}}).</p>
<form method="post" action="/signout"><button>Sign out</button></form>
{{else}}<p>Not signed in. <a href="/signin">Sign in</a></p>{{end}}
<p><a href="{{.SupportLink}}">Support</a>: opens the support centre, signed in as you.</p>
</body></html>
`))

	signinPage = template.Must(template.New("signin").Parse(pageHead + `
<h1>Sign in</h1>
{{with .Error}}<p role="alert">{{.}}</p>{{end}}
<form method="post" action="/signin">
{{if .Users}}<label>Sign in as <select name="email">{{range .Users}}
<option value="{{.Email}}">{{.Name}} &lt;{{.Email}}&gt;</option>{{end}}
</select></label>
{{else}}<p>Any name and email will do: this demo asks for no password and treats every address as verified.</p>
<label>Name <input name="name" required maxlength="256" autofocus></label>
<label>Email <input name="email" type="email" required maxlength="254"></label>
{{end}}<input type="hidden" name="return_to" value="{{.ReturnTo}}">
<button>Sign in</button>
</form>
</body></html>
`))

	errorPage = template.Must(template.New("error").Parse(pageHead + `
<h1>The support centre cannot sign you in</h1>
<p>{{.Reason}}</p>
<form method="post" action="/signout"><button>Sign out and try another name or email</button></form>
</body></html>
`))
)

// render writes t with data as an uncacheable HTML page.
func render(w http.ResponseWriter, status int, t *template.Template, data any) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		http.Error(w, "template error", http.StatusInternalServerError)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
