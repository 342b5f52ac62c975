package editions

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Length is a distance in PDF points. In the edition file it is written with
// a unit: mm, cm, in or pt ("12mm", "9pt", "0.5in"). A bare number is an error,
// since a desk that writes "12" might mean millimetres or points.
type Length float64

// Pt returns the length in points.
func (l Length) Pt() float64 { return float64(l) }

// Common lengths.
func Mm(v float64) Length { return Length(v * 72 / 25.4) }

// Pt makes a length from points.
func Pt(v float64) Length { return Length(v) }

// ParseLength reads "12mm", "9pt", "0.5in", "1.2cm".
func ParseLength(s string) (Length, error) {
	s = strings.TrimSpace(s)
	units := []struct {
		suffix string
		pt     float64
	}{{"mm", 72 / 25.4}, {"cm", 72 / 2.54}, {"in", 72}, {"pt", 1}}
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), 64)
			if err != nil {
				return 0, fmt.Errorf("length %q: %q is not a number", s, strings.TrimSuffix(s, u.suffix))
			}
			if v < 0 {
				return 0, fmt.Errorf("length %q is negative", s)
			}
			return Length(v * u.pt), nil
		}
	}
	return 0, fmt.Errorf("length %q needs a unit: mm, cm, in or pt", s)
}

// UnmarshalYAML reads a length with its unit.
func (l *Length) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: a length must be a value like 12mm", n.Line)}}
	}
	v, err := ParseLength(n.Value)
	if err != nil {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %v", n.Line, err)}}
	}
	*l = v
	return nil
}

// String writes the length in points.
func (l Length) String() string { return strconv.FormatFloat(float64(l), 'f', -1, 64) + "pt" }

// MarshalYAML writes the length in points, so a loaded edition round-trips.
func (l Length) MarshalYAML() (any, error) { return l.String(), nil }

// Margins are the page margins: one length for all four sides, or
// "top right bottom left" as in CSS.
type Margins struct{ Top, Right, Bottom, Left Length }

// UnmarshalYAML reads one to four lengths separated by spaces.
func (m *Margins) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: margins must be one length or four (top right bottom left)", n.Line)}}
	}
	f := strings.Fields(strings.ReplaceAll(n.Value, ",", " "))
	var ls []Length
	for _, s := range f {
		v, err := ParseLength(s)
		if err != nil {
			return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: margins: %v", n.Line, err)}}
		}
		ls = append(ls, v)
	}
	switch len(ls) {
	case 1:
		*m = Margins{ls[0], ls[0], ls[0], ls[0]}
	case 2:
		*m = Margins{ls[0], ls[1], ls[0], ls[1]}
	case 4:
		*m = Margins{ls[0], ls[1], ls[2], ls[3]}
	default:
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: margins take 1, 2 or 4 lengths, not %d", n.Line, len(ls))}}
	}
	return nil
}
