package browser

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// do runs actions on tab within stepTimeout; what names the step.
func do(t *testing.T, tab context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// navigate opens u in tab and returns the response of the document.
func navigate(t *testing.T, tab context.Context, u string) *network.Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, stepTimeout)
	defer cancel()
	res, err := chromedp.Run(ctx, chromedp.NavigateResponse(u))
	if err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
	return res
}

// click clicks the element that the CSS selector sel finds.
func click(t *testing.T, tab context.Context, sel string) {
	t.Helper()
	do(t, tab, "click "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// signIn fills in and submits the host application's sign-in form, which
// must be on screen.
func signIn(t *testing.T, tab context.Context, name, email string) {
	t.Helper()
	do(t, tab, "fill in the sign-in form",
		chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), name, chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), email, chromedp.NodeVisible))
	click(t, tab, `form[action="/signin"] button`)
}

// page is what the tab shows: its URL and the text of its body.
type page struct{ URL, Text string }

// waitPage waits, at most stepTimeout, until tab shows the page at wantURL
// and its text contains every one of texts, and returns it. Redirects and
// refreshes may still be under way when it starts.
func waitPage(t *testing.T, tab context.Context, wantURL string, texts ...string) page {
	t.Helper()
	return waitFor(t, tab, wantURL, func(u string) bool { return u == wantURL }, texts)
}

// waitPagePrefix is waitPage for a page whose URL starts with prefix.
func waitPagePrefix(t *testing.T, tab context.Context, prefix string, texts ...string) page {
	t.Helper()
	return waitFor(t, tab, prefix+"…", func(u string) bool { return strings.HasPrefix(u, prefix) }, texts)
}

func waitFor(t *testing.T, tab context.Context, wantURL string, match func(string) bool, texts []string) page {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, stepTimeout)
	defer cancel()
	var last page
	for {
		p, err := chromedp.Run(ctx, chromedp.Evaluate[page](
			`({URL: document.location.href, Text: document.readyState === "complete" && document.body ? document.body.innerText : ""})`))
		if err == nil {
			last = p
			if match(p.URL) && containsAll(p.Text, texts) {
				return p
			}
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waited %s for %s with %q; the tab shows %s:\n%s", stepTimeout, wantURL, texts, last.URL, last.Text)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// screenshot saves what tab shows as name.png in the artifacts directory
// ($JWTSSO_ARTIFACTS, default testdata/artifacts) and returns its path.
func screenshot(t *testing.T, tab context.Context, name string) string {
	t.Helper()
	dir := os.Getenv("JWTSSO_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("testdata", "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(tab, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%s)", path, fmt.Sprintf("%d bytes", len(png)))
	return path
}
