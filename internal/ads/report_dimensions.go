package ads

import (
	"cmp"
	"slices"
	"strings"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// Report dimensions (docs/kakao-api.md §9.5; docs/reports.md
// "Dimensions"): HOUR and CREATIVE_FORMAT give each record whole to its
// hour or its creative's format; the display dimensions split each display
// record's figures over the values its ad group reaches, with weights
// seeded by the data file's delivery seed, the ad group and the dimension
// (so an audience mix looks stable), rounded by apportion, so the parts sum
// to the record exactly (rule P06). A message record has no display
// dimension (§9.5): its share goes whole to a row without the dimension's key.

// Dimension is a report's one dimension, other than HOUR (Hourly).
type Dimension string

const (
	DimensionNone           Dimension = ""
	DimensionAge            Dimension = "AGE"
	DimensionGender         Dimension = "GENDER"
	DimensionAgeGender      Dimension = "AGE_GENDER"
	DimensionLocation       Dimension = "LOCATION"
	DimensionDeviceType     Dimension = "DEVICE_TYPE"
	DimensionPlacement      Dimension = "PLACEMENT"
	DimensionCreativeFormat Dimension = "CREATIVE_FORMAT"
)

// ParseDimension reads the dimension parameter: HOUR is hourly, the others
// a Dimension.
func ParseDimension(v string) (d Dimension, hourly bool, err error) {
	switch Dimension(v) {
	case "HOUR":
		return DimensionNone, true, nil
	case DimensionNone, DimensionAge, DimensionGender, DimensionAgeGender, DimensionLocation,
		DimensionDeviceType, DimensionPlacement, DimensionCreativeFormat:
		return Dimension(v), false, nil
	}
	return "", false, kakao.Invalid("dimension", "unknown dimension %q", v)
}

// display reports whether the dimension splits display records.
func (d Dimension) display() bool { return d != DimensionNone && d != DimensionCreativeFormat }

// keys are the dimension's keys in a row's dimensions object (the
// sandbox's guesses but device_type's, §9.5).
func (d Dimension) keys() []string {
	switch d {
	case DimensionAge:
		return []string{"age"}
	case DimensionGender:
		return []string{"gender"}
	case DimensionAgeGender:
		return []string{"age", "gender"}
	case DimensionLocation:
		return []string{"location"}
	case DimensionDeviceType:
		return []string{"device_type"}
	case DimensionPlacement:
		return []string{"placement"}
	case DimensionCreativeFormat:
		return []string{"creative_format"}
	}
	return nil
}

// valueSep joins AGE_GENDER's two values in a row's value.
const valueSep = "\x00"

// audience is one ad group's values of a display dimension and their weights.
type audience struct {
	values  []string
	weights []int64
}

// weighted are the values an ad group reaches of one set (targeted: its
// subset, in the set's order, then any targeted value the set lacks), each
// with a weight drawn in the set's order, so a subset keeps its values'
// relative weights.
func weighted(seed, adGroup uint64, salt string, set, targeted []string) audience {
	g := gofakeit.New(seed ^ adGroup*0xA0761D6478BD642F ^ fnvString(salt))
	all := slices.Clone(set)
	for _, v := range targeted {
		if !slices.Contains(all, v) {
			all = append(all, v)
		}
	}
	var a audience
	for _, v := range all {
		w := int64(g.IntRange(1, 100))
		if len(targeted) == 0 || slices.Contains(targeted, v) {
			a.values, a.weights = append(a.values, v), append(a.weights, w)
		}
	}
	return a
}

func fnvString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

// audienceOf is the ad group's audience for a display dimension.
func audienceOf(seed uint64, g AdGroup, d Dimension) audience {
	switch d {
	case DimensionAge:
		return weighted(seed, g.ID, "age", ReportAges, g.Targeting.Ages)
	case DimensionGender:
		return weighted(seed, g.ID, "gender", ReportGenders, g.Targeting.Genders)
	case DimensionAgeGender: // the product of the two, so it agrees with them in shape
		ages := weighted(seed, g.ID, "age", ReportAges, g.Targeting.Ages)
		genders := weighted(seed, g.ID, "gender", ReportGenders, g.Targeting.Genders)
		var a audience
		for i, age := range ages.values {
			for j, gender := range genders.values {
				a.values = append(a.values, age+valueSep+gender)
				a.weights = append(a.weights, ages.weights[i]*genders.weights[j])
			}
		}
		return a
	case DimensionLocation:
		return weighted(seed, g.ID, "location", ReportLocations, g.Targeting.Locations)
	case DimensionDeviceType:
		var devices []string
		for _, t := range g.DeviceTypes {
			devices = append(devices, cmp.Or(deviceTypeNames[t], t))
		}
		return weighted(seed, g.ID, "device_type", ReportDeviceTypes, devices)
	case DimensionPlacement:
		return weighted(seed, g.ID, "placement", ReportPlacements, g.Placements)
	}
	return audience{}
}

// rank orders a dimension's values: the value set's order, then others by
// spelling; no value first.
func (d Dimension) rank(v string) []int {
	if v == "" {
		return []int{-1}
	}
	sets := map[Dimension][][]string{
		DimensionAge: {ReportAges}, DimensionGender: {ReportGenders}, DimensionAgeGender: {ReportAges, ReportGenders},
		DimensionLocation: {ReportLocations}, DimensionDeviceType: {ReportDeviceTypes}, DimensionPlacement: {ReportPlacements},
	}[d]
	parts := strings.Split(v, valueSep)
	r := make([]int, len(parts))
	for i, p := range parts {
		r[i] = len(ReportLocations) + 1 // beyond any set
		if i < len(sets) {
			if k := slices.Index(sets[i], p); k >= 0 {
				r[i] = k
			}
		}
	}
	return r
}

// split is a record's figures over an audience: each figure in proportion
// to its parent's parts (the weights for the roots), rounded by r.
func split(f *Figures, a audience, r *rng) []Figures {
	parts := make([]Figures, len(a.values))
	w := make([]int64, len(parts))
	for i := range nFigures {
		if p := parent[i]; p < 0 {
			copy(w, a.weights)
		} else {
			for k := range parts {
				w[k] = parts[k][p]
			}
		}
		for k, v := range apportion(f[i], w, r.next()) {
			parts[k][i] = v
		}
	}
	return parts
}

// apportion splits total in proportion to weights: each part gets the whole
// units of its share, and the units left over go to parts picked by
// systematic sampling from offset u, so a part whose share is x gets ⌊x⌋
// or ⌈x⌉, ⌈x⌉ with chance x − ⌊x⌋. The parts sum to total exactly, and a
// small slice gets its clicks on average over many records rather than
// never (largest remainder gave every record's spare click to the largest
// slice). All-zero weights split it evenly.
func apportion(total int64, weights []int64, u uint64) []int64 {
	out := make([]int64, len(weights))
	if total == 0 || len(weights) == 0 {
		return out
	}
	var sum int64
	for _, w := range weights {
		sum += w
	}
	if sum == 0 {
		weights = slices.Repeat([]int64{1}, len(weights))
		sum = int64(len(weights))
	}
	// Remainders are in units of 1/sum; the points u, u+sum, u+2·sum, …
	// fall in [0, left·sum), one in each part whose stretch they reach.
	point, reached := int64(u%uint64(sum)), int64(0)
	for i, w := range weights {
		out[i] = total * w / sum
		reached += total * w % sum
		for point < reached {
			out[i]++
			point += sum
		}
	}
	return out
}
