package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --ads-seed (and $KAKAO_SANDBOX_ADS_SEED) sets sandbox.Config.AdsSeed,
// over the whole range of a uint64; 0, the default, leaves it random.
func TestAdsSeedFlag(t *testing.T) {
	parse := func(env map[string]string, args ...string) (*serveConfig, error) {
		var out, errOut syncBuffer
		return parseServe(args, func(k string) string { return env[k] }, &out, &errOut)
	}
	sc, err := parse(nil)
	require.NoError(t, err)
	assert.Zero(t, sc.cfg.AdsSeed)
	sc, err = parse(nil, "--ads-seed", "18446744073709551615")
	require.NoError(t, err)
	assert.Equal(t, uint64(18446744073709551615), sc.cfg.AdsSeed)
	sc, err = parse(map[string]string{"KAKAO_SANDBOX_ADS_SEED": "42"})
	require.NoError(t, err)
	assert.Equal(t, uint64(42), sc.cfg.AdsSeed)
	sc, err = parse(map[string]string{"KAKAO_SANDBOX_ADS_SEED": "42"}, "--ads-seed", "7")
	require.NoError(t, err)
	assert.Equal(t, uint64(7), sc.cfg.AdsSeed, "the flag wins")

	_, err = parse(nil, "--ads-seed", "-1")
	assert.ErrorContains(t, err, "--ads-seed -1: want a number from 0 to 18446744073709551615")
	_, err = parse(nil, "--ads-seed", "18446744073709551616")
	assert.ErrorContains(t, err, "want a whole number")
	_, err = parse(nil, "--ads-seed", "seven")
	assert.ErrorContains(t, err, "want a whole number")
	_, err = parse(map[string]string{"KAKAO_SANDBOX_ADS_SEED": "seven"})
	assert.ErrorContains(t, err, `$KAKAO_SANDBOX_ADS_SEED: "seven" is not a number`)
}
