package redisstore_test

import (
	"errors"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/supportsso/jwtsso/redisstore"
	"github.com/supportsso/jwtsso/verify"
)

// Every instance of a service that accepts HappyFox JWTs builds its
// Verifier on one shared Redis, so a token accepted by one instance is
// refused by all the others. (This example needs a Redis server, so it is
// compiled but not run.)
func Example() {
	client := redis.NewClient(&redis.Options{
		Addr:                  os.Getenv("REDIS_ADDR"), // for example "redis.internal:6379"
		ContextTimeoutEnabled: true,                    // required: lets WithTimeout bound each check
	})
	defer client.Close()

	store, err := redisstore.New(client,
		redisstore.WithPrefix("jwtsso:acme:jti:"), // one prefix per account sharing this Redis
		redisstore.WithTimeout(300*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	verifier, err := verify.New(os.Getenv("HAPPYFOX_JWT_KEY"), verify.WithReplayStore(store))
	if err != nil {
		log.Fatal(err)
	}

	http.HandleFunc("GET /jwt/", func(w http.ResponseWriter, r *http.Request) {
		tokens := r.URL.Query()["token"]
		if len(tokens) != 1 {
			http.Error(w, "one token expected", http.StatusBadRequest)
			return
		}
		claims, err := verifier.Verify(r.Context(), tokens[0])
		switch {
		case errors.Is(err, verify.ErrReplayStoreUnavailable):
			// Redis is down or slow: refuse rather than risk a replay.
			http.Error(w, "sign-in unavailable, try again shortly", http.StatusServiceUnavailable)
			return
		case err != nil:
			http.Error(w, "sign-in refused", http.StatusUnauthorized)
			return
		}
		_ = claims // start the session for claims.Email here
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}

// With Sentinel or Redis Cluster, redis.NewUniversalClient picks the
// client from the options; the Store sends single-key commands only, so it
// works with either.
func ExampleNew_universalClient() {
	client := redis.NewUniversalClient(&redis.UniversalOptions{
		Addrs:                 []string{"redis-1:6379", "redis-2:6379", "redis-3:6379"},
		MasterName:            "", // set it to a Sentinel master name to use Sentinel
		ContextTimeoutEnabled: true,
	})
	defer client.Close()

	store, err := redisstore.New(client)
	if err != nil {
		log.Fatal(err)
	}
	_ = store // give it to verify.WithReplayStore
}
