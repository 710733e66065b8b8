import unittest

from shapes import registry


class RegistryTest(unittest.TestCase):
    def test_double_and_scale(self):
        self.assertEqual(registry.REGISTRY["double"](2), 4)
        self.assertEqual(registry.Scaler(3).scale(2), 6)


if __name__ == "__main__":
    unittest.main()
