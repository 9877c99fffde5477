package jwtsso

import (
	"fmt"
	"net/http"
)

// ServeLogout serves the support centre's Remote Logout URL, where the
// support centre sends the browser after the contact logs out there. It
// declines prefetches (503) and refuses methods other than GET, HEAD and
// POST (405); otherwise it runs the end-session hook set with [WithLogout]
// (not for HEAD, which must not change state), then redirects to the
// configured local path ("/" by default). A failing hook goes to the error
// handler as [ErrLogout], with no redirect.
//
// Like any logout link reachable by GET, it lets another site sign a user
// out of the host application; that is the protocol's design (the support
// centre redirects with GET) and costs the user only a new sign-in.
//
// Mount it as a method value: mux.HandleFunc("/sso/logout", sso.ServeLogout).
func (h *Handler) ServeLogout(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("Pragma", "no-cache")
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodPost:
	default:
		h.fail(w, r, fmt.Errorf("%w: %s", ErrMethodNotAllowed, r.Method))
		return
	}
	if isPrefetch(r) {
		h.declinePrefetch(w, r)
		return
	}
	if h.endSession != nil && r.Method != http.MethodHead {
		if err := h.endSession(w, r); err != nil {
			h.fail(w, r, fmt.Errorf("%w: %w", ErrLogout, err))
			return
		}
	}
	hdr.Set("Location", h.logoutPath)
	w.WriteHeader(http.StatusSeeOther)
	h.observe(r.Context(), OutcomeLoggedOut)
	h.logger.LogAttrs(r.Context(), levelDebug, "jwtsso: logged out", pathAttr(r))
}
