'use strict'
// Lone surrogates. napi's string conversion replaces them with U+FFFD without
// a word, so a name like 'a\ud800b' would be signed as other bytes than the
// caller's. Where @auraimage/sdk encodes a string with encodeURIComponent it
// throws URIError('URI malformed') and so does this package; where it only
// JSON-stringifies it (writing a `\udXXX` escape aura cannot produce) or the
// string lands raw in a URL or token, this package throws InvalidInput.

const { InvalidInput } = require('./errors.cjs')

const illFormed = (v) => typeof v === 'string' && !v.isWellFormed()

/** As encodeURIComponent on a lone surrogate. */
function uriEncoded(...values) {
  if (values.some(illFormed)) throw new URIError('URI malformed')
}

/** InvalidInput when the string `value` (named `what`) holds a lone surrogate. */
function wellFormed(what, value) {
  if (illFormed(value)) {
    throw new InvalidInput('invalid_input', `${what} contains a lone surrogate (not Unicode text; it cannot be signed as given)`)
  }
}

/** As `wellFormed` for each string of an array (other values are left to the native type check). */
function wellFormedEach(what, values) {
  if (Array.isArray(values)) values.forEach((v) => wellFormed(what, v))
}

// Past the native conversion's depth limit (128): it refuses those values itself.
const MAX_DEPTH = 200

// `seen`: each object is walked once (a shared or cyclic reference is not walked again).
function jsonIllFormed(value, depth, seen) {
  if (typeof value === 'string') return !value.isWellFormed()
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || seen.has(value)) return false
  seen.add(value)
  if (Array.isArray(value)) return value.some((v) => jsonIllFormed(v, depth + 1, seen))
  for (const key of Object.keys(value)) {
    if (!key.isWellFormed() || jsonIllFormed(value[key], depth + 1, seen)) return true
  }
  return false
}

/** InvalidInput when any key or string inside a JSON value holds a lone surrogate. */
function jsonWellFormed(what, value) {
  if (jsonIllFormed(value, 0, new Set())) {
    throw new InvalidInput('invalid_input', `${what} contains a lone surrogate (JSON.stringify would write a \\uXXXX escape; aura signs UTF-8 text only)`)
  }
}

module.exports = { uriEncoded, wellFormed, wellFormedEach, jsonWellFormed }
