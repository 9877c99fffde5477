package cli

import (
	"flag"
	"fmt"
	"net/netip"
)

// defaultBind is where demo and serve listen unless --bind says otherwise.
const defaultBind = "127.0.0.1"

// bindFlag declares --bind on fs.
func bindFlag(fs *flag.FlagSet) *string {
	return fs.String("bind", defaultBind, "IP `ADDRESS` to listen on; 0.0.0.0 (or ::) listens on every interface, for a container or SSH")
}

// parseBind checks a --bind value: an IP address, not a host name, so that
// what is reachable is plain.
func parseBind(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, fmt.Errorf("--bind %q is not an IP address (such as 127.0.0.1 or 0.0.0.0)", s)
	}
	return a, nil
}
