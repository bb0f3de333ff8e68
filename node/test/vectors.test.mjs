// Every case of the three vector files through the JavaScript API: the
// drop-in async path with Date.now mocked to the case's clock, and the
// synchronous path with `now`.
import assert from 'node:assert/strict'
import { test, mock } from 'node:test'

import { AuraImage, buildBlurhashUrl, buildServeUrl, parseSetVisibilityResponse, parseSize, AuraError, InvalidInput,
  signImagesUrl, verifyImagesUrl, StreamKey, StreamPublicKey, StreamSigner, verifyStreamToken, evaluateAccessRules } from '../lib/index.mjs'
import { signServeToken, signUploadToken, verifyServeToken, verifyUploadToken, checkUploadToken } from '../lib/server.mjs'
import { Tally, PASS, decode, load, num } from '../testkit/helpers.mjs'

const withClock = async (nowMs, fn) => {
  mock.method(Date, 'now', () => nowMs)
  try {
    return await fn()
  } finally {
    mock.restoreAll()
  }
}

/** Signing: reference bytes, or (typed paths only) InvalidInput by rule. */
async function signing(expected, fn, key, { allowRejection }) {
  let got
  try {
    got = await fn()
  } catch (err) {
    if ('error' in expected) return err instanceof Error ? PASS : ['failed', `threw a non-Error ${err}`]
    if (allowRejection && err instanceof InvalidInput) return ['rejected', err.message]
    return ['failed', `threw ${err?.code ?? ''} ${err?.message}`]
  }
  if ('error' in expected) return ['failed', `reference threw, Aura returned ${got}`]
  return got === expected[key] ? PASS : ['failed', `got ${got}\n want ${expected[key]}`]
}

const clientOf = (c) => new AuraImage(c)

test('auraimage.json: drop-in (async, Date.now mocked) and sync paths', async () => {
  const tally = new Tally('auraimage.json')
  for (const c of load('auraimage.json').cases) {
    const { kind, id, input: i, output: out } = c
    const nowMs = i.now_ms
    if (kind === 'parse_size' || kind === 'parse_size_error') {
      const value = num(i.value)
      let outcome
      try {
        const got = parseSize(value)
        outcome = kind === 'parse_size' && Object.is(got, num(out.value)) ? PASS : ['failed', `got ${got}`]
      } catch (err) {
        outcome = kind === 'parse_size_error' && err instanceof InvalidInput && err.message === out.error.message ? PASS : ['failed', err.message]
      }
      tally.record(kind, id, outcome)
    } else if (kind === 'upload_token' || kind === 'serve_token') {
      if (i.via === 'AuraImage.signUpload') {
        const options = decode(i.options ?? {})
        tally.record(`${kind} (drop-in async)`, id, await signing(out, () => withClock(nowMs, () => clientOf(i.constructor).signUpload(i.options === undefined ? undefined : options)), 'token', { allowRejection: false }))
        tally.record(`${kind} (sync)`, id, await signing(out, () => clientOf(i.constructor).signUploadSync({ ...options, now: i.now_unix }), 'token', { allowRejection: false }))
      } else {
        const sign = kind === 'upload_token' ? signUploadToken : signServeToken
        tally.record(kind, id, await signing(out, () => sign(i.payload, i.secret), 'token', { allowRejection: false }))
      }
    } else if (kind === 'signed_url') {
      const options = decode(i.options ?? {})
      tally.record(`${kind} (drop-in async)`, id, await signing(out, () => withClock(nowMs, () => clientOf(i.constructor).getSignedUrl(i.name, i.options === undefined ? undefined : options)), 'url', { allowRejection: false }))
      tally.record(`${kind} (sync)`, id, await signing(out, () => clientOf(i.constructor).getSignedUrlSync(i.name, { ...options, now: i.now_unix }), 'url', { allowRejection: false }))
    } else if (kind === 'build_serve_url' || kind === 'build_blurhash_url') {
      const build = kind === 'build_serve_url' ? buildServeUrl : buildBlurhashUrl
      tally.record(kind, id, await signing(out, () => build(decode(i.options)), 'url', { allowRejection: false }))
    } else if (kind === 'set_visibility_request') {
      let outcome
      try {
        const req = clientOf(i.constructor).visibilityRequest(i.name, i.visibility, { now: i.now_unix })
        const want = out.requests[0]
        assert.ok(want, 'reference sent nothing')
        assert.deepEqual(req, { method: want.method, url: want.url, headers: want.headers, body: want.body })
        assert.deepEqual(Object.keys(req.headers), Object.keys(want.headers))
        try {
          const vis = parseSetVisibilityResponse(i.mock_response.status, i.mock_response.body)
          assert.deepEqual(vis === null ? {} : { visibility: vis }, out.result)
        } catch (err) {
          if (!out.error) throw err
          if (err.code === 'remote_error') assert.equal(err.message, out.error.message)
        }
        outcome = PASS
      } catch (err) {
        outcome = out.requests.length === 0 && err instanceof AuraError ? PASS : ['failed', err.message]
      }
      tally.record(kind, id, outcome)
    } else if (kind === 'verify_upload' || kind === 'verify_serve') {
      const calls = []
      const secret =
        i.secret_mode === undefined || i.secret_mode === 'string'
          ? i.secret
          : async (project) => (calls.push(project), i.secret_mode === 'callback_string' ? i.secret : i.secrets)
      const accepts = out.result !== undefined && out.result !== null
      const verify = kind === 'verify_upload' ? verifyUploadToken : verifyServeToken
      let outcome
      try {
        const got = await withClock(nowMs, () => verify(i.token, secret))
        if (!accepts) outcome = got === null ? PASS : ['failed', `accepted ${JSON.stringify(got)}`]
        else if (got === null) outcome = c.quirk ? ['strict', 'null (strict)'] : ['failed', 'rejected a valid token']
        else outcome = JSON.stringify(got) === JSON.stringify(out.result) ? PASS : ['failed', JSON.stringify(got)]
        if (outcome === PASS && accepts && out.resolver_calls) assert.deepEqual(calls, out.resolver_calls)
      } catch (err) {
        // The original throws here too (MissingProjectNameError, TypeError, DOMException).
        // By rule: an empty secret given directly is a misconfiguration and throws invalid_input where the original returns null.
        const emptySecret = (i.secret_mode === undefined || i.secret_mode === 'string') && i.secret === ''
        if (out.error) outcome = PASS
        else if (emptySecret && err instanceof InvalidInput) outcome = ['rejected', `empty secret: ${err.message}`]
        else outcome = ['failed', `threw ${err.name}: ${err.message}`]
      }
      tally.record(kind, id, outcome)
    }
  }
  const failures = tally.report()
  assert.deepEqual(failures, [])
})

