package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// TestTaxInvoiceDayFlag: the issue day of wallet tax invoices (rule W06) is
// a flag with an environment default, and a day not in every month is refused.
func TestTaxInvoiceDayFlag(t *testing.T) {
	var out, errOut syncBuffer
	sc, err := parseServe(nil, noEnv, &out, &errOut)
	require.NoError(t, err)
	assert.Equal(t, wallet.DefaultTaxInvoiceDay, sc.cfg.TaxInvoiceDay)

	sc, err = parseServe(nil, func(k string) string { return map[string]string{"KAKAO_SANDBOX_TAX_INVOICE_DAY": "10"}[k] }, &out, &errOut)
	require.NoError(t, err)
	assert.Equal(t, 10, sc.cfg.TaxInvoiceDay)

	sc, err = parseServe([]string{"--tax-invoice-day", "28"}, noEnv, &out, &errOut)
	require.NoError(t, err)
	assert.Equal(t, 28, sc.cfg.TaxInvoiceDay)

	for _, bad := range []string{"0", "29", "-1"} {
		_, err := parseServe([]string{"--tax-invoice-day", bad}, noEnv, &out, &errOut)
		assert.ErrorContains(t, err, "--tax-invoice-day "+bad+": want a day from 1 to 28")
	}
	_, err = parseServe(nil, func(k string) string { return map[string]string{"KAKAO_SANDBOX_TAX_INVOICE_DAY": "first"}[k] }, &out, &errOut)
	assert.ErrorContains(t, err, "KAKAO_SANDBOX_TAX_INVOICE_DAY")
}
