package store

import "strconv"

// Entities of every package share three chores: taking an id (fixed by a
// fixture, or the next in sequence), recording the key a fixture gave them,
// and finding one by that key or by its decimal id. They live here once.

// AssignID gives *id the bucket's next sequence number when it is 0, and
// otherwise makes sure later ids are assigned above the fixed one.
func (t *Tx) AssignID(bucket string, id *uint64) error {
	if *id != 0 {
		return t.BumpID(bucket, *id)
	}
	next, err := t.NextID(bucket)
	*id = next
	return err
}

// Kind names a sort of entity for keys and references: the name its fixture
// keys are recorded under, and the bucket that holds it by Key(id).
type Kind struct {
	Name   string // "user", "wallet", …
	Bucket string
}

// Entity is a stored thing with a fixture key and an id: a pointer to it,
// so that Save can assign the id in place.
type Entity interface {
	EntityRef() (key string, id *uint64)
}

// Save stores e, an entity of kind k: it assigns e's id when it is 0 and
// records its key, when there is one, as a name that fixtures and control
// calls can refer to it by.
func (t *Tx) Save(k Kind, e Entity) error {
	key, id := e.EntityRef()
	if err := t.AssignID(k.Bucket, id); err != nil {
		return err
	}
	if key != "" {
		if err := t.SetName(k.Name, key, *id); err != nil {
			return err
		}
	}
	return t.Put(k.Bucket, Key(*id), e)
}

// Resolve finds an entity of kind k by fixture key or by decimal id, and
// reports whether one exists.
func (t *Tx) Resolve(k Kind, ref string) (uint64, bool, error) {
	if id, ok, err := t.LookupName(k.Name, ref); ok || err != nil {
		return id, ok, err
	}
	if id, err := strconv.ParseUint(ref, 10, 64); err == nil && t.Has(k.Bucket, Key(id)) {
		return id, true, nil
	}
	return 0, false, nil
}
