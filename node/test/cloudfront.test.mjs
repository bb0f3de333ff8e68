// tests/vectors/cloudfront.json through aura-sign/cloudfront, case for case
// as crates/aura-core/tests/vectors_cloudfront.rs: JS kinds in the aws-js
// style, botocore kinds in the botocore style (bytes, or a typed error by
// rule), `default` on every JS case, finish(reference signature) = sign(),
// the verifier on every reference output, the differences in both styles,
// the regression history; then properties and redaction.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { inspect, format } from 'node:util'
import { isIP } from 'node:net'

import { CloudFrontKey, CloudFrontPublicKey, CloudFrontSigner, CloudFrontVerifier, buildPolicy, epochSeconds } from 'aura-sign/cloudfront'
import { InvalidInput } from 'aura-sign'
import { Tally, PASS, load } from '../testkit/helpers.mjs'

const file = load('cloudfront.json')
const keyEntry = (name) => file.keys.rsa.find((k) => k.name === name)
const privateText = (spec) => (typeof spec.literal === 'string' ? spec.literal : keyEntry(spec.key)[spec.format.replace(/_buffer$/, '')])

/** `new Date(x).getTime()` for a case's date input, in the case's time zone. */
function jsDateMs(v, tz) {
  if (typeof v === 'number') return v
  if (v && typeof v === 'object' && 'Date' in v) return v.Date
  if (typeof v !== 'string') throw new Error(`date input ${JSON.stringify(v)}`)
  const saved = process.env.TZ
  process.env.TZ = tz ?? 'UTC'
  try {
    return new Date(v).getTime()
  } finally {
    if (saved === undefined) delete process.env.TZ
    else process.env.TZ = saved
  }
}

/** botocore: int(datetime2timestamp(datetime.fromisoformat(s))), naive = UTC, truncated toward zero; undefined for a non-string. */
function botocoreSeconds(v) {
  if (typeof v !== 'string') return undefined
  const ms = Date.parse(/(Z|[+-]\d\d:\d\d)$/.test(v) ? v : `${v}Z`)
  assert.ok(Number.isFinite(ms), `ISO date ${v}`)
  return Math.trunc(ms / 1000) + 0
}

const cfDecode = (text) => Buffer.from(text.replaceAll('-', '+').replaceAll('_', '=').replaceAll('~', '/'), 'base64')

function referenceSignature(out) {
  if (out.signed_url !== undefined) {
    const part = out.signed_url.split(/[?&]/).find((p) => p.startsWith('Signature='))
    return cfDecode(part.slice('Signature='.length))
  }
  return cfDecode(out.cookies['CloudFront-Signature'])
}

/** What a signed result is in the reference's terms. */
const produced = (r) => ('url' in r ? { output: r.url, policy: r.policy, hash: r.hashAlgorithm } : { output: r.cookies, policy: r.policy, hash: r.hashAlgorithm })
const sigName = (h) => (h === 'SHA256' ? 'RSA-SHA256' : 'RSA-SHA1')
const sameJson = (a, b) => (typeof a === 'string' || typeof b === 'string' ? a === b : JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort()))

