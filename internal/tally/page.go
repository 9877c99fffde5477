package tally

import (
	"cmp"
	"html/template"
	"maps"
	"net/http"
	"slices"

	"github.com/supportsso/jwtsso/internal/httpsite"
)

// ServeHTTP answers with a small HTML page of the counts: tokens minted,
// the Handler's outcomes and refusals by reason, tokens accepted and
// refused by reason. It shows no jti, name or address, only counts, and is
// never cached. Mount it on the demo's own sites, not on a public one.
func (c *Counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	httpsite.SetPageHeaders(w.Header())
	if r.Method == http.MethodHead {
		return
	}
	s := c.Snapshot()
	_ = pageTemplate.Execute(w, map[string]any{
		"Style": template.CSS(httpsite.Style), "VerifierOnly": c.VerifierOnly, "Minted": s.Minted, "Accepted": s.Accepted,
		"Issuer": rows(s.Issuer), "Refused": rows(s.Refused),
		"Verifier": rows(s.Verifier), "Rejected": rows(s.Rejected),
	})
}

// row is one line of a table on the page.
type row struct {
	Name  string
	Count uint64
}

// rows sorts m by count, highest first, then by name.
func rows(m map[string]uint64) []row {
	out := make([]row, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, row{k, m[k]})
	}
	slices.SortStableFunc(out, func(a, b row) int { return cmp.Compare(b.Count, a.Count) })
	return out
}

var pageTemplate = template.Must(template.New("tally").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<meta http-equiv="refresh" content="2">
<title>jwtsso counts</title>
<style>{{.Style}}
table{border-collapse:collapse;margin-bottom:1em}td{padding:.2em .8em}td.n{text-align:right;font-variant-numeric:tabular-nums}
h2{font-size:1.15em;margin-top:1.2em}h3{font-size:1em;margin-bottom:.3em}</style></head>
<body><header>jwtsso <small>counts</small></header><main><h1>What happened so far</h1>
<p class="assumed">This page reloads every two seconds.</p>
{{if not .VerifierOnly}}<h2>Host application: tokens minted <strong id="minted">{{.Minted}}</strong></h2>
<h3>Requests to the Remote Login URL, by outcome</h3>
{{template "table" .Issuer}}
<h3>Refused, by reason</h3>
{{template "table" .Refused}}
{{end}}<h2>Support centre: tokens accepted <strong id="accepted">{{.Accepted}}</strong></h2>
<h3>Tokens checked, by outcome</h3>
{{template "table" .Verifier}}
<h3>Refused, by reason</h3>
{{template "table" .Rejected}}
</main></body></html>
{{define "table"}}{{if .}}<table>{{range .}}<tr><td>{{.Name}}</td><td class="n">{{.Count}}</td></tr>{{end}}</table>{{else}}<p>None yet.</p>{{end}}{{end}}`))
