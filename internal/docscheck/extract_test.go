package docscheck

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sample = "# Title\n\n```go\npackage main\n\nfunc main() {}\n```\n\n" +
	"<!-- go-snippet\nimport \"github.com/go-chi/chi/v5\"\nvar r chi.Router\n-->\n```go\nr.Get(\"/\", nil)\n```\n\n" +
	"<!-- go-snippet top-level quickstart\n-->\n```go\nfunc helper() {}\n```\n\n```sh\nnot go\n```\n"

func TestExtract(t *testing.T) {
	s, err := Extract("x.md", sample)
	require.NoError(t, err)
	require.Len(t, s, 3)

	assert.True(t, s[0].Whole())
	assert.Equal(t, 3, s[0].Line)
	assert.Equal(t, "package main\n\nfunc main() {}\n", s[0].Source("snippet"))

	assert.False(t, s[1].Whole())
	assert.Equal(t, []string{`"github.com/go-chi/chi/v5"`}, s[1].Imports)
	assert.Equal(t, "var r chi.Router", s[1].Prelude)
	assert.Contains(t, s[1].Source("snippet"), "import \"github.com/go-chi/chi/v5\"\n\nvar r chi.Router\n\nfunc snippet() {\nr.Get(\"/\", nil)\n}\n")

	assert.True(t, s[2].TopLevel)
	assert.True(t, s[2].HasTag("quickstart"))
	assert.NotContains(t, s[2].Source("snippet"), "func snippet()")
}

func TestExtractRefusesDanglingComment(t *testing.T) {
	_, err := Extract("x.md", "<!-- go-snippet\nvar x int\n-->\nSome prose.\n```go\nx = 1\n```\n")
	assert.ErrorContains(t, err, "x.md:4")
	_, err = Extract("x.md", "```go\nunclosed\n")
	assert.ErrorContains(t, err, "unclosed")
}
