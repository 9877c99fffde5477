// Package httpsite serves HTTP handlers on listeners the caller opened, with
// timeouts a slow client cannot abuse, and shuts them down together. It is
// shared by the jwtsso command's serve and demo and by the in-process demo
// that the end-to-end tests start. It also holds what the pages of the demo
// host application and the fake support centre share: one style sheet
// ([Style]) and one set of page headers ([SetPageHeaders]).
package httpsite

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"time"
)

// ShutdownTimeout is how long the servers get to finish their requests
// once the context given to [Serve] ends.
const ShutdownTimeout = 5 * time.Second

// Site is one HTTP server and the listeners it serves.
type Site struct {
	srv       *http.Server
	listeners []net.Listener
}

// New returns a site that serves h on ls, with timeouts a slow client
// cannot abuse, logging server errors to w.
func New(h http.Handler, w io.Writer, ls ...net.Listener) Site {
	return Site{
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

// Serve serves every site until ctx ends or one of them fails, then shuts
// them all down (waiting at most [ShutdownTimeout]). It returns the first
// failure, or nil after a clean shutdown.
func Serve(ctx context.Context, sites ...Site) error {
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
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
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
