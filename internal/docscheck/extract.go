package docscheck

import (
	"bufio"
	"fmt"
	"strings"
)

// Snippet is one ```go block of a Markdown file.
type Snippet struct {
	File string // the Markdown file, for messages
	Line int    // the line of the opening fence
	Code string // the block's text

	Imports  []string // import paths from the go-snippet comment
	Prelude  string   // package-level declarations from the comment
	TopLevel bool     // the block is declarations, not statements
	Tags     []string // the words after "go-snippet"
}

// Whole reports whether the snippet is a complete Go file.
func (s Snippet) Whole() bool { return strings.HasPrefix(strings.TrimSpace(s.Code), "package ") }

// HasTag reports whether the go-snippet comment carries tag.
func (s Snippet) HasTag(tag string) bool {
	for _, t := range s.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

// Extract returns the ```go blocks of the Markdown text md, read from file,
// each with the go-snippet comment that directly precedes it, if any.
func Extract(file, md string) ([]Snippet, error) {
	var (
		out     []Snippet
		pending *Snippet // from a go-snippet comment, waiting for its block
		comment *strings.Builder
		block   *strings.Builder
		cur     Snippet
	)
	sc := bufio.NewScanner(strings.NewReader(md))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case block != nil:
			if strings.TrimSpace(line) == "```" {
				cur.Code = block.String()
				out = append(out, cur)
				block = nil
				continue
			}
			block.WriteString(line + "\n")
		case comment != nil:
			if strings.TrimSpace(line) == "-->" {
				pending = parseComment(comment.String())
				comment = nil
				continue
			}
			comment.WriteString(line + "\n")
		case strings.HasPrefix(strings.TrimSpace(line), "<!-- go-snippet"):
			comment = &strings.Builder{}
			comment.WriteString(strings.TrimPrefix(strings.TrimSpace(line), "<!-- go-snippet") + "\n")
		case strings.TrimSpace(line) == "```go":
			cur = Snippet{File: file, Line: n}
			if pending != nil {
				cur.Imports, cur.Prelude, cur.TopLevel, cur.Tags = pending.Imports, pending.Prelude, pending.TopLevel, pending.Tags
			}
			pending = nil
			block = &strings.Builder{}
		case strings.TrimSpace(line) != "" && pending != nil:
			return nil, fmt.Errorf("%s:%d: a go-snippet comment must be followed directly by a ```go block", file, n)
		}
	}
	switch {
	case block != nil:
		return nil, fmt.Errorf("%s:%d: unclosed ```go block", file, cur.Line)
	case comment != nil:
		return nil, fmt.Errorf("%s: unclosed go-snippet comment", file)
	}
	return out, sc.Err()
}

// parseComment reads the body of a go-snippet comment: tags on its first
// line, then import lines and declarations.
func parseComment(body string) *Snippet {
	lines := strings.Split(body, "\n")
	s := &Snippet{Tags: strings.Fields(lines[0])}
	s.TopLevel = s.HasTag("top-level")
	var prelude strings.Builder
	for _, l := range lines[1:] {
		if path, ok := strings.CutPrefix(strings.TrimSpace(l), "import "); ok {
			s.Imports = append(s.Imports, strings.TrimSpace(path))
			continue
		}
		prelude.WriteString(l + "\n")
	}
	s.Prelude = strings.TrimSpace(prelude.String())
	return s
}

// Source returns the snippet as a Go file of package pkg (a whole file
// keeps its own package clause). Imports are left for the caller to fix.
func (s Snippet) Source(pkg string) string {
	if s.Whole() {
		return s.Code
	}
	var b strings.Builder
	fmt.Fprintf(&b, "// Snippet from %s:%d.\n\npackage %s\n\n", s.File, s.Line, pkg)
	for _, imp := range s.Imports {
		fmt.Fprintf(&b, "import %s\n", imp)
	}
	if s.Prelude != "" {
		b.WriteString("\n" + s.Prelude + "\n")
	}
	if s.TopLevel {
		b.WriteString("\n" + s.Code)
		return b.String()
	}
	b.WriteString("\nfunc snippet() {\n" + s.Code + "}\n")
	return b.String()
}
