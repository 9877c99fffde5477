package cli

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/supportsso/jwtsso/internal/httpsite"
	"github.com/supportsso/jwtsso/internal/tally"
	"github.com/supportsso/jwtsso/jwtssotest"
	"github.com/supportsso/jwtsso/verify"
)

// defaultServePort is the port serve listens on unless --port says
// otherwise.
const defaultServePort = 8081

func serveCommand() *command {
	c := &command{
		name:     "serve",
		synopsis: "[--port 8081] [--bind 127.0.0.1] [--remote-login-url URL] [--remote-logout-url URL] [--key-file PATH]",
		summary:  "run a fake HappyFox support centre for local development",
		about: `Serve runs a fake HappyFox Support Centre (package jwtssotest) for developing
a host application on this machine: point the application at it with
jwtsso.WithSupportURL("http://127.0.0.1:8081"), and set --remote-login-url and
--remote-logout-url to the application's Remote Login and Remote Logout URLs.

It serves / (who is signed in), /login (to the Remote Login URL), /logout (to
the Remote Logout URL) and /jwt/?token= (checks the token and shows the real
reason when it refuses one). It logs each login and refusal on stderr, never
a token or the key, and runs until interrupted (Ctrl-C). The key comes from
$` + envKey + ` or --key-file.

What HappyFox documents, the fake does: the /jwt/?token= URL, HS256 with the
account's key, the claims iat, jti, name and email, the 120-second window
(--max-age) with the message "Remote token has expired", and that a used jti
is refused. The rest is the fake's assumption, and each refusal page says
so: the other messages and the status codes, the leeway of 5 seconds both
ways (--leeway), refusing an iat in the future beyond the leeway (a larger
--leeway relaxes it), and the strict claims (nothing beyond the four, each
once, an integer iat).

In a container, --bind 0.0.0.0 listens on every interface; the host
application still needs to reach the fake on a loopback URL, so publish or
forward the port to the same number.`,
	}
	c.define = func(fs *flag.FlagSet) func(context.Context, *env, []string) int {
		port := fs.Int("port", defaultServePort, "`PORT` to listen on (0: any free port)")
		bind := bindFlag(fs)
		login := fs.String("remote-login-url", "", "the host application's Remote Login `URL`, where /login sends the browser")
		logout := fs.String("remote-logout-url", "", "the host application's Remote Logout `URL`, where /logout sends the browser (default: /)")
		maxAge := fs.Duration("max-age", verify.DefaultMaxAge, "how old a token may be, by its iat: a `DURATION` such as 2m or 90s")
		leeway := fs.Duration("leeway", verify.DefaultLeeway, "allowance, a `DURATION`, for clocks that disagree")
		keyFile := keyFlag(fs)
		openStore := func() (verify.ReplayStore, func(), error) { return nil, nil, nil }
		if serveStoreFlag != nil {
			openStore = serveStoreFlag(fs)
		}
		return func(ctx context.Context, e *env, args []string) int {
			if len(args) > 0 {
				return c.usageError(e, "unexpected argument %q", args[0])
			}
			addr, err := parseBind(*bind)
			if err != nil {
				return c.usageError(e, "%v", err)
			}
			if *port < 0 || *port > 65535 {
				return c.usageError(e, "--port %d is out of range", *port)
			}
			key, source, err := c.loadKey(e, *keyFile)
			if errors.Is(err, errNoKey) {
				return c.usageError(e, "%v", err)
			} else if err != nil {
				return c.fail(e, err)
			}
			opts := []jwtssotest.Option{
				jwtssotest.WithClock(e.now), jwtssotest.WithMaxAge(*maxAge), jwtssotest.WithLeeway(*leeway),
				jwtssotest.WithLogger(slog.New(slog.NewTextHandler(e.stderr, nil))),
				jwtssotest.WithSettingNames(jwtssotest.SettingNames{
					RemoteLoginURL: "--remote-login-url", MaxAge: "--max-age", Leeway: "--leeway",
				}),
			}
			if *login != "" {
				opts = append(opts, jwtssotest.WithRemoteLoginURL(*login))
			}
			if *logout != "" {
				opts = append(opts, jwtssotest.WithRemoteLogoutURL(*logout))
			}
			store, closeStore, err := openStore()
			if err != nil {
				return c.fail(e, fmt.Errorf("replay store: %w", err))
			}
			if closeStore != nil {
				defer closeStore()
			}
			if store != nil {
				opts = append(opts, jwtssotest.WithReplayStore(store))
			}
			counts := &tally.Counter{VerifierOnly: true}
			opts = append(opts, jwtssotest.WithVerifyOptions(verify.WithObserver(counts)))
			h, err := jwtssotest.NewHandler(key, opts...)
			if err != nil {
				return c.fail(e, errors.New(flagNames(withKeySource(err, source).Error())))
			}
			return serveSupport(ctx, e, c, h, counts, netip.AddrPortFrom(addr, uint16(*port)), *login, *logout)
		}
	}
	return c
}

// countsPath is where serve shows its counts of tokens accepted and
// refused, beside the fake support centre's own routes.
const countsPath = "/counts"

// serveSupport listens on addr and serves h, and counts at countsPath,
// until ctx ends.
func serveSupport(ctx context.Context, e *env, c *command, h *jwtssotest.Handler, counts *tally.Counter, addr netip.AddrPort, login, logout string) int {
	l, err := net.Listen("tcp", addr.String())
	if err != nil {
		return c.fail(e, listenError(err, "--port"))
	}
	origin := "http://" + l.Addr().String()
	if !addr.Addr().IsLoopback() {
		fmt.Fprintf(e.stderr, "jwtsso serve: warning: listening on %s, so other machines can reach this fake support centre; a host application accepts a plain-http support centre on a loopback host only, so reach it through a forwarded port\n", addr.Addr())
		origin = "http://127.0.0.1:" + strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	}
	fmt.Fprintf(e.stdout, "Fake HappyFox support centre on %s\n", origin)
	fmt.Fprintf(e.stdout, "  Client Redirect URL  %s/jwt/?token=\n", origin)
	fmt.Fprintf(e.stdout, "  Remote Login URL     %s\n", cmp.Or(login, "(none: set --remote-login-url)"))
	fmt.Fprintf(e.stdout, "  Remote Logout URL    %s\n", cmp.Or(logout, "(none: /logout goes to /)"))
	fmt.Fprintf(e.stdout, "  Counts               %s%s (tokens accepted and refused, by reason, live)\n", origin, countsPath)
	fmt.Fprintf(e.stdout, "Point the host application at it with jwtsso.WithSupportURL(%q). Press Ctrl-C to stop.\n", origin)
	start := time.Now()
	// Not a ServeMux: it would answer an unclean path ("//jwt/?token=…")
	// with a redirect that repeats the query, token and all; jwtssotest's
	// exact routes refuse such paths instead.
	site := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == countsPath && r.Method == http.MethodGet {
			counts.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
	if err := httpsite.Serve(ctx, httpsite.New(site, e.stderr, l)); err != nil {
		return c.fail(e, err)
	}
	fmt.Fprintf(e.stderr, "jwtsso serve: stopped after %s, %d logins\n", time.Since(start).Round(time.Second), len(h.Logins()))
	return exitOK
}
