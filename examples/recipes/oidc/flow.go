package main

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"net/http"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/examples/recipes/internal/site"
	"golang.org/x/oauth2"
)

// login serves GET /login: it remembers where to go back to (only a path
// that jwtsso.SafeReturnPath accepts, "/" otherwise), draws a new state,
// nonce and PKCE verifier, keeps them in the session and sends the browser
// to the provider.
func (a *app) login(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	back, ok := jwtsso.SafeReturnPath(r.URL.Query().Get(site.ReturnParam))
	if !ok {
		back = "/"
	}
	state, nonce, verifier := rand.Text(), rand.Text(), oauth2.GenerateVerifier()
	a.sessions.Put(ctx, stateKey, state)
	a.sessions.Put(ctx, nonceKey, nonce)
	a.sessions.Put(ctx, verifierKey, verifier)
	a.sessions.Put(ctx, returnKey, back)
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, a.oauth.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusFound)
}

// idClaimsIn are the ID token claims the application keeps.
type idClaimsIn struct {
	Name          string `json:"name"`
	Email         string `json:"email"`
	EmailVerified bool   `json:"email_verified"`
}

// callback serves the redirect back from the provider. The flow's values
// are taken out of the session first, so that each is used once. It
// checks the state, exchanges the code with the PKCE verifier, verifies
// the ID token (signature, issuer, audience, expiry) and its nonce, then
// starts a new session with the token's claims and goes back.
func (a *app) callback(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	state := a.sessions.PopString(ctx, stateKey)
	nonce := a.sessions.PopString(ctx, nonceKey)
	verifier := a.sessions.PopString(ctx, verifierKey)
	back := a.sessions.PopString(ctx, returnKey)
	q := r.URL.Query()
	switch {
	case state == "" || subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1:
		a.refuse(w, r, http.StatusBadRequest, "This sign-in was not started here, or was already used. Please start again.", "state mismatch", nil)
		return
	case q.Get("error") != "":
		a.refuse(w, r, http.StatusUnauthorized, "The sign-in provider did not sign you in.", "provider error", nil, "error", q.Get("error"))
		return
	}

	pctx, cancel := context.WithTimeout(context.WithValue(ctx, oauth2.HTTPClient, a.client), providerTimeout)
	defer cancel()
	tok, err := a.oauth.Exchange(pctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		a.refuse(w, r, http.StatusBadGateway, "The sign-in provider could not be reached. Please try again later.", "token exchange failed", err)
		return
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		a.refuse(w, r, http.StatusBadGateway, "The sign-in provider sent no ID token.", "no id_token", nil)
		return
	}
	idt, err := a.verifier.Verify(pctx, raw)
	if err != nil {
		a.refuse(w, r, http.StatusUnauthorized, "The sign-in provider's answer could not be verified.", "ID token refused", err)
		return
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		a.refuse(w, r, http.StatusUnauthorized, "The sign-in provider's answer could not be verified.", "nonce mismatch", nil)
		return
	}
	var c idClaimsIn
	if err := idt.Claims(&c); err != nil || c.Email == "" {
		a.refuse(w, r, http.StatusBadGateway, "The sign-in provider sent no email address.", "no email claim", err)
		return
	}
	if err := a.sessions.RenewToken(ctx); err != nil {
		a.refuse(w, r, http.StatusInternalServerError, "Could not start a session.", "renew session", err)
		return
	}
	a.sessions.Put(ctx, nameKey, c.Name)
	a.sessions.Put(ctx, emailKey, c.Email)
	a.sessions.Put(ctx, emailVerifiedKey, c.EmailVerified)
	if back == "" {
		back = "/"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// refuse logs why a sign-in failed (never the code or a token: err comes
// from the oauth2 and oidc packages, whose messages carry neither) and
// answers with msg.
func (a *app) refuse(w http.ResponseWriter, r *http.Request, status int, msg, reason string, err error, attrs ...any) {
	args := append([]any{"reason", reason, "status", status}, attrs...)
	if err != nil {
		args = append(args, "error", err.Error())
	}
	a.log.WarnContext(r.Context(), "oidc recipe: sign-in refused", args...)
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, msg, status)
}
