// tests/vectors/google-cdn.json through aura-sign/google-cdn, case for case
// as crates/aura-core/tests/vectors_google_cdn.rs (its datetime and clock
// rules ported): the sample's bytes and string-to-sign, or a refusal; every
// reference output through the verifiers; then property tests, typed
// refusals and the redaction of keys.
import assert from 'node:assert/strict'
import { isIP } from 'node:net'
import { test, mock } from 'node:test'
import { inspect, format } from 'node:util'

import {
  CloudCdnSigner,
  CloudCdnVerifier,
  MediaCdnSigner,
  MediaCdnVerifier,
  MediaCdnTokenSigner,
  MediaCdnTokenVerifier,
} from 'aura-sign/google-cdn'
import { AuraError, InvalidInput, KeyFormatError, Secret } from 'aura-sign'
import { Tally, PASS, load } from '../testkit/helpers.mjs'

/** Python `datetime.fromisoformat` of the vectors' strings: [seconds of the wall-clock time read as UTC, microseconds, UTC offset or null]. */
function parseIso(text) {
  const t = text.indexOf('T')
  const d = text.slice(0, t).split('-').map(Number)
  const rest = text.slice(t + 1)
  const at = rest.search(/[+-]/)
  const time = at < 0 ? rest : rest.slice(0, at)
  const offset = at < 0 ? null : rest.slice(at)
  const [hms, frac = '0'] = time.split('.')
  const h = hms.split(':').map(Number)
  const micros = Number(frac.padEnd(6, '0').slice(0, 6))
  // days_from_civil (Howard Hinnant), as the Rust test
  const [y0, m, day] = d
  const y = m <= 2 ? y0 - 1 : y0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (m + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  const days = era * 146097 + doe - 719468
  const secs = days * 86400 + h[0] * 3600 + h[1] * 60 + h[2]
  const off = offset === null ? null : (() => {
    const sign = offset.startsWith('-') ? -1 : 1
    const parts = offset.slice(1).split(':').map(Number)
    return sign * (parts[0] * 3600 + parts[1] * 60)
  })()
  for (const n of [...d, ...h, micros, off ?? 0]) if (!Number.isInteger(n)) throw new Error(`unparsed datetime ${text}`)
  return [secs, micros, off]
}

/** `int((dt - epoch).total_seconds())`: truncated toward zero. */
const truncate = (secs, micros) => Number((BigInt(secs) * 1_000_000n + BigInt(micros)) / 1_000_000n)

/** UTC offset of the zones the vectors use, in January 2026. */
function tzOffset(tz) {
  const zones = { 'America/New_York': -5 * 3600, 'Asia/Kolkata': 5 * 3600 + 1800, 'Europe/Berlin': 3600 }
  if (tz === undefined) return 0
  if (!(tz in zones)) throw new Error(`unknown tz ${tz}`)
  return zones[tz]
}

// cdn/snippets.py after #12704: aware datetimes only; media_cdn/snippets.py:
// naive, read as UTC; dualtoken.py: aware, or naive read as local time.
const AWARE = 'aware'
const NAIVE_UTC = 'naive-utc'
const LOCAL = 'local'

/** The Unix seconds the sample computes, or `{ na }` when the typed API cannot be given this argument (a Python type error). */
function seconds(v, clock, tz) {
  if (typeof v !== 'string') return { na: 'an int expiration_time is a Python TypeError; the API takes Unix seconds' }
  const [secs, micros, off] = parseIso(v)
  if (clock === AWARE && off === null) return { na: 'a naive datetime is a Python TypeError in cdn/snippets.py; the API takes Unix seconds' }
  if (clock === NAIVE_UTC && off !== null) return { na: 'an aware datetime is a Python TypeError in media_cdn/snippets.py; the API takes Unix seconds' }
  if (off !== null) return { value: truncate(secs - off, micros) }
  if (clock === LOCAL) return { value: truncate(secs - tzOffset(tz), micros) }
  return { value: truncate(secs, micros) }
}

const clockOf = (kind) =>
  kind.startsWith('cdn_') ? AWARE : ['media_cdn_signed_url', 'media_cdn_signed_url_prefix', 'media_cdn_signed_cookie'].includes(kind) ? NAIVE_UTC : LOCAL

const opt = (i, k) => (typeof i[k] === 'string' ? i[k] : undefined)
const truthy = (i, k) => (opt(i, k) ? i[k] : undefined)
const s = (v, k) => {
  if (typeof v?.[k] !== 'string') throw new Error(`missing string ${k} in ${JSON.stringify(v)}`)
  return v[k]
}

const attempt = (fn) => {
  try {
    return { ok: fn() }
  } catch (err) {
    return { err }
  }
}

class NotApplicable {
  constructor(reason) {
    this.reason = reason
  }
}

/** The case through the API: `{ ok: { value, stringToSign } }`, `{ err }`, or a NotApplicable. */
function run(kind, i) {
  const clock = clockOf(kind)
  let expires
  if ('expiration_time' in i) {
    const e = seconds(i.expiration_time, clock, i.tz)
    if (e.na) return new NotApplicable(e.na)
    expires = e.value
  }
  const key = s(i, 'base64_key')
  const now = i.now_unix
  if (kind.startsWith('cdn_')) {
    return attempt(() => {
      const signer = new CloudCdnSigner(s(i, 'key_name'), key)
      const o = { expires, now }
      if (kind === 'cdn_signed_url') return signer.signUrlDetails(s(i, 'url'), o)
      if (kind === 'cdn_signed_url_prefix') return signer.signUrlPrefixDetails(s(i, 'url'), s(i, 'url_prefix'), o)
      return signer.signCookieDetails(s(i, 'url_prefix'), o)
    })
  }
  if (kind !== 'media_cdn_token') {
    return attempt(() => {
      const signer = new MediaCdnSigner(s(i, 'key_name'), key)
      const o = { expires, now }
      if (kind === 'media_cdn_signed_url') return signer.signUrlDetails(s(i, 'url'), o)
      if (kind === 'media_cdn_signed_url_prefix') return signer.signUrlPrefixDetails(s(i, 'url'), s(i, 'url_prefix'), o)
      if (kind === 'media_cdn_signed_cookie') return signer.signCookieDetails(s(i, 'url_prefix'), o)
      if (kind === 'media_cdn_path_component') return signer.signPathComponentDetails(s(i, 'url_prefix'), s(i, 'filename'), o)
      throw new Error(`unknown kind ${kind}`)
    })
  }
  // The sample's precedence picks one resource: FullPath > PathGlobs > URLPrefix (truthy values only).
  let resource
  if (truthy(i, 'full_path')) resource = { fullPath: i.full_path }
  else if (truthy(i, 'path_globs')) resource = { pathGlobs: i.path_globs }
  else if (truthy(i, 'url_prefix')) resource = { urlPrefix: i.url_prefix }
  else return new NotApplicable('no resource: the typed API always has one (fullPath, pathGlobs or urlPrefix)')
  const headers = []
  for (const h of i.headers ?? []) {
    if (typeof h.value !== 'string') return new NotApplicable('a header without a value cannot be expressed ({ name, value } pairs)')
    headers.push({ name: s(h, 'name'), value: h.value })
  }
  let starts
  if ('start_time' in i) {
    const st = seconds(i.start_time, clock, i.tz)
    if (st.na) return new NotApplicable(st.na)
    starts = st.value
  }
  const options = { ...resource, starts, expires, sessionId: opt(i, 'session_id'), data: opt(i, 'data'), headers, ipRanges: opt(i, 'ip_ranges'), now }
  return attempt(() => new MediaCdnTokenSigner(key, { algorithm: s(i, 'signature_algorithm') }).signDetails(options))
}

const outputOf = (c) => ['signed_url', 'cookie', 'token'].map((k) => c.output?.[k]).find((v) => typeof v === 'string')

function compare(c, got) {
  const want = outputOf(c)
  if (want === undefined) return got.err ? PASS : ['failed', `reference raised ${JSON.stringify(c.error)}, Aura signed ${got.ok.value}`]
  if (got.ok) {
    const sts = s(c.output, 'string_to_sign')
    return got.ok.value === want && got.ok.stringToSign === sts
      ? PASS
      : ['failed', `bytes differ:\n  got  ${got.ok.value}\n  want ${want}\n  got  sts ${got.ok.stringToSign}\n  want sts ${sts}`]
  }
  return got.err instanceof InvalidInput ? ['rejected', got.err.message] : ['failed', `unexpected error ${got.err.code} ${got.err.message}`]
}

function expiresIn(text) {
  const at = text.lastIndexOf('Expires=') + 'Expires='.length
  return Number(/^\d+/.exec(text.slice(at))[0])
}

/** A key of the same kind that is not the case's. */
const otherKey = (key, first, second) => (key === second ? first : second)
const ED_A = 'vQWlLOQaqCxgT_UiJGpR5W8s0M9C3X5MuX5Coe99Axo='
const ED_B = 'X7H4C9FRM1vsvT5B4BsJsFilMitoVru1CmmV5hBFWLQ='
const publicKeyOf = (key) => attempt(() => new MediaCdnSigner('k', key).publicKey()).ok

/** Rust's str::trim (Unicode White_Space), as the Rust test strips. */
const rustTrim = (t) => t.replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g, '')

