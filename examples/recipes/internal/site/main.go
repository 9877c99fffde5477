package site

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// The paths where the single-account recipes serve HappyFox's Remote Login
// and Remote Logout URLs.
const (
	LoginPath  = "/sso/happyfox"
	LogoutPath = "/sso/logout"
)

// BuildFunc builds a recipe's application. ctx ends when the program is
// interrupted. If the handler is also an io.Closer, [Main] closes it after
// the server has stopped.
type BuildFunc func(ctx context.Context, cfg Config) (http.Handler, error)

// Main is the whole of a single-account recipe's main function: it reads
// the configuration from the environment ([FromEnv]), starts a local fake
// support centre when none is configured, builds the application with
// build and serves it until SIGINT or SIGTERM. On any error it prints the
// error, never the key, and exits with status 1.
func Main(name string, build BuildFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, name, build); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		stop()
		os.Exit(1)
	}
}

func run(ctx context.Context, name string, build BuildFunc) error {
	cfg, err := FromEnv(os.Getenv)
	if err != nil {
		return err
	}
	if cfg.Local() {
		support, err := StartLocalSupport(cfg.Key, cfg.PublicURL+LoginPath, cfg.PublicURL+LogoutPath)
		if err != nil {
			return err
		}
		defer support.Close()
		cfg.SupportURL = support.URL
		log.Printf("no %s set: a fake support centre runs at %s/ (click Login there)", EnvKey, support.URL)
	}
	h, err := build(ctx, cfg)
	if err != nil {
		return err
	}
	if c, ok := h.(io.Closer); ok {
		defer c.Close()
	}
	log.Printf("%s on %s (Remote Login URL %s, Remote Logout URL %s)", name, cfg.PublicURL, LoginPath, LogoutPath)
	return Serve(ctx, cfg.Addr, h)
}

// Serve serves h on addr until ctx ends, then shuts the server down,
// giving requests in flight up to five seconds to finish. Its timeouts keep
// a slow client from holding a connection open.
func Serve(ctx context.Context, addr string, h http.Handler) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	if serveErr := <-done; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	return err
}
