package hostapp

import (
	"crypto/rand"
	"errors"
	"net/http"
	"sync"

	"github.com/supportsso/jwtsso"
)

// maxSessions bounds the sessions kept in memory, so that a demo reachable
// from other machines cannot be made to grow without end.
const maxSessions = 10000

// errTooManySessions means that maxSessions sessions are open.
var errTooManySessions = errors.New("hostapp: too many sessions")

// sessions holds the signed-in users by random session ID.
type sessions struct {
	mu sync.Mutex
	m  map[string]jwtsso.Identity
}

func newSessions() *sessions { return &sessions{m: map[string]jwtsso.Identity{}} }

// start records a session for id and returns its new random ID.
func (s *sessions) start(id jwtsso.Identity) (string, error) {
	sid := rand.Text()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.m) >= maxSessions {
		return "", errTooManySessions
	}
	s.m[sid] = id
	return sid, nil
}

// get returns the user of the session that r's cookie names.
func (s *sessions) get(r *http.Request) (jwtsso.Identity, bool) {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return jwtsso.Identity{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.m[c.Value]
	return id, ok
}

// end forgets the session that r's cookie names, if any.
func (s *sessions) end(r *http.Request) {
	if c, err := r.Cookie(SessionCookie); err == nil {
		s.mu.Lock()
		delete(s.m, c.Value)
		s.mu.Unlock()
	}
}
