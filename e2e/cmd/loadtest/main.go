// Command loadtest measures the guarded SSO endpoint of jwtsso against a
// bare endpoint that sends the same response, with the server
// (cmd/loadserver) pinned to one CPU and wrk pinned to another, and prints
// the result as Markdown (see package loadtest and BENCHMARKS.md):
//
//	go run ./cmd/loadtest -rounds 10 -phase 3s
//
// It needs taskset and wrk (Debian: apt-get install util-linux wrk) and two
// CPUs. It builds the server with the go command unless -server names a
// binary. It exits 1 when the run finds something wrong (errors, a
// response without a token, a repeated jti, a bare endpoint that does not
// copy the SSO response), never because of the speed.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/supportsso/jwtsso/e2e/loadtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out, progress io.Writer) error {
	var cfg loadtest.Config
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.StringVar(&cfg.ServerBinary, "server", "", "loadserver binary; empty: build it")
	fs.StringVar(&cfg.ServerCPUs, "server-cpu", "1", "CPU list for the server (taskset -c)")
	fs.StringVar(&cfg.DriverCPUs, "driver-cpu", "0", "CPU list for wrk (taskset -c)")
	fs.IntVar(&cfg.Conns, "conns", 64, "wrk connections")
	fs.DurationVar(&cfg.Phase, "phase", 3*time.Second, "one endpoint's turn under load (whole seconds)")
	fs.IntVar(&cfg.Rounds, "rounds", 10, "turns per endpoint, the order alternating")
	fs.DurationVar(&cfg.Warmup, "warmup", 2*time.Second, "an unrecorded turn per endpoint first (whole seconds)")
	fs.StringVar(&cfg.Log, "log", "discard", "the server's logger: discard or json")
	fs.StringVar(&cfg.ServerCPUProfile, "server-cpuprofile", "", "write the server's CPU profile, labelled by endpoint, to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg.Progress = progress
	if cfg.ServerBinary == "" {
		dir, err := os.MkdirTemp("", "loadserver")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if cfg.ServerBinary, err = loadtest.BuildServer(ctx, dir); err != nil {
			return err
		}
	}
	res, err := loadtest.Measure(ctx, cfg)
	if err != nil {
		return err
	}
	res.WriteReport(out)
	if p := res.Problems(); len(p) > 0 {
		return fmt.Errorf("%d problems (see the report)", len(p))
	}
	return nil
}
