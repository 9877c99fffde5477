// Package browser holds the end-to-end tests of jwtsso: they start the demo
// (a host application on http://127.0.0.1:PORT and the fake support centre
// on http://localhost:PORT, two sites) in-process and drive headless
// Chromium through the whole sign-in flow with chromedp. The package has no
// code outside its tests.
//
// The tests need Chromium at /usr/bin/chromium (Debian: apt-get install
// chromium), or at the path in $JWTSSO_CHROMIUM. Without it they skip, unless
// $JWTSSO_REQUIRE_BROWSER is 1, which turns the skip into a failure. A
// screenshot of the signed-in support centre goes to $JWTSSO_ARTIFACTS
// (default: testdata/artifacts, which git ignores).
package browser
