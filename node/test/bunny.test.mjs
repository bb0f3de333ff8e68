// tests/vectors/bunny.json through aura-sign/bunny, case for case as
// crates/aura-core/tests/vectors_bunny.rs: each signer's case through its
// style, every input through the default style, the verifier on every
// reference URL and every default-style URL; then properties and redaction.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { inspect, format } from 'node:util'

import { BunnySigner, BunnyVerifier } from 'aura-sign/bunny'
import { InvalidInput } from 'aura-sign'
import { Tally, PASS, load } from '../testkit/helpers.mjs'

const STYLES = { 'node.signUrl': 'node', 'python.sign_url': 'python', 'go.SignUrl': 'go', 'rust.sign_url': 'rust', 'php.sign_bcdn_url': 'php' }
const text = (i, k) => (typeof i[k] === 'string' && i[k] !== '' ? i[k] : undefined)
const int = (v) => (Number.isInteger(v) ? v : undefined)

/** The arguments as the case passed them; a missing one takes the signer's own default. */
const optionsOf = (i, style) => ({
  style,
  expirationTime: int(i.expiration_time),
  expiresAt: int(i.expires_at),
  userIp: text(i, 'user_ip'),
  isDirectory: typeof i.is_directory === 'boolean' ? i.is_directory : undefined,
  pathAllowed: text(i, 'path_allowed'),
  countriesAllowed: text(i, 'countries_allowed'),
  countriesBlocked: text(i, 'countries_blocked'),
  ignoreParams: typeof i.ignore_params === 'boolean' ? i.ignore_params : false,
  speedLimit: int(i.speed_limit) ?? 0,
})
const nowOf = (i) => Math.floor(i.now_ms / 1000)

const attempt = (fn) => {
  try {
    return { ok: fn() }
  } catch (err) {
    return { err }
  }
}
const sign = (i, o) => attempt(() => new BunnySigner(i.security_key).signDetails(i.url, { ...o, now: nowOf(i) }))

function compare(c, got) {
  const want = typeof c.output === 'string' ? c.output : undefined
  if (want === undefined) return got.err ? PASS : ['failed', `reference threw ${JSON.stringify(c.error)}, Aura signed ${got.ok.url}`]
  if (got.ok) return got.ok.url === want ? PASS : ['failed', `bytes differ:\n  got  ${got.ok.url}\n  want ${want}`]
  return got.err instanceof InvalidInput ? ['rejected', got.err.message] : ['failed', `unexpected error ${got.err.code} ${got.err.message}`]
}

/** %XX decoded, anything else as it is (bytes). */
function percentDecoded(s) {
  const b = Buffer.from(s)
  const out = []
  for (let i = 0; i < b.length; ) {
    const hex = b.subarray(i + 1, i + 3).toString('latin1')
    if (b[i] === 0x25 && /^[0-9a-fA-F]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16))
      i += 3
    } else {
      out.push(b[i])
      i += 1
    }
  }
  return Buffer.from(out)
}

