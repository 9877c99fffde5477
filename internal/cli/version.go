package cli

import (
	"fmt"
	"runtime/debug"
)

// modulePath is the module that the command line belongs to.
const modulePath = "github.com/supportsso/jwtsso"

// readBuildInfo is debug.ReadBuildInfo; tests replace it.
var readBuildInfo = debug.ReadBuildInfo

// printVersion prints the version of the jwtsso module that the program
// was built from: a release such as v0.2.0 when it was installed with go
// install, or "(devel)" when it was built from a checkout.
func printVersion(e *env, args []string) int {
	if len(args) > 0 {
		fmt.Fprintf(e.stderr, "jwtsso version: unexpected argument %q\n", args[0])
		return exitUsage
	}
	v, goVersion := version()
	fmt.Fprintf(e.stdout, "jwtsso %s (%s)\n", v, goVersion)
	return exitOK
}

// version returns the jwtsso module's version and the Go version of the
// build. A build of another module (the redisstore module builds the
// command line too) reports the version of jwtsso that it requires.
func version() (v, goVersion string) {
	bi, ok := readBuildInfo()
	if !ok {
		return "(unknown)", "unknown Go version"
	}
	v = bi.Main.Version
	if bi.Main.Path != modulePath {
		for _, d := range bi.Deps {
			if d.Path != modulePath {
				continue
			}
			v = d.Version
			if d.Replace != nil {
				v = d.Replace.Version
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	return v, bi.GoVersion
}
