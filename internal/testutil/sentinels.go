package testutil

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// ExportedSentinels returns the names of the exported package-level
// variables whose names start with "Err" in the Go files of dir, test files
// excepted. Tests use it to hold a table keyed by sentinel (such as the
// observers' refusal reasons) complete as sentinels are added.
func ExportedSentinels(t testing.TB, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	fset := token.NewFileSet()
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				for _, n := range spec.(*ast.ValueSpec).Names {
					if strings.HasPrefix(n.Name, "Err") && n.IsExported() {
						names = append(names, n.Name)
					}
				}
			}
		}
	}
	return names
}

// SentinelReason turns a sentinel's name into the reason the observers
// report for it: the name without "Err", in snake case
// ("ErrEmailUnverified" becomes "email_unverified"). Runs of capitals are
// one word ("ErrTokenTooLarge" becomes "token_too_large", "ErrInvalidURL"
// becomes "invalid_url").
func SentinelReason(name string) string {
	rs := []rune(strings.TrimPrefix(name, "Err"))
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsUpper(r) {
			startsWord := i > 0 && (!unicode.IsUpper(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]))
			if startsWord {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
