package jwtssotest

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/supportsso/jwtsso/verify"
)

// Reasons for refusing a request to another page.
var (
	errMethodNotGET  = errors.New("jwtssotest: method not allowed")
	errLoginNotSetUp = errors.New("jwtssotest: no Remote Login URL configured")
)

// Handler is the fake HappyFox Support Centre as an http.Handler, for
// mounting in a server of your own; [NewServer] starts one on a loopback
// port. The package documentation lists its routes.
//
// A Handler is safe for concurrent use and immutable after [NewHandler],
// apart from the sessions and logins it records.
type Handler struct {
	verifier  *verify.Verifier
	loginURL  string
	logoutURL string
	now       func() time.Time
	logger    *slog.Logger
	sessions  *sessions
	logins    loginLog
	texts     *strings.Replacer // fills the settings into the pages' advice
}

var _ http.Handler = (*Handler)(nil)

// NewHandler returns a fake support centre that accepts tokens signed with
// key. It returns an error, never panics, for a key that [verify.New]
// refuses (wrapping [jwtsso.ErrInvalidKey]) or a bad option (wrapping
// [jwtsso.ErrInvalidConfig]).
func NewHandler(key string, opts ...Option) (*Handler, error) {
	cfg := defaultConfig()
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	if err := cfg.err(); err != nil {
		return nil, err
	}
	vopts := append(cfg.verifier, verify.WithClock(cfg.now))
	v, err := verify.New(key, vopts...)
	if err != nil {
		return nil, err
	}
	h := &Handler{
		verifier:  v,
		loginURL:  cfg.loginURL,
		logoutURL: cfg.logoutURL,
		now:       cfg.now,
		logger:    cfg.logger,
		sessions:  newSessions(),
		texts:     cfg.texts(),
	}
	return h, nil
}

// ServeHTTP serves the support centre's pages. Every response, whatever
// its route or status, carries Cache-Control: no-store. Routes match the
// path exactly: /jwt/ and /jwt (without the slash) both read the token
// directly, and any other spelling (dot segments, doubled slashes) is not
// found. Nothing is ever redirected to a cleaned path, since that redirect
// would repeat the query, and with it the token, in its Location.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("Pragma", "no-cache")
	switch r.URL.Path {
	case "/jwt/", "/jwt":
		h.serveToken(w, r)
	case "/":
		h.serveHome(w, r)
	case "/login":
		h.serveLogin(w, r)
	case "/logout":
		h.serveLogout(w, r)
	default:
		h.serveNotFound(w, r)
	}
}

// Logins returns the logins accepted so far, oldest first, as a copy.
func (h *Handler) Logins() []Login { return h.logins.all() }

// serveHome is GET /: who is signed in, or a Login link.
func (h *Handler) serveHome(w http.ResponseWriter, r *http.Request) {
	if !getOrHead(w, r) {
		h.refuse(w, r, errMethodNotGET)
		return
	}
	p := page{Title: "Support Centre", LoginConfigured: h.loginURL != ""}
	if s, ok := h.sessions.get(r); ok {
		p.User = &user{Name: s.claims.Name, Email: s.claims.Email, Since: s.start.UTC().Format(time.RFC3339)}
	}
	render(w, r, http.StatusOK, &p)
}

// serveLogin is GET /login: off to the host's Remote Login URL.
func (h *Handler) serveLogin(w http.ResponseWriter, r *http.Request) {
	switch {
	case !getOrHead(w, r):
		h.refuse(w, r, errMethodNotGET)
	case h.loginURL == "":
		h.refuse(w, r, errLoginNotSetUp)
	default:
		h.redirect(w, h.loginURL, http.StatusFound)
	}
}

// serveLogout is GET or POST /logout: end the session, then off to the
// host's Remote Logout URL (or home).
func (h *Handler) serveLogout(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		h.refuse(w, r, errMethodNotGET)
		return
	}
	h.sessions.end(r)
	setCookie(w, r, "")
	h.redirect(w, h.logoutURL, http.StatusSeeOther)
}

func (h *Handler) serveNotFound(w http.ResponseWriter, r *http.Request) {
	render(w, r, http.StatusNotFound, &page{Title: "Page not found", Error: &refusal{
		Heading: "Page not found",
		Advice:  "This fake support centre serves /, /login, /logout and /jwt/?token= only, at exactly those paths.",
	}})
}

// getOrHead reports whether r is a GET or HEAD request, and sets the Allow
// header when it is not.
func getOrHead(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	return false
}

// redirect sends the browser to target without a Referer (ServeHTTP has
// marked every response no-store).
func (h *Handler) redirect(w http.ResponseWriter, target string, status int) {
	hdr := w.Header()
	hdr.Set("Referrer-Policy", "no-referrer")
	hdr.Set("Location", target)
	w.WriteHeader(status)
}

// refuse logs err and answers with the error page that fits it.
func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, err error) {
	ref := h.describe(err)
	h.logger.LogAttrs(r.Context(), slog.LevelWarn, "jwtssotest: request refused",
		slog.String("path", r.URL.Path), slog.Int("status", ref.status), slog.String("reason", ref.Detail))
	render(w, r, ref.status, &page{Title: ref.Heading, Error: &ref})
}
