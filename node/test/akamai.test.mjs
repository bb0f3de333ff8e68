// tests/vectors/akamai.json through aura-sign/akamai, case for case as
// crates/aura-core/tests/vectors_akamai.rs: each package's case through its
// style (bytes, or refused by rule), every input through the default style,
// the verifier on every reproduced and every default-style token; then
// property tests and the redaction of keys.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { inspect, format } from 'node:util'

import { EdgeAuthSigner, EdgeAuthVerifier } from 'aura-sign/akamai'
import { InvalidInput, KeyFormatError, AuraError } from 'aura-sign'
import { Tally, PASS, load } from '../testkit/helpers.mjs'

const OTHER_KEY = '00112233445566778899aabbccddeeff'

/** The vector's snake_case options as the camelCase this package takes; text fields only when strings (as the Rust test). */
function optionsOf(o, style) {
  const text = (k) => (typeof o[k] === 'string' ? o[k] : undefined)
  return {
    key: text('key') ?? '',
    algorithm: text('algorithm'),
    options: {
      style,
      ip: text('ip'),
      startTime: o.start_time ?? undefined,
      endTime: o.end_time ?? undefined,
      windowSeconds: o.window_seconds ?? undefined,
      sessionId: text('session_id'),
      payload: text('payload'),
      salt: text('salt'),
      fieldDelimiter: text('field_delimiter'),
      aclDelimiter: text('acl_delimiter'),
      escapeEarly: typeof o.escape_early === 'boolean' ? o.escape_early : false,
    },
  }
}

const isUrl = (i) => 'url' in i
const aclOf = (i) => (typeof i.acl === 'string' ? [i.acl] : i.acl)

function generate(i, style) {
  const { key, algorithm, options } = optionsOf(i.options, style)
  const signer = new EdgeAuthSigner(key, { algorithm })
  const now = Math.floor(i.now_ms / 1000)
  const details = isUrl(i) ? signer.urlTokenDetails(i.url, { ...options, now }) : signer.aclTokenDetails(aclOf(i), { ...options, now })
  return { details, key, algorithm, options }
}

const attempt = (fn) => {
  try {
    return { ok: fn() }
  } catch (err) {
    return { err }
  }
}

const byRule = (err) => err instanceof InvalidInput || err?.code === 'invalid_key'

function compare(c, got) {
  const want = typeof c.output === 'string' ? c.output : undefined
  if (want === undefined) return got.err ? PASS : ['failed', `reference threw ${JSON.stringify(c.error)}, Aura signed ${got.ok.details.token}`]
  if (got.ok) return got.ok.details.token === want ? PASS : ['failed', `bytes differ:\n  got  ${got.ok.details.token}\n  want ${want}`]
  return byRule(got.err) ? ['rejected', got.err.message] : ['failed', `unexpected error ${got.err.code} ${got.err.message}`]
}

const pathFor = (acl) => acl.replaceAll('*', 'x').replaceAll('?', 'y')

/** Accepted at exp-1, expired at exp, refused with only another key, refused for another viewer IP. */
function verifyRoundTrip(i, { details, key, algorithm, options }) {
  const { style, salt, fieldDelimiter, aclDelimiter, escapeEarly } = options
  const settings = { algorithm, style, salt, fieldDelimiter, aclDelimiter, escapeEarly }
  const verifier = new EdgeAuthVerifier([OTHER_KEY, key], settings)
  const onlyOther = new EdgeAuthVerifier(OTHER_KEY, settings)
  const ip = options.ip || undefined
  const t = details.expires - 1
  const run = (v, now, viewerIp) =>
    attempt(() => {
      if (isUrl(i)) return v.verifyUrl(details.token, i.url, { now, viewerIp })
      const acl = aclOf(i)
      const d = aclDelimiter ?? '!'
      const first = d === '' ? acl[0] : acl[0].split(d)[0]
      return v.verifyAcl(details.token, pathFor(first), { now, viewerIp })
    })
  const accepted = run(verifier, t, ip)
  const expired = run(verifier, details.expires, ip)
  const other = run(onlyOther, t, ip)
  const elsewhere = ip === undefined ? undefined : run(verifier, t, '192.0.2.99')
  const ok =
    accepted.ok &&
    accepted.ok.expires === details.expires &&
    accepted.ok.start === (details.start ?? null) &&
    expired.err?.code === 'expired' &&
    other.err?.code === 'bad_signature' &&
    (elsewhere === undefined || elsewhere.err?.code === 'access_denied')
  const show = (r) => (r === undefined ? '-' : r.ok ? JSON.stringify(r.ok) : r.err.code)
  return ok ? PASS : ['failed', `verify ${details.token}: at exp-1 ${show(accepted)}, at exp ${show(expired)}, other key ${show(other)}, other IP ${show(elsewhere)}`]
}

