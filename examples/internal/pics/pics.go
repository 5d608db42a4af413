// Package pics holds the plotting helpers that the examples share: a grid of
// function values for contour and heat-map plots, trajectories drawn as
// lines with points, a fixed set of method colours, and PNG output of a
// given size in pixels. It wraps gonum.org/v1/plot and adds no mathematics.
package pics

import (
	"fmt"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Grid is a function sampled on a regular grid: Z[r][c] is the value at
// (X[c], Y[r]). It implements plotter.GridXYZ.
type Grid struct {
	Xs, Ys []float64
	Zs     [][]float64
}

// NewGrid samples f on nx×ny points spanning [x0, x1]×[y0, y1].
func NewGrid(f func(x, y float64) float64, x0, x1, y0, y1 float64, nx, ny int) *Grid {
	g := &Grid{Xs: linspace(x0, x1, nx), Ys: linspace(y0, y1, ny)}
	g.Zs = make([][]float64, ny)
	for r, y := range g.Ys {
		g.Zs[r] = make([]float64, nx)
		for c, x := range g.Xs {
			g.Zs[r][c] = f(x, y)
		}
	}
	return g
}

func linspace(a, b float64, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = a + (b-a)*float64(i)/float64(n-1)
	}
	return v
}

// Dims implements plotter.GridXYZ.
func (g *Grid) Dims() (c, r int) { return len(g.Xs), len(g.Ys) }

// Z implements plotter.GridXYZ.
func (g *Grid) Z(c, r int) float64 { return g.Zs[r][c] }

// X implements plotter.GridXYZ.
func (g *Grid) X(c int) float64 { return g.Xs[c] }

// Y implements plotter.GridXYZ.
func (g *Grid) Y(r int) float64 { return g.Ys[r] }

// Min returns the smallest finite value of the grid.
func (g *Grid) Min() float64 {
	m := math.Inf(1)
	for _, row := range g.Zs {
		for _, z := range row {
			if !math.IsInf(z, 0) && !math.IsNaN(z) {
				m = math.Min(m, z)
			}
		}
	}
	return m
}

// Max returns the largest finite value of the grid.
func (g *Grid) Max() float64 {
	m := math.Inf(-1)
	for _, row := range g.Zs {
		for _, z := range row {
			if !math.IsInf(z, 0) && !math.IsNaN(z) {
				m = math.Max(m, z)
			}
		}
	}
	return m
}

// LinearLevels returns n contour levels evenly spaced strictly inside the
// grid's range.
func LinearLevels(g *Grid, n int) []float64 {
	lo, hi := g.Min(), g.Max()
	v := make([]float64, n)
	for i := range v {
		v[i] = lo + (hi-lo)*float64(i+1)/float64(n+1)
	}
	return v
}

// LogLevels returns levels base + 10^k for k spaced by step from lo to hi,
// for functions such as Rosenbrock's whose interesting detail is near their
// minimum base.
func LogLevels(base, lo, hi, step float64) []float64 {
	var v []float64
	for k := lo; k <= hi+1e-9; k += step {
		v = append(v, base+math.Pow(10, k))
	}
	return v
}

// AddContours draws the grid's contour lines at levels in a light
// blue-to-red palette, under whatever is added later.
func AddContours(p *plot.Plot, g *Grid, levels []float64) {
	var pal palette.Palette = moreland.SmoothBlueRed().Palette(len(levels))
	// A level equal to a grid value can make plotter's path tracing panic
	// ("not a linear path"): nudge every level off round numbers.
	nudged := make([]float64, len(levels))
	for i, l := range levels {
		nudged[i] = l + 1e-7*(math.Abs(l)+1e-3)
	}
	c := plotter.NewContour(g, nudged, lighten(pal, 0.35))
	p.Add(c)
}

// AddLevel draws the single contour line g = level in colour c, such as a
// decision boundary.
func AddLevel(p *plot.Plot, g *Grid, level float64, c color.Color) {
	ct := plotter.NewContour(g, []float64{level + 1e-9}, colors{c})
	ct.LineStyles[0].Width = vg.Points(2)
	p.Add(ct)
}

