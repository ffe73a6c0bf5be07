package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/cloud"
)

// TestCloudCalendarFlags: KakaoCloud's guessed due day and late fee (rule
// B01, B03) are flags with environment defaults, refused out of range at the
// command line rather than quietly defaulted.
func TestCloudCalendarFlags(t *testing.T) {
	var out, errOut syncBuffer
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }

	sc, err := parseServe(nil, noEnv, &out, &errOut)
	require.NoError(t, err)
	assert.Equal(t, cloud.DefaultDueDay, sc.cfg.CloudDueDay)
	assert.Equal(t, cloud.DefaultLateFeeBasisPoints, *sc.cfg.CloudLateFeeBasisPoints)

	sc, err = parseServe(nil, env(map[string]string{"KAKAO_SANDBOX_CLOUD_DUE_DAY": "20", "KAKAO_SANDBOX_CLOUD_LATE_FEE_BP": "150"}), &out, &errOut)
	require.NoError(t, err)
	assert.Equal(t, 20, sc.cfg.CloudDueDay)
	assert.Equal(t, 150, *sc.cfg.CloudLateFeeBasisPoints)

	sc, err = parseServe([]string{"--cloud-due-day", "1", "--cloud-late-fee-bp", "0"}, noEnv, &out, &errOut)
	require.NoError(t, err)
	assert.Equal(t, 1, sc.cfg.CloudDueDay)
	assert.Equal(t, 0, *sc.cfg.CloudLateFeeBasisPoints, "0 charges no late fee; it is not the default")

	for _, bad := range []string{"0", "29", "-1"} {
		_, err := parseServe([]string{"--cloud-due-day", bad}, noEnv, &out, &errOut)
		assert.ErrorContains(t, err, "--cloud-due-day "+bad+": want a day from 1 to 28")
	}
	for _, bad := range []string{"-1", "10001"} {
		_, err := parseServe([]string{"--cloud-late-fee-bp", bad}, noEnv, &out, &errOut)
		assert.ErrorContains(t, err, "--cloud-late-fee-bp "+bad+": want basis points from 0 to 10000")
	}
	_, err = parseServe(nil, env(map[string]string{"KAKAO_SANDBOX_CLOUD_LATE_FEE_BP": "2%"}), &out, &errOut)
	assert.ErrorContains(t, err, "KAKAO_SANDBOX_CLOUD_LATE_FEE_BP")
}
