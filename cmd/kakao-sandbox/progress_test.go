package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures"
)

// On a terminal a load draws one line it redraws, ended when the load is
// (and what comes next said);
// anywhere else there is no bar, and the sandbox logs slog lines instead.
func d03ProgressBarOnlyOnATerminal(t *testing.T) {
	assert.Nil(t, progressBar(&bytes.Buffer{}))
	half := barLine(fixtures.Progress{List: "adAccounts", Done: 150, Total: 300, Elapsed: 1200 * time.Millisecond})
	assert.Equal(t, "\rloading fixtures [###############               ]  50% 150/300 adAccounts 1.2s", half)
	done := barLine(fixtures.Progress{Done: 300, Total: 300, Elapsed: 2 * time.Second, Final: true})
	assert.Equal(t, "\rloading fixtures [##############################] 100% 300/300  2.0s\nwriting them to the data file…\n", done,
		"the seconds of sorting and committing a large load are announced")
}