function compare(prepared, c, byRule) {
  const refError = c.error
  if (prepared.err) {
    if (refError !== undefined) return PASS
    const reason = byRule(prepared.err)
    return reason ? ['rejected', reason] : ['failed', `refused with ${prepared.err.code} ${prepared.err.message}, reference produced output`]
  }
  const u = prepared.ok
  if (refError !== undefined) return ['failed', `prepared what the reference refuses (${JSON.stringify(refError)}): policy ${u.policy}`]
  const out = c.output
  const refSig = referenceSignature(out)
  let finished
  try {
    finished = { ok: produced(u.finish(refSig)) }
  } catch (err) {
    finished = { err }
  }
  let p
  try {
    p = produced(u.sign())
  } catch (err) {
    return ['failed', `signing failed: ${err.message}`]
  }
  const ours = typeof p.output === 'string' ? { signed_url: p.output } : { cookies: p.output }
  if (!referenceSignature(ours).equals(refSig)) return ['failed', `${sigName(p.hash)} signature differs from the reference's`]
  if (p.policy !== out.policy) return ['failed', `policy ${p.policy} != reference ${out.policy}`]
  if (out.sign_alg !== undefined && out.sign_alg !== sigName(p.hash)) return ['failed', `hash ${sigName(p.hash)} != reference ${out.sign_alg}`]
  const refOut = out.signed_url ?? out.cookies
  if (!sameJson(p.output, refOut)) return ['failed', `output ${JSON.stringify(p.output)} != reference ${JSON.stringify(refOut)}`]
  if (finished.err) return ['failed', finished.err.code === 'bad_signature' ? 'the reference signature does not verify over our policy bytes' : `finish failed: ${finished.err.message}`]
  return sameJson(finished.ok.output, p.output) ? PASS : ['failed', 'finish(reference signature) differs from sign()']
}

const attempt = (fn) => {
  try {
    return { ok: fn() }
  } catch (err) {
    return { err }
  }
}

const isCookies = (kind) => kind.startsWith('cookies')

/** A JS case through a signer of `style`. */
function prepareJs(c, style) {
  const i = c.input
  const hashAlgorithm = i.algorithm === 'SHA256' ? 'SHA256' : 'SHA1' // the JS signer: any other value, or none, is SHA-1
  const keyPairId = typeof i.keyPairId === 'string' ? i.keyPairId : ''
  const signer = new CloudFrontSigner(CloudFrontKey.fromPem(privateText(i.privateKey), keyPairId, { hashAlgorithm }), { style })
  const now = Math.trunc(i.now_ms / 1000)
  const url = typeof i.url === 'string' ? i.url : undefined
  const prepare = isCookies(c.kind) ? (o) => signer.prepareCookies(o) : (o) => signer.prepareUrl(o)
  if (typeof i.policy === 'string' && i.policy !== '') return prepare({ url, policy: i.policy, now })
  // JS treats a missing dateLessThan exactly as a falsy one; an invalid dateGreaterThan is silently dropped by the JS signer.
  const dateLessThan = i.dateLessThan === undefined ? 0 : jsDateMs(i.dateLessThan, i.tz)
  let dateGreaterThan
  if (i.dateGreaterThan !== undefined) {
    const ms = jsDateMs(i.dateGreaterThan, i.tz)
    if (!attempt(() => epochSeconds(ms)).err) dateGreaterThan = ms
  }
  return prepare({ url: url ?? '', dateLessThan, dateGreaterThan, ipAddress: typeof i.ipAddress === 'string' ? i.ipAddress : undefined, now })
}

function awsJsRule(e) {
  if (e.code === 'unsupported_key_type' && e.message.includes('encrypted')) {
    return 'encrypted PEM keys are refused (unsupported_key_type): no PBES2 / legacy PEM decryption in the core; decrypt the key first'
  }
  if (e instanceof InvalidInput && e.message.startsWith('key pair id')) {
    return 'a key pair id is required (invalid_input): the JS signer drops Key-Pair-Id when it is undefined, and CloudFront cannot verify such a URL or cookie'
  }
  return undefined
}
const defaultRule = (e) => awsJsRule(e) ?? (e instanceof InvalidInput ? `default: ${e.message}` : undefined)

const INT_DATE = 'a Python int where a datetime is required (AttributeError): the typed API takes i64 seconds'

function botocoreConditions(b) {
  const dateLessThan = botocoreSeconds(b.date_less_than)
  if (dateLessThan === undefined) return undefined
  let dateGreaterThan
  if (b.date_greater_than !== undefined && b.date_greater_than !== null) {
    dateGreaterThan = botocoreSeconds(b.date_greater_than)
    if (dateGreaterThan === undefined) return undefined
  }
  return { dateLessThan: dateLessThan * 1000, dateGreaterThan: dateGreaterThan === undefined ? undefined : dateGreaterThan * 1000, ipAddress: typeof b.ip_address === 'string' ? b.ip_address : undefined }
}