const show = (r) => (r === undefined ? '-' : r.ok ? JSON.stringify(r.ok) : `${r.err.code}: ${r.err.message}`)
const RULE_URL_PREFIX_MESSAGE = 'viewer blocked by access rule 0'

/** Accepted until Expires (or refused by the prefix rule where the URL is outside it), expired after, refused under another key. */
function verifyReference(kind, i, output) {
  const key = s(i, 'base64_key')
  const keyName = typeof i.key_name === 'string' ? i.key_name : ''
  const e = expiresIn(output)
  const outside = kind.endsWith('_signed_url_prefix') && !rustTrim(s(i, 'url')).startsWith(rustTrim(s(i, 'url_prefix')))
  const cookieUrl = typeof i.url_prefix === 'string' ? `${rustTrim(i.url_prefix)}x` : undefined
  const check = (f, other) => {
    const at = attempt(() => f(e))
    const ok = outside ? at.err?.code === 'access_denied' && at.err.message === RULE_URL_PREFIX_MESSAGE : at.ok !== undefined && at.ok.expires === e
    const later = attempt(() => f(e + 1))
    if (ok && later.err?.code === 'expired' && ['bad_signature', 'unknown_kid'].includes(other.err?.code)) return PASS
    return ['failed', `verify ${output}: at expiry ${show(at)}, after ${show(later)}, other key ${show(other)}`]
  }
  if (kind.startsWith('cdn_')) {
    const v = attempt(() => new CloudCdnVerifier().addKey(keyName, key)).ok
    if (v === undefined) return new NotApplicable('key name refused by rule')
    const other = new CloudCdnVerifier([{ keyName, key: otherKey(key, 'dDU4lYX-e6nRQowNdmXWJw==', '3Wl6GHS3A1mJZw_RhS8PzQ==') }])
    if (kind === 'cdn_signed_cookie') return check((now) => v.verifyCookie(output, cookieUrl, { now }), attempt(() => other.verifyCookie(output, cookieUrl, { now: e })))
    return check((now) => v.verifyUrl(output, { now }), attempt(() => other.verifyUrl(output, { now: e })))
  }
  if (kind === 'media_cdn_token') {
    let v
    let other
    if (output.includes('~Signature=')) {
      v = new MediaCdnTokenVerifier({ publicKeys: [publicKeyOf(key)] })
      other = new MediaCdnTokenVerifier({ publicKeys: publicKeyOf(otherKey(key, ED_A, ED_B)) })
    } else {
      v = new MediaCdnTokenVerifier({ hmacKeys: [key] })
      other = new MediaCdnTokenVerifier({ hmacKeys: otherKey(key, 'ZECB2GCGgISWMyGLSM-d6DMUqqSrFqSOsJweQlM6x2k=', 'Pi6vwsqGH8AyLx0PDIRpHjS_zhJl-cnJz13UtmqZQ5Q=') })
    }
    const headers = (i.headers ?? []).map((h) => ({ name: s(h, 'name'), value: s(h, 'value') }))
    let path = '/'
    if (truthy(i, 'full_path')) path = i.full_path
    else if (truthy(i, 'path_globs')) path = rustTrim(i.path_globs).split(/[,!]/)[0].replaceAll('*', 'x')
    const url = `${typeof i.url_prefix === 'string' ? i.url_prefix : ''}x`
    const first = opt(i, 'ip_ranges')?.split(',')[0].split('/')[0]
    const viewerIp = first !== undefined && isIP(first) ? first : undefined
    const request = { url, path, headers, viewerIp }
    const startsField = output.split('~').find((f) => f.startsWith('Starts='))
    const starts = startsField === undefined ? undefined : Number(startsField.slice('Starts='.length))
    const f = (now) => attempt(() => v.verify(output, { ...request, now }))
    const otherResult = attempt(() => other.verify(output, { ...request, now: e }))
    const beforeStart = starts !== undefined && starts > 0 ? f(starts - 1) : undefined
    const [at, later] = [f(e), f(e + 1)]
    if (at.ok?.expires === e && later.err?.code === 'expired' && otherResult.err?.code === 'bad_signature' && (beforeStart === undefined || beforeStart.err?.code === 'not_yet_valid')) return PASS
    return ['failed', `verify ${output}: at expiry ${show(at)}, after ${show(later)}, other key ${show(otherResult)}, before start ${show(beforeStart)}`]
  }
  const publicKey = publicKeyOf(key)
  if (publicKey === undefined) return new NotApplicable('no Ed25519 key')
  const v = attempt(() => new MediaCdnVerifier().addPublicKey(keyName, publicKey)).ok
  if (v === undefined) return new NotApplicable('key name refused by rule')
  const other = new MediaCdnVerifier({ [keyName]: publicKeyOf(otherKey(key, ED_A, ED_B)) })
  if (kind === 'media_cdn_signed_cookie') return check((now) => v.verifyCookie(output, cookieUrl, { now }), attempt(() => other.verifyCookie(output, cookieUrl, { now: e })))
  if (kind === 'media_cdn_path_component') return check((now) => v.verifyPathComponent(output, { now }), attempt(() => other.verifyPathComponent(output, { now: e })))
  return check((now) => v.verifyUrl(output, { now }), attempt(() => other.verifyUrl(output, { now: e })))
}

