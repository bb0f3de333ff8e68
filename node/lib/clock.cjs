'use strict'
// The clock is read here, in JavaScript (so test runners' fake timers work),
// floored to seconds as @auraimage/sdk does, and passed to the core as `now`.
// A given `now` is passed as it is (never coerced): the core's one rule
// (aura_core::js::time::unix_seconds) refuses NaN, ±Infinity, fractions and
// anything beyond ±(2^53 − 1) with invalid_input.
const { InvalidInput } = require('./errors.cjs')

const nowSeconds = () => Math.floor(Date.now() / 1000)
const nowOr = (now) => {
  if (now === undefined || now === null) return nowSeconds()
  if (typeof now !== 'number') throw new InvalidInput('invalid_input', `now must be a number of Unix seconds, got ${typeof now}`)
  return now
}
module.exports = { nowSeconds, nowOr }