function botocorePlan(i) {
  const [d, p, b] = [i.date_less_than, i.policy, i.build_policy]
  if ((d !== undefined && b !== undefined) || (d !== undefined && p !== undefined) || (d === undefined && p === undefined && b === undefined)) {
    return { na: "botocore's both-or-neither ValueError: date_less_than and policy are separate methods of the typed API" }
  }
  if (d !== undefined) {
    const n = botocoreSeconds(d)
    return n === undefined ? { na: INT_DATE } : { canned: n }
  }
  if (p !== undefined) return { policy: p }
  const cond = botocoreConditions(b)
  return cond === undefined ? { na: INT_DATE } : { policy: buildPolicy(b.resource, cond, 'botocore') }
}

function runBotocore(c) {
  const i = c.input
  const plan = botocorePlan(i)
  if (plan.na) return c.error !== undefined ? ['na', plan.na] : ['failed', `not expressible but the reference signed: ${plan.na}`]
  const prepared = attempt(() => {
    const signer = new CloudFrontSigner(CloudFrontKey.fromPem(privateText(i.private_key), i.key_id, { hashAlgorithm: 'SHA1' }), { style: 'botocore' })
    const now = Math.trunc(i.now_ms / 1000)
    if (plan.canned !== undefined) return signer.prepareUrl({ url: i.url, dateLessThan: plan.canned * 1000, now })
    return signer.prepareUrl({ url: i.url, policy: plan.policy, now })
  })
  return compare(prepared, c, () => undefined)
}

function runPolicyJson(c) {
  const cond = botocoreConditions(c.input.build_policy)
  if (cond === undefined) return c.error !== undefined ? ['na', INT_DATE] : ['failed', 'date not expressible']
  const ours = buildPolicy(c.input.build_policy.resource, cond, 'botocore')
  return ours === c.output.policy ? PASS : ['failed', `${ours} != ${c.output.policy}`]
}

const verifier = new CloudFrontVerifier([
  CloudFrontPublicKey.fromPem(keyEntry('rsa-dev-1').public_spki_pem, 'K2JCJMDEHXQW5F'),
  CloudFrontPublicKey.fromPem(keyEntry('rsa-dev-2').public_spki_pem, 'APKAEIBAERJR2EXAMPLE'),
  CloudFrontPublicKey.fromPem(keyEntry('rsa-dev-1').public_spki_pem, 'K+/=&x y'),
])

/** A time inside the reference policy's window and a viewer inside its IpAddress, read from the policy independently. */
function verifyOptions(policy, now) {
  const o = { now }
  let v
  try {
    v = JSON.parse(policy)
  } catch {
    return o
  }
  const cond = v?.Statement?.[0]?.Condition ?? {}
  const start = cond.DateGreaterThan?.['AWS:EpochTime']
  if (Number.isInteger(start)) o.now = start + 1
  const ip = cond.IpAddress?.['AWS:SourceIp']
  if (typeof ip === 'string' && isIP(ip.split('/')[0])) o.clientIp = ip.split('/')[0]
  return o
}

