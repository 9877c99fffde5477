// Command jwtsso is a toolbox for HappyFox JWT single sign-on: a one-command
// demo in the browser, a fake support centre for local development, and
// tools to mint a token and to explain why the support centre would refuse
// one.
//
// Usage:
//
//	jwtsso demo      [--host-port 8080] [--support-port 8081] [--bind 127.0.0.1]
//	jwtsso mint      --name NAME --email EMAIL (--account ACCOUNT | --support-url URL) [--key-file PATH]
//	jwtsso inspect   [--key-file PATH] [--decode-only] [--max-age 2m] [--leeway 5s] TOKEN | URL | -
//	jwtsso serve     [--port 8081] [--bind 127.0.0.1] [--remote-login-url URL] [--remote-logout-url URL] [--key-file PATH] [--max-age 2m] [--leeway 5s]
//	jwtsso version   (also --version)
//	jwtsso help      [COMMAND]
//
// "jwtsso verify" is another name for inspect. The key is read from the
// environment variable HAPPYFOX_JWT_KEY or from the file given with
// --key-file, never from a flag value, so that it does not show in ps or in
// the shell's history. Run "go run ./cmd/jwtsso demo" for the demo.
package main

import (
	"os"

	"github.com/supportsso/jwtsso/internal/cli"
)

func main() { os.Exit(cli.Main(nil)) }
