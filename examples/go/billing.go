// Package billing is the code under test in these examples: a small Kakao
// Moment client that tops up an ad account by bank transfer (a virtual
// account) and reads its balance. Your own Kakao client takes its place; the
// tests beside it show three ways to run it against kakao-sandbox in CI.
package billing

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// Client calls Kakao Moment's billing API.
type Client struct {
	BaseURL string       // https://apis.moment.kakao.com in production
	Token   string       // a business token
	HTTP    *http.Client // nil: http.DefaultClient
}

// VirtualAccount is where the advertiser's bank transfer goes.
type VirtualAccount struct {
	AccountNumber string `json:"accountNumber"`
	BankName      string `json:"bankName"`
	Amount        int64  `json:"amount"`
	ExpireDttm    string `json:"expireDttm"`
}

// IssueVirtualAccount asks for a virtual account that takes exactly amount won.
func (c *Client) IssueVirtualAccount(ctx context.Context, adAccountID, amount int64, bankCode string) (VirtualAccount, error) {
	body, _ := json.Marshal(map[string]any{"adAccountId": adAccountID, "amount": amount, "bankCode": bankCode})
	var va VirtualAccount
	err := c.do(ctx, http.MethodPost, "/openapi/v4/billing/virtualAccount", adAccountID, body, &va)
	return va, err
}

// Cash is the ad account's paid cash balance.
func (c *Client) Cash(ctx context.Context, adAccountID int64) (int64, error) {
	var balance struct {
		Cash int64 `json:"cash"`
	}
	err := c.do(ctx, http.MethodGet, "/openapi/v4/adAccounts/balance", adAccountID, nil, &balance)
	return balance.Cash, err
}

func (c *Client) do(ctx context.Context, method, path string, adAccountID int64, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("adAccountId", strconv.FormatInt(adAccountID, 10))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	client := c.HTTP
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: HTTP %d: %s", method, path, resp.StatusCode, data) // Kakao's {"code":…,"msg":…} body
	}
	return json.Unmarshal(data, out)
}
