package demo

import (
	"cmp"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"
)

// EnvAddr names the environment variable with the address to listen on;
// [DefaultAddr] is used when it is empty.
const EnvAddr = "ADDR"

// DefaultAddr is the address the examples listen on by default: loopback
// only, since the demo has no real sign-in.
const DefaultAddr = "127.0.0.1:8080"

// BuildFunc builds an example's router from its configuration.
type BuildFunc func(Config) (http.Handler, error)

// Main is the whole of an example's main function: it reads the
// configuration from the environment, builds the router with build and
// serves it on $ADDR (default [DefaultAddr]). On any error it prints the
// error, never the key, and exits with status 1.
func Main(build BuildFunc) {
	if err := run(os.Getenv, build, listen); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// run is Main without the exit, with its environment and server
// replaceable for tests.
func run(getenv func(string) string, build BuildFunc, serve func(string, http.Handler) error) error {
	cfg, err := ConfigFromEnv(getenv)
	if err != nil {
		return err
	}
	h, err := build(cfg)
	if err != nil {
		return err
	}
	return serve(cmp.Or(getenv(EnvAddr), DefaultAddr), h)
}

// listen serves h on addr with timeouts that a slow client cannot abuse.
func listen(addr string, h http.Handler) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	log.Printf("demo app on http://%s (Remote Login URL /sso/happyfox, Remote Logout URL /sso/logout)", addr)
	return srv.ListenAndServe()
}
