// Command loadserver is the server side of the load test: the guarded SSO
// endpoint of jwtsso and a bare endpoint that copies its response (see
// package loadtest). It prints its base URL on the first line of its output,
// then serves until SIGTERM or SIGINT.
//
//	taskset -c 1 loadserver -addr 127.0.0.1:8080 -log json
//
// -cpuprofile writes a CPU profile of the whole run, for go tool pprof,
// with each request's goroutine labelled by endpoint
// (go tool pprof -tagfocus=endpoint=sso; see loadtest.ServerConfig).
// Pinned to one CPU, the Go runtime sets GOMAXPROCS to 1. cmd/loadtest
// starts it; run it by hand to point another load generator at it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/supportsso/jwtsso/e2e/loadtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadserver:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loadserver", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on")
	logTo := fs.String("log", "discard", `the SSO handler's logger: "discard" (slog.DiscardHandler) or "json" (a JSON handler writing to io.Discard)`)
	profile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *profile != "" {
		stop, err := startProfile(*profile)
		if err != nil {
			return err
		}
		defer stop()
	}
	logger, err := newLogger(*logTo)
	if err != nil {
		return err
	}
	s, err := loadtest.NewServer(loadtest.ServerConfig{Logger: logger, LabelEndpoints: *profile != ""})
	if err != nil {
		return err
	}
	defer s.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	fmt.Fprintf(out, "http://%s\n", ln.Addr())
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// startProfile starts a CPU profile into path and returns what stops it.
func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// newLogger returns the logger that -log names. The JSON handler logs at
// Info, so it formats a line for every token minted.
func newLogger(name string) (*slog.Logger, error) {
	switch name {
	case "discard":
		return slog.New(slog.DiscardHandler), nil
	case "json":
		return slog.New(slog.NewJSONHandler(io.Discard, nil)), nil
	}
	return nil, fmt.Errorf("-log %q: want discard or json", name)
}
