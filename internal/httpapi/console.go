package httpapi

import (
	"maps"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// consoleRoutes are the wallet console (월렛), modelled on Kakao Business's
// web console: this file has a wallet's life, members, connections and free
// cash; console_money.go charges and refunds; console_invoices.go tax
// invoices and reviews; console_cloud*.go KakaoCloud's billing console.
func (s *Server) consoleRoutes() routes {
	rs := routes{
		"verifyIdentity":      s.handleVerifyIdentity,
		"listMyChannels":      s.handleListMyChannels,
		"listMyWallets":       s.handleListMyWallets,
		"createWallet":        s.handleCreateWallet,
		"getWallet":           s.handleGetWallet,
		"deleteWallet":        s.handleDeleteWallet,
		"setWalletStatus":     s.handleSetWalletStatus,
		"addWalletManager":    s.handleSetManager(true),
		"removeWalletManager": s.handleSetManager(false),
		"connectWallet":       s.handleConnectWallet,
		"disconnectWallet":    s.handleDisconnectWallet,
		"getWalletCash":       s.handleGetWalletCash,
		"listFreeCash":        s.handleListFreeCash,
		"activateFreeCash":    s.handleActivateFreeCash,
	}
	maps.Copy(rs, s.consoleMoneyRoutes())
	maps.Copy(rs, s.consoleInvoiceRoutes())
	maps.Copy(rs, s.cloudRoutes())
	maps.Copy(rs, s.cloudInvoiceRoutes())
	return rs
}

// handleVerifyIdentity handles POST /console/v1/identity-verification.
func (s *Server) handleVerifyIdentity(c *gin.Context) (int, any, error) {
	var req struct {
		PhoneNumber string `json:"phoneNumber"`
		Code        string `json:"code"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	u, err := s.Auth.VerifyIdentity(identity(c).UserID, req.Code)
	return http.StatusOK, identityBody{UserID: u.ID, IdentityVerified: u.IdentityVerified}, err
}

// handleListMyChannels handles GET /console/v1/channels.
func (s *Server) handleListMyChannels(c *gin.Context) (int, any, error) {
	chs, err := s.Wallets.MyChannels(identity(c).UserID)
	return http.StatusOK, channelsBody{Channels: mapSlice(chs, newChannelBody)}, err
}

// handleListMyWallets handles GET /console/v1/wallets.
func (s *Server) handleListMyWallets(c *gin.Context) (int, any, error) {
	ws, err := s.Wallets.MyWallets(identity(c).UserID)
	return http.StatusOK, walletsBody{Wallets: mapSlice(ws, newWalletBody)}, err
}

// handleCreateWallet handles POST /console/v1/wallets.
func (s *Server) handleCreateWallet(c *gin.Context) (int, any, error) {
	var req struct {
		Type      wallet.Type           `json:"type"`
		CompanyID uint64                `json:"companyId"`
		Company   *wallet.CompanyParams `json:"company"`
		ChannelID uint64                `json:"channelId"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	d, err := s.Wallets.CreateWallet(identity(c).UserID, wallet.CreateParams{
		Type: req.Type, CompanyID: req.CompanyID, Company: req.Company, ChannelID: req.ChannelID})
	return http.StatusCreated, newWalletDetailBody(d), err
}

// handleGetWallet handles GET /console/v1/wallets/{walletId}.
func (s *Server) handleGetWallet(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "walletId")
	if err != nil {
		return 0, nil, err
	}
	d, err := s.Wallets.WalletOf(identity(c).UserID, id)
	return http.StatusOK, newWalletDetailBody(d), err
}

// handleDeleteWallet handles DELETE /console/v1/wallets/{walletId}.
func (s *Server) handleDeleteWallet(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "walletId")
	if err != nil {
		return 0, nil, err
	}
	if err := s.Wallets.DeleteWallet(identity(c).UserID, id); err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, rawBody{}, nil
}

// handleSetWalletStatus handles PUT /console/v1/wallets/{walletId}/status.
func (s *Server) handleSetWalletStatus(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "walletId")
	if err != nil {
		return 0, nil, err
	}
	var req struct {
		Status wallet.Status `json:"status"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	w, err := s.Wallets.SetStatus(identity(c).UserID, id, req.Status)
	return http.StatusOK, newWalletBody(w), err
}

// handleSetManager handles POST .../managers (add) and DELETE
// .../managers/{userId} (remove).
func (s *Server) handleSetManager(add bool) handler {
	return func(c *gin.Context) (int, any, error) {
		id, err := pathID(c, "walletId")
		if err != nil {
			return 0, nil, err
		}
		var req struct {
			UserID uint64 `json:"userId"`
		}
		if add {
			err = bind(c, &req)
		} else {
			req.UserID, err = pathID(c, "userId")
		}
		if err != nil {
			return 0, nil, err
		}
		w, err := s.Wallets.SetManager(identity(c).UserID, id, req.UserID, add)
		return http.StatusOK, newWalletBody(w), err
	}
}

// handleConnectWallet handles POST /console/v1/wallets/{walletId}/connections:
// a channel is the wallet's business; an ad account is Moment's too.
func (s *Server) handleConnectWallet(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "walletId")
	if err != nil {
		return 0, nil, err
	}
	var req struct {
		ChannelID   uint64 `json:"channelId"`
		AdAccountID uint64 `json:"adAccountId"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	var conn wallet.Connection
	user := identity(c).UserID
	switch {
	case (req.ChannelID == 0) == (req.AdAccountID == 0):
		return 0, nil, kakao.Invalid("body", "give exactly one of channelId and adAccountId")
	case req.ChannelID != 0:
		conn, err = s.Wallets.ConnectChannel(user, id, req.ChannelID)
	default:
		conn, err = s.Moment.ConnectWallet(user, id, req.AdAccountID)
	}
	return http.StatusCreated, newConnectionBody(conn), err
}

// handleDisconnectWallet handles DELETE .../connections/{connectionId}.
func (s *Server) handleDisconnectWallet(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "walletId")
	if err != nil {
		return 0, nil, err
	}
	connID, err := pathID(c, "connectionId")
	if err != nil {
		return 0, nil, err
	}
	d, err := s.Wallets.Disconnect(identity(c).UserID, id, connID)
	return http.StatusOK, disconnectedBody{Connection: newConnectionBody(d.Connection), ReclaimedFreeCash: d.Reclaimed, Wallet: newWalletBody(d.Wallet)}, err
}

// handleGetWalletCash handles GET /console/v1/wallets/{walletId}/cash.
func (s *Server) handleGetWalletCash(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "walletId")
	if err != nil {
		return 0, nil, err
	}
	p, err := s.Wallets.Ledger(identity(c).UserID, id, queryInt(c, "page", 0), queryInt(c, "size", 20))
	return http.StatusOK, newLedgerPageBody(p), err
}

// handleListFreeCash handles GET /console/v1/wallets/{walletId}/free-cash.
func (s *Server) handleListFreeCash(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "walletId")
	if err != nil {
		return 0, nil, err
	}
	gs, err := s.Wallets.Grants(identity(c).UserID, id)
	return http.StatusOK, grantsBody{Grants: mapSlice(gs, newGrantBody)}, err
}

// handleActivateFreeCash handles POST .../free-cash/{grantId}/activate.
func (s *Server) handleActivateFreeCash(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "walletId")
	if err != nil {
		return 0, nil, err
	}
	grantID, err := pathID(c, "grantId")
	if err != nil {
		return 0, nil, err
	}
	g, err := s.Wallets.ActivateGrant(identity(c).UserID, id, grantID)
	return http.StatusOK, newGrantBody(g), err
}
