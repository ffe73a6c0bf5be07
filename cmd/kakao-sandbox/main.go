// Command kakao-sandbox serves a local, stateful sandbox of the Kakao APIs
// that move advertisers' money. See the README, or run it with --help.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "kakao-sandbox:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

// run is the whole program, so tests can run it in-process on 127.0.0.1:0.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	name := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, args, getenv, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "kakao-sandbox: unknown command %q\n\n%s", name, overview())
	return errUsage
}

// command is one of the binary's commands. run dispatches from commands()
// and the help lists the same table, so no command goes unlisted.
type command struct {
	name  string
	usage string // what follows "kakao-sandbox " in the overview
	what  string
	run   func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error
}

// commands is the binary's commands, in the order the overview lists them.
func commands() []command {
	return []command{
		{"serve", "[serve] [flags]", "serve the sandbox (the default)", serve},
		{"check", "check --data FILE", "verify every wallet balance equals its ledger",
			func(_ context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
				return check(args, getenv, stdout, stderr)
			}},
		{"snapshot", "snapshot save|load FILE --data DB", "write the whole state to FILE, or replace it with FILE's",
			func(_ context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
				return snapshotCmd(args, getenv, stdout, stderr)
			}},
		{"healthcheck", "healthcheck", "exit 0 if the sandbox at --addr answers healthy", healthcheck},
		{"scenarios", "scenarios", "list the shipped failure scenarios",
			func(_ context.Context, _ []string, _ func(string) string, stdout, _ io.Writer) error {
				return listScenarios(stdout)
			}},
		{"fixtures", "fixtures generate", "write a seeded fixture document of any size",
			func(_ context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
				return fixturesCmd(args, stdout, stderr)
			}},
		{"ca", "ca [--data FILE]", "print the local CA certificate to trust for --tls",
			func(_ context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
				return printCA(args, getenv, stdout, stderr)
			}},
		{"version", "version", "print the version",
			func(_ context.Context, _ []string, _ func(string) string, stdout, _ io.Writer) error {
				return printVersion(stdout)
			}},
		{"help", "help", "print this overview",
			func(_ context.Context, _ []string, _ func(string) string, stdout, _ io.Writer) error {
				_, err := fmt.Fprint(stdout, overview())
				return err
			}},
	}
}

// overview is what 'kakao-sandbox help' prints: every command.
func overview() string {
	var b strings.Builder
	b.WriteString("kakao-sandbox: a local, stateful sandbox of the Kakao APIs that move advertisers' money.\n\nUsage:\n")
	const col = 35 // where the descriptions start
	for _, c := range commands() {
		use := "kakao-sandbox " + c.usage
		if len(use) < col {
			fmt.Fprintf(&b, "  %-*s%s\n", col, use, c.what)
		} else {
			fmt.Fprintf(&b, "  %s\n  %*s%s\n", use, col, "", c.what)
		}
	}
	b.WriteString(`
Run 'kakao-sandbox serve --help' for the serving flags. Every flag also reads
a KAKAO_SANDBOX_* environment variable, named in its help.
`)
	return b.String()
}

// otherCommands is the line of serve's help that names the other commands.
func otherCommands() string {
	var names []string
	for _, c := range commands() {
		if c.name != "serve" {
			names = append(names, c.name)
		}
	}
	return "\nOther commands: " + strings.Join(names, ", ") + " (run 'kakao-sandbox help').\n"
}
