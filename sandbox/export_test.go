package sandbox

// InjectWriteFault makes every write of s fail with err (nil: none), as if
// the disk had answered it, so tests see what a full disk does without
// filling one.
func InjectWriteFault(s *Sandbox, err error) { s.db.InjectWriteFault(err) }
