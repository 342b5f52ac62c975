package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/epaper/epaper/problem"
)

// jkind is the type of a JSON value.
type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

func (k jkind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}[k]
}

// jval is a JSON value that remembers where it starts in the file, so that a
// value of the wrong type can be reported on its own line.
type jval struct {
	kind jkind
	str  string   // string value, or the literal of a number
	b    bool     // boolean value
	arr  []*jval  // array elements
	keys []string // object keys, in order
	obj  map[string]*jval
	off  int64 // offset of the value's first byte
}

// get returns the member of an object, or nil.
func (v *jval) get(key string) *jval {
	if v == nil || v.kind != jObject {
		return nil
	}
	return v.obj[key]
}

// parseJSON reads data into a tree of jvals. Syntax errors are reported with
// their line.
func (r *reader) parseJSON(data []byte) (*jval, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	v, err := r.parseJSONValue(d, data, 0)
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, r.errorf(r.lines.line(d.InputOffset()), "JSON: unexpected data after the top-level value")
	}
	return v, nil
}

// valueStart finds the first byte of the next value from off: the decoder's
// offset points before white space and separators.
func valueStart(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

func (r *reader) parseJSONValue(d *json.Decoder, data []byte, depth int) (*jval, error) {
	start := valueStart(data, d.InputOffset())
	tok, err := d.Token()
	if err != nil {
		return nil, r.jsonError(err, data, d)
	}
	v := &jval{off: start}
	switch t := tok.(type) {
	case json.Delim:
		if depth >= maxDepth {
			return nil, r.errorf(r.lines.line(start), "JSON: values nested more than %d deep", maxDepth)
		}
		switch t {
		case '{':
			v.kind = jObject
			v.obj = map[string]*jval{}
			for d.More() {
				kt, err := d.Token()
				if err != nil {
					return nil, r.jsonError(err, data, d)
				}
				key, ok := kt.(string)
				if !ok {
					return nil, r.errorf(r.lines.line(d.InputOffset()), "JSON: object key is not a string")
				}
				m, err := r.parseJSONValue(d, data, depth+1)
				if err != nil {
					return nil, err
				}
				if _, dup := v.obj[key]; !dup {
					v.keys = append(v.keys, key)
				}
				v.obj[key] = m
			}
		case '[':
			v.kind = jArray
			for d.More() {
				m, err := r.parseJSONValue(d, data, depth+1)
				if err != nil {
					return nil, err
				}
				v.arr = append(v.arr, m)
			}
		default:
			return nil, r.errorf(r.lines.line(start), "JSON: unexpected %q", rune(t))
		}
		if _, err := d.Token(); err != nil {
			return nil, r.jsonError(err, data, d)
		}
	case string:
		if c, bad := badControl(t); bad {
			return nil, r.errorf(r.lines.line(start), "control character U+%04X in a string", c)
		}
		v.kind, v.str = jString, t
	case json.Number:
		v.kind, v.str = jNumber, string(t)
	case bool:
		v.kind, v.b = jBool, t
	case nil:
		v.kind = jNull
	}
	return v, nil
}

func (r *reader) jsonError(err error, data []byte, d *json.Decoder) *problem.Problem {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return r.errorf(r.lines.line(se.Offset-1), "JSON: %s", se.Error())
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return r.errorf(r.lines.line(int64(len(data))-1), "JSON: the file ends before the value is complete")
	}
	return r.errorf(r.lines.line(d.InputOffset()), "JSON: %v", err)
}

// typeError reports a value of the wrong type on its line.
func (r *reader) typeError(field string, v *jval, want string) *problem.Problem {
	return r.errorf(r.lines.line(v.off), "%s: expected %s, found %s", field, want, v.kind)
}

// jstr reads an optional string member; null counts as absent.
func (r *reader) jstr(obj *jval, field string, keys ...string) (string, error) {
	for _, k := range keys {
		v := obj.get(k)
		if v == nil || v.kind == jNull {
			continue
		}
		if v.kind != jString {
			return "", r.typeError(joinField(field, k), v, "a string")
		}
		return v.str, nil
	}
	return "", nil
}

// jarr reads an optional array member; null counts as absent.
func (r *reader) jarr(obj *jval, field, key string) ([]*jval, error) {
	v := obj.get(key)
	if v == nil || v.kind == jNull {
		return nil, nil
	}
	if v.kind != jArray {
		return nil, r.typeError(joinField(field, key), v, "an array")
	}
	return v.arr, nil
}

// jobjects reads an optional array of objects.
func (r *reader) jobjects(obj *jval, field, key string) ([]*jval, error) {
	arr, err := r.jarr(obj, field, key)
	if err != nil {
		return nil, err
	}
	for i, e := range arr {
		if e.kind != jObject {
			return nil, r.typeError(fmt.Sprintf("%s[%d]", joinField(field, key), i), e, "an object")
		}
	}
	return arr, nil
}

// jint reads an optional number member as an integer.
func (r *reader) jint(obj *jval, field, key string) (int, bool, error) {
	v := obj.get(key)
	if v == nil || v.kind == jNull {
		return 0, false, nil
	}
	if v.kind != jNumber {
		return 0, false, r.typeError(joinField(field, key), v, "a number")
	}
	n, err := json.Number(v.str).Float64()
	if err != nil || n != n || n > 1e15 || n < -1e15 {
		return 0, false, r.errorf(r.lines.line(v.off), "%s: %s is not a usable number", joinField(field, key), v.str)
	}
	return int(n + 0.5*sign(n)), true, nil
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

func joinField(prefix, key string) string {
	if prefix == "" {
		return key
	}
	if strings.HasPrefix(key, "[") {
		return prefix + key
	}
	return prefix + "." + key
}
