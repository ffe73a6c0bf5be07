package sandbox

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/cloud"
	"github.com/kakao-sandbox/kakao-sandbox/internal/journal"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// TestConfigZeroIsDefault: the zero value of every field is valid and is
// its default, the same default the binary's flags show.
func TestConfigZeroIsDefault(t *testing.T) {
	cfg := Config{DataPath: "x.db"}
	require.NoError(t, cfg.Validate())
	d := cfg.withDefaults()
	assert.Equal(t, wallet.DefaultTaxInvoiceDay, d.TaxInvoiceDay)
	assert.Equal(t, cloud.DefaultDueDay, d.CloudDueDay)
	require.NotNil(t, d.CloudLateFeeBasisPoints)
	assert.Equal(t, cloud.DefaultLateFeeBasisPoints, *d.CloudLateFeeBasisPoints)
	assert.Equal(t, journal.DefaultSize, d.JournalSize)
	assert.Equal(t, moment.DefaultValidity, d.VirtualAccountValidity)
	assert.Zero(t, d.WriteTimeout, "none")
	assert.NotNil(t, d.Now)
	assert.NotNil(t, d.Logger)
	assert.NotNil(t, d.Progress)

	set := Config{DataPath: "x.db", TaxInvoiceDay: 28, CloudDueDay: 1, CloudLateFeeBasisPoints: new(0), JournalSize: 1, VirtualAccountValidity: time.Second}
	require.NoError(t, set.Validate())
	d = set.withDefaults()
	assert.Equal(t, []int{28, 1, 0, 1}, []int{d.TaxInvoiceDay, d.CloudDueDay, *d.CloudLateFeeBasisPoints, d.JournalSize}, "what is set stays; new(0) charges no late fee")
}

// TestConfigValidate: every field with a range is checked in one place, and
// the error names the field, its value and the range.
func TestConfigValidate(t *testing.T) {
	_, err := Open(Config{})
	assert.EqualError(t, err, "sandbox: no data file given")
	for want, cfg := range map[string]Config{
		"sandbox: Config.TaxInvoiceDay 29: want a day from 1 to 28 (0 is the default, 1)":                                                              {TaxInvoiceDay: 29},
		"sandbox: Config.CloudDueDay -1: want a day from 1 to 28 (0 is the default, 25)":                                                               {CloudDueDay: -1},
		"sandbox: Config.CloudLateFeeBasisPoints -1: want basis points from 0 to 10000 (nil is the default, 200; 0 charges none)":                      {CloudLateFeeBasisPoints: new(-1)},
		"sandbox: Config.CloudLateFeeBasisPoints 10001: want basis points from 0 to 10000 (nil is the default, 200; 0 charges none)":                   {CloudLateFeeBasisPoints: new(10001)},
		"sandbox: Config.JournalSize 100001: want a number of requests from 1 to 100000 (0 is the default, 10000)":                                     {JournalSize: 100001},
		"sandbox: Config.VirtualAccountValidity 8808h0m0s: want a duration from 1s to 8784h0m0s (0 is the default, 168h0m0s)":                          {VirtualAccountValidity: 367 * 24 * time.Hour},
		"sandbox: Config.VirtualAccountValidity -1s: want a duration from 1s to 8784h0m0s (0 is the default, 168h0m0s)":                                {VirtualAccountValidity: -time.Second},
		"sandbox: Config.WriteTimeout 25h0m0s: want a duration from 1ms to 24h0m0s (0 is none)":                                                        {WriteTimeout: 25 * time.Hour},
		"sandbox: Config.Clock 9001-01-01T09:00:01+09:00: want a time from 1970-01-01T00:00:00+09:00 to 9001-01-01T00:00:00+09:00 (zero is real time)": {Clock: clock.MaxTime.Add(9*time.Hour + time.Second)},
	} {
		cfg.DataPath = t.TempDir() + "/never.db"
		_, err := Open(cfg)
		assert.EqualError(t, err, want)
		var ce *ConfigError
		assert.True(t, errors.As(err, &ce), "a *ConfigError: %v", err)
		assert.NoFileExists(t, cfg.DataPath, "refused before the data file")
	}
}
