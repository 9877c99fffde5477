// Package demo is the jwtsso demo: a small host application and a fake
// HappyFox support centre (package jwtssotest) on two loopback sites,
// http://127.0.0.1:PORT and http://localhost:PORT, each pointing at the
// other. The jwtsso command's demo runs it until interrupted; the
// end-to-end tests start it in-process with [Start] and drive it with a
// real browser.
//
// The two origins are different sites, so a browser applies its real
// cookie rules (SameSite) on the hops between them.
package demo

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/internal/httpsite"
	"github.com/supportsso/jwtsso/internal/tally"
	"github.com/supportsso/jwtsso/jwtssotest"
	"github.com/supportsso/jwtsso/verify"
)

// Key signs the demo's tokens. DEMO ONLY: it is public, in this source
// file, so a support centre that trusted it would let anybody sign in as
// anybody. It never leaves the demo process, where the host application
// and the fake support centre share it.
const Key = "DEMOonlyKEYnotSECRETdoNOTuse0123"

// Config says how to start the demo. The zero Config is valid: any free
// ports, both sites on time.Now, a SameSite=Lax host session cookie, no log.
type Config struct {
	// HostPort is the host application's port on 127.0.0.1, and
	// SupportPort the support centre's on localhost (127.0.0.1 and, when it
	// can, ::1). 0 means any free port.
	HostPort, SupportPort int
	// Bind, when set to an IP address that is not a loopback one, is where both
	// sites listen instead, such as "0.0.0.0" in a container whose ports
	// are published. The sites still name each other by their loopback
	// URLs ([Servers.HostURL], [Servers.SupportURL]), which a browser
	// elsewhere reaches through forwarded ports: a host application
	// accepts a plain-http support centre on a loopback host only. Default:
	// loopback only.
	Bind string
	// HostClock dates the host's tokens and SupportClock is the support
	// centre's clock (a jwtssotest.Clock's Now can be moved while the
	// servers run). Default: time.Now.
	HostClock, SupportClock func() time.Time
	// SessionSameSite is the SameSite attribute of the host application's
	// session cookie. Default (zero): http.SameSiteLaxMode.
	SessionSameSite http.SameSite
	// HostOptions are added after the demo's own options to the host's
	// jwtsso.New, so they can override them.
	HostOptions []jwtsso.Option
	// Log receives both sites' log lines, their HTTP servers' errors and
	// the demo's warnings. Default: nothing is logged.
	Log io.Writer
}

// Servers are the demo's two running sites. Their methods are safe for
// concurrent use.
type Servers struct {
	// HostURL is the host application's origin, "http://127.0.0.1:PORT",
	// and SupportURL the support centre's, "http://localhost:PORT"; neither
	// has a trailing slash.
	HostURL, SupportURL string
	// Support is the fake support centre, for its Logins.
	Support *jwtssotest.Handler
	// Counts tallies what both sites did: tokens minted and requests
	// refused by the host, tokens accepted and refused by the support
	// centre. The host shows it at CountsPath.
	Counts *tally.Counter

	cancel context.CancelFunc
	done   chan struct{}
	err    error // set before done is closed
}

// Start listens on both sites, builds both applications and serves them in
// the background until ctx ends, [Servers.Close] is called or a server
// fails. It returns an error, and leaves nothing open, when a port cannot
// be opened or an application cannot be built.
func Start(ctx context.Context, cfg Config) (*Servers, error) {
	log := cmp.Or[io.Writer](cfg.Log, io.Discard)
	hostL, supportLs, err := listen(log, cfg)
	if err != nil {
		return nil, err
	}
	s := &Servers{
		HostURL:    "http://127.0.0.1:" + strconv.Itoa(hostL.Addr().(*net.TCPAddr).Port),
		SupportURL: "http://localhost:" + strconv.Itoa(supportLs[0].Addr().(*net.TCPAddr).Port),
		Counts:     new(tally.Counter),
		done:       make(chan struct{}),
	}
	host, err := s.build(cfg, slog.New(slog.NewTextHandler(log, nil)))
	if err != nil {
		for _, l := range append(supportLs, hostL) {
			l.Close()
		}
		return nil, err
	}
	ctx, s.cancel = context.WithCancel(ctx)
	go func() {
		defer close(s.done)
		s.err = httpsite.Serve(ctx, httpsite.New(host, log, hostL), httpsite.New(s.Support, log, supportLs...))
	}()
	return s, nil
}

// build builds the fake support centre (into s.Support) and the host
// application, each pointing at the other.
func (s *Servers) build(cfg Config, logger *slog.Logger) (http.Handler, error) {
	var err error
	s.Support, err = jwtssotest.NewHandler(Key,
		jwtssotest.WithRemoteLoginURL(s.HostURL+SSOPath),
		jwtssotest.WithRemoteLogoutURL(s.HostURL+LogoutPath),
		jwtssotest.WithClock(clockOrNow(cfg.SupportClock)),
		jwtssotest.WithLogger(logger),
		jwtssotest.WithVerifyOptions(verify.WithObserver(s.Counts)))
	if err != nil {
		return nil, fmt.Errorf("support centre: %w", err)
	}
	h, err := newHost(s.SupportURL, cfg, logger, s.Counts)
	if err != nil {
		return nil, fmt.Errorf("host application: %w", err)
	}
	return h, nil
}

// Wait blocks until the servers have stopped and returns the first
// failure, or nil after a clean shutdown.
func (s *Servers) Wait() error {
	<-s.done
	return s.err
}

// Close shuts both servers down, waits for them and returns what
// [Servers.Wait] returns. Calling it again does no harm.
func (s *Servers) Close() error {
	s.cancel()
	return s.Wait()
}

// clockOrNow returns now, or time.Now for nil.
func clockOrNow(now func() time.Time) func() time.Time {
	if now == nil {
		return time.Now
	}
	return now
}