test('google-cdn.json: every case through aura-sign/google-cdn, every reference output through the verifiers', () => {
  const started = performance.now()
  const { cases } = load('google-cdn.json')
  const tally = new Tally('google-cdn.json')
  for (const c of cases) {
    const result = run(c.kind, c.input)
    let outcome
    if (result instanceof NotApplicable) outcome = c.error !== undefined ? ['na', result.reason] : ['failed', `cannot express a case the sample signs: ${result.reason}`]
    else outcome = compare(c, result)
    tally.record(c.kind, c.id, outcome)
    // What Aura refuses to sign (e.g. `~` inside token values) is not expected to verify either.
    if (outcome[0] === 'rejected') continue
    const output = outputOf(c)
    if (output === undefined) continue
    const v = verifyReference(c.kind, c.input, output)
    if (v instanceof NotApplicable) continue
    tally.record(`verify.${c.kind}`, c.id, v)
  }
  const failures = tally.report()
  console.log(`google-cdn.json: ${cases.length} cases in ${(performance.now() - started).toFixed(0)} ms`)
  assert.deepEqual(failures, [])
  // Every case ran, and most reproduced the sample's bytes.
  const ran = [...tally.kinds].filter(([k]) => !k.startsWith('verify.')).reduce((n, [, k]) => n + k.run, 0)
  assert.equal(ran, cases.length)
})