const NEVER_VALID = 'DateGreaterThan after DateLessThan: never valid'
const NO_CONDITION = 'policy without Condition/DateLessThan, signed as given'
const NOT_JSON = 'policy `not json at all`, signed as given'
const AFTER_FRAGMENT = 'botocore appends the parameters after the fragment, which is never sent'
const EXPECTED_REFUSALS = {
  'cf-004': ['expired', 'Expires=1767830: seconds passed where JS takes milliseconds'],
  'cf-014': ['expired', 'Expires=-1'],
  'cf-159': ['expired', 'Expires=0 (botocore truncates 1969-12-31T23:59:59.5 toward zero)'],
  'cf-097': ['expired', NEVER_VALID], 'cf-217': ['expired', NEVER_VALID], 'cf-220': ['expired', NEVER_VALID],
  'cf-233': ['expired', NEVER_VALID], 'cf-235': ['expired', NEVER_VALID], 'cf-239': ['expired', NEVER_VALID],
  'cf-074': ['malformed', 'no Key-Pair-Id (keyPairId undefined)'],
  'cf-144': ['malformed', 'no CloudFront-Key-Pair-Id (keyPairId undefined)'],
  'cf-169': ['malformed', 'botocore writes the key id `K+/=&x y` raw, which splits the query'],
  'cf-164': ['malformed', AFTER_FRAGMENT], 'cf-diff-011/botocore': ['malformed', AFTER_FRAGMENT],
  'cf-100': ['malformed', 'AWS:SourceIp ` 1.2.3.4/32` (JS keeps the leading space)'],
  'cf-101': ['malformed', 'AWS:SourceIp `01.002.3.4/08` (leading zeros: octal or decimal?)'],
  'cf-102': ['malformed', 'AWS:SourceIp `0x7f.1e0.0.1/-0` (JS Number() syntax)'],
  'cf-180': ['malformed', 'AWS:SourceIp `not-an-ip/32` (botocore validates nothing)'],
  'cf-124': ['malformed', NO_CONDITION], 'cf-125': ['malformed', NO_CONDITION], 'cf-126': ['malformed', NO_CONDITION],
  'cf-127': ['malformed', NO_CONDITION], 'cf-185': ['malformed', NO_CONDITION], 'cf-186': ['malformed', NO_CONDITION],
  'cf-128': ['malformed', NOT_JSON], 'cf-153': ['malformed', NOT_JSON], 'cf-187': ['malformed', NOT_JSON],
  'cf-123': ['wrong_image', 'explicit policy for /vidéo/日本/* on a URL for /a.mp4'],
}

function checkVerdict(id, got, policy) {
  const expected = EXPECTED_REFUSALS[id]
  if (got.ok) {
    if (expected) return ['failed', `accepted; expected ${expected[0]}: ${expected[1]}`]
    return got.ok.policy === policy ? PASS : ['failed', `verified another policy ${got.ok.policy}`]
  }
  if (expected && got.err.code === expected[0]) return ['rejected', `${expected[0]}: ${expected[1]}`]
  return ['failed', `refused: ${got.err.code} ${got.err.message}`]
}

function verifyReference(tally, kind, id, out, now) {
  const policy = out.policy
  const options = verifyOptions(policy, now)
  let got
  if (out.signed_url !== undefined) {
    got = attempt(() => verifier.verifyUrl(out.signed_url, options))
  } else {
    const pairs = Object.entries(out.cookies).filter(([, v]) => v !== null).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])
    // The request: a canned policy's resource exactly; for a custom one, a URL its pattern covers (each * standing for "x").
    const canned = 'CloudFront-Expires' in out.cookies
    let resource = ''
    try {
      const r = JSON.parse(policy)?.Statement?.[0]?.Resource
      if (typeof r === 'string') resource = canned ? r : r.replaceAll('*', 'x')
    } catch {}
    got = attempt(() => verifier.verifyCookies(resource, pairs, options))
  }
  tally.record(kind, id, checkVerdict(id, got, policy))
}

