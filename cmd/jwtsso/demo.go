package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"syscall"

	"github.com/supportsso/jwtsso/jwtssotest"
)

// demoKey signs the demo's tokens. DEMO ONLY: it is public, in this source
// file, so a support centre that trusted it would let anybody sign in as
// anybody. It never leaves the demo process, where the host application
// and the fake support centre share it.
const demoKey = "DEMOonlyKEYnotSECRETdoNOTuse0123"

func demoCommand() *command {
	c := &command{
		name:     "demo",
		synopsis: "[--host-port 8080] [--support-port 8081]",
		summary:  "run a host application and a fake support centre, to try the flow in a browser",
		about: `Demo runs the whole flow on this machine with no set-up: a small host
application on http://127.0.0.1:PORT (a sign-in form that takes any name and
email, the Remote Login URL /sso/happyfox behind its guard, the Remote Logout
URL /sso/logout) and a fake HappyFox support centre on http://localhost:PORT.
The two origins are different sites, so the browser applies its real cookie
rules (SameSite) on the hops between them.

Open the printed URL, follow "Support", sign in with any name and email, and
the support centre greets you; "Logout" there brings you back. Tokens are
signed with a built-in demo-only key. It runs until interrupted (Ctrl-C).`,
	}
	c.define = func(fs *flag.FlagSet) func(context.Context, *env, []string) int {
		hostPort := fs.Int("host-port", 8080, "port of the host application on 127.0.0.1 (0: any free port)")
		supportPort := fs.Int("support-port", 8081, "port of the fake support centre on localhost (0: any free port)")
		return func(ctx context.Context, e *env, args []string) int {
			if len(args) > 0 {
				return c.usageError(e, "unexpected argument %q", args[0])
			}
			for _, p := range []int{*hostPort, *supportPort} {
				if p < 0 || p > 65535 {
					return c.usageError(e, "port %d is out of range", p)
				}
			}
			if err := runDemo(ctx, e, *hostPort, *supportPort); err != nil {
				return c.fail(e, err)
			}
			return exitOK
		}
	}
	return c
}

// runDemo listens on both origins, builds both applications and serves them
// until ctx ends.
func runDemo(ctx context.Context, e *env, hostPort, supportPort int) error {
	hostL, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(hostPort)))
	if err != nil {
		return fmt.Errorf("host application: listen: %w", err)
	}
	supportLs, err := listenLocalhost(e, supportPort)
	if err != nil {
		hostL.Close()
		return fmt.Errorf("support centre: listen: %w", err)
	}
	hostURL := "http://" + hostL.Addr().String()
	supportURL := "http://localhost:" + strconv.Itoa(supportLs[0].Addr().(*net.TCPAddr).Port)
	host, support, err := buildDemo(e, hostURL, supportURL)
	if err != nil {
		for _, l := range append(supportLs, hostL) {
			l.Close()
		}
		return err
	}
	printDemo(e, hostURL, supportURL)
	return serveSites(ctx, newSite(host, e.stderr, hostL), newSite(support, e.stderr, supportLs...))
}

// buildDemo builds the host application and the fake support centre,
// each pointing at the other.
func buildDemo(e *env, hostURL, supportURL string) (*demoHost, *jwtssotest.Handler, error) {
	logger := slog.New(slog.NewTextHandler(e.stderr, nil))
	support, err := jwtssotest.NewHandler(demoKey,
		jwtssotest.WithRemoteLoginURL(hostURL+ssoPath),
		jwtssotest.WithRemoteLogoutURL(hostURL+logoutPath),
		jwtssotest.WithClock(e.now),
		jwtssotest.WithLogger(logger))
	if err != nil {
		return nil, nil, fmt.Errorf("support centre: %w", err)
	}
	host, err := newDemoHost(demoKey, supportURL, e.now, logger)
	if err != nil {
		return nil, nil, fmt.Errorf("host application: %w", err)
	}
	return host, support, nil
}

// listenLocalhost listens on 127.0.0.1 and, on the same port, on ::1 when
// it can: a browser may try either for "localhost".
func listenLocalhost(e *env, port int) ([]net.Listener, error) {
	v4, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return nil, err
	}
	port = v4.Addr().(*net.TCPAddr).Port
	v6, err := net.Listen("tcp", net.JoinHostPort("::1", strconv.Itoa(port)))
	switch {
	case err == nil:
		return []net.Listener{v4, v6}, nil
	case errors.Is(err, syscall.EADDRINUSE):
		fmt.Fprintf(e.stderr, "jwtsso demo: warning: another program listens on [::1]:%d; if the browser reaches it for localhost, use other ports\n", port)
	}
	return []net.Listener{v4}, nil
}

func printDemo(e *env, hostURL, supportURL string) {
	fmt.Fprintf(e.stdout, `jwtsso demo: a host application and a fake HappyFox support centre, on two sites.

  Open %s/ in your browser.

  host app        %s/   Remote Login URL %s, Remote Logout URL %s
  support centre  %s/   fake HappyFox; tokens arrive at /jwt/?token=

Tokens are signed with a built-in demo-only key. Press Ctrl-C to stop.
`, hostURL, hostURL, ssoPath, logoutPath, supportURL)
}
