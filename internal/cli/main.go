// Package cli is the jwtsso command line: a one-command demo in the browser,
// a fake support centre for local development, and tools to mint a token and
// to explain why the support centre would refuse one. cmd/jwtsso is its
// usual build; the redisstore module builds it again with a Redis replay
// store for serve, so that the root module does not depend on a Redis
// client.
package cli

import (
	"context"
	"flag"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/supportsso/jwtsso/verify"
)

// ReplayStoreFlag lets a build of the command line offer serve a replay
// store other than its default memory one. It declares the flags that
// choose the store on fs and returns the function that, once the flags are
// parsed, opens the store they name: a nil store means the default. close,
// when not nil, is called when serve stops.
type ReplayStoreFlag func(fs *flag.FlagSet) (open func() (store verify.ReplayStore, close func(), err error))

// serveStoreFlag is the ReplayStoreFlag that Main was given, if any. It is
// set once, before any command runs.
var serveStoreFlag ReplayStoreFlag

// Main runs the command line with the process's arguments, streams and
// environment, and returns the exit code for os.Exit. storeFlag may be nil.
func Main(storeFlag ReplayStoreFlag) int {
	serveStoreFlag = storeFlag
	return run(interruptible(), os.Args[1:], processEnv())
}

// processEnv is the env of the running process.
func processEnv() *env {
	return &env{
		stdin:  os.Stdin,
		stdout: os.Stdout,
		stderr: os.Stderr,
		lookup: os.LookupEnv,
		now:    time.Now,
	}
}

// interruptible returns a context that is cancelled by the first SIGINT or
// SIGTERM; a second signal then ends the process at once, as usual.
func interruptible() context.Context {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx
}