// AddPoints draws the points (xs[i], ys[i]) as filled dots of colour c with a
// legend entry.
func AddPoints(p *plot.Plot, xs, ys []float64, c color.Color, name string) error {
	pts := make(plotter.XYs, len(xs))
	for i := range xs {
		pts[i] = plotter.XY{X: xs[i], Y: ys[i]}
	}
	s, err := plotter.NewScatter(pts)
	if err != nil {
		return err
	}
	s.Color = c
	s.Radius = vg.Points(2)
	s.Shape = draw.CircleGlyph{}
	p.Add(s)
	if name != "" {
		p.Legend.Add(name, s)
	}
	return nil
}

// AddHeatMap paints the grid's values in a diverging blue-red map with a
// given opacity, under whatever is added later.
func AddHeatMap(p *plot.Plot, g *Grid, alpha float64) {
	pal := lighten(moreland.SmoothBlueRed().Palette(64), 1-alpha)
	h := plotter.NewHeatMap(g, pal)
	p.Add(h)
}

// lighten mixes each colour of pal with white by the fraction w.
func lighten(pal palette.Palette, w float64) palette.Palette {
	cs := pal.Colors()
	out := make(colors, len(cs))
	for i, c := range cs {
		r, g, b, _ := c.RGBA()
		mix := func(v uint32) uint8 { return uint8((float64(v>>8))*(1-w) + 255*w) }
		out[i] = color.NRGBA{mix(r), mix(g), mix(b), 255}
	}
	return out
}

type colors []color.Color

func (c colors) Colors() []color.Color { return c }

// methodColors are distinguishable colours for up to ten curves.
var methodColors = []color.Color{
	color.NRGBA{31, 119, 180, 255},  // blue
	color.NRGBA{255, 127, 14, 255},  // orange
	color.NRGBA{44, 160, 44, 255},   // green
	color.NRGBA{214, 39, 40, 255},   // red
	color.NRGBA{148, 103, 189, 255}, // purple
	color.NRGBA{140, 86, 75, 255},   // brown
	color.NRGBA{227, 119, 194, 255}, // pink
	color.NRGBA{60, 60, 60, 255},    // dark grey
	color.NRGBA{188, 189, 34, 255},  // olive
	color.NRGBA{23, 190, 207, 255},  // cyan
}

// Color returns the i-th curve colour (cycling).
func Color(i int) color.Color { return methodColors[i%len(methodColors)] }

// AddPath draws the points xy (each a 2-D point) as a line with small dots
// in colour c, adds it to the legend as name (if not empty) and marks the
// first point with a ring.
func AddPath(p *plot.Plot, xy [][]float64, c color.Color, name string, dots bool) error {
	pts := make(plotter.XYs, 0, len(xy))
	for _, v := range xy {
		if math.IsNaN(v[0]) || math.IsNaN(v[1]) || math.IsInf(v[0], 0) || math.IsInf(v[1], 0) {
			break
		}
		pts = append(pts, plotter.XY{X: v[0], Y: v[1]})
	}
	if len(pts) == 0 {
		return nil
	}
	l, err := plotter.NewLine(pts)
	if err != nil {
		return err
	}
	l.Color = c
	l.Width = vg.Points(1.2)
	p.Add(l)
	if dots {
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return err
		}
		s.Color = c
		s.Radius = vg.Points(1.3)
		s.Shape = draw.CircleGlyph{}
		p.Add(s)
	}
	start, err := plotter.NewScatter(pts[:1])
	if err != nil {
		return err
	}
	start.Color = color.Black
	start.Radius = vg.Points(3)
	start.Shape = draw.RingGlyph{}
	p.Add(start)
	if name != "" {
		p.Legend.Add(name, l)
	}
	return nil
}

// AddCurve draws y against x as a line in colour c with a legend entry.
// Points whose y is not finite (or not positive, when positive is set, for
// a logarithmic axis) are left out. A curve of at most 20 points also
// shows its points.
func AddCurve(p *plot.Plot, x, y []float64, c color.Color, name string, positive bool) error {
	pts := make(plotter.XYs, 0, len(x))
	for i := range x {
		if math.IsNaN(y[i]) || math.IsInf(y[i], 0) || positive && y[i] <= 0 {
			continue
		}
		if _, logX := p.X.Scale.(plot.LogScale); logX && x[i] <= 0 {
			continue
		}
		pts = append(pts, plotter.XY{X: x[i], Y: y[i]})
	}
	if len(pts) == 0 {
		return nil
	}
	l, err := plotter.NewLine(pts)
	if err != nil {
		return err
	}
	l.Color = c
	l.Width = vg.Points(1.5)
	p.Add(l)
	if len(pts) <= 20 {
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return err
		}
		s.Color = c
		s.Radius = vg.Points(2.5)
		s.Shape = draw.CircleGlyph{}
		p.Add(s)
	}
	if name != "" {
		p.Legend.Add(name, l)
	}
	return nil
}

