package jwtsso

import (
	"fmt"
	"net/http"
	"strings"
)

// A token is minted only when the browser navigates to the Remote Login
// URL because the user followed a link. Two kinds of request are declined
// before the resolver runs:
//
//   - prefetches (the browser fetching a page ahead of a click that may
//     never come) get 503 with no body, as speculation rules and
//     <link rel="prefetch"> expect of a page that will not be prefetched;
//   - requests that a page makes without navigating, which browsers mark
//     with a Sec-Fetch-Mode other than "navigate" (an <img> or fetch()
//     pointed at the Remote Login URL), go to the error handler with
//     [ErrNotNavigation] (403 by default).
//
// Requests without Sec-Fetch-Mode (older browsers, scripts, curl) are
// handled as navigations: the header cannot be required without locking
// those clients out, and it cannot be forged by a page in a browser that
// sends it.

// prefetchHeaders are the headers through which browsers announce a
// speculative request: Sec-Purpose (current Chrome and Firefox), Purpose
// (older Chrome), X-Purpose (Safari) and X-Moz (older Firefox).
var prefetchHeaders = [...]string{"Sec-Purpose", "Purpose", "X-Purpose", "X-Moz"}

// isPrefetch reports whether the browser asks for the page speculatively
// rather than because the user followed the link. Every line of every
// prefetch header is read, and "prefetch" or "preview" anywhere in one, in
// any case, counts: a list such as "prefetch;prerender" or
// "anonymous-client-ip, prefetch" is a prefetch too. Declining a request
// that was not one costs a retry; minting for a prefetch costs a token.
func isPrefetch(r *http.Request) bool {
	for _, name := range prefetchHeaders {
		for _, v := range r.Header.Values(name) {
			if containsFold(v, "prefetch") || containsFold(v, "preview") {
				return true
			}
		}
	}
	return false
}

// containsFold reports whether s contains substr, a lower-case ASCII word,
// in any ASCII case.
func containsFold(s, substr string) bool {
	for i := 0; i+len(substr) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(substr)], substr) {
			return true
		}
	}
	return false
}

// declinePrefetch answers a prefetch without minting: a token fetched ahead
// of time may be older than the support centre's window by the time the
// user clicks, or never be used at all.
func (h *Handler) declinePrefetch(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusServiceUnavailable)
	h.observe(r.Context(), OutcomePrefetchDeclined)
	h.logger.LogAttrs(r.Context(), levelDebug, "jwtsso: prefetch declined", pathAttr(r))
}

// fetchModes are the Sec-Fetch-Mode values the Fetch standard defines.
var fetchModes = [...]string{"navigate", "cors", "no-cors", "same-origin", "websocket"}

// notNavigation returns an error wrapping [ErrNotNavigation] when r carries
// a Sec-Fetch-Mode (on any line, in any list item) other than "navigate",
// and nil otherwise. The error names the mode only if it is one the Fetch
// standard defines, so a client cannot write into the log through it.
func notNavigation(r *http.Request) error {
	for _, line := range r.Header.Values("Sec-Fetch-Mode") {
		for item := range strings.SplitSeq(line, ",") {
			mode := strings.TrimSpace(item)
			if strings.EqualFold(mode, "navigate") {
				continue
			}
			for _, known := range fetchModes {
				if strings.EqualFold(mode, known) {
					return fmt.Errorf("%w: Sec-Fetch-Mode %q", ErrNotNavigation, known)
				}
			}
			return fmt.Errorf("%w: Sec-Fetch-Mode other", ErrNotNavigation)
		}
	}
	return nil
}