const CDN_KEY = 'nZtRohdNF9m3cKM24IcK4w=='
const SEED = 'vQWlLOQaqCxgT_UiJGpR5W8s0M9C3X5MuX5Coe99Axo='
const HMAC_KEY = 'ZECB2GCGgISWMyGLSM-d6DMUqqSrFqSOsJweQlM6x2k='
const NOW = 1_767_225_600

/** One character changed: 'a' ↔ 'b', anything else → 'a'. */
const flip = (text, i) => text.slice(0, i) + (text[i] === 'a' ? 'b' : 'a') + text.slice(i + 1)

/** Every one-character change of `text` in [from, to) is refused with an AuraError. */
function refusesEveryFlip(verify, text, from = 0, to = text.length) {
  for (let i = from; i < to; i++) {
    const changed = flip(text, i)
    assert.throws(() => verify(changed), AuraError, `${changed} (@${i}) was accepted`)
  }
}

test('Cloud CDN and Media CDN properties: sign → verify accepts, a changed byte is refused, expired and outside-prefix are refused', () => {
  const signers = [new CloudCdnSigner('my-key', CDN_KEY), new MediaCdnSigner('media-key', SEED)]
  const verifiers = [new CloudCdnVerifier({ 'my-key': CDN_KEY }), new MediaCdnVerifier(signers[1])]
  for (const [n, signer] of signers.entries()) {
    const verifier = verifiers[n]
    for (let k = 0; k < 8; k++) {
      const now = NOW + k * 97
      const expires = now + 60 + k
      const url = `https://cdn.example.com/video/${k}/seg-${k * 7}.ts${k % 2 ? `?x=${k}` : ''}`
      // whole URL
      const signed = signer.signUrl(url, { expiresIn: 60 + k, now })
      assert.deepEqual(verifier.verifyUrl(signed, { now }), { keyName: signer.keyName, expires, urlPrefix: null })
      assert.deepEqual(verifier.verifyUrl(signed, { now: expires }).expires, expires, 'valid while now <= Expires')
      assert.throws(() => verifier.verifyUrl(signed, { now: expires + 1 }), { code: 'expired' })
      refusesEveryFlip((u) => verifier.verifyUrl(u, { now }), signed)
      // prefix: the request URL before the policy must start with the prefix
      const prefix = `https://cdn.example.com/video/${k}/`
      const prefixed = signer.signUrlPrefix(url, prefix, { expires, now })
      assert.deepEqual(verifier.verifyUrl(prefixed, { now }), { keyName: signer.keyName, expires, urlPrefix: prefix })
      const policyAt = prefixed.indexOf('URLPrefix=')
      refusesEveryFlip((u) => verifier.verifyUrl(u, { now }), prefixed, 0, prefix.length)
      refusesEveryFlip((u) => verifier.verifyUrl(u, { now }), prefixed, policyAt)
      // The request URL after the prefix is not signed: the prefix covers it.
      assert.equal(verifier.verifyUrl(prefixed.replace('/seg-', '/sag-'), { now }).urlPrefix, prefix)
      const outside = signer.signUrlPrefix(`https://cdn.example.com/audio/${k}.mp3`, prefix, { expires, now })
      assert.throws(() => verifier.verifyUrl(outside, { now }), (e) => e.code === 'access_denied' && e.message === RULE_URL_PREFIX_MESSAGE)
      assert.throws(() => verifier.verifyUrl(prefixed, { now: expires + 1 }), { code: 'expired' })
      // cookie
      const cookie = signer.signCookie(prefix, { expires, now })
      assert.equal(verifier.verifyCookie(cookie, `${prefix}a.ts`, { now }).urlPrefix, prefix)
      assert.equal(verifier.verifyCookie(cookie.slice(cookie.indexOf('=') + 1), `${prefix}a.ts`, { now }).expires, expires)
      assert.throws(() => verifier.verifyCookie(cookie, 'https://cdn.example.com/other/a.ts', { now }), { code: 'access_denied' })
      assert.throws(() => verifier.verifyCookie(cookie, `${prefix}a.ts`, { now: expires + 1 }), { code: 'expired' })
      refusesEveryFlip((c) => verifier.verifyCookie(c, `${prefix}a.ts`, { now }), cookie)
    }
  }
  // Media CDN path components: the signed part is everything up to the signature.
  const media = signers[1]
  const pc = media.signPathComponent('https://media.example.com/tv/', 'index.m3u8', { expires: NOW + 30, now: NOW })
  assert.deepEqual(verifiers[1].verifyPathComponent(pc, { now: NOW }), { keyName: 'media-key', expires: NOW + 30, urlPrefix: 'https://media.example.com/tv/' })
  refusesEveryFlip((u) => verifiers[1].verifyPathComponent(u, { now: NOW }), pc, 0, pc.lastIndexOf('/'))
  assert.throws(() => verifiers[1].verifyPathComponent(pc, { now: NOW + 31 }), { code: 'expired' })
  // Another key name, another key.
  assert.throws(() => new CloudCdnVerifier({ other: CDN_KEY }).verifyUrl(signers[0].signUrl('https://h/a', { expires: NOW, now: NOW }), { now: NOW }), { code: 'unknown_kid' })
  assert.throws(() => new CloudCdnVerifier({ 'my-key': '3Wl6GHS3A1mJZw_RhS8PzQ==' }).verifyUrl(signers[0].signUrl('https://h/a', { expires: NOW, now: NOW }), { now: NOW }), { code: 'bad_signature' })
  // A verifier from base64 public-key text (gcloud's form), padded or not.
  const text = media.publicKey().toString('base64url')
  const fromText = new MediaCdnVerifier({ 'media-key': text })
  assert.equal(fromText.verifyUrl(media.signUrl('https://h/a', { expires: NOW, now: NOW }), { now: NOW }).keyName, 'media-key')
  assert.equal(new MediaCdnVerifier([{ keyName: 'media-key', publicKey: `${text}=` }]).verifyPathComponent(pc, { now: NOW }).expires, NOW + 30)
})

