// Package jwtssootel reports what a jwtsso Handler and a verify.Verifier do
// through OpenTelemetry: counters and a histogram for the numbers an
// operator watches, and an event on the request's current span with the
// same outcome, its reason and the token's jti.
//
// # Wiring
//
// One Observer serves both halves:
//
//	obs := jwtssootel.New() // the global meter provider
//	sso, err := jwtsso.New(key, resolver, jwtsso.WithAccount("acme"), jwtsso.WithObserver(obs))
//	…
//	v, err := verify.New(key, verify.WithObserver(obs))
//
// [WithMeterProvider] records to a provider other than the global one. The
// span events go to the span already in the request's context
// (trace.SpanFromContext), such as the server span that otelhttp starts;
// the package starts no span of its own, so it needs no tracer provider.
// Exporting (OTLP, Prometheus) is the application's business: the module's
// README shows both.
//
// # Metrics
//
// All are recorded under the instrumentation scope [ScopeName]. Names,
// units and attributes follow OpenTelemetry's semantic-convention style:
// dot-separated lower-case namespaces, snake_case words, UCUM units with a
// curly-brace annotation for counts, durations in seconds as histograms,
// and no name that is also a namespace.
//
//	jwtsso.requests               counter    {request}       jwtsso.outcome, jwtsso.reason (refused only)
//	jwtsso.tokens.minted          counter    {token}         (none)
//	jwtsso.verifications          counter    {verification}  jwtsso.outcome, jwtsso.reason (refused only)
//	jwtsso.replay_store.duration  histogram  s               jwtsso.outcome, jwtsso.reason (refused only)
//
// jwtsso.requests counts every outcome of a Handler: a request to the
// Remote Login URL, to the Remote Logout URL, or a RedirectURL call. Its
// jwtsso.outcome is one of minted, login_required, bounced,
// prefetch_declined, refused, head_answered and logged_out (see
// [jwtsso.Outcome]). jwtsso.tokens.minted counts tokens minted, the number
// the outcome "minted" also counts, under a name of its own for dashboards
// and alerts. jwtsso.verifications counts Verify calls, with outcome
// accepted or refused. jwtsso.replay_store.duration is the time the replay
// store's FirstUse took, recorded for the calls that reached the store.
//
// jwtsso.reason is set on refusals only: the name of the Err… sentinel the
// refusal wraps without "Err", in snake case, such as email_unverified,
// invalid_email, method_not_allowed or resolver on the issuer side and
// token_expired, token_signature, token_replayed or
// replay_store_unavailable on the verifier side, or "other". The values are
// fixed in the packages' code, so the number of time series stays small.
//
// # Span events
//
// On a recording span in the context, each outcome adds one event: named
// jwtsso.request for the Handler and jwtsso.verification for the Verifier,
// with the attributes jwtsso.outcome, jwtsso.reason (refusals), jwtsso.jti
// (a token minted, or a verified token that reached the replay store) and,
// on jwtsso.verification, jwtsso.replay_store.duration in seconds. The jti
// is how an operator finds the same sign-in in the support centre's
// records; it is never a metric attribute, where it would make one time
// series per token.
//
// # What is never recorded
//
// Neither the key, nor a token, nor a redirect URL that carries one: the
// events the Observer receives do not contain them.
//
// # Concurrency
//
// An Observer is safe for concurrent use; its methods are called on the
// request's goroutine and do not block.
package jwtssootel
