package jwtssotest

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/supportsso/jwtsso/verify"
)

// maxQueryBytes is the longest query string that GET /jwt/ reads: twice the
// longest token the verifier reads, so that an oversized token is refused
// by the verifier and a huge query is refused before it is parsed.
const maxQueryBytes = 2 * verify.MaxTokenBytes

// Reasons for refusing a request to /jwt/ before the verifier sees a token.
var (
	errNoToken      = errors.New("jwtssotest: no token parameter in the query")
	errTokenTwice   = errors.New("jwtssotest: the token parameter appears more than once in the query")
	errQueryTooLong = errors.New("jwtssotest: query string too long")
	errQueryBad     = errors.New("jwtssotest: query string does not parse")
)

// serveToken is GET /jwt/?token=: verify, record, start a session, go home.
func (h *Handler) serveToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		// Not even HEAD: verifying would use up the token's jti.
		w.Header().Set("Allow", http.MethodGet)
		h.refuse(w, r, errMethodNotGET)
		return
	}
	token, err := tokenParam(r.URL.RawQuery)
	if err != nil {
		h.refuse(w, r, err)
		return
	}
	c, err := h.verifier.Verify(r.Context(), token)
	if err != nil {
		h.refuse(w, r, err)
		return
	}
	at := h.now()
	h.logins.add(Login{Claims: c, At: at})
	h.sessions.end(r)
	setCookie(w, r, h.sessions.start(c, at))
	h.logger.LogAttrs(r.Context(), slog.LevelInfo, "jwtssotest: login accepted",
		slog.String("jti", c.ID), slog.String("email", c.Email))
	h.redirect(w, "/", http.StatusSeeOther)
}

// tokenParam returns the one token in a query. It refuses a query that is
// too long, does not parse, or carries the token parameter more or less
// than once: picking the first or the last of two would let whoever can add
// a parameter choose the token.
func tokenParam(rawQuery string) (string, error) {
	if len(rawQuery) > maxQueryBytes {
		return "", errQueryTooLong
	}
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return "", errQueryBad
	}
	switch v := q["token"]; {
	case len(v) > 1:
		return "", errTokenTwice
	case len(v) == 0 || v[0] == "":
		return "", errNoToken
	default:
		return v[0], nil
	}
}
