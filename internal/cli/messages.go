package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
	"syscall"
)

// packagePrefixes are the prefixes that the jwtsso packages' error
// messages carry, such as "jwtsso: invalid configuration". The command line
// names itself once at the start of each message ("jwtsso mint: ..."), so
// it drops them wherever they occur in a chain of wrapped messages.
var packagePrefixes = strings.NewReplacer(": jwtsso: ", ": ", ": jwtssotest: ", ": ")

// unprefixed is msg without the packages' own prefixes.
func unprefixed(msg string) string {
	for _, p := range []string{"jwtsso: ", "jwtssotest: "} {
		msg = strings.TrimPrefix(msg, p)
	}
	return packagePrefixes.Replace(msg)
}

// optionFlags names the command-line flag for each Go option that a
// configuration error from verify.New or jwtssotest.NewHandler may name.
var optionFlags = strings.NewReplacer(
	"jwtssotest.WithMaxAge", "--max-age", "jwtssotest.WithLeeway", "--leeway",
	"WithMaxAge", "--max-age", "WithLeeway", "--leeway",
)

// flagNames is msg with the Go options it names replaced by the flags that
// set them.
func flagNames(msg string) string { return optionFlags.Replace(msg) }

// errKeyFlag explains why there is no --key flag.
var errKeyFlag = errors.New("there is no --key flag: the key comes from $" + envKey +
	" or from a file named with --key-file PATH, never from a flag, because a flag's value shows in ps and in the shell's history")

// flagRef matches a flag name as the flag package writes it in its errors
// ("-name", after a space or at the start).
var flagRef = regexp.MustCompile(`(^| )-([a-zA-Z][a-zA-Z0-9-]*)`)

// flagError rewrites an error of the flag package in the command line's
// own words: flags spelled "--name", and the reason there is no --key.
func flagError(err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		if name == "key" {
			return errKeyFlag
		}
		return fmt.Errorf("unknown flag --%s", name)
	}
	return errors.New(flagRef.ReplaceAllString(msg, "$1--$2"))
}

// printFlags writes the flags of fs, spelled "--name", with their usage
// and any default that is not the zero value.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if first {
			fmt.Fprint(w, "\nFlags:\n")
			first = false
		}
		arg, usage := flag.UnquoteUsage(f)
		if arg != "" {
			arg = " " + arg
		}
		fmt.Fprintf(w, "  --%s%s\n", f.Name, arg)
		for line := range strings.SplitSeq(usage, "\n") {
			fmt.Fprintf(w, "        %s\n", line)
		}
		switch f.DefValue {
		case "", "0", "false", "0s":
		default:
			fmt.Fprintf(w, "        (default %s)\n", f.DefValue)
		}
	})
}

// listenError explains a failure to listen; when another program holds
// the port, it names the flag that chooses another.
func listenError(err error, portFlag string) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("%w; another program uses that port: choose another with %s (0 picks any free port)", err, portFlag)
	}
	return err // "listen tcp ADDRESS: ..." says what failed
}
