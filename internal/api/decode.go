package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// maxBody caps request bodies: a meeting with a long speech fits many times
// over, and a runaway client cannot fill the server's memory.
const maxBody = 1 << 20

// maxDrain is how much of a body over maxBody is read and thrown away
// before the 413 is sent, for clients that write the whole body before
// they read the answer: unread, the rest of it makes the connection reset
// under them, and they never see the 413. A body beyond it is left unread.
const maxDrain = 32 << 20

// decode reads one JSON object from the request body into dst, strictly:
// unknown fields, wrong types, trailing data, bad dates and text no field
// may hold are refused with the field they concern, before anything is
// changed. A body over maxBody is ETOOLARGE (413).
func decode(w http.ResponseWriter, r *http.Request, dst any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			io.CopyN(io.Discard, r.Body, maxDrain)
			return model.Errorf(model.ETOOLARGE, "the request body is larger than %d bytes", maxBody)
		}
		return model.Invalid("", "cannot read the request body: %v", err)
	}
	return decodeBytes(body, dst)
}

// decodeBytes is decode on a body already read.
func decodeBytes(body []byte, dst any) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return model.Invalid("", "the request body is empty; send a JSON object")
	}
	if trimmed[0] != '{' {
		return model.Invalid("", "the request body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(body, dst, err)
	}
	var extra json.RawMessage
	if err := dec.Decode(&extra); err != io.EOF {
		return model.Invalid("", "unexpected data after the JSON object")
	}
	return unfitJSON(body)
}

// jsonError turns a decoding error into a validation error naming the field.
func jsonError(body []byte, dst any, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return model.Invalid("", "malformed JSON at byte %d: %s", syntax.Offset, strings.TrimPrefix(syntax.Error(), "json: "))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return model.Invalid("", "malformed JSON: the body ends too early")
	case strings.HasPrefix(err.Error(), `json: unknown field "`):
		// encoding/json quotes the key Go-style (%q): unquote it, or a key
		// holding a quote or a control character comes back escaped and the
		// error names a field the client never sent.
		quoted := strings.TrimPrefix(err.Error(), "json: unknown field ")
		name, uerr := strconv.Unquote(quoted)
		if uerr != nil {
			name = strings.Trim(quoted, `"`)
		}
		field := name
		if top := failingKey(body, dst); top != "" && top != name {
			field = top + "." + name
		}
		return model.Invalid(field, "unknown field %q", name)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = failingKey(body, dst)
		}
		return model.Invalid(field, "must be %s, not %s", kindName(typ.Type), typ.Value)
	}
	// An error from a field's own UnmarshalJSON (a date, a nullable value)
	// does not say which field it came from; find it.
	return model.Invalid(failingKey(body, dst), "%s", strings.TrimPrefix(err.Error(), "json: "))
}

// failingKey finds the top-level key of body whose value alone fails to
// decode into a fresh value of dst's type.
func failingKey(body []byte, dst any) string {
	var raw map[string]json.RawMessage
	if json.Unmarshal(body, &raw) != nil {
		return ""
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t := reflect.TypeOf(dst).Elem()
	for _, k := range keys {
		one, _ := json.Marshal(map[string]json.RawMessage{k: raw[k]})
		dec := json.NewDecoder(bytes.NewReader(one))
		dec.DisallowUnknownFields()
		if dec.Decode(reflect.New(t).Interface()) != nil {
			return k
		}
	}
	return ""
}

// kindName says a Go type the way a JSON client thinks of it.
func kindName(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return fmt.Sprintf("a %s", t.Kind())
}

// optional is a field of a merge patch: Set when the key was present, Null
// when its value was null. encoding/json calls UnmarshalJSON only for keys
// that are present, which is what tells "absent" from "null".
type optional[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// UnmarshalJSON records presence and reads the value.
func (o *optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.Value)
}