/** `default` with a SHA-256 key on a regression input: refused by rule, or a URL that is exactly what it signed and verifies. */
function regression(c) {
  const i = c.input
  const signer = new CloudFrontSigner(CloudFrontKey.fromPem(privateText(i.privateKey), i.keyPairId, { hashAlgorithm: 'SHA256' }), { style: 'default' })
  const now = Math.trunc(i.now_ms / 1000)
  const got = attempt(() =>
    signer.signUrl({
      url: i.url,
      dateLessThan: jsDateMs(i.dateLessThan),
      dateGreaterThan: i.dateGreaterThan === undefined ? undefined : jsDateMs(i.dateGreaterThan),
      ipAddress: typeof i.ipAddress === 'string' ? i.ipAddress : undefined,
      now,
    }),
  )
  if (got.err) return got.err instanceof InvalidInput ? ['rejected', `default refuses: ${got.err.message}`] : ['failed', got.err.message]
  const signed = got.ok
  const signedResource = JSON.parse(signed.policy).Statement[0].Resource
  const wireBase = signed.url.split(signed.canned ? 'Expires=' : 'Policy=')[0].replace(/[?&]+$/, '')
  const fixedResource = JSON.parse(c.output.policy).Statement[0].Resource
  if (wireBase !== signedResource) return ['failed', `returned ${wireBase} but signed ${signedResource}`]
  if (attempt(() => new URL(signed.url).href).ok !== signed.url) return ['failed', `a client would not send ${signed.url} as is`]
  if (signedResource !== fixedResource) return ['failed', `resource ${signedResource} != the fixed signer's ${fixedResource}`]
  const v = attempt(() => verifier.verifyUrl(signed.url, verifyOptions(signed.policy, now)))
  return v.err ? ['failed', `own URL refused: ${v.err.code}`] : PASS
}

test('cloudfront.json: every case through aura-sign/cloudfront', () => {
  const started = performance.now()
  const tally = new Tally('cloudfront.json')
  assert.equal(file.cases.length, file.counts.total)
  for (const c of file.cases) {
    const { id, kind } = c
    const now = Math.trunc((c.input.now_ms ?? 0) / 1000)
    if (['url_canned', 'url_custom', 'cookies_canned', 'cookies_custom'].includes(kind)) {
      tally.record(kind, id, compare(attempt(() => prepareJs(c, 'aws-js')), c, awsJsRule))
      tally.record(isCookies(kind) ? 'default: cookies' : 'default: url', id, compare(attempt(() => prepareJs(c, 'default')), c, defaultRule))
    } else if (kind === 'botocore_url_canned' || kind === 'botocore_url_custom') {
      tally.record(kind, id, runBotocore(c))
    } else if (kind === 'policy_json') {
      tally.record(kind, id, runPolicyJson(c))
    } else {
      throw new Error(`unknown kind ${kind}`)
    }
    const out = c.output
    if (out && out.policy_json === undefined && out.sign_alg !== undefined) {
      verifyReference(tally, isCookies(kind) ? 'verify: reference cookies' : 'verify: reference url', id, out, now)
    }
  }
  for (const d of file.differences) {
    const i = d.input
    const conditions = {
      dateLessThan: i.date_less_than_epoch * 1000,
      dateGreaterThan: Number.isInteger(i.date_greater_than_epoch) ? i.date_greater_than_epoch * 1000 : undefined,
      ipAddress: typeof i.ip_address === 'string' ? i.ip_address : undefined,
    }
    const pem = keyEntry(i.key).pkcs1_pem
    for (const [side, style] of [['js', 'aws-js'], ['botocore', 'botocore']]) {
      const prepared = attempt(() => new CloudFrontSigner(CloudFrontKey.fromPem(pem, i.key_pair_id, { hashAlgorithm: 'SHA1' }), { style }).prepareUrl({ url: i.url, ...conditions, now: 0 }))
      tally.record(`differences: ${side}`, d.id, compare(prepared, d[side], () => undefined))
      if (d[side].output) verifyReference(tally, 'verify: reference url', `${d.id}/${side}`, d[side].output, 1_767_225_600)
    }
  }
  for (const entry of file.regression_history.entries) {
    tally.record('regression_history', entry.case, regression(file.cases.find((c) => c.id === entry.case)))
  }
  const failures = tally.report()
  console.log(`cloudfront.json: ${file.cases.length} cases in ${(performance.now() - started).toFixed(0)} ms`)
  assert.deepEqual(failures, [])
})

const PEM = keyEntry('rsa-dev-2').pkcs8_pem
const NOW = 1_767_225_600

