package cli

import (
	"context"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/verify"
)

func mintCommand() *command {
	c := &command{
		name:     "mint",
		synopsis: "--name NAME --email EMAIL (--account ACCOUNT | --support-url URL) [--key-file PATH]",
		summary:  "print a token and the support centre URL that signs a contact in",
		about: `Mint prints a HappyFox JWT for the contact NAME <EMAIL>, signed with the
key, and the Client Redirect URL that carries it:
https://ACCOUNT.happyfox.com/jwt/?token=..., or the same path on --support-url
(a custom domain, or http://127.0.0.1:8081 for 'jwtsso serve').

The token is a credential: anyone who opens the URL within 120 seconds of
minting signs in as the contact, once. Mint vouches for EMAIL as the host
application would for a verified address; only mint tokens for addresses you
control. The key comes from $` + envKey + ` or --key-file.

Exit status: 0 when a token was printed, 1 when the key, name, email or
support centre was refused, 2 for a usage error.`,
	}
	c.define = func(fs *flag.FlagSet) func(context.Context, *env, []string) int {
		name := fs.String("name", "", "the contact's display `NAME`")
		email := fs.String("email", "", "the contact's `EMAIL` address")
		account := fs.String("account", "", "the HappyFox `ACCOUNT` name, as in https://ACCOUNT.happyfox.com")
		supportURL := fs.String("support-url", "", "the support centre's origin `URL` instead of an account, such as https://support.example.com")
		keyFile := keyFlag(fs)
		return func(ctx context.Context, e *env, args []string) int {
			switch {
			case len(args) > 0:
				return c.usageError(e, "unexpected argument %q", args[0])
			case *name == "" || *email == "":
				return c.usageError(e, "--name and --email are required")
			case (*account == "") == (*supportURL == ""):
				return c.usageError(e, "give one of --account and --support-url")
			}
			key, source, err := c.loadKey(e, *keyFile)
			if errors.Is(err, errNoKey) {
				return c.usageError(e, "%v", err)
			} else if err != nil {
				return c.fail(e, err)
			}
			where := jwtsso.WithAccount(*account)
			if *supportURL != "" {
				where = jwtsso.WithSupportURL(*supportURL)
			}
			id := jwtsso.Identity{Name: *name, Email: *email, EmailVerified: true} // the operator vouches
			return mint(ctx, e, c, key, source, where, id)
		}
	}
	return c
}

// mint signs a token for id and prints it with its claims and URL.
func mint(ctx context.Context, e *env, c *command, key, source string, where jwtsso.Option, id jwtsso.Identity) int {
	h, err := jwtsso.New(key, jwtsso.RedirectURLOnly, where,
		jwtsso.WithClock(e.now), jwtsso.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		return c.fail(e, withKeySource(err, source))
	}
	loc, err := h.RedirectURL(ctx, id)
	if err != nil {
		return c.fail(e, err)
	}
	token, claims, err := tokenAndClaims(loc)
	if err != nil {
		return c.fail(e, err)
	}
	fmt.Fprintf(e.stdout, "claims: %s\ntoken:  %s\nurl:    %s\n", claims, token, loc)
	until := e.now().Add(verify.DefaultMaxAge).UTC().Format(time.TimeOnly)
	fmt.Fprintf(e.stderr, "Valid once, until about %s UTC (120 seconds, plus the support centre's small leeway). Treat it as a password until then.\n", until)
	return exitOK
}

// withKeySource names where a key that jwtsso refused came from.
func withKeySource(err error, source string) error {
	if errors.Is(err, jwtsso.ErrInvalidKey) {
		return fmt.Errorf("the key from %s: %w", source, err)
	}
	return err
}

// tokenAndClaims takes the token out of a URL that this program built and
// decodes its claims, which it trusts.
func tokenAndClaims(loc string) (token, claims string, err error) {
	u, err := url.Parse(loc)
	if err != nil {
		return "", "", fmt.Errorf("parse the redirect URL: %w", err)
	}
	token = u.Query().Get("token")
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", "", errors.New("the minted token does not have three segments")
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return "", "", fmt.Errorf("decode the minted claims: %w", err)
	}
	return token, string(b), nil
}
