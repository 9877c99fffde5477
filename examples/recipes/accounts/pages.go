package main

import (
	"html/template"
	"net/http"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/examples/recipes/internal/site"
)

var signedOutPage = template.Must(template.New("out").Parse(`<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Signed out · accounts recipe</title>
<p>You logged out of the {{.}} support centre, and out of this application.</p>
<p><a href="/">Start page</a></p>
`))

// signedOut serves /signed-out/{account}, where an account's Remote Logout
// URL ends up.
func (a *app) signedOut(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("account")
	if _, ok := a.accounts[name]; !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = signedOutPage.Execute(w, name)
}

// login serves POST /login: it signs the chosen user in under a new
// session token and goes back to the return path if
// jwtsso.SafeReturnPath accepts it, or to "/".
func (a *app) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, site.MaxForm)
	user, back := r.PostFormValue("user"), r.PostFormValue(site.ReturnParam)
	if _, ok := site.User(user); !ok {
		site.LoginForm(w, http.StatusUnauthorized, appName, back, "Unknown user.")
		return
	}
	if err := a.sessions.RenewToken(r.Context()); err != nil {
		http.Error(w, "could not start a session", http.StatusInternalServerError)
		return
	}
	a.sessions.Put(r.Context(), userKey, user)
	target, ok := jwtsso.SafeReturnPath(back)
	if !ok {
		target = "/"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// home serves GET /, with a link to each account's support centre.
func (a *app) home(w http.ResponseWriter, r *http.Request) {
	var user *jwtsso.Identity
	if id, err := a.resolve(r); err == nil {
		user = &id
	}
	var links []site.Link
	for _, name := range a.order {
		links = append(links, site.Link{Href: "/sso/" + name, Text: "Support centre " + name})
	}
	site.Home(w, appName, user, links...)
}
