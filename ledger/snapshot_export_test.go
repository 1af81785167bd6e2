package ledger

import (
	"fmt"
	"reflect"
	"time"
	"unsafe"

	"github.com/shopspring/decimal"
)

// EngineDiff compares two engines field by field, through every pointer,
// map and slice, including unexported fields; it returns the path of the
// first difference, or "". Decimals compare by value and exponent, times
// by instant and offset, and a nil slice or map equals an empty one. The
// scratch fields of the input being applied are skipped.
func EngineDiff(a, b *Engine) string {
	d := &differ{seen: map[[2]uintptr]bool{}}
	return d.diff(reflect.ValueOf(a), reflect.ValueOf(b), "engine")
}

var (
	decimalType = reflect.TypeFor[decimal.Decimal]()
	timeType    = reflect.TypeFor[time.Time]()
	engineType  = reflect.TypeFor[Engine]()
)

// engineScratch are the Engine fields that are not state: what lives only
// while one input is applied, and caches that change no outcome. A
// snapshot leaves them out (TestSnapshotCoversEveryField lists them).
var engineScratch = map[string]bool{"tx": true, "touched": true, "changes": true, "scratch": true,
	"strs": true, "dec": true, "req": true, "postingSlab": true,
	"changeIDs": true, "projectBorrowers": true, "fundTouched": true}

type differ struct {
	seen map[[2]uintptr]bool
}

func (d *differ) diff(a, b reflect.Value, path string) string {
	switch a.Type() {
	case decimalType:
		x, y := decimalOf(a), decimalOf(b)
		if !x.Equal(y) || x.Exponent() != y.Exponent() {
			return fmt.Sprintf("%s: %s (exp %d) != %s (exp %d)", path, x, x.Exponent(), y, y.Exponent())
		}
		return ""
	case timeType:
		x, y := timeOf(a), timeOf(b)
		_, ox := x.Zone()
		_, oy := y.Zone()
		if !x.Equal(y) || ox != oy {
			return fmt.Sprintf("%s: %s != %s", path, x, y)
		}
		return ""
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return path + ": nil on one side only"
			}
			return ""
		}
		key := [2]uintptr{a.Pointer(), b.Pointer()}
		if d.seen[key] {
			return ""
		}
		d.seen[key] = true
		return d.diff(a.Elem(), b.Elem(), path)
	case reflect.Interface:
		if a.IsNil() != b.IsNil() {
			return path + ": nil on one side only"
		}
		if a.IsNil() {
			return ""
		}
		return d.diff(a.Elem(), b.Elem(), path)
	case reflect.Struct:
		for i := range a.NumField() {
			name := a.Type().Field(i).Name
			if a.Type() == engineType && engineScratch[name] {
				continue
			}
			if s := d.diff(open(a.Field(i)), open(b.Field(i)), path+"."+name); s != "" {
				return s
			}
		}
		return ""
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: length %d != %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if s := d.diff(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); s != "" {
				return s
			}
		}
		return ""
	case reflect.Map:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: %d entries != %d", path, a.Len(), b.Len())
		}
		it := a.MapRange()
		for it.Next() {
			bv := b.MapIndex(it.Key())
			if !bv.IsValid() {
				return fmt.Sprintf("%s[%v]: missing on one side", path, it.Key())
			}
			if s := d.diff(it.Value(), bv, fmt.Sprintf("%s[%v]", path, it.Key())); s != "" {
				return s
			}
		}
		return ""
	case reflect.String:
		if a.String() != b.String() {
			return fmt.Sprintf("%s: %q != %q", path, a.String(), b.String())
		}
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			return fmt.Sprintf("%s: %v != %v", path, a.Bool(), b.Bool())
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			return fmt.Sprintf("%s: %d != %d", path, a.Int(), b.Int())
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if a.Uint() != b.Uint() {
			return fmt.Sprintf("%s: %d != %d", path, a.Uint(), b.Uint())
		}
	default:
		return fmt.Sprintf("%s: cannot compare kind %s", path, a.Kind())
	}
	return ""
}

// open makes an unexported field readable in full when it is addressable
// (every struct reached through a pointer or a slice is).
func open(v reflect.Value) reflect.Value {
	if v.CanInterface() || !v.CanAddr() {
		return v
	}
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

func decimalOf(v reflect.Value) decimal.Decimal { return v.Interface().(decimal.Decimal) }

func timeOf(v reflect.Value) time.Time { return v.Interface().(time.Time) }
