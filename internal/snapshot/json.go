package snapshot

import (
	"bytes"
	"encoding/json"
)

// marshal encodes without escaping <, > and &, so values keep the bytes
// they are stored with.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
