'use strict'
// The clock is read here, in JavaScript (so test runners' fake timers work),
// floored to seconds as @auraimage/sdk does, and passed to the core as `now`.
const nowSeconds = () => Math.floor(Date.now() / 1000)
const nowOr = (now) => (now === undefined || now === null ? nowSeconds() : now)
module.exports = { nowSeconds, nowOr }
