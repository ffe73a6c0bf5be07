package floor

import (
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Each level answers the load reports' two calls; from Validated on, a body
// the document refuses is refused; Stored keeps one record per call.
func TestLevels(t *testing.T) {
	for name, level := range Levels {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "floor.db")
			srv, err := New(Config{Level: level, DataPath: path, NoSync: true})
			require.NoError(t, err)
			hs := httptest.NewServer(srv)
			defer hs.Close()

			status, body := call(t, "GET", hs.URL+"/openapi/v4/adAccounts/balance", "")
			assert.Equal(t, http.StatusOK, status, body)
			assert.JSONEq(t, `{"id":30001,"cash":0,"freeCash":0,"bizWalletId":1}`, body)
			for range 2 {
				status, body = call(t, "POST", hs.URL+"/openapi/v4/billing/virtualAccount", `{"adAccountId":30001,"amount":100000,"bankCode":"88"}`)
				assert.Equal(t, http.StatusOK, status, body)
				assert.Contains(t, body, `"accountNumber":"988`)
			}
			status, body = call(t, "POST", hs.URL+"/openapi/v4/billing/virtualAccount", `{"adAccountId":"x","amount":100000,"bankCode":"88"}`)
			if level >= Validated {
				assert.Equal(t, http.StatusBadRequest, status, body)
				assert.Contains(t, body, "adAccountId")
			}
			require.NoError(t, srv.Close())
			if level < Stored {
				return
			}
			db, err := store.Open(path, store.Options{})
			require.NoError(t, err)
			defer db.Close()
			n := 0
			require.NoError(t, db.View(func(tx *store.Tx) error {
				return tx.ScanRaw(bucket, func(k, v []byte) error {
					n++
					assert.Contains(t, string(v), `"o":"(주)부하시험"`)
					return nil
				})
			}))
			assert.Equal(t, 2, n, "one record per virtual account")
		})
	}
}

func call(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer load-0")
	req.Header.Set("adAccountId", "30001")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(data)
}
