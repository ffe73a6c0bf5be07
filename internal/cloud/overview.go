package cloud

import "github.com/kakao-sandbox/kakao-sandbox/internal/store"

// GroupInvoices is a billing group with its invoices, newest month first.
type GroupInvoices struct {
	Group    BillingGroup
	Invoices []Invoice
}

// AllInvoices lists the first limit billing groups by id with their
// invoices, for the control plane's dashboard (no member to authorize), and
// how many groups there are.
func (s *Service) AllInvoices(limit int) ([]GroupInvoices, int, error) {
	var out []GroupInvoices
	total := 0
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(groupsBucket, nil, func(_, v []byte) (bool, error) {
			total++
			if len(out) >= limit {
				return true, nil
			}
			var gi GroupInvoices
			if err := unmarshal(v, &gi.Group); err != nil {
				return false, err
			}
			invs, err := invoicesOf(tx, gi.Group.ID)
			gi.Invoices = invs
			out = append(out, gi)
			return err == nil, err
		})
	})
	return out, total, err
}
