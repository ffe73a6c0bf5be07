package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --allowed-host and --allowed-origin (rule R12) reach sandbox.Config, from
// flags or the environment, and a value that is no host name or no origin
// is refused before anything starts.
func TestAllowedHostAndOriginFlags(t *testing.T) {
	var out, errOut bytes.Buffer
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	sc, err := parseServe([]string{"--allowed-host", "sandbox.example.com", "--allowed-host", "*", "--allowed-origin", "http://localhost:3000"}, noEnv, &out, &errOut)
	require.NoError(t, err)
	assert.Equal(t, []string{"sandbox.example.com", "*"}, sc.cfg.AllowedHosts)
	assert.Equal(t, []string{"http://localhost:3000"}, sc.cfg.AllowedOrigins)

	sc, err = parseServe(nil, env(map[string]string{"KAKAO_SANDBOX_ALLOWED_HOST": "a.example, b.example", "KAKAO_SANDBOX_ALLOWED_ORIGIN": "https://app.example"}), &out, &errOut)
	require.NoError(t, err)
	assert.Equal(t, []string{"a.example", "b.example"}, sc.cfg.AllowedHosts)
	assert.Equal(t, []string{"https://app.example"}, sc.cfg.AllowedOrigins)

	for _, args := range [][]string{{"--allowed-origin", "localhost:3000"}, {"--allowed-origin", "*"}, {"--allowed-host", "http://x.example"}} {
		_, err := parseServe(args, noEnv, &out, &errOut)
		require.Error(t, err, "%v", args)
		assert.Contains(t, err.Error(), args[0], "the error names the flag")
	}
}
