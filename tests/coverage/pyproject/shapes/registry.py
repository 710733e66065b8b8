"""Shapes by name: a decorator, a nested function, methods and a lambda, some never called."""

REGISTRY = {}


def register(name):
    """A decorator that records a function under a name."""

    def record(function):
        REGISTRY[name] = function
        return function

    return record


@register("double")
def double(value):
    return value * 2


@register("never")
def never_called(value):
    if value:
        return value
    return 0


class Scaler:
    def __init__(self, factor):
        self.factor = factor

    def scale(self, value):
        return value * self.factor

    def unused(self, value,
               extra):
        # Only a comment opens the body.
        return value + extra


def sorted_names():
    return sorted(REGISTRY, key=lambda name: name.lower())
