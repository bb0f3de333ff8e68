'use strict'
// The generated napi-rs loader (native/index.cjs), in one place.
module.exports = require('../native/index.cjs')
