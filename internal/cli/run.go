package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// Exit codes of every command.
const (
	exitOK      = 0 // done; for inspect: the support centre would accept the token
	exitRefused = 1 // failed; for inspect: the support centre would refuse the token
	exitUsage   = 2 // wrong arguments, flags or set-up (such as a missing key)
)

// env is the world outside a command's arguments. main fills it from the
// process; tests fill it with buffers, a fake environment and a fixed clock.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	lookup         func(name string) (string, bool) // os.LookupEnv
	now            func() time.Time
}

// command is one subcommand of jwtsso.
type command struct {
	name     string
	synopsis string // the arguments after the name, for the usage line
	summary  string // one line, for the list of commands
	about    string // paragraphs for the command's --help
	// define declares the command's flags on fs and returns the function
	// that runs it with the arguments left after the flags.
	define func(fs *flag.FlagSet) func(ctx context.Context, e *env, args []string) int
}

// commands lists the subcommands in the order that help shows them.
func commands() []*command {
	return []*command{demoCommand(), mintCommand(), inspectCommand(), serveCommand()}
}

// aliases maps other names to a command's name.
var aliases = map[string]string{"verify": "inspect"}

// run runs the command that args name and returns the process's exit code.
// ctx ends the long-running commands (demo, serve).
func run(ctx context.Context, args []string, e *env) int {
	if len(args) == 0 {
		printOverview(e.stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		return help(e, args[1:])
	case "version", "-version", "--version":
		return printVersion(e, args[1:])
	}
	cmd := find(name)
	if cmd == nil {
		fmt.Fprintf(e.stderr, "jwtsso: unknown command %q\nRun 'jwtsso help' for the list of commands.\n", name)
		return exitUsage
	}
	return cmd.run(ctx, e, args[1:])
}

func find(name string) *command {
	if real, ok := aliases[name]; ok {
		name = real
	}
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// help prints the overview, or the usage of the command args name.
func help(e *env, args []string) int {
	if len(args) == 0 {
		printOverview(e.stdout)
		return exitOK
	}
	cmd := find(args[0])
	if cmd == nil {
		fmt.Fprintf(e.stderr, "jwtsso help: unknown command %q\n", args[0])
		return exitUsage
	}
	cmd.printUsage(e.stdout)
	return exitOK
}

func printOverview(w io.Writer) {
	fmt.Fprint(w, "jwtsso: HappyFox JWT single sign-on tools.\n\nUsage:\n\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  jwtsso %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "  jwtsso version  print the version of jwtsso (also --version)\n"+
		"  jwtsso help     [COMMAND]\n\n"+
		"'verify' is another name for 'inspect'. Run 'jwtsso help COMMAND' (or 'jwtsso COMMAND --help')\n"+
		"for a command's flags. The key comes from $"+envKey+" or from --key-file PATH, never from a flag value.\n")
}

// run parses the command's flags and runs it.
func (c *command) run(ctx context.Context, e *env, args []string) int {
	fs := c.flagSet()
	exec := c.define(fs)
	rest, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		c.printUsage(e.stdout)
		return exitOK
	case err != nil:
		return c.usageError(e, "%s", flagError(err))
	}
	return exec(ctx, e, rest)
}

func (c *command) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("jwtsso "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // run reports errors itself
	return fs
}

// printUsage writes the command's --help text to w.
func (c *command) printUsage(w io.Writer) {
	fmt.Fprintf(w, "Usage: jwtsso %s %s\n\n%s\n", c.name, c.synopsis, strings.TrimSpace(c.about))
	fs := c.flagSet()
	c.define(fs)
	printFlags(w, fs)
}

// usageError reports a usage error on stderr and returns exitUsage.
func (c *command) usageError(e *env, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "jwtsso %s: %s\nRun 'jwtsso %s --help' for usage.\n", c.name, unprefixed(fmt.Sprintf(format, args...)), c.name)
	return exitUsage
}

// fail reports an error on stderr and returns exitRefused.
func (c *command) fail(e *env, err error) int {
	fmt.Fprintf(e.stderr, "jwtsso %s: %s\n", c.name, unprefixed(err.Error()))
	return exitRefused
}

// warn prints a one-line warning on stderr.
func (c *command) warn(e *env, format string, args ...any) {
	fmt.Fprintf(e.stderr, "jwtsso %s: warning: %s\n", c.name, fmt.Sprintf(format, args...))
}

// parseInterspersed parses flags that come before, between or after the
// positional arguments, which it returns in order. After "--" everything
// is positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
