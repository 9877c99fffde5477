// Command accounts serves several HappyFox accounts from one application,
// each with its own key and its own Remote Login and Remote Logout URLs
// (/sso/<account> and /sso/<account>/logout), and replaces keys while it
// runs: on SIGHUP it reads every key file again, builds a new handler per
// account and swaps it in atomically; requests already running finish on
// the old one.
//
// Run it from the examples/recipes directory:
//
//	go run ./accounts
//
// HAPPYFOX_ACCOUNTS lists the accounts, comma-separated; an entry may name
// a custom domain, as in "acme,globex=https://help.globex.example". Each
// account's key is the file <account>.key in HAPPYFOX_KEY_DIR. Without
// HAPPYFOX_ACCOUNTS the program starts two fake support centres on
// loopback, with random keys in a new temporary directory that it prints.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/supportsso/jwtsso/examples/recipes/internal/site"
)

// The environment variables that configure the accounts.
const (
	EnvAccounts = "HAPPYFOX_ACCOUNTS"
	EnvKeyDir   = "HAPPYFOX_KEY_DIR"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		stop()
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	cfg, err := site.FromEnv(func(name string) string {
		if name == site.EnvKey || name == site.EnvAccount || name == site.EnvSupportURL {
			return "" // one key per account here, from files
		}
		return os.Getenv(name)
	})
	if err != nil {
		return err
	}
	accounts, err := parseAccounts(os.Getenv(EnvAccounts), os.Getenv(EnvKeyDir))
	if err != nil {
		return err
	}
	if accounts == nil {
		var closeAll func()
		accounts, closeAll, err = localAccounts(cfg.PublicURL)
		if err != nil {
			return err
		}
		defer closeAll()
	}
	a, err := newApp(accounts, site.Users, cfg.PublicURL)
	if err != nil {
		return err
	}

	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for range hup {
			if err := a.Reload(); err != nil {
				log.Printf("reload: %v (those accounts keep their current key)", err)
				continue
			}
			log.Print("reload: every account now uses the key in its file")
		}
	}()
	for _, acc := range accounts {
		log.Printf("account %s: Remote Login URL %s/sso/%s, Remote Logout URL %s/sso/%s/logout, key file %s",
			acc.Name, cfg.PublicURL, acc.Name, cfg.PublicURL, acc.Name, acc.KeyFile)
	}
	log.Printf("accounts recipe on %s (send SIGHUP to reload the keys: kill -HUP %d)", cfg.PublicURL, os.Getpid())
	return site.Serve(ctx, cfg.Addr, a)
}

// parseAccounts reads the HAPPYFOX_ACCOUNTS list, with key files in
// keyDir. An empty list means none configured (nil, nil).
func parseAccounts(list, keyDir string) ([]Account, error) {
	if strings.TrimSpace(list) == "" {
		return nil, nil
	}
	if keyDir == "" {
		return nil, errors.New(EnvKeyDir + " is not set: the directory with one <account>.key file per account")
	}
	var out []Account
	for entry := range strings.SplitSeq(list, ",") {
		name, url, _ := strings.Cut(strings.TrimSpace(entry), "=")
		out = append(out, Account{Name: name, SupportURL: url, KeyFile: filepath.Join(keyDir, name+".key")})
	}
	return out, nil
}

// localAccounts starts two fake support centres, acme and globex, with
// random keys written to a new temporary directory, for trying the
// program on one machine. The returned function stops the fakes and removes
// the directory. The fakes keep the key they started with: after
// you replace a key file and reload, that account's fake refuses the new
// tokens ("Remote token signature is invalid"), as HappyFox does when the
// application's key and HappyFox's disagree.
func localAccounts(publicURL string) ([]Account, func(), error) {
	dir, err := os.MkdirTemp("", "jwtsso-accounts-")
	if err != nil {
		return nil, nil, err
	}
	closers := []func(){func() { os.RemoveAll(dir) }}
	closeAll := func() {
		for _, c := range closers {
			c()
		}
	}
	var out []Account
	for _, name := range []string{"acme", "globex"} {
		key := site.RandomKey()
		file := filepath.Join(dir, name+".key")
		if err := os.WriteFile(file, []byte(key+"\n"), 0o600); err != nil {
			closeAll()
			return nil, nil, err
		}
		support, err := site.StartLocalSupport(key, publicURL+"/sso/"+name, publicURL+"/sso/"+name+"/logout")
		if err != nil {
			closeAll()
			return nil, nil, err
		}
		closers = append(closers, support.Close)
		log.Printf("account %s: fake support centre at %s/ (click Login there)", name, support.URL)
		out = append(out, Account{Name: name, SupportURL: support.URL, KeyFile: file})
	}
	return out, closeAll, nil
}