// LogY makes p's vertical axis logarithmic with powers-of-ten ticks.
func LogY(p *plot.Plot) {
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = powerTicks{}
}

// LogX makes p's horizontal axis logarithmic with powers-of-ten ticks.
func LogX(p *plot.Plot) {
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = powerTicks{}
}

// powerTicks are plot.LogTicks labelled with the shortest spelling of each
// power of ten (1e-05, 0.001, 100), without round-off digits.
type powerTicks struct{}

func (powerTicks) Ticks(min, max float64) []plot.Tick {
	ts := plot.LogTicks{Prec: -1}.Ticks(min, max)
	labelled := 0
	for i, t := range ts {
		if t.Label != "" {
			ts[i].Label = strconv.FormatFloat(math.Pow10(int(math.Round(math.Log10(t.Value)))), 'g', -1, 64)
			labelled++
		}
	}
	if labelled > 8 { // a long range: label every other power
		for i, t := range ts {
			if t.Label != "" && int(math.Round(math.Log10(t.Value)))%2 != 0 {
				ts[i].Label = ""
			}
		}
	}
	if labelled < 3 { // a short range: label 2 and 5 times the powers too
		for i, t := range ts {
			e := math.Floor(math.Log10(t.Value))
			mant := math.Round(t.Value / math.Pow10(int(e)))
			if t.Label == "" && (mant == 2 || mant == 5) {
				ts[i].Label = strconv.FormatFloat(mant*math.Pow10(int(e)), 'g', 3, 64)
			}
		}
	}
	return ts
}

// AddMark draws a black cross at (x, y), to mark a minimum.
func AddMark(p *plot.Plot, x, y float64) error {
	s, err := plotter.NewScatter(plotter.XYs{{X: x, Y: y}})
	if err != nil {
		return err
	}
	s.Color = color.Black
	s.Radius = vg.Points(5)
	s.Shape = draw.CrossGlyph{}
	p.Add(s)
	return nil
}

// dpi is the resolution at which plot lengths become pixels.
const dpi = 96

// SavePNG writes p to file as a wpx×hpx PNG, creating its folder.
func SavePNG(p *plot.Plot, file string, wpx, hpx int) error {
	c := vgimg.NewWith(vgimg.UseWH(px(wpx), px(hpx)), vgimg.UseDPI(dpi))
	p.Draw(draw.New(c))
	return writePNG(c, file)
}

// SaveGrid writes plots side by side in one row (nil entries stay blank)
// as a wpx×hpx PNG.
func SaveGrid(ps []*plot.Plot, file string, wpx, hpx int) error {
	c := vgimg.NewWith(vgimg.UseWH(px(wpx), px(hpx)), vgimg.UseDPI(dpi))
	tiles := draw.Tiles{Rows: 1, Cols: len(ps), PadX: vg.Points(10), PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(8)}
	dc := draw.New(c)
	for j, p := range ps {
		if p != nil {
			p.Draw(tiles.At(dc, j, 0))
		}
	}
	return writePNG(c, file)
}

func px(n int) vg.Length { return vg.Length(n) / dpi * vg.Inch }

func writePNG(c *vgimg.Canvas, file string) error {
	if dir := filepath.Dir(file); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", file, err)
	}
	return f.Close()
}

// CheckPNG reports an error unless file is a PNG image of wpx×hpx pixels;
// the examples' tests use it to check the pictures they write.
func CheckPNG(file string, wpx, hpx int) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if cfg.Width != wpx || cfg.Height != hpx {
		return fmt.Errorf("%s is %d×%d pixels, want %d×%d", file, cfg.Width, cfg.Height, wpx, hpx)
	}
	return nil
}
