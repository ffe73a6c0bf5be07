package ads

import (
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Kinds of entity whose system switch the control plane sets.
const (
	KindCampaign = "campaign"
	KindAdGroup  = "adGroup"
)

// historyKey is a campaign's or ad group's history entry: a kind byte, its
// id, the entry's sequence.
func historyKey(kind string, id, seq uint64) []byte {
	k := byte('c')
	if kind == KindAdGroup {
		k = 'g'
	}
	return store.Keys([]byte{k}, store.Key(id), store.Key(seq))
}

// SetSystemConfig sets the system switch (ON, ADMIN_STOP,
// EXTERNAL_SERVICE_STOP) of a campaign or ad group, as Kakao's staff do,
// and records why in its history. Control plane: no caller.
func (s *Service) SetSystemConfig(kind string, id uint64, value SystemConfig, reason string) (SystemConfigHistory, error) {
	h := SystemConfigHistory{SystemConfig: value, Reason: reason}
	if err := oneOf("systemConfig", string(value), string(SystemOn), string(SystemAdminStop), string(SystemExternalServiceStop)); err != nil {
		return h, err
	}
	err := s.db.Update(func(tx *store.Tx) error {
		h.At = tx.Now()
		switch kind {
		case KindCampaign:
			cp, err := getCampaign(tx, id)
			if err != nil {
				return err
			}
			if cp.Config == moment.ConfigDel { // as every other call on a deleted campaign
				return kakao.ErrCampaignNotFound.With("campaign %d was deleted: it has no system switch to set", id)
			}
			cp.SystemConfig, cp.ModifiedAt = value, h.At
			if err := tx.Put(campaignsBucket, store.Key(id), cp); err != nil {
				return err
			}
		case KindAdGroup:
			g, err := getAdGroup(tx, id)
			if err != nil {
				return err
			}
			if g.Config == moment.ConfigDel {
				return kakao.ErrAdGroupDeleted.With("ad group %d was deleted: it has no system switch to set", id)
			}
			g.SystemConfig, g.ModifiedAt = value, h.At
			if err := tx.Put(adGroupsBucket, store.Key(id), g); err != nil {
				return err
			}
		default:
			return kakao.Invalid("kind", "%q is neither campaign nor adGroup", kind)
		}
		seq, err := tx.NextID(historiesBucket)
		if err != nil {
			return err
		}
		return tx.Put(historiesBucket, historyKey(kind, id, seq), h)
	})
	return h, err
}

// SystemConfigHistories lists a campaign's system switch changes, newest
// first (latestSystemConfigHistory is the first).
func (s *Service) SystemConfigHistories(c moment.Caller, adAccountID, id uint64) ([]SystemConfigHistory, error) {
	var out []SystemConfigHistory
	err := s.read(c, adAccountID, func(w *world) error {
		_, err := campaignIn(w.tx, adAccountID, id)
		if err == nil {
			out, err = histories(w.tx, KindCampaign, id)
		}
		return err
	})
	return out, err
}

// AdGroupSystemConfigHistories lists an ad group's, newest first.
func (s *Service) AdGroupSystemConfigHistories(c moment.Caller, adAccountID, id uint64) ([]SystemConfigHistory, error) {
	var out []SystemConfigHistory
	err := s.read(c, adAccountID, func(w *world) error {
		_, err := adGroupIn(w.tx, adAccountID, id)
		if err == nil {
			out, err = histories(w.tx, KindAdGroup, id)
		}
		return err
	})
	return out, err
}

func histories(tx *store.Tx, kind string, id uint64) ([]SystemConfigHistory, error) {
	var out []SystemConfigHistory
	err := tx.Scan(historiesBucket, historyKey(kind, id, 0)[:9], func(_, v []byte) (bool, error) {
		var h SystemConfigHistory
		if err := store.Decode(v, &h); err != nil {
			return false, err
		}
		out = append([]SystemConfigHistory{h}, out...)
		return true, nil
	})
	return out, err
}
