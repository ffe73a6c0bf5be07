package main

import (
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFixturesFlagNamesResetsSets: --fixtures takes the names a reset body
// takes (builtin-demo, empty), so a name learnt in one place works in the
// other; startup, which only a reset can mean, is refused saying why.
func TestFixturesFlagNamesResetsSets(t *testing.T) {
	t.Parallel()
	parse := func(v string) ([]byte, error) {
		sc, err := parseServe([]string{"--fixtures", v}, noEnv, io.Discard, io.Discard)
		if err != nil {
			return nil, err
		}
		return sc.cfg.Fixtures, nil
	}
	for _, v := range []string{"builtin-demo", "demo"} {
		got, err := parse(v)
		require.NoError(t, err, v)
		assert.Nil(t, got, "%s: the embedded demo data", v)
	}
	got, err := parse("empty")
	require.NoError(t, err)
	assert.Equal(t, "{}", string(got))
	_, err = parse("startup")
	assert.ErrorContains(t, err, "startup is what a reset goes back to")
	_, err = parse(t.TempDir() + "/none.yaml")
	assert.ErrorContains(t, err, "give builtin-demo, empty, or a YAML/JSON file")
}
