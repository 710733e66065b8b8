"""A small module with branches, measured by coverage.py in plumb's tests."""
