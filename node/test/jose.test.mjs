// tests/vectors/jose/ (RFC 7515 Appendix A, RFC 7520 §4, RFC 8037 Appendix A)
// through aura-sign's jwt.signCompact / jwt.verifyCompact and
// JwtKey.fromJwk, case for case as crates/aura-core/tests/vectors_jose.rs:
// deterministic signatures re-signed byte for byte, every supported example
// verified, every altered character refused, missing algorithms refused with
// alg_not_allowed.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { readdirSync, readFileSync } from 'node:fs'
import { inspect } from 'node:util'

import { JwtKey, jwt } from 'aura-sign'
import { load } from '../testkit/helpers.mjs'

const ALL = ['HS256', 'RS256', 'ES256', 'EdDSA']
const DETERMINISTIC = new Set(['HS256', 'RS256', 'EdDSA'])
const dir = new URL('../../tests/vectors/jose/', import.meta.url)
const b64u = (s) => new Uint8Array(Buffer.from(s, 'base64url'))
const utf8 = (s) => new Uint8Array(Buffer.from(s, 'utf8'))

function cookbookCase(id, alg, jwk, signing, compact, payload) {
  let token
  if (compact != null && compact.includes('..')) {
    token = [signing.protected_b64u, signing['sig-input'].split('.')[1], signing.sig].join('.') // detached, re-attached
  } else if (compact != null) {
    token = compact
  } else if ('protected_b64u' in signing) {
    token = `${signing['sig-input']}.${signing.sig}` // JSON serialization only
  } else {
    return { id, alg, jwk, token: null, payload, deterministic: false }
  }
  return { id, alg, jwk, token, payload, deterministic: DETERMINISTIC.has(alg) }
}

function cases() {
  const out = []
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const doc = load(`jose/${name}`)
    if (name.startsWith('rfc7515')) {
      for (const e of doc.examples) {
        out.push({ id: `RFC7515 ${e.id}`, alg: e.alg, jwk: e.key ?? null, token: e.compact, payload: utf8(e.payload), deterministic: e.reproducible })
      }
    } else if (name.startsWith('4_') || name.startsWith('curve25519')) {
      const id = name.startsWith('curve25519') ? 'RFC8037 A.4' : `RFC7520 ${name.split('.')[0].replace('_', '.')}`
      const { input } = doc
      const payload = utf8(input.payload)
      if (Array.isArray(input.key)) {
        doc.signing.forEach((s, i) => out.push(cookbookCase(`${id}[${i}]`, input.alg[i], input.key[i], s, null, payload)))
      } else {
        out.push(cookbookCase(id, input.alg, input.key, doc.signing, doc.output.compact, payload))
      }
    }
  }
  return out
}

const CASES = cases()
const codeOf = (fn) => {
  try {
    fn()
    return 'ok'
  } catch (e) {
    return e.code
  }
}
const tampered = (token) => [...token].map((c, i) => token.slice(0, i) + (c === 'A' ? 'B' : 'A') + token.slice(i + 1))

test('every file gives its cases; the n/a ones carry alg only unprotected', () => {
  assert.equal(CASES.length, 16)
  assert.deepEqual(CASES.filter((c) => c.token === null).map((c) => c.id), ['RFC7520 4.7', 'RFC7520 4.8[1]'])
})

for (const c of CASES.filter((c) => ALL.includes(c.alg) && c.token)) {
  test(`${c.id} ${c.alg}: verified, re-signed, every altered character refused`, () => {
    const key = JwtKey.fromJwk(c.jwk)
    assert.equal(key.algorithm, c.alg)
    assert.equal(key.kid, c.jwk.kid ?? null)
    const { header, payload } = jwt.verifyCompact(c.token, key, { algorithms: ALL })
    assert.deepEqual(new Uint8Array(payload), c.payload)
    assert.equal(header.alg, c.alg)
    const others = ALL.filter((a) => a !== c.alg)
    assert.equal(codeOf(() => jwt.verifyCompact(c.token, [key], { algorithms: others })), 'alg_not_allowed')
    const fresh = jwt.signCompact(b64u(c.token.split('.')[0]), c.payload, key)
    if (c.deterministic) assert.equal(fresh, c.token)
    else {
      assert.notEqual(fresh, c.token)
      assert.deepEqual(new Uint8Array(jwt.verifyCompact(fresh, key, { algorithms: ALL }).payload), c.payload)
    }
    const refused = tampered(c.token).map((t) => codeOf(() => jwt.verifyCompact(t, key, { algorithms: ALL })))
    assert.equal(refused.length, c.token.length)
    assert.ok(!refused.includes('ok'))
    for (const member of ['d', 'k', 'p', 'q']) if (c.jwk[member]) assert.ok(!inspect(key).includes(c.jwk[member]))
  })
}

for (const c of CASES.filter((c) => !ALL.includes(c.alg) && c.token)) {
  test(`${c.id} ${c.alg}: alg_not_allowed`, () => {
    const keys = []
    if (c.jwk) {
      try {
        keys.push(JwtKey.fromJwk(c.jwk))
      } catch (e) {
        assert.equal(e.code, 'unsupported_key_type') // P-521
      }
    }
    assert.equal(codeOf(() => jwt.verifyCompact(c.token, keys, { algorithms: ALL })), 'alg_not_allowed')
    for (const k of keys) assert.equal(codeOf(() => jwt.signCompact(b64u(c.token.split('.')[0]), c.payload, k)), 'alg_not_allowed')
  })
}

test('the RFC 7520 §3 keys', () => {
  const expected = {
    '3_1.ec_public_key.json': 'unsupported_key_type',
    '3_2.ec_private_key.json': 'unsupported_key_type',
    '3_3.rsa_public_key.json': 'RS256',
    '3_4.rsa_private_key.json': 'RS256',
    '3_5.symmetric_key_mac_computation.json': 'HS256',
    '3_6.symmetric_key_encryption.json': 'invalid_key',
  }
  for (const [name, want] of Object.entries(expected)) {
    const text = readFileSync(new URL(name, dir), 'utf8')
    let got
    try {
      got = JwtKey.fromJwk(text).algorithm
    } catch (e) {
      got = e.code
    }
    assert.equal(got, want, name)
  }
  const pub = JwtKey.fromJwk(readFileSync(new URL('3_3.rsa_public_key.json', dir), 'utf8'))
  const c = CASES.find((x) => x.id === 'RFC7520 4.1')
  assert.deepEqual(new Uint8Array(jwt.verifyCompact(c.token, pub, { algorithms: ['RS256'] }).payload), c.payload)
  assert.equal(codeOf(() => jwt.signCompact('{"alg":"RS256"}', 'x', pub)), 'not_a_private_key')
})