test('Media CDN token properties: every algorithm, every rule', () => {
  for (const [algorithm, key] of [['ed25519', SEED], ['sha1', HMAC_KEY], ['sha256', HMAC_KEY]]) {
    const signer = new MediaCdnTokenSigner(key, { algorithm })
    const verifier = algorithm === 'ed25519' ? new MediaCdnTokenVerifier({ publicKeys: signer }) : new MediaCdnTokenVerifier({ hmacKeys: [key] })
    for (let k = 0; k < 6; k++) {
      const now = NOW + k
      const o = {
        pathGlobs: `/tv/${k}/*.m3u8,/tv/${k}/*.ts`,
        starts: now - 10,
        expiresIn: 120,
        sessionId: `s${k}`,
        data: `d${k}`,
        headers: [{ name: 'X-Viewer', value: `v${k}` }],
        ipRanges: '198.51.100.0/24,2001:db8::/32',
        now,
      }
      const { value: token, stringToSign } = signer.signDetails(o)
      assert.ok(stringToSign.includes(`Headers=X-Viewer=v${k}`) && token.includes('~Headers=X-Viewer~'), token)
      const request = { path: `/tv/${k}/a/b.ts`, headers: { 'x-viewer': `v${k}` }, viewerIp: '198.51.100.9', now }
      assert.deepEqual(verifier.verify(token, request), {
        starts: now - 10,
        expires: now + 120,
        sessionId: `s${k}`,
        data: `d${k}`,
        headerNames: ['X-Viewer'],
        ipRanges: '198.51.100.0/24,2001:db8::/32',
      })
      refusesEveryFlip((t) => verifier.verify(t, request), token)
      assert.throws(() => verifier.verify(token, { ...request, now: now + 121 }), { code: 'expired' })
      assert.throws(() => verifier.verify(token, { ...request, now: now - 11 }), { code: 'not_yet_valid' })
      assert.throws(() => verifier.verify(token, { ...request, path: `/film/${k}.ts` }), { code: 'access_denied', message: 'viewer blocked by access rule 1' })
      assert.throws(() => verifier.verify(token, { ...request, viewerIp: '192.0.2.1' }), { code: 'access_denied', message: 'viewer blocked by access rule 2' })
      assert.throws(() => verifier.verify(token, { ...request, viewerIp: undefined }), { code: 'access_denied', message: 'viewer blocked by access rule 2' })
      assert.throws(() => verifier.verify(token, { ...request, headers: {} }), { code: 'access_denied', message: 'viewer blocked by access rule 3' })
      assert.throws(() => verifier.verify(token, { ...request, headers: { 'x-viewer': 'other' } }), { code: 'bad_signature' })
    }
    // URL prefix and full path
    const prefixToken = signer.sign({ urlPrefix: 'https://media.example.com/tv/', expires: NOW + 5, now: NOW })
    assert.equal(verifier.verify(prefixToken, { url: 'https://media.example.com/tv/a.ts', now: NOW }).expires, NOW + 5)
    assert.throws(() => verifier.verify(prefixToken, { url: 'https://media.example.com/film/a.ts', now: NOW }), { code: 'access_denied', message: RULE_URL_PREFIX_MESSAGE })
    const fullPath = signer.sign({ fullPath: '/tv/a.ts', now: NOW })
    assert.equal(verifier.verify(fullPath, { path: '/tv/a.ts', now: NOW }).expires, NOW + 3600, 'default expiry: now + 1 hour, as the sample')
    assert.throws(() => verifier.verify(fullPath, { path: '/tv/b.ts', now: NOW }), { code: 'bad_signature' })
  }
  // Another key of the same kind
  const token = new MediaCdnTokenSigner(HMAC_KEY, { algorithm: 'sha256' }).sign({ fullPath: '/a', now: NOW })
  assert.throws(() => new MediaCdnTokenVerifier({ hmacKeys: 'Pi6vwsqGH8AyLx0PDIRpHjS_zhJl-cnJz13UtmqZQ5Q=' }).verify(token, { path: '/a', now: NOW }), { code: 'bad_signature' })
  assert.equal(new MediaCdnTokenSigner(HMAC_KEY, { algorithm: 'SHA256' }).publicKey(), null)
})

