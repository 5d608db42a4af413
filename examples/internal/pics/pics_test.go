package pics

import (
	"math"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot"
)

func TestGrid(t *testing.T) {
	g := NewGrid(func(x, y float64) float64 { return x + 10*y }, 0, 1, 0, 2, 3, 5)
	if c, r := g.Dims(); c != 3 || r != 5 {
		t.Fatalf("Dims = %d, %d, want 3, 5", c, r)
	}
	if g.X(2) != 1 || g.Y(4) != 2 || g.Z(1, 2) != 0.5+10 {
		t.Errorf("X(2), Y(4), Z(1, 2) = %g, %g, %g, want 1, 2, 10.5", g.X(2), g.Y(4), g.Z(1, 2))
	}
	if g.Min() != 0 || g.Max() != 21 {
		t.Errorf("Min, Max = %g, %g, want 0, 21", g.Min(), g.Max())
	}
}

func TestPowerTicks(t *testing.T) {
	for _, tc := range []struct {
		name     string
		min, max float64
		want     []string
	}{
		{"decades", 1e-5, 1e-2, []string{"1e-05", "0.0001", "0.001", "0.01"}},
		{"short", 0.07, 0.7, []string{"0.1", "0.2", "0.5", "1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, tk := range (powerTicks{}).Ticks(tc.min, tc.max) {
				if tk.Label != "" {
					got = append(got, tk.Label)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("labels %q, want %q", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("labels %q, want %q", got, tc.want)
				}
			}
		})
	}
}

func TestSavePNG(t *testing.T) {
	p := plot.New()
	g := NewGrid(func(x, y float64) float64 { return x*x - y*y }, -1, 1, -1, 1, 20, 20)
	AddContours(p, g, LinearLevels(g, 5))
	if err := AddPath(p, [][]float64{{0.5, 0.1}, {0.3, 0.2}, {math.NaN(), 0}}, Color(0), "path", true); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "sub", "p.png")
	if err := SavePNG(p, file, 300, 200); err != nil {
		t.Fatal(err)
	}
	if err := CheckPNG(file, 300, 200); err != nil {
		t.Error(err)
	}
	if err := CheckPNG(file, 300, 201); err == nil {
		t.Error("CheckPNG accepted a wrong height")
	}
}
