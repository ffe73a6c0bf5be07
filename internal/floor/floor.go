// Package floor is what the sandbox's speed is measured against
// (docs/performance.md): the two Moment operations of the load reports,
// answered by the least a server could do for them. Each level adds one
// part of the sandbox's own work:
//
//   - Plain: Gin answering the bodies the sandbox answers, encoded per request;
//   - Validated: and each request checked against the sandbox's own OpenAPI
//     document, as the sandbox checks it (strict JSON, then kin-openapi);
//   - Stored: and the POST's record (a virtual account, in the sandbox's
//     storage format) written to a bbolt file through the sandbox's store,
//     group commit included, fsync'd unless NoSync.
//
// No authentication, rate limit, journal, metrics or domain rule: what the
// sandbox spends above the floor is the cost of those.
package floor

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/openapi"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Level is how much of the sandbox's work a floor server does.
type Level int

const (
	Plain Level = iota
	Validated
	Stored
)

// Levels by name, as the load reports and the test binary spell them.
var Levels = map[string]Level{"plain": Plain, "validated": Validated, "stored": Stored}

// Config is a floor server's.
type Config struct {
	Level    Level
	DataPath string // Stored: the bbolt file, created
	NoSync   bool   // Stored: commit without fsync
}

// Server is a floor server's handler and its data file.
type Server struct {
	http.Handler
	db *store.DB
}

// The operations' ids in the sandbox's document.
const (
	balanceOp        = "getAdAccountBalance"
	virtualAccountOp = "createVirtualAccount"
)

// New builds a floor server.
func New(cfg Config) (*Server, error) {
	s := &Server{}
	var ops map[string]*openapi.Operation
	if cfg.Level >= Validated {
		spec, err := openapi.Load(openapi.Embedded)
		if err != nil {
			return nil, err
		}
		ops = map[string]*openapi.Operation{}
		for _, o := range spec.Operations {
			if o.ID == balanceOp || o.ID == virtualAccountOp {
				ops[o.ID] = o
			}
		}
		if len(ops) != 2 {
			return nil, fmt.Errorf("floor: the document lacks %s or %s", balanceOp, virtualAccountOp)
		}
	}
	if cfg.Level >= Stored {
		db, err := store.Open(cfg.DataPath, store.Options{NoSync: cfg.NoSync})
		if err != nil {
			return nil, err
		}
		s.db = db
	}
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.GET("/openapi/v4/adAccounts/balance", func(c *gin.Context) {
		if ops != nil {
			if err := ops[balanceOp].ValidateRequest(c.Request.Context(), c.Request, nil, nil); err != nil {
				c.JSON(http.StatusBadRequest, gin.H{"msg": err.Error()})
				return
			}
		}
		c.JSON(http.StatusOK, balance{ID: 30001, Cash: 0, FreeCash: 0, BizWalletID: 1})
	})
	e.POST("/openapi/v4/billing/virtualAccount", func(c *gin.Context) {
		body, err := io.ReadAll(io.LimitReader(c.Request.Body, 1<<16))
		if err != nil {
			return
		}
		if ops != nil {
			if err := ops[virtualAccountOp].ValidateRequest(c.Request.Context(), c.Request, nil, body); err != nil {
				c.JSON(http.StatusBadRequest, gin.H{"msg": err.Error()})
				return
			}
		}
		var req struct {
			AdAccountID uint64 `json:"adAccountId"`
			Amount      int64  `json:"amount"`
			BankCode    string `json:"bankCode"`
		}
		if err := json.Unmarshal(body, &req); err != nil {
			c.JSON(http.StatusBadRequest, gin.H{"msg": err.Error()})
			return
		}
		va, err := s.issue(req.AdAccountID, req.Amount, req.BankCode)
		if err != nil {
			c.JSON(http.StatusInternalServerError, gin.H{"msg": err.Error()})
			return
		}
		c.JSON(http.StatusOK, va)
	})
	s.Handler = e
	return s, nil
}

// Close closes the data file, if any.
func (s *Server) Close() error {
	if s.db == nil {
		return nil
	}
	return s.db.Close()
}

type balance struct {
	ID          uint64 `json:"id"`
	Cash        int64  `json:"cash"`
	FreeCash    int64  `json:"freeCash"`
	BizWalletID uint64 `json:"bizWalletId"`
}

type virtualAccount struct {
	AccountNumber    string `json:"accountNumber"`
	AccountOwnerName string `json:"accountOwnerName"`
	Amount           int64  `json:"amount"`
	BankCode         string `json:"bankCode"`
	BankName         string `json:"bankName"`
	ExpireDttm       string `json:"expireDttm"`
}

// stored is a virtual account as the sandbox stores it
// (internal/moment/stored.go): the same fields, names and sizes.
type stored struct {
	Owner     string `json:"o"`
	Amount    int64  `json:"a"`
	Bank      string `json:"b"`
	AdAccount uint64 `json:"ad"`
	Wallet    uint64 `json:"w"`
	User      uint64 `json:"u"`
	Created   int64  `json:"c"`
	Expires   int64  `json:"x"`
	Status    string `json:"s"`
}

const (
	bucket   = "floorVirtualAccounts"
	owner    = "(주)부하시험"
	validity = 7 * 24 * time.Hour
)

// seq numbers the accounts of the levels that keep nothing.
var seq atomic.Uint64

// issue makes the virtual account, and at Stored writes it as the sandbox
// would: a sequence number and the record, in one group-committed write.
func (s *Server) issue(adAccount uint64, amount int64, bank string) (virtualAccount, error) {
	now := time.Now().Truncate(time.Millisecond)
	rec := stored{Owner: owner, Amount: amount, Bank: bank, AdAccount: adAccount, Wallet: 1, User: 1,
		Created: now.UnixMilli(), Expires: now.Add(validity).UnixMilli(), Status: "AWAITING_DEPOSIT"}
	var number string
	if s.db == nil {
		number = accountNumber(bank, seq.Add(1))
	} else {
		err := s.db.Update(func(tx *store.Tx) error {
			n, err := tx.NextID(bucket)
			if err != nil {
				return err
			}
			number = accountNumber(bank, n)
			return tx.PutDense(bucket, []byte(number), rec)
		})
		if err != nil {
			return virtualAccount{}, err
		}
	}
	return virtualAccount{AccountNumber: number, AccountOwnerName: owner, Amount: amount, BankCode: bank,
		BankName: "케이뱅크", ExpireDttm: now.Add(validity).Format("2006-01-02 15:04:05")}, nil
}

func accountNumber(bank string, n uint64) string {
	b := make([]byte, 0, 16)
	b = append(b, '9')
	b = append(b, bank...)
	s := strconv.FormatUint(n, 10)
	for range 11 - len(s) {
		b = append(b, '0')
	}
	return string(append(b, s...))
}
