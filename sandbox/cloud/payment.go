package cloud

import "github.com/kakao-sandbox/kakao-sandbox/sandbox/store"

// SCAFFOLD (issue 10, groups-and-payment-methods helper): payment methods
// (RULES B04, B05, B06, B10) and dedicated-account requests (B07).

// dedicatedRequest asks the helpdesk for a dedicated account for a group.
type dedicatedRequest struct {
	GroupID uint64 `json:"groupId"`
	Reason  string `json:"reason,omitempty"`
}

func (s *Service) approveDedicated(tx *store.Tx, r dedicatedRequest) (string, error) { return "", nil }
