'use strict';
// A small seeded PRNG (mulberry32) for the golden generators, so their random inputs are
// reproducible: rng(seed)() returns uniform numbers in [0, 1).
function rng(seed) {
  return () => {
    seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
module.exports = { rng };
