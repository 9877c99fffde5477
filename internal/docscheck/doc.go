// Package docscheck keeps the documentation honest: its tests extract every
// Go snippet from README.md, docs/*.md and the README of every nested module
// and example, compile and vet them, and run the README's quick start
// against a fake support centre (package jwtssotest).
//
// It is a module of its own so that the routers, Redis client and
// OpenTelemetry packages that the snippets show never enter the root
// module's go.mod.
//
// # How snippets are written
//
// A ```go block that starts with "package" is a whole file and is compiled
// as it stands. Any other ```go block is a fragment of statements, compiled
// inside a function. An HTML comment right before a block, invisible on the
// rendered page, can give it what the surrounding prose implies:
//
//	<!-- go-snippet
//	import "github.com/go-chi/chi/v5"
//	var r chi.Router
//	var sso *jwtsso.Handler
//	-->
//
// Its "import" lines are added to the file's imports, and the other lines
// are declared at package level, before the function. The first line may
// carry words after "go-snippet": "top-level" compiles the block at
// package level (declarations, not statements), and "quickstart" marks the
// program that the quick-start test runs. Missing standard-library and
// module imports are added by golang.org/x/tools/imports, as an editor
// would.
package docscheck
