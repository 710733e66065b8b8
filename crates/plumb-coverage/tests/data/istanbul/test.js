'use strict';
const assert = require('node:assert');
const { area, describe, largest } = require('./src/shapes');

assert.strictEqual(area('square', 3), 9);
assert.strictEqual(area('rectangle', 2, 5), 10);
assert.throws(() => area('hexagon', 1));
assert.strictEqual(describe('square', 2), 'square: 4');
assert.strictEqual(largest([['square', [2]], ['rectangle', [1, 9]]]), 'rectangle');
console.log('ok');
