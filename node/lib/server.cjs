'use strict'
// `aura-sign/server`: as `@auraimage/sdk/server`. The verifiers resolve to the
// payload or null like the original (strictly: see the README's table);
// check* variants reject with an AuraError whose `code` says why.

const native = require('./native.cjs')
const { call, toAuraError, MissingProjectNameError, UploadFromUrlError, AuraError } = require('./errors.cjs')
const { nowSeconds } = require('./clock.cjs')

const MAX_SERVE_TTL_SEC = native.MAX_SERVE_TTL_SEC
const list = (s) => (typeof s === 'string' ? [s] : Array.from(s ?? []))

async function signUploadToken(payload, secret) {
  return call(() => native.signUploadToken(payload, secret))
}

async function signServeToken(payload, secret) {
  return call(() => native.signServeToken(payload, secret))
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
  return call(() => native.verifyServeToken(token, list(secret), nowSeconds(), expected.project ?? null, expected.name ?? null))
}

/** Token refusals become null, as the original; MissingProjectNameError and other errors still throw. */
async function orNull(promise) {
  try {
    return await promise
  } catch (err) {
    const e = toAuraError(err)
    if (e instanceof MissingProjectNameError || !(e instanceof AuraError) || e.code === 'internal') throw e
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