test('cloudfront properties: sign → verify accepts, a changed byte is refused, expired is refused', () => {
  for (const hashAlgorithm of ['SHA1', 'SHA256']) {
    const signer = new CloudFrontSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: PEM, hashAlgorithm })
    const verifier = new CloudFrontVerifier(signer)
    for (let n = 0; n < 6; n++) {
      const url = `https://d111111abcdef8.cloudfront.net/videos/${n}/intro.mp4?q=${n}`
      const custom = n % 2 === 1
      const o = { url, dateLessThan: (NOW + 600 + n) * 1000, now: NOW, ...(custom ? { dateGreaterThan: (NOW - 10) * 1000, ipAddress: '198.51.100.0/24' } : {}) }
      const signed = signer.getSignedUrl(o)
      const vo = { now: NOW, clientIp: custom ? '198.51.100.7' : undefined }
      assert.equal(verifier.verifyUrl(signed, vo).dateLessThan, NOW + 600 + n)
      for (let i = url.length; i < signed.length; i += 3) {
        const c = signed[i] === 'A' ? 'B' : 'A'
        assert.throws(() => verifier.verifyUrl(signed.slice(0, i) + c + signed.slice(i + 1), vo), `@${i}`)
      }
      assert.throws(() => verifier.verifyUrl(signed.replace('/intro', '/other'), vo))
      assert.throws(() => verifier.verifyUrl(signed, { ...vo, now: NOW + 600 + n }), { code: 'expired' })
      const cookies = signer.getSignedCookies(o)
      assert.equal(verifier.verifyCookies(url, cookies, vo).canned, !custom)
      assert.throws(() => verifier.verifyCookies(url, cookies, { ...vo, now: NOW + 600 + n }), { code: 'expired' })
    }
  }
  // not yet valid; the clock from Date.now when `now` is absent
  const signer = new CloudFrontSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: PEM, hashAlgorithm: 'SHA256' })
  const verifier = new CloudFrontVerifier(signer)
  const later = signer.getSignedUrl({ url: 'https://d111111abcdef8.cloudfront.net/a', dateLessThan: (NOW + 60) * 1000, dateGreaterThan: (NOW + 30) * 1000, now: NOW })
  assert.throws(() => verifier.verifyUrl(later, { now: NOW }), { code: 'not_yet_valid' })
  const live = signer.getSignedUrl({ url: 'https://d111111abcdef8.cloudfront.net/a', dateLessThan: new Date(Date.now() + 60_000) })
  assert.equal(verifier.verifyUrl(live).canned, true)
})

test('cloudfront refusals are typed', () => {
  assert.throws(() => new CloudFrontSigner({ keyPairId: 'K', privateKey: 'nope' }), (e) => e.code === 'invalid_key')
  assert.throws(() => new CloudFrontSigner({ keyPairId: 'K', privateKey: PEM, hashAlgorithm: 'sha256' }), InvalidInput)
  assert.throws(() => new CloudFrontSigner({ keyPairId: 'K', privateKey: PEM, hashAlgorithm: 'SHA256', style: 'botocore' }), InvalidInput)
  const signer = new CloudFrontSigner({ keyPairId: 'K', privateKey: PEM })
  assert.throws(() => signer.getSignedUrl({ url: 'https://d.cloudfront.net/a', dateLessThan: 'yesterday', now: NOW }), InvalidInput)
  assert.throws(() => signer.getSignedUrl({ url: 'https://d.cloudfront.net/a', dateLessThan: (NOW - 1) * 1000, now: NOW }), InvalidInput)
  assert.throws(() => signer.getSignedUrl({ url: 'https://d.cloudfront.net/a\ud800', dateLessThan: (NOW + 60) * 1000, now: NOW }), InvalidInput)
})

test('cloudfront keys never appear in inspect, String, JSON or format output', () => {
  const signer = new CloudFrontSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: PEM })
  const body = PEM.split('\n')[1]
  for (const v of [signer, new CloudFrontVerifier(signer), CloudFrontKey.fromPem(PEM, 'K2')]) {
    for (const text of [inspect(v), inspect(v, { showHidden: true, depth: Infinity, getters: true }), String(v), JSON.stringify(v) ?? '', format('%o %O %s', v, v, v)]) {
      assert.ok(!text.includes(body), text)
    }
  }
})
