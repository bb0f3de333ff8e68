// tests/vectors/mux.json through aura-sign/mux, case for case as
// crates/aura-core/tests/vectors_mux.rs (every token byte for byte and
// through the verifier, typed errors where mux-node throws, refusals by
// rule); then properties and redaction.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { inspect, format } from 'node:util'
import { generateKeyPairSync } from 'node:crypto'

import { MuxSigner, MuxPublicKey, MuxVerifier } from 'aura-sign/mux'
import { InvalidInput } from 'aura-sign'
import native from '../lib/native.cjs'
import { Tally, PASS, load } from '../testkit/helpers.mjs'

const file = load('mux.json')
const keysByName = new Map(file.keys.map((k) => [k.name, k]))
const field = (name, f) => keysByName.get(name)[f]

/** What the case hands the SDK as key material: text, or why a text API cannot express it. */
function keyInput(key) {
  if (key === null || key === undefined) return { text: '' }
  if (key.form === 'literal') return { text: key.value }
  const { name, form } = key
  switch (form) {
    case 'pkcs1_pem': case 'pkcs8_pem': case 'base64_pkcs1_pem': case 'base64_pkcs8_pem':
    case 'public_spki_pem': case 'sec1_pem': case 'encrypted_pkcs8_pem':
      return { text: field(name, form) }
    case 'pkcs1_pem_crlf': return { text: field(name, 'pkcs1_pem').replaceAll('\n', '\r\n') }
    case 'pkcs8_pem_crlf': return { text: field(name, 'pkcs8_pem').replaceAll('\n', '\r\n') }
    case 'pkcs1_pem_padded': return { text: `\n  ${field(name, 'pkcs1_pem')}\n\n` }
    case 'pkcs8_pem_no_newlines': return { text: field(name, 'pkcs8_pem').replaceAll('\n', '') }
    case 'base64_pkcs1_pem_wrapped': return { text: Buffer.from(field(name, 'pkcs1_pem')).toString('base64').match(/.{1,76}/g).join('\n') }
    case 'base64_sec1_pem': return { text: Buffer.from(field(name, 'sec1_pem')).toString('base64') }
    // A CryptoKey imported from the PKCS#8 DER is what a parsed key is: run it from the same PKCS#8 text.
    case 'cryptokey_pkcs8': return { text: field(name, 'pkcs8_pem') }
    case 'cryptokey_pkcs8_sha512': return { sha512: true }
    case 'cryptokey_hmac': return { na: 'an HMAC CryptoKey: no HMAC key can be a Mux signing key (the type is RSA)' }
    case 'uint8array_pkcs1_der': return { na: 'a Uint8Array key: this API takes key text; mux-node also refuses it' }
    default: throw new Error(`key form ${form}`)
  }
}

/** The kid: config.keyId, else the case's key id unless none is given. */
const keyIdOf = (i) => (typeof i.config.keyId === 'string' ? i.config.keyId : i.key_id_via === 'none' ? '' : i.key_id)

const optionsOf = (config, now) => ({ expiration: config.expiration, params: config.params, now })

function run(c, keyText) {
  const { input: i, kind } = c
  const now = Math.floor(i.now_ms / 1000)
  const o = optionsOf(i.config, now)
  const type = i.config.type
  // mux-node resolves the type before the keys; so does this order.
  native._muxCheckType(kind === 'signViewerCounts' ? 'viewer_counts' : 'playback', type ?? null)
  const signer = new MuxSigner({ keyId: keyIdOf(i), keySecret: keyText })
  if (kind.startsWith('signPlaybackId.multi')) return { many: signer.signPlaybackId(i.id, { ...o, type }) }
  if (kind === 'signPlaybackId') return { one: signer.signPlaybackId(i.id, { ...o, type }) }
  if (kind === 'signDrmLicense') return { one: signer.signDrmLicense(i.id, { ...o, type }) }
  if (kind === 'signViewerCounts') return { one: signer.signViewerCounts(i.id, { ...o, type }) }
  throw new Error(`kind ${kind}`)
}

function expectedCodes(c) {
  const msg = c.error.message
  if (msg.startsWith('Invalid signature type') || msg.startsWith('Invalid time span') || msg.startsWith('Signing key required')) return ['invalid_input']
  if (msg.startsWith('Private key required') || msg.startsWith('Specified signing key')) return ['invalid_key']
  if (msg === 'Invalid keyData' || msg === 'Invalid key type') return ['invalid_key', 'not_a_private_key', 'unsupported_key_type']
  throw new Error(`unmapped reference error ${msg}`)
}

