'use strict';

// A small module with branches, measured by c8 for plumb's tests.

function area(kind, ...sides) {
  if (kind === 'square') {
    return sides[0] * sides[0];
  } else if (kind === 'rectangle') {
    return sides[0] * sides[1];
  } else if (kind === 'circle') {
    return Math.PI * sides[0] * sides[0];
  }
  throw new Error(`unknown shape ${kind}`);
}

const describe = (kind, ...sides) => {
  const value = area(kind, ...sides);
  return value > 100 ? `${kind}: large` : `${kind}: ${Math.round(value)}`;
};

function largest(shapes) {
  let best = null;
  let bestArea = -1;
  for (const [kind, sides] of shapes) {
    const value = area(kind, ...sides);
    if (value > bestArea) {
      best = kind;
      bestArea = value;
    }
  }
  return best;
}

function neverTested(flag) {
  if (flag) {
    return 'yes';
  }
  return 'no';
}

module.exports = { area, describe, largest, neverTested };
