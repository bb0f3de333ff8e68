'use strict'
// Secret values the services' APIs return (Images signing-key values, Stream
// key PEMs and JWKs, /token tokens) stay in native memory: `expose()` returns
// the text; toString(), toJSON(), util.inspect and console.log show
// `<redacted>`. Signing functions accept a Secret where they take key text.

const { Secret } = require('./native.cjs')

Object.defineProperty(Secret.prototype, Symbol.for('nodejs.util.inspect.custom'), {
  value: () => 'Secret(<redacted>)',
})

/** The text of a Secret; any other value as it is. */
const reveal = (v) => (v instanceof Secret ? v.expose() : v)

module.exports = { Secret, reveal }
