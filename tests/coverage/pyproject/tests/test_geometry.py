import unittest

from shapes import geometry


class AreaTest(unittest.TestCase):
    def test_square_and_rectangle(self):
        self.assertEqual(geometry.area("square", 3), 9)
        self.assertEqual(geometry.area("rectangle", 2, 5), 10)

    def test_unknown_shape(self):
        with self.assertRaises(ValueError):
            geometry.area("hexagon", 1)


class TriangleTest(unittest.TestCase):
    def test_kinds(self):
        self.assertEqual(geometry.classify_triangle(2, 2, 2), "equilateral")
        self.assertEqual(geometry.classify_triangle(3, 4, 5), "scalene")

    def test_invalid(self):
        with self.assertRaises(ValueError):
            geometry.classify_triangle(1, 1, 3)


class LargestTest(unittest.TestCase):
    def test_largest(self):
        shapes = [("square", (2,)), ("rectangle", (1, 9)), ("square", (1,))]
        self.assertEqual(geometry.largest(shapes), ("rectangle", (1, 9)))
        self.assertIsNone(geometry.largest([]))

    def test_describe(self):
        self.assertEqual(geometry.describe("square", 2), "square: 4")


if __name__ == "__main__":
    unittest.main()
