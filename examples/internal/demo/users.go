package demo

import "github.com/supportsso/jwtsso"

// Users are the only people who can sign in to the examples' host
// application. The examples talk to a real HappyFox account, which matches
// contacts by email, so the sign-in page offers these two rather than take
// any address typed into it.
var Users = []jwtsso.Identity{
	{Name: "Ada Lovelace", Email: "ada@example.com"},
	{Name: "José Núñez", Email: "jose@example.com"},
}
