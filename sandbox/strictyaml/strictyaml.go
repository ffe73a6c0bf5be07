// Package strictyaml decodes one YAML (or JSON) document a client sent, the
// way the sandbox wants client documents read: unknown fields and keys given
// twice are errors, and an error is the -2 that says what is wrong.
//
// It uses kakao only.
package strictyaml

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/kakao"
)

// Decode reads exactly one document into v; what names a document in
// messages ("fixture", "scenario").
func Decode(data []byte, v any, what string) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return kakao.Invalid("body", "the %s document is empty", what)
		}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = strings.ReplaceAll(strings.TrimPrefix(msg, "unmarshal errors:\n  "), "\n  ", "; ")
		return kakao.Invalid("body", "%s", msg)
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return kakao.Invalid("body", "one %s document per request (found a second one)", what)
	}
	return nil
}
