package docscheck

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/tools/imports"
)

// repoRoot is the repository's top directory, seen from this package.
const repoRoot = "../.."

// genDir is where the snippets are written as packages of this module, so
// that they build with its requirements (and the repository's go.work).
// Directories named testdata are left out of ./... patterns.
const genDir = "testdata/gen"

// docs returns the Markdown files whose snippets must compile: the README,
// docs/, and the README of every nested module and example.
func docs(t *testing.T) []string {
	t.Helper()
	var all []string
	for _, pattern := range []string{"README.md", "docs/*.md", "*/README.md", "examples/*/README.md", "examples/*/*/README.md"} {
		files, err := filepath.Glob(filepath.Join(repoRoot, pattern))
		require.NoError(t, err)
		all = append(all, files...)
	}
	return all
}

// allSnippets extracts the snippets of every documented file.
func allSnippets(t *testing.T) []Snippet {
	t.Helper()
	var all []Snippet
	for _, f := range docs(t) {
		md, err := os.ReadFile(f)
		require.NoError(t, err)
		rel, _ := filepath.Rel(repoRoot, f)
		s, err := Extract(rel, string(md))
		require.NoError(t, err)
		all = append(all, s...)
	}
	return all
}

// writeSnippet writes s as the package in dir, with its imports fixed, and
// returns the directory as a package pattern.
func writeSnippet(t *testing.T, dir string, s Snippet) string {
	t.Helper()
	require.NoError(t, os.MkdirAll(dir, 0o755))
	name := filepath.Join(dir, "snippet.go")
	src, err := imports.Process(name, []byte(s.Source("snippet")), nil)
	require.NoError(t, err, "%s:%d: the snippet does not parse:\n%s", s.File, s.Line, s.Source("snippet"))
	require.NoError(t, os.WriteFile(name, src, 0o644))
	return "./" + filepath.ToSlash(dir)
}

// TestSnippetsCompile builds and vets every Go snippet of README.md and
// docs/. A failure names the Markdown file and line of the snippet.
func TestSnippetsCompile(t *testing.T) {
	require.NoError(t, os.RemoveAll(genDir))
	snippets := allSnippets(t)
	require.NotEmpty(t, snippets)
	where := map[string]Snippet{}
	var pkgs []string
	for i, s := range snippets {
		dir := filepath.Join(genDir, fmt.Sprintf("s%02d", i))
		pkg := writeSnippet(t, dir, s)
		where[pkg] = s
		pkgs = append(pkgs, pkg)
	}
	for _, tool := range [][]string{{"build", "-o", os.DevNull}, {"vet"}} {
		args := append(append([]string{}, tool...), pkgs...)
		out, err := exec.Command("go", args...).CombinedOutput()
		if err != nil {
			t.Errorf("go %s failed:\n%s", tool[0], annotate(string(out), where))
		}
	}
}

// annotate adds, to each line of go's output that names a generated
// package, the Markdown file and line its snippet comes from.
func annotate(out string, where map[string]Snippet) string {
	var b strings.Builder
	for _, line := range strings.Split(out, "\n") {
		for pkg, s := range where {
			if strings.Contains(line, strings.TrimPrefix(pkg, "./")+"/") {
				line += fmt.Sprintf("   [snippet at %s:%d]", s.File, s.Line)
				break
			}
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}