function ruleFor(c) {
  if (c.tags.includes('prototype_type_quirk')) return 'type is an Object.prototype member: mux-node signs without aud (or aud {}); Aura: invalid_input'
  if (c.input.id === '') return 'empty playback id: mux-node silently drops sub; Aura: invalid_input'
  return undefined
}

function audienceOf(c) {
  const type = c.input.config.type
  if (c.kind === 'signViewerCounts') return { viewerCounts: true, type: type ?? 'video' }
  if (c.kind === 'signDrmLicense') return { type: type ?? 'drm_license' }
  return { type: type ?? 'video' }
}

const TOKEN_TYPES = { 'playback-token': 'video', 'thumbnail-token': 'thumbnail', 'gif-token': 'gif', 'storyboard-token': 'storyboard', 'stats-token': 'stats', 'drm-token': 'drm_license' }

const verifyAs = (verifier, token, id, aud, now) =>
  aud.viewerCounts ? verifier.verifyViewerCounts(token, id, { type: aud.type, now }) : verifier.verifyPlayback(token, id, { type: aud.type, now })

/** The token must pass the verifier (or be refused as expired when the reference made it so). */
function verifyOne(c, token, aud) {
  const i = c.input
  if (typeof i.key?.name !== 'string') return undefined
  const verifier = new MuxVerifier(MuxPublicKey.fromAny(field(i.key.name, 'public_spki_pem'), keyIdOf(i)))
  const now = Math.floor(i.now_ms / 1000)
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url'))
  const expired = claims.exp <= now
  try {
    verifyAs(verifier, token, i.id, aud, now)
    return expired ? 'verifier accepted an expired token' : undefined
  } catch (err) {
    return expired && err.code === 'expired' ? undefined : `verifier: ${err.code} (expired ${expired})`
  }
}

function caseOutcome(c) {
  const i = c.input
  if (i.key_file_path !== undefined && i.key_file_path !== null) return ['na', 'keyFilePath: the core does no I/O (mux-node 15.3.0 also refuses it)']
  const key = keyInput(i.key)
  if (key.na) return ['na', key.na]
  if (key.sha512) {
    const verifier = new MuxVerifier(MuxPublicKey.fromAny(field(i.key.name, 'public_spki_pem'), keyIdOf(i)))
    try {
      verifyAs(verifier, c.output.token, i.id, audienceOf(c), Math.floor(i.now_ms / 1000))
      return ['failed', 'sha512 token verified']
    } catch (err) {
      return err.code === 'bad_signature'
        ? ['strict', 'a SHA-512 CryptoKey signs under an RS256 header (token does not verify); Aura keys are RS256 only, and its verifier refuses this token (bad_signature)']
        : ['failed', `sha512 token: ${err.code}`]
    }
  }
  let got
  try {
    got = run(c, key.text)
  } catch (err) {
    got = { err }
  }
  if (c.error) {
    const codes = expectedCodes(c)
    if (!got.err) return ['failed', `reference ${JSON.stringify(c.error)}; Aura signed`]
    return codes.includes(got.err.code) ? PASS : ['failed', `reference ${c.error.message}; Aura ${got.err.code} ${got.err.message} (want ${codes})`]
  }
  const rule = ruleFor(c)
  if (rule) return got.err?.code === 'invalid_input' ? ['rejected', rule] : ['failed', `expected invalid_input by rule, got ${got.err?.code ?? 'a token'}`]
  if (got.err) return ['failed', `Aura refused: ${got.err.code} ${got.err.message}`]
  if (got.one !== undefined) {
    if (got.one !== c.output.token) return ['failed', `token differs\n  got  ${got.one}\n  want ${c.output.token}`]
    const v = verifyOne(c, got.one, audienceOf(c))
    return v ? ['failed', v] : PASS
  }
  const names = Object.keys(got.many)
  if (JSON.stringify(names) !== JSON.stringify(c.output.token_names)) return ['failed', `names ${names} != ${c.output.token_names}`]
  for (const [name, token] of Object.entries(got.many)) {
    if (token !== c.output.tokens[name].token) return ['failed', `${name} differs\n  got  ${token}\n  want ${c.output.tokens[name].token}`]
    const v = verifyOne(c, token, { type: TOKEN_TYPES[name] })
    if (v) return ['failed', `${name}: ${v}`]
  }
  return PASS
}

