package sandbox

import (
	"fmt"
	"os"

	"github.com/kakao-sandbox/kakao-sandbox/internal/ads"
	"github.com/kakao-sandbox/kakao-sandbox/internal/scenarios"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// CheckReport is the outcome of Check.
type CheckReport struct {
	Wallets    int
	Mismatches []wallet.Mismatch
	// Problems are stored values the sandbox could not serve (rule R10):
	// each names its bucket and key, and says what is wrong.
	Problems []string
}

// OK reports whether every value reads as its owner reads it and every
// balance equals its ledger.
func (r CheckReport) OK() bool { return len(r.Mismatches) == 0 && len(r.Problems) == 0 }

// maxProblems bounds what a check reports of a badly damaged file.
const maxProblems = 100

// Check opens a data file that no sandbox is serving, reads every stored
// value as the package owning its bucket reads it (rule R10) and verifies
// that every wallet's balance equals its ledger (rule W15). The file must
// exist: a check creates nothing. A damaged file is refused as at start
// (rule R07).
func Check(path string) (CheckReport, error) {
	if _, err := os.Stat(path); err != nil {
		return CheckReport{}, fmt.Errorf("no data file to check: %w", err)
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return CheckReport{}, err
	}
	defer db.Close()
	k := offlineKinds(db)
	var r CheckReport
	err = db.View(func(tx *store.Tx) (err error) {
		if r.Problems, err = checkValues(tx, k); err != nil || len(r.Problems) > 0 {
			return err // the ledger check reads the wallets, which may not decode
		}
		r.Wallets, r.Mismatches, err = wallet.Verify(tx)
		return err
	})
	return r, err
}

// checkValues reads every stored value as its owner would, and what needs
// the domain or more than one value at a time: effect and review kinds,
// scenarios, the ads tree. It reports the first maxProblems problems.
func checkValues(tx *store.Tx, k kinds) ([]string, error) {
	found, err := tx.CheckShapes(maxProblems)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(found))
	for _, p := range found {
		out = append(out, p.String())
	}
	if len(out) > 0 {
		return out, nil
	}
	if err := k.check(tx); err != nil {
		out = append(out, err.Error())
	}
	if err := scenarios.Check(tx); err != nil {
		out = append(out, err.Error())
	}
	if err := ads.Check(tx); err != nil {
		out = append(out, err.Error())
	}
	return out, nil
}

// checkAtStart refuses a data file holding values the sandbox could not
// serve (rule R10), as a damaged file is refused (rule R07): serving it
// would answer 500 wherever they are read.
func (s *Sandbox) checkAtStart() error {
	var problems []string
	err := s.db.View(func(tx *store.Tx) (err error) {
		problems, err = checkValues(tx, s.kinds())
		return err
	})
	if err != nil || len(problems) == 0 {
		return err
	}
	first := problems[0]
	if len(problems) > 1 {
		first += fmt.Sprintf(" (and %d more)", len(problems)-1)
	}
	return fmt.Errorf("sandbox: %s holds values this build cannot serve: %s: kakao-sandbox check --data %s lists them; load a snapshot into it, or start with another --data file", s.db.Path(), first, s.db.Path())
}
