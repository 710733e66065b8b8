package shapes

import "testing"

func TestArea(t *testing.T) {
	if got, _ := Area("square", 3); got != 9 {
		t.Fatal(got)
	}
	if got, _ := Area("rectangle", 2, 5); got != 10 {
		t.Fatal(got)
	}
	if _, err := Area("hexagon", 1); err == nil {
		t.Fatal("no error")
	}
}

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		a, b, c float64
		want    string
	}{{1, 1, 1, "equilateral"}, {2, 2, 3, "isosceles"}, {3, 4, 5, "scalene"}} {
		if got := Classify(c.a, c.b, c.c); got != c.want {
			t.Fatal(got)
		}
	}
}

func TestLargest(t *testing.T) {
	if got := Largest([]float64{1, 3, 2}); got != 9 {
		t.Fatal(got)
	}
	if got := Scaled(2)(4); got != 8 {
		t.Fatal(got)
	}
}
