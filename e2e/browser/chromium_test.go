package browser

import (
	"cmp"
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Bounds on waiting: the whole of one test function, and one step in it.
const (
	testTimeout = 60 * time.Second
	stepTimeout = 10 * time.Second
)

// chromiumPath returns the Chromium to drive; the test skips (or, with
// JWTSSO_REQUIRE_BROWSER=1, fails) when there is none.
func chromiumPath(t *testing.T) string {
	t.Helper()
	path := cmp.Or(os.Getenv("JWTSSO_CHROMIUM"), "/usr/bin/chromium")
	fi, err := os.Stat(path)
	if err == nil && (fi.IsDir() || fi.Mode().Perm()&0o111 == 0) {
		err = errors.New("not an executable file")
	}
	if err == nil {
		return path
	}
	msg := "no Chromium at " + path + " (" + err.Error() + "); install it with `apt-get install chromium` " +
		"(Debian) or set JWTSSO_CHROMIUM to its path"
	if os.Getenv("JWTSSO_REQUIRE_BROWSER") == "1" {
		t.Fatal(msg + "; JWTSSO_REQUIRE_BROWSER=1 makes this a failure")
	}
	t.Skip(msg)
	return ""
}

// newBrowser starts headless Chromium with a fresh profile and returns the
// context of its first tab. The browser is killed, and its profile
// removed, when the test ends or after testTimeout.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath(t)
	profile, err := os.MkdirTemp("", "jwtsso-e2e-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancelTimeout := context.WithTimeout(context.Background(), testTimeout)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(820, 460),
	)
	tab, cancelTab := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc() // kills the browser and waits for it
		cancelTimeout()
		removeProfile(t, profile)
	})
	// The first action starts the browser, on the tab's own context: a step
	// timeout here would end the browser with the step.
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("start Chromium (%s): %v", path, err)
	}
	return tab
}

// newTab opens a tab in a new browser context (its own cookies) of the
// browser that tab belongs to.
func newTab(t *testing.T, browser context.Context) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return tab
}

// removeProfile removes Chromium's profile directory; its helper processes
// may still be writing there for a moment after the browser ends.
func removeProfile(t *testing.T, dir string) {
	var err error
	for range 50 {
		if err = os.RemoveAll(dir); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("leaving Chromium's profile %s: %v", dir, err)
}
