package store

import (
	"time"
	"unsafe"

	jsoniter "github.com/json-iterator/go"
	"github.com/modern-go/reflect2"
)

// timeExtension reads and writes time.Time as encoding/json does (RFC 3339
// with nanoseconds out, strict RFC 3339 in), straight into the stream: the
// default path through MarshalJSON and UnmarshalJSON allocated twice per
// time, and a stored entity holds several.
var timeExtension = &timeTypes{typ: reflect2.TypeOf(time.Time{})}

type timeCodec struct{}

// IsEmpty is false as for encoding/json, whose omitempty never omits a struct.
func (timeCodec) IsEmpty(unsafe.Pointer) bool { return false }

func (timeCodec) Encode(p unsafe.Pointer, s *jsoniter.Stream) {
	t := *(*time.Time)(p)
	if y := t.Year(); y < 0 || y > 9999 {
		s.Error = &time.ParseError{Layout: time.RFC3339Nano, Value: t.String(), Message: ": year outside of range [0,9999]"}
		return
	}
	buf := append(s.Buffer(), '"')
	buf = t.AppendFormat(buf, time.RFC3339Nano)
	s.SetBuffer(append(buf, '"'))
}

func (timeCodec) Decode(p unsafe.Pointer, it *jsoniter.Iterator) {
	if it.ReadNil() {
		return // as encoding/json: null leaves the time as it was
	}
	if err := (*time.Time)(p).UnmarshalText(it.ReadStringAsSlice()); err != nil {
		it.ReportError("time.Time", err.Error())
	}
}

// timeTypes gives timeCodec for time.Time, both ways.
type timeTypes struct {
	jsoniter.DummyExtension
	typ reflect2.Type
}

func (e *timeTypes) CreateDecoder(t reflect2.Type) jsoniter.ValDecoder {
	if t == e.typ {
		return timeCodec{}
	}
	return nil
}

func (e *timeTypes) CreateEncoder(t reflect2.Type) jsoniter.ValEncoder {
	if t == e.typ {
		return timeCodec{}
	}
	return nil
}
