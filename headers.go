package jwtsso

import "net/http"

// setHeaders sets two headers, given by canonical name and value, as
// Header.Set would, with one allocation instead of two: both values share
// one backing array, each slice capped at its own element so that an append
// by later code copies rather than overwrites its neighbour.
func setHeaders(hdr http.Header, name1, value1, name2, value2 string) {
	vals := []string{value1, value2}
	hdr[name1] = vals[0:1:1]
	hdr[name2] = vals[1:2:2]
}
