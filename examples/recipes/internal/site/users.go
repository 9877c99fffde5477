package site

import (
	"context"

	"github.com/supportsso/jwtsso"
)

// users are the demo application's accounts, by ID. Ada and José have
// confirmed their addresses; Sam has not clicked the confirmation link yet,
// so the support centre must refuse Sam ([jwtsso.ErrEmailUnverified]).
var users = map[string]jwtsso.Identity{
	"ada":  {Name: "Ada Lovelace", Email: "ada@example.com", EmailVerified: true},
	"jose": {Name: "José Núñez", Email: "jose@example.com", EmailVerified: true},
	"sam":  {Name: "Sam Newcomer", Email: "sam@example.com", EmailVerified: false},
}

// UserIDs lists the demo users' IDs in the order the sign-in page shows them.
func UserIDs() []string { return []string{"ada", "jose", "sam"} }

// User returns the identity of the demo user with the given ID, and whether
// there is one.
func User(id string) (jwtsso.Identity, bool) {
	u, ok := users[id]
	return u, ok
}

// Directory looks up the application's users by ID, as a real application
// reads its user table. Lookup must be safe for concurrent use.
type Directory interface {
	Lookup(ctx context.Context, id string) (jwtsso.Identity, bool)
}

// Users is the [Directory] of the demo users.
var Users Directory = demoDirectory{}

type demoDirectory struct{}

func (demoDirectory) Lookup(_ context.Context, id string) (jwtsso.Identity, bool) { return User(id) }