test('check* variants reject with the code', async () => {
  const vector = load('auraimage.json').cases.find((c) => c.id === 'verify_upload-004')
  await withClock(vector.input.now_ms, async () => {
    await assert.rejects(checkUploadToken(vector.input.token, vector.input.secret), (err) => err.code === 'expired')
  })
})

test('cloudflare-images.json: worker mode exact; default per rule 3; verifier', () => {
  const tally = new Tally('cloudflare-images.json')
  for (const c of load('cloudflare-images.json').cases) {
    const { id, input: i, output: out } = c
    const opts = { expiresIn: i.expires_in, now: i.now_unix }
    let outcome
    try {
      const got = signImagesUrl(i.url, i.key, { ...opts, mode: 'worker' })
      outcome = got === out.signed_url ? PASS : ['failed', got]
    } catch (err) {
      outcome = out.error ? PASS : ['failed', err.message]
    }
    tally.record('worker', id, outcome)
    let signed
    try {
      signed = signImagesUrl(i.url, i.key, opts)
    } catch (err) {
      const variant = (out.signed_url ?? '').split(/[?#]/)[0].split('/').pop()
      tally.record('default', id, out.error || (err.code === 'flexible_variant_not_signable' && variant.includes('=')) ? PASS : ['failed', err.message])
      continue
    }
    const exp = i.now_unix + i.expires_in
    const hadExpOrSig = [...new URL(i.url).searchParams.keys()].some((k) => k === 'exp' || k === 'sig')
    const ok = c.edge_alternative ? signed === c.edge_alternative.signed_url : hadExpOrSig ? signed.split('sig=').length === 2 : signed === out.signed_url
    tally.record('default', id, ok ? PASS : ['failed', signed])
    tally.record('verify_default_output', id, verifyImagesUrl(signed, ['other', i.key], { now: exp }) === exp ? PASS : ['failed', 'verify'])
  }
  assert.deepEqual(tally.report(), [])
})

const seconds = (v) => (typeof v === 'number' ? v : Number(v.slice(0, -1)) * { s: 1, m: 60, h: 3600, d: 86400 }[v.slice(-1)])
const WORKER_RULES = [{ type: 'ip.geoip.country', action: 'allow', country: ['GB'] }, { type: 'any', action: 'block' }]

test('cloudflare-stream.json: keys, every style, verification, rules, key parsing', () => {
  const file = load('cloudflare-stream.json')
  const tally = new Tally('cloudflare-stream.json')
  const keys = Object.fromEntries(file.keys.map((k) => [k.name, k]))
  for (const k of file.keys) {
    for (const [fmt, text] of Object.entries(k.formats)) {
      const parsed = fmt.startsWith('public') ? StreamPublicKey.fromAny(text) : StreamKey.fromAny(text)
      const ok = parsed.modulusSha256 === k.modulus_sha256 && (!fmt.includes('jwk') || fmt.startsWith('public') || parsed.keyId === k.id)
      tally.record('key_formats', `${k.name}/${fmt}`, ok ? PASS : ['failed', fmt])
    }
  }
  const signer = (name, fmt, keyId, style) => new StreamSigner(StreamKey.fromAny(keys[name].formats[fmt]), { keyId, style })
  for (const c of file.sign_cases) {
    const { input: i } = c
    const cl = i.claims
    const s = signer(i.key_name, i.key_format_used, i.key_id, c.style === 'cf_docs' ? 'cloudflare' : 'jsonwebtoken')
    const opts = { expiresIn: cl.exp - i.now_unix, notBefore: cl.nbf, accessRules: cl.accessRules, downloadable: cl.downloadable, now: i.now_unix }
    let outcome
    try {
      outcome = s.sign(cl.sub, opts) === c.output.token ? PASS : ['failed', 'token differs']
    } catch (err) {
      outcome = err.code === 'lifetime_too_long' && s.sign(cl.sub, { ...opts, allowLongLifetime: true }) === c.output.token ? ['rejected', `${err.message}; bytes match with allowLongLifetime`] : ['failed', err.message]
    }
    tally.record('sign_cases', c.id, outcome)
  }
  for (const c of file.seed003_cases) {
    const { input: i } = c
    const node = c.style === 'seed003_node_jsonwebtoken'
    const s = signer(i.key_name, node ? 'cf_pem_b64' : 'pkcs1_pem', i.key_id, node ? 'jsonwebtoken-claims-kid' : 'go-jose')
    const token = s.sign(i.video_id, { expiresIn: seconds(node ? i.expiresIn : i.expires_in), notBefore: i.nbf ?? undefined, now: i.now_unix })
    tally.record('seed003_cases', c.id, token === c.output.token ? PASS : ['failed', token])
  }
  for (const c of file.worker_cases) {
    const { input: i } = c
    const token = signer(i.key_name, 'cf_jwk_b64', i.key_id, 'cloudflare').sign(i.video_id, { expiresIn: i.expires_in, accessRules: WORKER_RULES, now: i.now_unix })
    tally.record('worker_cases', c.id, token === c.output.token ? PASS : ['failed', token])
  }
  for (const c of file.verify_cases) {
    const { input: i, expected } = c
    const trusted = i.trusted_keys.map((n) => StreamPublicKey.fromAny(keys[n].formats.public_spki_pem, { keyId: keys[n].id }))
    let outcome
    try {
      verifyStreamToken(i.token, trusted, { videoId: i.video_id, now: i.now_unix, purpose: i.purpose })
      outcome = expected.valid ? PASS : ['failed', 'accepted']
    } catch (err) {
      outcome = !expected.valid && expected.acceptable_reasons.includes(err.code) ? PASS : ['failed', err.code]
    }
    tally.record('verify_cases', c.id, outcome)
  }
  for (const c of file.access_rule_cases) {
    const got = evaluateAccessRules(c.input.accessRules, c.input.viewer.ip, c.input.viewer.country)
    tally.record('access_rule_cases', c.id, got.decision === c.expected.decision && got.matchedRule === c.expected.matched_rule ? PASS : ['failed', JSON.stringify(got)])
  }
  for (const c of file.key_parse_cases) {
    let outcome
    try {
      const k = StreamKey.fromAny(c.input.key_text)
      outcome = k.modulusSha256 === c.expected.modulus_sha256 ? PASS : ['failed', k.modulusSha256]
    } catch (err) {
      outcome = err.code === c.expected.error ? PASS : ['failed', err.code]
    }
    tally.record('key_parse_cases', c.id, outcome)
  }
  assert.deepEqual(tally.report(), [])
})
