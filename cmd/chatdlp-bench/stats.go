package main

import (
	"math"
	"slices"
)

var nan = math.NaN()

// spread summarises a sample: its median, quartiles and extremes.
type spread struct {
	n                      int
	median, q1, q3, lo, hi float64
}

// summarise returns the spread of xs, NaNs left out; n is 0 when none is left.
func summarise(xs []float64) spread {
	v := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return spread{median: nan, q1: nan, q3: nan, lo: nan, hi: nan}
	}
	slices.Sort(v)
	return spread{n: len(v), median: quantile(v, 0.5), q1: quantile(v, 0.25), q3: quantile(v, 0.75), lo: v[0], hi: v[len(v)-1]}
}

// quantile of sorted v (0 <= q <= 1), linearly interpolated.
func quantile(v []float64, q float64) float64 {
	pos := q * float64(len(v)-1)
	i := int(pos)
	if i+1 >= len(v) {
		return v[len(v)-1]
	}
	return v[i] + (pos-float64(i))*(v[i+1]-v[i])
}

// ratios are a[i]/b[i] for every round where both are known and b is not 0.
func ratios(a, b []float64) []float64 {
	out := make([]float64, 0, len(a))
	for i := range min(len(a), len(b)) {
		if math.IsNaN(a[i]) || math.IsNaN(b[i]) || b[i] == 0 {
			continue
		}
		out = append(out, a[i]/b[i])
	}
	return out
}
