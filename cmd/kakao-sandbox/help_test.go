package main

import (
	"context"
	"flag"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHelpListsEveryCommand: --help, serve --help and help name every
// command run dispatches (issue 20: snapshot and fixtures were missing).
func TestHelpListsEveryCommand(t *testing.T) {
	helps := map[string]string{}
	for _, args := range [][]string{{"--help"}, {"serve", "--help"}, {"help"}} {
		var out, errOut syncBuffer
		err := run(context.Background(), args, noEnv, &out, &errOut)
		if args[0] != "help" {
			require.ErrorIs(t, err, flag.ErrHelp)
		} else {
			require.NoError(t, err)
		}
		assert.Empty(t, errOut.String(), "asked-for help goes to stdout")
		helps[args[len(args)-1]+" of "+args[0]] = out.String()
	}
	require.Len(t, commands(), 9)
	for _, c := range commands() {
		word := regexp.MustCompile(`(^|[\s\[,])` + regexp.QuoteMeta(c.name) + `([\s\],.]|$)`)
		for which, text := range helps {
			assert.Regexp(t, word, text, "%s does not name the command %q", which, c.name)
		}
		// run dispatches it: no "unknown command".
		var out, errOut syncBuffer
		_ = run(context.Background(), []string{c.name, "--no-such-flag"}, noEnv, &out, &errOut)
		assert.NotContains(t, errOut.String(), "unknown command", c.name)
	}
	var out, errOut syncBuffer
	assert.ErrorIs(t, run(context.Background(), []string{"frobnicate"}, noEnv, &out, &errOut), errUsage)
	assert.Contains(t, errOut.String(), "kakao-sandbox snapshot save|load", "an unknown command shows the overview")
}
