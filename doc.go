// Package jwtsso signs the users of a Go web application in to its HappyFox
// Support Centre with a JSON Web Token: the application is the identity
// provider and the support centre trusts it.
//
// # The flow
//
//  1. A contact clicks "Login" in the support centre, which sends the browser
//     to the application's Remote Login URL, where a [Handler] is mounted
//     behind its guard, [Handler.Middleware].
//  2. The guard makes sure somebody is signed in to the application (or sends
//     the browser to the application's own sign-in page and back) and asks
//     the application's [IdentityResolver] who it is. An anonymous arrival
//     from the support centre is first re-requested from the application's
//     own page, so that SameSite=Strict session cookies are sent (the
//     same-site bounce, [WithoutSameSiteBounce]).
//  3. The Handler checks the [Identity], mints an HS256 token with exactly the
//     claims iat, jti, name and email ([Claims]), signed with the account's
//     key, and redirects to https://<account>.happyfox.com/jwt/?token=<token>.
//  4. The support centre accepts the token once, within 120 seconds of its
//     iat, and signs the contact in. When the contact logs out there, the
//     browser comes back to the Remote Logout URL ([Handler.ServeLogout]).
//
// # Safety
//
// [New] refuses a bad configuration instead of failing at the first request:
// a short or whitespace-padded key, an account name that would send tokens to
// another host, a support or login URL that is not https. The Handler refuses
// an identity it cannot send faithfully (an address with a display name, a
// name with control characters, an address the application has not verified)
// rather than rewriting it. Tokens are minted only for GET navigations, never
// for HEAD requests, browser prefetches or requests that a page makes without
// navigating (an <img> or fetch() aimed at the Remote Login URL, which the
// browser marks with Sec-Fetch-Mode; [ErrNotNavigation]), and responses are
// never cached.
// Nothing the package logs or returns as an error contains the key, a token or
// a redirect URL that carries one.
//
// # Observability
//
// [WithObserver] sets an [Observer] that is told, once per request, what
// became of it ([Event]): a token minted (with its jti), an anonymous
// visitor sent to sign in or bounced, a prefetch declined, or a refusal with
// a short, bounded reason named after its Err… sentinel. Events never carry
// the key, a token or a redirect URL. Module
// github.com/supportsso/jwtsso/jwtssootel turns them into OpenTelemetry
// metrics and span events; without an observer the cost is a nil check.
//
// # The accepting side
//
// This package is the issuer, which every host application needs. The
// accepting half, which checks tokens the way the support centre does, is
// package [github.com/supportsso/jwtsso/verify]; package
// [github.com/supportsso/jwtsso/jwtssotest] builds a fake support centre on
// it, for tests. Both halves speak [Claims], and apply the same key and
// identity checks: a key New refuses, verify.New refuses too.
//
// # Concurrency
//
// A Handler is immutable after New and safe for concurrent use; jti values are
// ULIDs drawn from crypto/rand and distinct even within one millisecond.
package jwtsso
