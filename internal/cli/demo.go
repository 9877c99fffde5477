package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/netip"

	"github.com/supportsso/jwtsso/internal/demo"
)

func demoCommand() *command {
	c := &command{
		name:     "demo",
		synopsis: "[--host-port 8080] [--support-port 8081] [--bind 127.0.0.1]",
		summary:  "run a host application and a fake support centre, to try the flow in a browser",
		about: `Demo runs the whole flow on this machine with no set-up: a small host
application on http://127.0.0.1:PORT (a sign-in form that takes any name and
email, the Remote Login URL /sso/happyfox behind its guard, the Remote Logout
URL /sso/logout) and a fake HappyFox support centre on http://localhost:PORT.
The two origins are different sites, so the browser applies its real cookie
rules (SameSite) on the hops between them.

Open the printed URL, follow "Support", sign in with any name and email, and
the support centre greets you; "Logout" there brings you back. Tokens are
signed with a built-in demo-only key. It runs until interrupted (Ctrl-C).

In a container or on a machine you reach over SSH, --bind 0.0.0.0 listens on
every interface. The two sites still name each other http://127.0.0.1:PORT
and http://localhost:PORT (a host application accepts a plain-http support
centre on a loopback host only), so publish or forward both ports to the
same numbers on your machine (docker run -p 8080:8080 -p 8081:8081, or
ssh -L 8080:127.0.0.1:8080 -L 8081:127.0.0.1:8081, which needs no --bind)
and open the printed URL there.`,
	}
	c.define = func(fs *flag.FlagSet) func(context.Context, *env, []string) int {
		hostPort := fs.Int("host-port", 8080, "`PORT` of the host application on 127.0.0.1 (0: any free port)")
		supportPort := fs.Int("support-port", 8081, "`PORT` of the fake support centre on localhost (0: any free port)")
		bind := bindFlag(fs)
		return func(ctx context.Context, e *env, args []string) int {
			if len(args) > 0 {
				return c.usageError(e, "unexpected argument %q", args[0])
			}
			addr, err := parseBind(*bind)
			if err != nil {
				return c.usageError(e, "%v", err)
			}
			for _, p := range []int{*hostPort, *supportPort} {
				if p < 0 || p > 65535 {
					return c.usageError(e, "port %d is out of range", p)
				}
			}
			if !addr.IsLoopback() {
				fmt.Fprintf(e.stderr, "jwtsso demo: warning: listening on %s, so other machines can reach the demo; its key is public (it is in jwtsso's source), so anyone who reaches its support centre can sign in there as anyone\n", addr)
			}
			if err := runDemo(ctx, e, *hostPort, *supportPort, addr); err != nil {
				return c.fail(e, err)
			}
			return exitOK
		}
	}
	return c
}

// runDemo starts the demo's two sites and serves them until ctx ends.
func runDemo(ctx context.Context, e *env, hostPort, supportPort int, bind netip.Addr) error {
	s, err := demo.Start(ctx, demo.Config{
		HostPort: hostPort, SupportPort: supportPort, Bind: bind.String(),
		HostClock: e.now, SupportClock: e.now,
		Log: e.stderr,
	})
	switch {
	case errors.Is(err, demo.ErrHostListen):
		return listenError(err, "--host-port")
	case errors.Is(err, demo.ErrSupportListen):
		return listenError(err, "--support-port")
	case err != nil:
		return err
	}
	printDemo(e, s.HostURL, s.SupportURL, !bind.IsLoopback())
	return s.Wait()
}

func printDemo(e *env, hostURL, supportURL string, remote bool) {
	fmt.Fprintf(e.stdout, `jwtsso demo: a host application and a fake HappyFox support centre, on two sites.

  Open %s/ in your browser.

  host app        %s/   Remote Login URL %s, Remote Logout URL %s
  support centre  %s/   fake HappyFox; tokens arrive at /jwt/?token=
  counts          %s%s   tokens minted, accepted and refused (by reason), live

Tokens are signed with a built-in demo-only key. Press Ctrl-C to stop.
`, hostURL, hostURL, demo.SSOPath, demo.LogoutPath, supportURL, hostURL, demo.CountsPath)
	if remote {
		fmt.Fprintf(e.stdout, "From another machine, forward both ports to the same numbers there and open the URL above.\n")
	}
}