test('the clock is read in JavaScript when now is omitted (fake timers move it)', () => {
  mock.timers.enable({ apis: ['Date'], now: NOW * 1000 })
  try {
    const signer = new CloudCdnSigner('my-key', CDN_KEY)
    const verifier = new CloudCdnVerifier({ 'my-key': CDN_KEY })
    const url = signer.signUrl('https://h/a.mp4', { expiresIn: 60 })
    assert.match(url, new RegExp(`Expires=${NOW + 60}&`))
    mock.timers.tick(60_000)
    assert.equal(verifier.verifyUrl(url).expires, NOW + 60, 'now == Expires is valid')
    mock.timers.tick(1_000)
    assert.throws(() => verifier.verifyUrl(url), { code: 'expired' })
    const token = new MediaCdnTokenSigner(HMAC_KEY, { algorithm: 'sha1' }).sign({ pathGlobs: '/*' })
    assert.match(token, new RegExp(`^PathGlobs=/\\*~Expires=${NOW + 61 + 3600}~hmac=[0-9a-f]{40}$`))
    // A Date is truncated to whole seconds.
    assert.match(signer.signUrl('https://h/a', { expires: new Date((NOW + 5) * 1000 + 999) }), new RegExp(`Expires=${NOW + 5}&`))
  } finally {
    mock.timers.reset()
  }
})

