// Command jwtsso is the jwtsso command line (see cmd/jwtsso in the root
// module) built with Redis support: "jwtsso serve" then takes --redis-url, so
// that several fake support centres share one replay memory, as verifiers
// behind a load balancer must. It lives in the redisstore module so that the
// root module does not depend on a Redis client. From this directory's
// module (redisstore):
//
//	go run ./cmd/jwtsso serve --redis-url redis://127.0.0.1:6379/0
//
// A URL with a password shows in ps: give it in $JWTSSO_REDIS_URL instead.
package main

import (
	"cmp"
	"flag"
	"os"

	"github.com/supportsso/jwtsso/internal/cli"
	"github.com/supportsso/jwtsso/redisstore"
	"github.com/supportsso/jwtsso/verify"
)

func main() { os.Exit(cli.Main(redisFlags(os.LookupEnv))) }

// envRedisURL names the environment variable that may hold the Redis URL.
const envRedisURL = "JWTSSO_REDIS_URL"

// redisFlags declares --redis-url and --redis-prefix for serve and opens
// the Redis store they name; without a URL, serve keeps its memory store.
func redisFlags(lookup func(string) (string, bool)) cli.ReplayStoreFlag {
	return func(fs *flag.FlagSet) func() (verify.ReplayStore, func(), error) {
		url := fs.String("redis-url", "", "keep used jti values in the Redis at `URL` (redis://host:6379/0, rediss:// for TLS), "+
			"shared with every verifier pointed at it (default: $"+envRedisURL+", else in memory)")
		prefix := fs.String("redis-prefix", redisstore.DefaultPrefix, "start every Redis key with `PREFIX` (one per account on a shared Redis)")
		return func() (verify.ReplayStore, func(), error) {
			env, _ := lookup(envRedisURL)
			u := cmp.Or(*url, env)
			if u == "" {
				return nil, nil, nil
			}
			s, err := redisstore.Open(u, redisstore.WithPrefix(*prefix))
			if err != nil {
				return nil, nil, err
			}
			return s, func() { _ = s.Close() }, nil
		}
	}
}
