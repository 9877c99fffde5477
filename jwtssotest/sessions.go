package jwtssotest

import (
	"crypto/rand"
	"net/http"
	"sync"
	"time"

	"github.com/supportsso/jwtsso"
)

// CookieName is the name of the fake support centre's session cookie. Its
// value is a random session ID (128 bits from crypto/rand); the cookie is
// HttpOnly, SameSite=Lax (it must be set on the cross-site redirect from
// the host application) and Secure when the request came over TLS.
const CookieName = "jwtssotest_session"

// session is one signed-in contact.
type session struct {
	claims jwtsso.Claims
	start  time.Time
}

// sessions holds the signed-in contacts by session ID, in memory.
type sessions struct {
	mu sync.Mutex
	m  map[string]session
}

func newSessions() *sessions { return &sessions{m: make(map[string]session)} }

// start records a session for c and returns its new random ID.
func (s *sessions) start(c jwtsso.Claims, at time.Time) string {
	id := rand.Text() // never fails: crypto/rand crashes the program instead
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[id] = session{claims: c, start: at}
	return id
}

// get returns the session named by r's cookie, if there is one.
func (s *sessions) get(r *http.Request) (session, bool) {
	c, err := r.Cookie(CookieName)
	if err != nil {
		return session{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.m[c.Value]
	return sess, ok
}

// end forgets the session named by r's cookie, if there is one.
func (s *sessions) end(r *http.Request) {
	c, err := r.Cookie(CookieName)
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, c.Value)
}

// setCookie sends the session cookie for id; an empty id deletes it.
func setCookie(w http.ResponseWriter, r *http.Request, id string) {
	c := &http.Cookie{
		Name:     CookieName,
		Value:    id,
		Path:     "/",
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
	}
	if id == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}
