'use strict'
// `aura-sign/server`: as `@auraimage/sdk/server`. The verifiers resolve to the
// payload or null like the original (strictly: see the README's table);
// check* variants reject with an AuraError whose `code` says why. A
// misconfiguration (an empty secret or list, invalid_input) throws from both:
// it must not look like a bad token.

const native = require('./native.cjs')
const { call, toAuraError, MissingProjectNameError, UploadFromUrlError, AuraError } = require('./errors.cjs')
const { nowSeconds } = require('./clock.cjs')
const { wellFormed, jsonWellFormed } = require('./text.cjs')

const MAX_SERVE_TTL_SEC = native.MAX_SERVE_TTL_SEC
const list = (s) => (typeof s === 'string' ? [s] : Array.from(s ?? []))

// The SDK JSON-stringifies the payload: a lone surrogate becomes a `\udXXX`
// escape aura cannot produce, so it is refused rather than signed as U+FFFD.
async function signUploadToken(payload, secret) {
  const token = call(() => native.signUploadToken(payload, secret))
  jsonWellFormed('payload', payload)
  return token
}

async function signServeToken(payload, secret) {
  const token = call(() => native.signServeToken(payload, secret))
  jsonWellFormed('payload', payload)
  return token
}

/** Resolves to the payload; rejects with an AuraError (missing_project_name, expired, bad_signature…). */
async function checkUploadToken(token, secret) {
  if (typeof secret === 'function') {
    const project = call(() => native.uploadTokenProjectName(token))
    const resolved = await secret(project)
    return call(() => native.verifyUploadTokenResolved(token, list(resolved), nowSeconds()))
  }
  return call(() => native.verifyUploadToken(token, list(secret), nowSeconds()))
}

async function checkServeToken(token, secret, expected = {}) {
  wellFormed('expected.project', expected.project)
  wellFormed('expected.name', expected.name)
  return call(() => native.verifyServeToken(token, list(secret), nowSeconds(), expected.project ?? null, expected.name ?? null))
}

/**
 * Token refusals become null, as the original. MissingProjectNameError, a
 * misconfiguration (invalid_input: an empty secret, an empty list, a
 * non-string argument) and other errors still throw.
 */
async function orNull(promise) {
  try {
    return await promise
  } catch (err) {
    const e = toAuraError(err)
    if (e instanceof MissingProjectNameError || !(e instanceof AuraError) || e.code === 'internal' || e.code === 'invalid_input') throw e
    return null
  }
}

async function verifyUploadToken(token, secret) {
  return orNull(checkUploadToken(token, secret))
}

async function verifyServeToken(token, secret) {
  return orNull(checkServeToken(token, secret))
}

module.exports = {
  MAX_SERVE_TTL_SEC,
  MissingProjectNameError,
  UploadFromUrlError,
  signUploadToken,
  signServeToken,
  verifyUploadToken,
  verifyServeToken,
  checkUploadToken,
  checkServeToken,
}