test('google-cdn refusals are typed (times, keys, names, resources)', () => {
  const signer = new CloudCdnSigner('my-key', CDN_KEY)
  for (const bad of [NaN, Infinity, -Infinity, 1.5, 2 ** 53, '1767225600', {}]) {
    assert.throws(() => signer.signUrl('https://h/a', { expires: NOW, now: bad }), InvalidInput, `now ${String(bad)}`)
  }
  for (const bad of [NaN, Infinity, 1.5, 2 ** 60, '1767225600', new Date(NaN)]) {
    assert.throws(() => signer.signUrl('https://h/a', { expires: bad, now: NOW }), InvalidInput, `expires ${String(bad)}`)
    assert.throws(() => new MediaCdnTokenSigner(HMAC_KEY, { algorithm: 'sha1' }).sign({ fullPath: '/a', starts: bad, now: NOW }), InvalidInput, `starts ${String(bad)}`)
  }
  assert.throws(() => signer.signUrl('https://h/a', { expiresIn: NaN, now: NOW }), InvalidInput)
  assert.throws(() => signer.signUrl('https://h/a', { now: NOW }), InvalidInput) // no expiry
  assert.throws(() => signer.signUrl('https://h/a', { expires: NOW, expiresIn: 5, now: NOW }), InvalidInput)
  assert.throws(() => signer.signUrl('https://h/a', { expires: -1, now: NOW }), InvalidInput) // before 1970
  assert.throws(() => signer.signUrl('https://h/a\ud800', { expires: NOW, now: NOW }), InvalidInput)
  assert.throws(() => new CloudCdnVerifier({ k: CDN_KEY }).verifyUrl('https://h/a', { now: 0.5 }), InvalidInput)
  assert.throws(() => new CloudCdnSigner('my key', CDN_KEY), InvalidInput)
  assert.throws(() => new CloudCdnSigner('my-key', 'dDU4lYX-e6nRQowNdmXWJw'), KeyFormatError) // padding required, as urlsafe_b64decode
  assert.throws(() => new MediaCdnSigner('k', CDN_KEY), KeyFormatError) // not a 32-byte seed
  assert.throws(() => new MediaCdnVerifier({ k: new Uint8Array(31) }), (e) => e instanceof AuraError)
  assert.throws(() => new MediaCdnTokenSigner(HMAC_KEY), InvalidInput) // algorithm required
  assert.throws(() => new MediaCdnTokenSigner(HMAC_KEY, { algorithm: 'md5' }), InvalidInput)
  const tokens = new MediaCdnTokenSigner(HMAC_KEY, { algorithm: 'sha256' })
  assert.throws(() => tokens.sign({ now: NOW }), InvalidInput) // no resource
  assert.throws(() => tokens.sign({ fullPath: '/a', urlPrefix: 'https://h/', now: NOW }), InvalidInput)
  assert.throws(() => tokens.sign({ fullPath: '/a', sessionId: 'a~b', now: NOW }), InvalidInput)
  assert.throws(() => tokens.sign({ fullPath: '/a', headers: [{ name: 'a,b', value: 'c' }], now: NOW }), InvalidInput)
  assert.throws(() => new MediaCdnTokenVerifier({ hmacKeys: HMAC_KEY }).verify('FullPath~Expires=1~hmac=00', { viewerIp: 'not an ip', now: NOW }), InvalidInput)
  assert.throws(() => new MediaCdnTokenVerifier({ publicKeys: tokens }), InvalidInput) // an HMAC signer has no public key
  assert.throws(() => new CloudCdnVerifier({ k: CDN_KEY }).verifyUrl('https://h/a?Expires=1&KeyName=k', { now: NOW }), { code: 'malformed' })
})

