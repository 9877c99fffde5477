package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/supportsso/jwtsso/verify"
)

func inspectCommand() *command {
	c := &command{
		name:     "inspect",
		synopsis: "[--key-file PATH] [--decode-only] [--max-age 2m] [--leeway 5s] TOKEN | URL | -",
		summary:  "explain whether the support centre would accept a token, and why not",
		about: `Inspect decodes a token, or a full Client Redirect URL such as
https://acme.happyfox.com/jwt/?token=..., or either read from stdin with "-",
and prints its header and claims without trusting them. Then it checks the
token with the key as the support centre does (size, header, signature,
claims, age) and explains in plain words what the support centre would say
and why: expired by how many seconds, a clock ahead by how much, a wrong key,
which claim is wrong, what is malformed.

Each run starts with an empty replay store, so inspect cannot tell whether
the token was used before: the support centre accepts each token once. A URL
that carries the token parameter twice is refused, as the support centre
refuses it. The key comes from $` + envKey + ` or --key-file and is never
printed.

Exit status: 0 when the support centre would accept the token, 1 when it
would refuse it, 2 for a usage error (including no key without --decode-only).`,
	}
	c.define = func(fs *flag.FlagSet) func(context.Context, *env, []string) int {
		keyFile := keyFlag(fs)
		decodeOnly := fs.Bool("decode-only", false, "only decode; check nothing and need no key")
		maxAge := fs.Duration("max-age", verify.DefaultMaxAge, "how old a token may be, by its iat: a `DURATION` such as 2m or 90s")
		leeway := fs.Duration("leeway", verify.DefaultLeeway, "allowance, a `DURATION`, for clocks that disagree")
		return func(ctx context.Context, e *env, args []string) int {
			if len(args) != 1 {
				return c.usageError(e, "give one token, URL, or - for stdin")
			}
			raw, err := readInput(args[0], e.stdin)
			if err != nil {
				return c.usageError(e, "%v", err)
			}
			o := inspection{maxAge: *maxAge, leeway: *leeway, now: e.now()}
			return o.run(ctx, e, c, raw, *keyFile, *decodeOnly)
		}
	}
	return c
}

// inspection is one run of inspect.
type inspection struct {
	maxAge, leeway time.Duration
	now            time.Time
}

func (o inspection) run(ctx context.Context, e *env, c *command, raw, keyFile string, decodeOnly bool) int {
	in, err := parseInput(raw)
	if errors.Is(err, errTokenTwice) {
		verdict(e, "Refused: token given more than once",
			"The URL carries the token parameter more than once. The support centre refuses such a URL rather than choose one: build the URL with url.Values or url.QueryEscape, and once.")
		return exitRefused
	} else if err != nil {
		return c.usageError(e, "%v", err)
	}
	if in.token == "" {
		return c.usageError(e, "%v: the URL's token parameter is empty", errNoToken)
	}
	if why := notAToken(in.token); why != "" {
		fmt.Fprintf(e.stdout, "Input:   %s, not shown\n", plural(int64(len(in.token)), "byte"))
		verdict(e, "Refused: not a token", "The input is not a token: "+why+". Nothing of it was decoded or shown, in case it is something else that is secret.")
		return exitRefused
	}
	printDecoded(e.stdout, in.token, o.now)
	for _, n := range in.notes {
		fmt.Fprintf(e.stdout, "Note:    %s\n", n)
	}
	if decodeOnly {
		return exitOK
	}
	key, source, err := c.loadKey(e, keyFile)
	if errors.Is(err, errNoKey) {
		return c.usageError(e, "%v; or use --decode-only", err)
	} else if err != nil {
		return c.fail(e, err)
	}
	v, err := verify.New(key, verify.WithClock(func() time.Time { return o.now }),
		verify.WithMaxAge(o.maxAge), verify.WithLeeway(o.leeway))
	if err != nil {
		return c.usageError(e, "%s", flagNames(withKeySource(err, source).Error()))
	}
	claims, err := v.Verify(ctx, in.token)
	if err != nil {
		head, why := o.explain(err, in.token)
		verdict(e, "Refused: "+head, why)
		return exitRefused
	}
	verdict(e, "Accepted",
		fmt.Sprintf("The support centre would sign in %s <%s>. This check used an empty replay store, so it cannot tell whether the token was used before; the support centre accepts each token once.",
			printable([]byte(claims.Name)), printable([]byte(claims.Email))))
	return exitOK
}

// verdict prints the outcome and its explanation.
func verdict(e *env, head, why string) {
	fmt.Fprintf(e.stdout, "\n%s\n%s\n", head, why)
}
