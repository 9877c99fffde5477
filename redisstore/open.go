package redisstore

import (
	"github.com/redis/go-redis/v9"
)

// Open connects to the Redis that url names and returns a Store that owns
// the connection: [Store.Close] closes it. url is what redis.ParseURL reads:
// redis://[[user]:password@]host[:port][/db] or rediss://… for TLS. The
// client is made with ContextTimeoutEnabled, so [WithTimeout] bounds every
// check. It is the way to hand a Redis to tools that take a URL, such as a
// jwtssotest server (jwtssotest.WithReplayStore(store)).
//
// Open refuses a URL that does not parse, or an invalid option, with an
// error that wraps [jwtsso.ErrInvalidConfig] and never repeats the URL, which
// may carry a password. Like [New], it sends nothing to Redis.
func Open(url string, opts ...Option) (*Store, error) {
	o, err := redis.ParseURL(url)
	if err != nil {
		return nil, configError("the Redis URL does not parse (want redis://host:port/db or rediss://…)")
	}
	o.ContextTimeoutEnabled = true
	client := redis.NewClient(o)
	s, err := New(client, opts...)
	if err != nil {
		_ = client.Close()
		return nil, err
	}
	s.owned = true
	return s, nil
}

// Close closes the Redis client if the Store opened it with [Open]. For a
// Store made with [New], it does nothing: the caller owns that client.
func (s *Store) Close() error {
	if !s.owned {
		return nil
	}
	return s.client.Close()
}