test('mux.json: every case through aura-sign/mux', () => {
  const started = performance.now()
  const tally = new Tally('mux.json')
  for (const c of file.cases) tally.record(c.error ? `${c.kind}.error` : c.kind, c.id, caseOutcome(c))
  const failures = tally.report()
  console.log(`mux.json: ${file.cases.length} cases in ${(performance.now() - started).toFixed(0)} ms`)
  assert.deepEqual(failures, [])
})

const { privateKey: PEM } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
const DASHBOARD = Buffer.from(PEM).toString('base64')
const KID = 'TESTKEYAmuxSigningKeyId00000000000000000AAA'
const NOW = 1_700_000_000

test('mux properties: sign → verify accepts, a changed byte is refused, expired is refused', () => {
  const signer = new MuxSigner({ keyId: KID, keySecret: DASHBOARD })
  const verifier = new MuxVerifier(signer)
  for (const type of ['video', 'thumbnail', 'gif', 'storyboard', 'stats', 'drm_license']) {
    const id = `playback${type}`
    const token = signer.signPlaybackId(id, { type, expiration: '1h', params: { time: 5 }, now: NOW })
    assert.equal(verifyAs(verifier, token, id, { type }, NOW).sub, id)
    for (let i = 0; i < token.length; i += 7) {
      const c = token[i] === 'A' ? 'B' : 'A'
      assert.throws(() => verifyAs(verifier, token.slice(0, i) + c + token.slice(i + 1), id, { type }, NOW), `@${i}`)
    }
    assert.throws(() => verifyAs(verifier, token, id, { type }, NOW + 3600), { code: 'expired' })
    assert.throws(() => verifyAs(verifier, token, 'other', { type }, NOW), { code: 'sub_mismatch' })
  }
  const counts = signer.signViewerCounts('live1', { type: 'live_stream', expiration: 60, now: NOW })
  assert.equal(verifier.verifyViewerCounts(counts, 'live1', { type: 'live_stream', now: NOW }).aud, 'live_stream_id')
  assert.throws(() => verifier.verifyViewerCounts(counts, 'live1', { type: 'live_stream', now: NOW + 60 }), { code: 'expired' })
  const many = signer.signPlaybackId('p', { type: ['video', ['thumbnail', { time: 3 }]], now: NOW })
  assert.deepEqual(Object.keys(many), ['playback-token', 'thumbnail-token'])
  assert.equal(verifier.verifyPlayback(many['thumbnail-token'], 'p', { type: 'thumbnail', now: NOW }).time, 3)
  // the clock from Date.now when `now` is absent
  assert.equal(verifier.verifyPlayback(signer.signPlaybackId('p'), 'p').sub, 'p')
})

test('mux refusals are typed', () => {
  assert.throws(() => new MuxSigner({ keyId: '', keySecret: DASHBOARD }), InvalidInput)
  assert.throws(() => new MuxSigner({ keyId: KID, keySecret: 'not a key' }), { code: 'invalid_key' })
  const signer = new MuxSigner({ keyId: KID, keySecret: PEM })
  assert.throws(() => signer.signPlaybackId(''), InvalidInput)
  assert.throws(() => signer.signPlaybackId('p', { type: 'toString' }), InvalidInput)
  assert.throws(() => signer.signPlaybackId('p', { expiration: 'soon' }), InvalidInput)
  assert.throws(() => signer.signPlaybackId('p\ud800'), InvalidInput)
  assert.throws(() => new MuxVerifier([]), InvalidInput)
})

test('mux keys never appear in inspect, String, JSON or format output', () => {
  const signer = new MuxSigner({ keyId: KID, keySecret: DASHBOARD })
  const body = PEM.split('\n')[1]
  for (const v of [signer, new MuxVerifier(signer)]) {
    for (const text of [inspect(v), inspect(v, { showHidden: true, depth: Infinity, getters: true }), String(v), JSON.stringify(v) ?? '', format('%o %O %s', v, v, v)]) {
      assert.ok(!text.includes(DASHBOARD.slice(0, 40)) && !text.includes(body), text)
    }
  }
  assert.match(inspect(signer), /MuxSigner \{ keyId: "TESTKEY/)
})
