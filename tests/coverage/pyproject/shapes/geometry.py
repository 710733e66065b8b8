"""Shapes and their measures: enough branches for branch coverage to matter."""

import math


def area(kind, *sides):
    """The area of a square, rectangle, circle or triangle."""
    if kind == "square":
        (side,) = sides
        return side * side
    elif kind == "rectangle":
        width, height = sides
        return width * height
    elif kind == "circle":
        (radius,) = sides
        return math.pi * radius * radius
    elif kind == "triangle":
        a, b, c = sides
        s = (a + b + c) / 2
        return math.sqrt(s * (s - a) * (s - b) * (s - c))
    raise ValueError(f"unknown shape {kind!r}")


def classify_triangle(a, b, c):
    """Equilateral, isosceles or scalene; invalid sides raise."""
    if a <= 0 or b <= 0 or c <= 0:
        raise ValueError("sides must be positive")
    if a + b <= c or a + c <= b or b + c <= a:
        raise ValueError("not a triangle")
    if a == b == c:
        return "equilateral"
    if a == b or b == c or a == c:
        return "isosceles"
    return "scalene"


def largest(shapes):
    """The (kind, sides) with the largest area, or None for no shapes."""
    best = None
    best_area = -1.0
    for kind, sides in shapes:
        value = area(kind, *sides)
        if value > best_area:
            best, best_area = (kind, sides), value
    return best


def describe(kind, *sides, precise=False):
    """A line of text about a shape."""
    value = area(kind, *sides)
    if precise:
        return f"{kind}: {value:.6f}"
    return f"{kind}: {round(value)}"


def never_tested(flag):
    """Not called by the tests."""
    if flag:
        return "yes"
    return "no"
