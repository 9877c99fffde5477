package jwtsso

import (
	"errors"
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Limits on the parameters that the hook set with [WithTokenQuery] may add
// to the token URL.
const (
	maxTokenQueryParams = 8   // name=value pairs in all
	maxTokenQueryName   = 64  // bytes of a name
	maxTokenQueryValue  = 512 // bytes of a value
)

// queryParam is one name=value pair that the token URL carries after the
// token, in the order it is sent.
type queryParam struct{ name, value string }

// tokenQuery calls the hook set with WithTokenQuery for r and returns its
// parameters, checked and in a fixed order (by name, then as the hook gave
// the values). Without a hook it returns nothing. A panic in the hook is
// turned into ErrTokenQuery, except http.ErrAbortHandler, which is passed
// on as the resolver's is.
func (h *Handler) tokenQuery(r *http.Request) (params []queryParam, err error) {
	if h.tokenQueryFunc == nil {
		return nil, nil
	}
	defer func() {
		if v := recover(); v != nil {
			params, err = nil, panicError(ErrTokenQuery, v)
		}
	}()
	params, err = checkTokenQuery(h.tokenQueryFunc(r))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrTokenQuery, err)
	}
	return params, nil
}

// checkTokenQuery flattens v into pairs and refuses it unless every name is
// 1 to maxTokenQueryName bytes of [A-Za-z0-9._-] and not "token" in any
// case, every value is at most maxTokenQueryValue bytes of printable ASCII
// (space to "~"), and there are at most maxTokenQueryParams pairs. An error
// names a parameter only by a name that passed its check, and never shows a
// value.
func checkTokenQuery(v url.Values) ([]queryParam, error) {
	var params []queryParam
	for _, name := range slices.Sorted(maps.Keys(v)) {
		if len(v[name]) == 0 {
			continue
		}
		if err := checkTokenQueryName(name); err != nil {
			return nil, err
		}
		for _, value := range v[name] {
			if len(value) > maxTokenQueryValue {
				return nil, fmt.Errorf("parameter %q: value longer than %d bytes", name, maxTokenQueryValue)
			}
			if strings.IndexFunc(value, func(r rune) bool { return r < ' ' || r > '~' }) >= 0 {
				return nil, fmt.Errorf("parameter %q: value has a character that is not printable ASCII", name)
			}
			if len(params) == maxTokenQueryParams {
				return nil, fmt.Errorf("more than %d parameters", maxTokenQueryParams)
			}
			params = append(params, queryParam{name, value})
		}
	}
	return params, nil
}

var errTokenParam = errors.New(`parameter name "token" is reserved for the token`)

// checkTokenQueryName refuses a name that is empty, too long, has a byte
// outside [A-Za-z0-9._-], or is "token" in any case.
func checkTokenQueryName(name string) error {
	if name == "" || len(name) > maxTokenQueryName {
		return fmt.Errorf("parameter name of %d bytes; 1 to %d are allowed", len(name), maxTokenQueryName)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return errors.New("parameter name has a character outside [A-Za-z0-9._-]")
		}
	}
	if strings.EqualFold(name, "token") {
		return errTokenParam
	}
	return nil
}

// appendQuery returns loc, a token URL, with params after the token,
// query-escaped.
func appendQuery(loc string, params []queryParam) string {
	if len(params) == 0 {
		return loc
	}
	var b strings.Builder
	b.Grow(len(loc) + 32*len(params))
	b.WriteString(loc)
	for _, p := range params {
		b.WriteByte('&')
		b.WriteString(p.name) // [A-Za-z0-9._-] needs no escaping
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p.value))
	}
	return b.String()
}

// appendHiddenInputs appends a hidden input for every parameter, for the
// auto-submit page: a GET form sends its inputs as the query, in order.
func appendHiddenInputs(dst []byte, params []queryParam) []byte {
	for _, p := range params {
		dst = append(dst, `<input type="hidden" name="`...)
		dst = append(dst, html.EscapeString(p.name)...)
		dst = append(dst, `" value="`...)
		dst = append(dst, html.EscapeString(p.value)...)
		dst = append(dst, `">`...)
	}
	return dst
}
