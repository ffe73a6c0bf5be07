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
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, getenv, stdout, stderr)
	case "version":
		return printVersion(stdout)
	case "healthcheck":
		return healthcheck(ctx, args, getenv, stdout, stderr)
	case "check":
		return check(args, getenv, stdout, stderr)
	case "scenarios":
		return listScenarios(stdout)
	case "fixtures":
		return fixturesCmd(args, stdout, stderr)
	case "snapshot":
		return snapshotCmd(args, getenv, stdout, stderr)
	case "ca":
		return printCA(args, getenv, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, overview)
		return nil
	default:
		fmt.Fprintf(stderr, "kakao-sandbox: unknown command %q\n\n%s", cmd, overview)
		return errUsage
	}
}

const overview = `kakao-sandbox: a local, stateful sandbox of the Kakao APIs that move advertisers' money.

Usage:
  kakao-sandbox [serve] [flags]      serve the sandbox (the default)
  kakao-sandbox check --data FILE    verify every wallet balance equals its ledger
  kakao-sandbox snapshot save|load FILE --data DB
                                     write the whole state to FILE, or replace it with FILE's
  kakao-sandbox healthcheck          exit 0 if the sandbox at --addr answers healthy
  kakao-sandbox scenarios            list the shipped failure scenarios
  kakao-sandbox fixtures generate    write a seeded fixture document of any size
  kakao-sandbox ca [--data FILE]     print the local CA certificate to trust for --tls
  kakao-sandbox version              print the version

Run 'kakao-sandbox serve --help' for the serving flags. Every flag also reads
a KAKAO_SANDBOX_* environment variable, named in its help.
`