test('google-cdn keys never appear in inspect, String, JSON or format output', () => {
  const hmacSecret = 'TkVWRVJfUFJJTlRfVEhJU19LRVk='
  const signers = [
    new CloudCdnSigner('my-key', CDN_KEY),
    new CloudCdnSigner('sec-key', new Secret(hmacSecret)),
    new MediaCdnSigner('media-key', SEED),
    new MediaCdnTokenSigner(SEED, { algorithm: 'ed25519' }),
    new MediaCdnTokenSigner(new Secret(HMAC_KEY), { algorithm: 'sha1' }),
  ]
  const verifiers = [new CloudCdnVerifier({ 'my-key': CDN_KEY, 'sec-key': new Secret(hmacSecret) }), new MediaCdnVerifier(signers[2]), new MediaCdnTokenVerifier({ publicKeys: signers[3], hmacKeys: [HMAC_KEY] })]
  const secrets = [CDN_KEY, hmacSecret, SEED, HMAC_KEY].flatMap((k) => [k, k.replace(/=+$/, ''), Buffer.from(k, 'base64url').toString('hex'), Buffer.from(k, 'base64url').toString('base64')])
  for (const v of [...signers, ...verifiers]) {
    for (const text of [inspect(v), inspect(v, { showHidden: true, depth: Infinity, getters: true }), String(v), `${v}`, JSON.stringify(v), format('%o %O %s %j', v, v, v, v)]) {
      for (const secret of secrets) assert.ok(!text.includes(secret), `${text} shows a key`)
    }
  }
  assert.equal(inspect(signers[0]), 'CloudCdnSigner { keyName: "my-key", <key> }')
  assert.equal(JSON.stringify(signers[2]), '{"keyName":"media-key"}')
  assert.equal(String(signers[4]), 'MediaCdnTokenSigner(sha1)')
  assert.equal(inspect(verifiers[0]), 'CloudCdnVerifier { <keys> }')
})