/** Reference tokens reproduced but not verifiable (as the Rust test lists them). */
const NOT_VERIFIABLE = {
  'node-url-029': 'the payload a~b!… is written unescaped and contains the field delimiter ~: the token cannot be split into its fields',
  'py-url-029': 'the payload a~b!… is written unescaped and contains the field delimiter ~: the token cannot be split into its fields',
  'node-acl-016': 'the payload a~b!… is written unescaped and contains the field delimiter ~: the token cannot be split into its fields',
  'py-acl-016': 'the payload a~b!… is written unescaped and contains the field delimiter ~: the token cannot be split into its fields',
  'py-url-044': 'Python\'s escape_early keeps ~, so the payload "a b~c" is written a+b~c and contains the field delimiter: the token cannot be split',
  'py-acl-019': 'Python\'s escape_early keeps ~, so the payload "a b~c" is written a+b~c and contains the field delimiter: the token cannot be split',
}

test('akamai.json: every case through aura-sign/akamai', () => {
  const started = performance.now()
  const { cases } = load('akamai.json')
  const byId = new Map(cases.map((c) => [c.id, c]))
  const tally = new Tally('akamai.json')
  for (const c of cases) {
    const style = c.kind.startsWith('node.') ? 'node' : 'python'
    const got = attempt(() => generate(c.input, style))
    const outcome = compare(c, got)
    tally.record(c.kind, c.id, outcome)
    if (outcome === PASS && got.ok) {
      let v = verifyRoundTrip(c.input, got.ok)
      const why = NOT_VERIFIABLE[c.id]
      if (why) v = v[0] === 'failed' ? ['strict', why] : ['failed', 'listed as not verifiable but verified']
      tally.record('verify_reference_token', c.id, v)
    }
  }
  for (const c of cases.filter((x) => x.kind.startsWith('node.'))) {
    const sibling = byId.get(c.same_input_as)
    const [n, p] = [c, sibling].map((x) => (typeof x.output === 'string' ? x.output : undefined))
    const got = attempt(() => generate(c.input, 'default'))
    let outcome
    if (got.ok) outcome = got.ok.details.token === n && got.ok.details.token === p ? PASS : ['failed', `default signed ${got.ok.details.token} (node ${n}, python ${p})`]
    else if (n === undefined || p === undefined) outcome = PASS
    else outcome = byRule(got.err) ? ['rejected', got.err.message] : ['failed', `unexpected error ${got.err.code}`]
    tally.record('default', c.id, outcome)
    if (got.ok) tally.record('verify_default_token', c.id, verifyRoundTrip(c.input, got.ok))
  }
  const failures = tally.report()
  console.log(`akamai.json: ${cases.length} cases in ${(performance.now() - started).toFixed(0)} ms`)
  assert.deepEqual(failures, [])
})

const KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
const NOW = 1_700_000_000

const flip = (text, i) => text.slice(0, i) + (text[i] === 'a' ? 'b' : 'a') + text.slice(i + 1)

