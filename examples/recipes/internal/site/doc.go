// Package site holds what the recipes share and what none of them is about:
// the demo users, the sign-in and start pages, the configuration read from
// the environment (with a local fake support centre when none is given) and
// a server that stops cleanly on Ctrl-C. Each recipe's own directory shows
// the part that matters: how its session library or sign-in method feeds
// jwtsso.
//
// The sign-in page asks for no password: it lets you pick a demo user. A
// real application checks credentials there.
package site
