package demo

import (
	"html/template"
	"net/http"

	"github.com/supportsso/jwtsso"
)

// ReturnParam is the query and form parameter that carries the path to go
// back to after sign-in. The examples pass it to [jwtsso.WithLoginURL], so
// the guard sends anonymous visitors to /login?return_to=%2Fsso%2Fhappyfox.
const ReturnParam = "return_to"

// maxLoginForm is the largest sign-in form accepted, in bytes.
const maxLoginForm = 8 << 10

var pages = template.Must(template.New("home").Parse(`<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Demo app</title>
{{with .User}}<p>Signed in as {{.Name}} ({{.Email}}).</p>
<p><a href="/sso/happyfox">Open the support centre</a> · <a href="/sso/logout">Sign out</a></p>
{{else}}<p>Not signed in. <a href="/login">Sign in</a></p>{{end}}
`))

var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Sign in · Demo app</title>
{{with .Error}}<p role="alert">{{.}}</p>{{end}}
<form method="post" action="/login">
<label>Sign in as <select name="user">{{range .Users}}
<option value="{{.ID}}">{{.Name}} &lt;{{.Email}}&gt;</option>{{end}}
</select></label>
<input type="hidden" name="return_to" value="{{.ReturnTo}}">
<button>Sign in</button>
</form>
`))

// Home is the demo application's start page: it names the signed-in user
// and links to the support centre, or links to the sign-in page.
func Home(w http.ResponseWriter, r *http.Request) {
	var data struct{ User *jwtsso.Identity }
	if u, err := Resolver(r); err == nil {
		data.User = &u
	}
	render(w, http.StatusOK, pages, data)
}

// LoginForm serves GET /login: a form to pick a demo user. The return
// parameter is carried into the form only if [jwtsso.SafeReturnPath]
// accepts it.
func LoginForm(w http.ResponseWriter, r *http.Request) {
	renderLogin(w, http.StatusOK, r.URL.Query().Get(ReturnParam), "")
}

// Login serves POST /login: it starts a session for the chosen user and
// redirects (303) to the form's return path if [jwtsso.SafeReturnPath]
// accepts it, or to "/" otherwise, so that the parameter cannot send the
// browser to another site. An unknown user gets the form again with 401.
func Login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxLoginForm)
	id, back := r.PostFormValue("user"), r.PostFormValue(ReturnParam)
	if _, ok := User(id); !ok {
		renderLogin(w, http.StatusUnauthorized, back, "Unknown user.")
		return
	}
	startSession(w, r, id)
	target := "/"
	if p, ok := jwtsso.SafeReturnPath(back); ok {
		target = p
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// renderLogin shows the sign-in form with back as its return path, when
// back is safe.
func renderLogin(w http.ResponseWriter, status int, back, msg string) {
	type user struct{ ID, Name, Email string }
	data := struct {
		Users           []user
		ReturnTo, Error string
	}{Error: msg}
	for _, id := range UserIDs() {
		u, _ := User(id)
		data.Users = append(data.Users, user{id, u.Name, u.Email})
	}
	data.ReturnTo, _ = jwtsso.SafeReturnPath(back)
	render(w, status, loginPage, data)
}

// render writes t with data as an uncacheable HTML page.
func render(w http.ResponseWriter, status int, t *template.Template, data any) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = t.Execute(w, data) // the templates cannot fail on this data
}