test('akamai properties: sign → verify accepts, a changed byte is refused, expired is refused', () => {
  for (const algorithm of ['sha256', 'sha1', 'md5']) {
    const signer = new EdgeAuthSigner(KEY, { algorithm })
    const verifier = new EdgeAuthVerifier(KEY, { algorithm, salt: 's' })
    for (let n = 0; n < 20; n++) {
      const url = `/videos/${n}/seg-${n * 7}.ts?x=${n}`
      const o = { now: NOW + n, windowSeconds: 60 + n, salt: 's', sessionId: `sess${n}`, payload: `p${n}` }
      const { token, expires } = signer.urlTokenDetails(url, o)
      assert.equal(verifier.verifyUrl(token, url, { now: NOW + n }).expires, expires)
      for (let i = 0; i < token.length; i++) {
        assert.throws(() => verifier.verifyUrl(flip(token, i), url, { now: NOW + n }), AuraError, `${token} @${i}`)
      }
      assert.throws(() => verifier.verifyUrl(token, url + 'x', { now: NOW + n }), { code: 'bad_signature' })
      assert.throws(() => verifier.verifyUrl(token, url, { now: expires }), { code: 'expired' })
      const acl = signer.aclToken(['/videos/*', '/img/?.jpg'], { ...o, ip: '198.51.100.7' })
      assert.deepEqual(verifier.verifyAcl(acl, '/img/a.jpg', { now: NOW + n, viewerIp: '198.51.100.7' }).acl, ['/videos/*', '/img/?.jpg'])
      assert.throws(() => verifier.verifyAcl(acl, '/other', { now: NOW + n, viewerIp: '198.51.100.7' }), { code: 'access_denied' })
      assert.throws(() => verifier.verifyAcl(acl, '/img/a.jpg', { now: NOW + n, viewerIp: '198.51.100.8' }), { code: 'access_denied' })
      assert.throws(() => verifier.verifyAcl(acl, '/img/a.jpg', { now: expires, viewerIp: '198.51.100.7' }), { code: 'expired' })
    }
  }
  // not yet valid, and the clock read from Date.now when `now` is absent
  const signer = new EdgeAuthSigner(KEY)
  const verifier = new EdgeAuthVerifier(KEY)
  const future = signer.urlToken('/a', { startTime: NOW + 100, windowSeconds: 10, now: NOW })
  assert.throws(() => verifier.verifyUrl(future, '/a', { now: NOW }), { code: 'not_yet_valid' })
  const live = signer.urlToken('/a', { windowSeconds: 30 })
  assert.equal(verifier.verifyUrl(live, '/a').start, null)
})

test('akamai refusals are typed', () => {
  assert.throws(() => new EdgeAuthSigner('YourEncryptionKey'), KeyFormatError)
  assert.throws(() => new EdgeAuthSigner(KEY, { algorithm: 'sha512' }), InvalidInput)
  const signer = new EdgeAuthSigner(KEY)
  assert.throws(() => signer.urlToken('/a', { now: NOW }), InvalidInput) // neither end nor window
  assert.throws(() => signer.urlToken('/a', { endTime: 1.5, now: NOW }), InvalidInput)
  assert.throws(() => signer.urlToken('/a', { endTime: '1700000100', now: NOW }), InvalidInput)
  assert.throws(() => signer.urlToken('/a', { startTime: 'yesterday', windowSeconds: 5, now: NOW }), InvalidInput)
  assert.throws(() => signer.urlToken('/a\ud800', { windowSeconds: 5, now: NOW }), InvalidInput)
  assert.throws(() => signer.urlToken('/a', { windowSeconds: 5, now: NaN }), InvalidInput)
  assert.throws(() => new EdgeAuthVerifier([]), InvalidInput)
})

test('akamai keys never appear in inspect, String, JSON or format output', () => {
  const signer = new EdgeAuthSigner(KEY)
  const verifier = new EdgeAuthVerifier([KEY, OTHER_KEY])
  for (const v of [signer, verifier]) {
    for (const text of [inspect(v), inspect(v, { showHidden: true, depth: Infinity, getters: true }), String(v), JSON.stringify(v), format('%o %O %s', v, v, v)]) {
      assert.ok(!text.includes(KEY) && !text.includes(OTHER_KEY), text)
    }
  }
  assert.match(inspect(signer), /EdgeAuthSigner \{ algorithm: "sha256", <key> \}/)
})
