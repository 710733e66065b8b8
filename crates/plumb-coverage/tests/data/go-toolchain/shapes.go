// Package shapes measures shapes: enough branches for statement coverage to matter.
package shapes

import (
	"errors"
	"math"
)

// Area of a square, rectangle or circle.
func Area(kind string, sides ...float64) (float64, error) {
	switch kind {
	case "square":
		return sides[0] * sides[0], nil
	case "rectangle":
		return sides[0] * sides[1], nil
	case "circle":
		return math.Pi * sides[0] * sides[0], nil
	}
	return 0, errors.New("unknown shape " + kind)
}

// Classify names a triangle by its sides.
func Classify(a, b, c float64) string {
	if a <= 0 || b <= 0 || c <= 0 {
		return "invalid"
	}
	if a == b && b == c {
		return "equilateral"
	}
	if a == b || b == c || a == c {
		return "isosceles"
	}
	return "scalene"
}

// Largest returns the largest area of the given squares.
func Largest(sides []float64) float64 {
	best := 0.0
	for _, side := range sides {
		area, _ := Area("square", side)
		if area > best {
			best = area
		}
	}
	return best
}

// Scaled returns a function that scales by factor.
func Scaled(factor float64) func(float64) float64 {
	return func(x float64) float64 {
		return x * factor
	}
}

// NeverTested is not called by the tests.
func NeverTested(flag bool) int {
	if flag {
		return 1
	}
	return 0
}
