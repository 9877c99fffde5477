// Package jwtssotest provides a fake HappyFox Support Centre for testing the
// host side of HappyFox JWT single sign-on, in the spirit of
// net/http/httptest.
//
// [NewServer] starts a loopback HTTP server that plays the support centre's
// part of the protocol, and [NewHandler] returns the same thing as an
// http.Handler to mount in a server of your own:
//
//   - GET /jwt/?token=<token> (or /jwt?token=, read the same way and never
//     redirected, since a redirect would repeat the token) checks the
//     token with a [verify.Verifier] (HS256, the account's key, exactly
//     the claims iat, jti, name and email, at most 120 seconds old plus a
//     small leeway, never twice),
//     records the login ([Server.Logins]), starts a session (the cookie
//     [CookieName]: HttpOnly, SameSite=Lax, a random ID) and redirects (303)
//     to /. A query that carries the token parameter more than once is
//     refused rather than read by a first-wins or last-wins rule.
//   - GET / shows who is signed in, or a Login link.
//   - GET /login redirects to the Remote Login URL ([WithRemoteLoginURL]).
//   - GET /logout ends the session and redirects to the Remote Logout URL
//     ([WithRemoteLogoutURL]), or to / when there is none.
//
// Paths match exactly; any other path is not found (404). Every response
// carries Cache-Control: no-store.
//
// A refused token gets an HTML error page with a heading in the support
// centre's manner, such as "Remote token has expired", a status that fits
// (400 for a malformed request or token, 403 for a token that is well
// formed but refused, 503 when the replay store fails), the verifier's
// reason in plain words, and a line that says what of it HappyFox
// documents. When the replay store fails, or a token was already used,
// the page says that a fresh token is needed and links to /login: a
// store that timed out may still have recorded the jti, so the same URL
// would now be refused as used. No page, header or log line ever shows the token or the key.
//
// # What HappyFox documents, and what this fake assumes
//
// HappyFox documents (in its knowledge-base article on JWT single sign-on):
//
//   - the Client Redirect URL https://<account>.happyfox.com/jwt/?token=<token>;
//   - an HS256 token signed with the account's key, carrying iat (seconds
//     since 1970), jti, name and email, of which iat and jti are required;
//   - that a token is valid for 120 seconds, after which the support centre
//     says "Remote token has expired";
//   - that the jti prevents a token from being used more than once;
//   - the Login link that sends the browser to the Remote Login URL, and
//     the logout that sends it to the Remote Logout URL.
//
// Everything else is this package's assumption, chosen to be at least as
// strict as the real service is likely to be:
//
//   - every message but "Remote token has expired", and every status code;
//   - the leeway of 5 seconds both ways (HappyFox states none);
//   - refusing an iat in the future beyond the leeway (HappyFox does not
//     say whether it does);
//   - the strict claims: no claim beyond the four, no duplicate or
//     differently cased key, an integer iat of whole seconds, a jti of at
//     most 64 bytes, names and emails as the issuer side checks them;
//   - refusing a query that carries the token twice;
//   - reading /jwt?token= (without the slash) like /jwt/?token=;
//   - how long a used jti is remembered (the window, max age plus leeway);
//   - the pages, cookies and sessions, which only stand in for the real
//     support centre.
//
// A test that must not depend on an assumption relaxes it: [WithLeeway]
// lets, for example, an iat up to a minute ahead through, [WithMaxAge]
// changes the window, and [WithVerifyOptions] passes any other
// [verify.Option].
//
// # Testing a host application
//
// Point the host application's [jwtsso.Handler] at the fake with
// jwtsso.WithSupportURL(server.URL) (plain http is accepted for loopback
// hosts), give the fake the host's Remote Login and Remote Logout URLs, and
// drive the flow with an http.Client that has a cookie jar: the support
// centre's /login, the host's sign-in, the token, and the support centre's
// page that names the contact.
//
// # Time
//
// The fake's clock is the one given to [WithClock] (time.Now by default);
// its verifier and default replay store use it too. A [Clock] is a clock
// that a test can move while the server runs: pass its Now method to
// WithClock, and to jwtsso.WithClock for the host's handler, then call
// [Clock.Advance] to let a token expire.
//
// # What it does not imitate
//
// HappyFox's real pages and wording beyond its token errors, agent logins,
// the "whitelisted domains" setting (HappyFox does not document what it
// checks), and anything HappyFox might add to the Remote Login or Remote
// Logout URL (it documents nothing). Sessions live in memory until they end
// at /logout or the server is closed.
package jwtssotest
