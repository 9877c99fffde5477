package jwtssotest

import (
	"slices"
	"sync"
	"time"

	"github.com/supportsso/jwtsso"
)

// Login is one token that the fake support centre accepted.
type Login struct {
	// Claims are the token's claims, as the verifier read them.
	Claims jwtsso.Claims
	// At is the time of the fake's clock when it accepted the token.
	At time.Time
}

// loginLog records accepted logins in order, for assertions.
type loginLog struct {
	mu   sync.Mutex
	list []Login
}

func (l *loginLog) add(x Login) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.list = append(l.list, x)
}

func (l *loginLog) all() []Login {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.list)
}