function urlParam(url, name) {
  for (const piece of url.split(/[?&/]/)) {
    if (piece.startsWith(`${name}=`)) return percentDecoded(piece.slice(name.length + 1).split(/[/#]/)[0]).toString('utf8')
  }
  return undefined
}

function viewerFor(url, o) {
  const blocked = urlParam(url, 'token_countries_blocked') ?? ''
  const listed = (urlParam(url, 'token_countries') ?? '').split(',').map((c) => c.trim()).find((c) => c !== '')
  const country = listed ?? ['ZZ', 'YY'].find((c) => !blocked.includes(c))
  return { viewerIp: o.userIp, viewerCountry: country }
}

function requestPath(url) {
  let rest = url.slice(url.indexOf('://') + 3)
  const slash = rest.indexOf('/')
  rest = slash < 0 ? '' : rest.slice(slash)
  if (rest.startsWith('/bcdn_token=')) {
    const r = rest.slice('/bcdn_token='.length)
    const s = r.indexOf('/')
    rest = s < 0 ? '' : r.slice(s)
  }
  return rest.split(/[?#]/)[0]
}

/** Accepted until expires (unless outside pathAllowed), expired after, refused under another key. */
function verifyRoundTrip(url, expires, key, o) {
  const viewer = viewerFor(url, o)
  const outside = o.pathAllowed !== undefined && !percentDecoded(requestPath(url)).subarray(0, Buffer.byteLength(o.pathAllowed)).equals(Buffer.from(o.pathAllowed))
  const verifier = new BunnyVerifier(['another-key', key])
  const atExpiry = attempt(() => verifier.verify(url, { now: expires, ...viewer }))
  const expectedOk = atExpiry.ok ? !outside && atExpiry.ok.expires === expires : outside && atExpiry.err.code === 'access_denied' && atExpiry.err.message === 'viewer blocked by access rule 0' // RULE_PATH_ALLOWED
  const later = attempt(() => verifier.verify(url, { now: expires + 1, ...viewer }))
  const other = attempt(() => new BunnyVerifier('another-key').verify(url, { now: expires, ...viewer }))
  if (expectedOk && later.err?.code === 'expired' && other.err?.code === 'bad_signature') return PASS
  const show = (r) => (r.ok ? JSON.stringify(r.ok) : `${r.err.code}: ${r.err.message}`)
  return ['failed', `verify ${url}: at expiry ${show(atExpiry)}, after ${show(later)}, other key ${show(other)}`]
}

const SIXTY_TWO = 'locked to ::ffff:1.2.3.4 as the IPv6 /64 ::/64; the verifier reads an IPv4-mapped viewer as the IPv4 address (as Go signs it), so a ::/64 lock does not match it'
const NOT_A_URL = '"://not a url?…" is not an absolute URL; the path the signer hashed ("not a url") is not in it'
const REFERENCE_NOT_VERIFIED = {
  'node-062': SIXTY_TWO, 'py-062': SIXTY_TWO, 'rust-033': SIXTY_TWO, 'php-033': SIXTY_TWO,
  'py-064': 'locked to fe80::1%eth0: the verifier refuses a viewer IP with a zone',
  'py-091': NOT_A_URL, 'go-039': NOT_A_URL, 'php-039': NOT_A_URL,
}

test('bunny.json: every case through aura-sign/bunny', () => {
  const started = performance.now()
  const { cases } = load('bunny.json')
  const tally = new Tally('bunny.json')
  for (const c of cases) {
    const i = c.input
    const o = optionsOf(i, STYLES[c.kind])
    tally.record(c.kind, c.id, compare(c, sign(i, o)))
    if (typeof c.output === 'string' && !attempt(() => new BunnySigner(i.security_key)).err) {
      const expires = Number(c.output.split('expires=').at(-1).split('/')[0])
      let outcome = verifyRoundTrip(c.output, expires, i.security_key, o)
      if (outcome[0] === 'failed' && REFERENCE_NOT_VERIFIED[c.id]) outcome = ['strict', REFERENCE_NOT_VERIFIED[c.id]]
      tally.record('verify_reference_output', c.id, outcome)
    }
  }
  for (const c of cases.filter((x) => x.kind === 'python.sign_url')) {
    const i = c.input
    const o = optionsOf(i, 'default')
    if (i.is_directory === undefined) {
      // The default style's own default is the query form: compare with the Python signer's bytes for that form.
      o.isDirectory = false
      const [d, p] = [sign(i, o), sign(i, { ...o, style: 'python' })]
      let outcome
      if (d.ok && p.ok && d.ok.url === p.ok.url) outcome = PASS
      else if (d.err instanceof InvalidInput && p.ok) outcome = ['rejected', d.err.message]
      else if (d.err && p.err) outcome = PASS
      else outcome = ['failed', `default ${d.ok?.url ?? d.err.code} vs python style ${p.ok?.url ?? p.err.code}`]
      tally.record('default', c.id, outcome)
    } else {
      tally.record('default', c.id, compare(c, sign(i, o)))
    }
    const signed = sign(i, o)
    if (signed.ok) tally.record('verify_default_output', c.id, verifyRoundTrip(signed.ok.url, signed.ok.expires, i.security_key, o))
  }
  const failures = tally.report()
  console.log(`bunny.json: ${cases.length} cases in ${(performance.now() - started).toFixed(0)} ms`)
  assert.deepEqual(failures, [])
})

const KEY = 'SecurityKey'
const NOW = 1_700_000_000

test('bunny properties: sign → verify accepts, a changed byte is refused, expired is refused', () => {
  const verifier = new BunnyVerifier(KEY)
  for (const style of ['default', 'node', 'python', 'go', 'rust', 'php']) {
    const signer = new BunnySigner(KEY)
    for (let n = 0; n < 8; n++) {
      const o = { style, isDirectory: n % 2 === 1, expirationTime: 60 + n, userIp: n % 3 === 0 ? '198.51.100.7' : undefined, countriesAllowed: n % 4 === 0 ? 'DE,FR' : undefined, now: NOW }
      const { url, expires } = signer.signDetails(`https://zone.b-cdn.net/videos/${n}/seg.ts?q=${n}&a=b`, o)
      const viewer = { viewerIp: o.userIp, viewerCountry: 'DE' }
      assert.equal(verifier.verify(url, { now: NOW, ...viewer }).expires, expires)
      const start = url.indexOf('/', 'https://'.length)
      for (let i = start; i < url.length; i++) {
        const ch = url[i] === 'a' ? 'b' : 'a'
        assert.throws(() => verifier.verify(url.slice(0, i) + ch + url.slice(i + 1), { now: NOW, ...viewer }), `${url} @${i}`)
      }
      assert.throws(() => verifier.verify(url, { now: expires + 1, ...viewer }), { code: 'expired' })
      // the viewer IP is part of the HMAC message: another viewer's IP gives another signature
      if (o.userIp) assert.throws(() => verifier.verify(url, { now: NOW, viewerIp: '203.0.113.1', viewerCountry: 'DE' }), { code: 'bad_signature' })
    }
  }
  const live = new BunnySigner(KEY).signUrl('https://zone.b-cdn.net/a.jpg', { expirationTime: 30 })
  assert.equal(verifier.verify(live).directory, false)
})

test('bunny refusals are typed', () => {
  const signer = new BunnySigner(KEY)
  assert.throws(() => signer.signUrl('https://zone.b-cdn.net/a.jpg', { style: 'java' }), InvalidInput)
  assert.throws(() => signer.signUrl('https://user:pw@zone.b-cdn.net/a.jpg', { now: NOW }), InvalidInput)
  assert.throws(() => signer.signUrl('https://zone.b-cdn.net/a.jpg', { expirationTime: 1.5, now: NOW }), InvalidInput)
  assert.throws(() => signer.signUrl('https://zone.b-cdn.net/a\ud800.jpg', { now: NOW }), InvalidInput)
  assert.throws(() => new BunnyVerifier([]), InvalidInput)
})

test('bunny keys never appear in inspect, String, JSON or format output', () => {
  const secret = 'a-very-secret-pull-zone-key'
  for (const v of [new BunnySigner(secret), new BunnyVerifier([secret, 'other-secret-key'])]) {
    for (const t of [inspect(v), inspect(v, { showHidden: true, depth: Infinity, getters: true }), String(v), JSON.stringify(v), format('%o %O %s', v, v, v)]) {
      assert.ok(!t.includes(secret) && !t.includes('other-secret-key'), t)
    }
  }
})
