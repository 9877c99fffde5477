package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/netip"
	"time"
)

// shutdownTimeout is how long the servers get to finish their requests
// once the context ends.
const shutdownTimeout = 5 * time.Second

// site is one HTTP server and the listeners it serves.
type site struct {
	srv       *http.Server
	listeners []net.Listener
}

// newSite returns a site that serves h on ls, with timeouts a slow client
// cannot abuse, logging server errors to w.
func newSite(h http.Handler, w io.Writer, ls ...net.Listener) site {
	return site{
		srv: &http.Server{
			Handler:           h,
			ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout:       10 * time.Second,
			WriteTimeout:      10 * time.Second,
			IdleTimeout:       60 * time.Second,
			ErrorLog:          log.New(w, "jwtsso: http: ", 0),
		},
		listeners: ls,
	}
}

// serveSites serves every site until ctx ends or one of them fails, then
// shuts them all down. It returns the first failure, or nil after a clean
// shutdown.
func serveSites(ctx context.Context, sites ...site) error {
	n := 0
	for _, s := range sites {
		n += len(s.listeners)
	}
	errc := make(chan error, n)
	for _, s := range sites {
		for _, l := range s.listeners {
			go func() { errc <- s.srv.Serve(l) }()
		}
	}
	var failed error
	select {
	case <-ctx.Done():
	case err := <-errc:
		n--
		failed = fmt.Errorf("serve: %w", err)
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	for _, s := range sites {
		if err := s.srv.Shutdown(sctx); err != nil && failed == nil {
			failed = fmt.Errorf("shut down: %w", err)
		}
	}
	for ; n > 0; n-- {
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) && failed == nil {
			failed = fmt.Errorf("serve: %w", err)
		}
	}
	return failed
}

// netipAddrPort returns the address l listens on.
func netipAddrPort(l net.Listener) (netip.AddrPort, error) {
	return netip.ParseAddrPort(l.Addr().String())
}
