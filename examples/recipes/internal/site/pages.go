package site

import (
	"html/template"
	"net/http"

	"github.com/supportsso/jwtsso"
)

// ReturnParam is the query and form parameter that carries the path to go
// back to after sign-in. The recipes pass it to [jwtsso.WithLoginURL], so
// the guard sends an anonymous visitor to /login?return_to=%2Fsso%2Fhappyfox.
const ReturnParam = "return_to"

// MaxForm is the largest sign-in form accepted, in bytes.
const MaxForm = 8 << 10

var homePage = template.Must(template.New("home").Parse(`<!doctype html>
<html lang="en"><meta charset="utf-8"><title>{{.App}}</title>
<h1>{{.App}}</h1>
{{with .User}}<p>Signed in as {{.Name}} ({{.Email}}).</p>
<p>{{range $.Links}}<a href="{{.Href}}">{{.Text}}</a> · {{end}}</p>
{{else}}<p>Not signed in. <a href="/login">Sign in</a></p>{{end}}
`))

var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Sign in · {{.App}}</title>
{{with .Error}}<p role="alert">{{.}}</p>{{end}}
<form method="post" action="/login">
<label>Sign in as <select name="user">{{range .Users}}
<option value="{{.ID}}">{{.Name}} &lt;{{.Email}}&gt;{{if not .EmailVerified}} (email not confirmed){{end}}</option>{{end}}
</select></label>
<input type="hidden" name="return_to" value="{{.ReturnTo}}">
<button>Sign in</button>
</form>
`))

// Link is a link on the start page.
type Link struct{ Href, Text string }

// Home writes the start page of the application named app: the signed-in
// user (nil for nobody) and the given links, or a link to the sign-in page.
func Home(w http.ResponseWriter, app string, user *jwtsso.Identity, links ...Link) {
	render(w, http.StatusOK, homePage, map[string]any{"App": app, "User": user, "Links": links})
}

// HomeHandler serves GET / for the application named app: the user that
// resolve finds, if any (an error counts as nobody), and links, or by
// default a link to the support centre through [LoginPath].
func HomeHandler(app string, resolve func(*http.Request) (jwtsso.Identity, error), links ...Link) http.HandlerFunc {
	if len(links) == 0 {
		links = []Link{{Href: LoginPath, Text: "Open the support centre"}}
	}
	return func(w http.ResponseWriter, r *http.Request) {
		var user *jwtsso.Identity
		if id, err := resolve(r); err == nil {
			user = &id
		}
		Home(w, app, user, links...)
	}
}

// LoginFormHandler serves GET /login for the application named app: the
// sign-in form, carrying the return path of the query's [ReturnParam].
func LoginFormHandler(app string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		LoginForm(w, http.StatusOK, app, r.URL.Query().Get(ReturnParam), "")
	}
}

// LoginForm writes the sign-in page with status. The return path is carried
// into the form only if [jwtsso.SafeReturnPath] accepts it; msg, when not
// empty, is shown above the form.
func LoginForm(w http.ResponseWriter, status int, app, returnTo, msg string) {
	type user struct {
		ID string
		jwtsso.Identity
	}
	var list []user
	for _, id := range UserIDs() {
		u, _ := User(id)
		list = append(list, user{id, u})
	}
	back, _ := jwtsso.SafeReturnPath(returnTo)
	render(w, status, loginPage, map[string]any{"App": app, "Users": list, "ReturnTo": back, "Error": msg})
}

// render writes t with data as an uncacheable HTML page.
func render(w http.ResponseWriter, status int, t *template.Template, data any) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = t.Execute(w, data) // the templates cannot fail on this data
}
