package browser

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// hop is one request the browser sent, as the network domain saw it: the
// URL, the Sec-Fetch-Site header, and the cookies it sent or held back.
type hop struct {
	URL       string
	FetchSite string
	Sent      []string                                 // names of the cookies sent
	Blocked   map[string][]network.CookieBlockedReason // held back, by name
}

// recorder records the requests of one tab. A redirect chain is one
// request ID with several requestWillBeSent events, and as many ExtraInfo
// events, in the same order; the n-th of each describe the n-th hop.
type recorder struct {
	mu    sync.Mutex
	urls  map[network.RequestID][]string
	infos map[network.RequestID][]*network.EventRequestWillBeSentExtraInfo
	order []network.RequestID
}

// record starts recording the requests of tab.
func record(t *testing.T, tab context.Context) *recorder {
	t.Helper()
	r := &recorder{urls: map[network.RequestID][]string{}, infos: map[network.RequestID][]*network.EventRequestWillBeSentExtraInfo{}}
	if err := chromedp.Listen(tab, r.event); err != nil {
		t.Fatal(err)
	}
	return r
}

// event runs on chromedp's reading goroutine: it only stores.
func (r *recorder) event(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if _, ok := r.urls[ev.RequestID]; !ok {
			r.order = append(r.order, ev.RequestID)
		}
		r.urls[ev.RequestID] = append(r.urls[ev.RequestID], ev.Request.URL)
	case *network.EventRequestWillBeSentExtraInfo:
		r.infos[ev.RequestID] = append(r.infos[ev.RequestID], ev)
	}
}

// hops returns the hops so far whose URL starts with prefix, in order.
func (r *recorder) hops(prefix string) []hop {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []hop
	for _, id := range r.order {
		for i, u := range r.urls[id] {
			if !strings.HasPrefix(u, prefix) {
				continue
			}
			h := hop{URL: u, Blocked: map[string][]network.CookieBlockedReason{}}
			if infos := r.infos[id]; i < len(infos) {
				h.fill(infos[i])
			}
			out = append(out, h)
		}
	}
	return out
}

func (h *hop) fill(info *network.EventRequestWillBeSentExtraInfo) {
	for k, v := range info.Headers {
		if s, ok := v.(string); ok && strings.EqualFold(k, "Sec-Fetch-Site") {
			h.FetchSite = s
		}
	}
	for _, c := range info.AssociatedCookies {
		if len(c.BlockedReasons) == 0 {
			h.Sent = append(h.Sent, c.Cookie.Name)
		} else {
			h.Blocked[c.Cookie.Name] = slices.Clone(c.BlockedReasons)
		}
	}
}
