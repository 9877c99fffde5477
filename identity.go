package jwtsso

import (
	"context"
	"net/http"
)

// Identity is what the host application vouches for about the signed-in
// user: the name and email address that the support centre will show for the
// contact, and whether the host has verified that the user owns the address.
//
// The support centre matches contacts by email, so an Identity with
// EmailVerified false is refused unless the handler was built with
// [WithUnsafeAllowUnverifiedEmail]. Name and Email are sent exactly as given:
// the package validates them (see [ErrInvalidEmail] and [ErrInvalidName]) but
// never trims, case-folds or otherwise rewrites them.
type Identity struct {
	// Name is the contact's display name, valid UTF-8 of at most
	// MaxNameBytes bytes, not blank and free of control characters.
	Name string
	// Email is a bare address such as "jo@example.com", at most
	// MaxEmailBytes bytes, with no display name, comment or surrounding
	// space. Its local part is case-sensitive (RFC 5321) and is not changed.
	Email string
	// EmailVerified reports whether the host application has proved that
	// the user controls Email (for example through a confirmation link).
	EmailVerified bool
}

// IdentityResolver turns the current request into the identity of the user
// signed in to the host application. It is the one piece of the package that
// the host application writes, usually by reading its own session.
//
// ResolveIdentity returns an error that wraps [ErrNoIdentity] when nobody is
// signed in. Any other error is reported as [ErrResolver], with the
// resolver's error wrapped so that errors.Is still reaches it. It is called
// at most once per request and must be safe for concurrent use.
type IdentityResolver interface {
	ResolveIdentity(r *http.Request) (Identity, error)
}

// IdentityResolverFunc adapts an ordinary function to [IdentityResolver].
type IdentityResolverFunc func(r *http.Request) (Identity, error)

// ResolveIdentity calls f(r).
func (f IdentityResolverFunc) ResolveIdentity(r *http.Request) (Identity, error) {
	return f(r)
}

// identityKey is the context key under which the guard stores the resolved
// identity. It is unexported so that only this package can set the value.
type identityKey struct{}

// FromContext returns the identity that the guard ([Handler.Middleware])
// resolved for this request, and whether there is one. It never panics; it
// returns false for a context that did not pass through the guard.
func FromContext(ctx context.Context) (Identity, bool) {
	id, ok := ctx.Value(identityKey{}).(*Identity)
	if !ok || id == nil {
		return Identity{}, false
	}
	return *id, true
}

// withIdentity returns a copy of ctx that carries id.
func withIdentity(ctx context.Context, id *Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

// RedirectURLOnly is the resolver for a Handler used only to mint through
// [Handler.RedirectURL], such as a command-line tool or a controller that
// has the identity at hand: it reports that nobody is signed in, so the
// Handler's ServeHTTP never mints a token.
var RedirectURLOnly IdentityResolver = IdentityResolverFunc(func(*http.Request) (Identity, error) {
	return Identity{}, ErrNoIdentity
})
