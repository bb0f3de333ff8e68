// The package surface: error mapping, ESM/CJS, the documented drop-in usage,
// fake timers, and secrecy.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test, mock } from 'node:test'
import { format, inspect } from 'node:util'

import * as esm from 'aura-sign'
import * as esmServer from 'aura-sign/server'
import * as esmCloudflare from 'aura-sign/cloudflare'
import { load } from '../testkit/helpers.mjs'

const require = createRequire(import.meta.url)
const native = require('../native/index.cjs')
const { fromData } = require('../lib/errors.cjs')

const EXPECTED = {
  invalid_input: 'InvalidInput', malformed: 'MalformedToken', bad_signature: 'InvalidSignature', expired: 'TokenExpired',
  not_yet_valid: 'TokenNotYetValid', unknown_kid: 'UnknownKeyId', kid_mismatch: 'KeyIdMismatch', alg_not_allowed: 'AlgorithmNotAllowed',
  sub_mismatch: 'WrongVideo', not_downloadable: 'NotDownloadable', access_denied: 'AccessDenied', not_a_private_key: 'NotAPrivateKey',
  invalid_key: 'KeyFormatError', unsupported_key_type: 'UnsupportedKeyType', key_too_small: 'KeyTooSmall',
  missing_project_name: 'MissingProjectNameError', wrong_image: 'WrongImage', flexible_variant_not_signable: 'FlexibleVariantNotSignable',
  lifetime_too_long: 'LifetimeTooLong', remote_error: 'RemoteError', invalid_response: 'InvalidResponse', key_not_found: 'KeyNotFound',
  upload_from_url: 'UploadFromUrlError', internal: 'InternalError',
}

test('every core code maps to its AuraError subclass', () => {
  const codes = esm.allErrorCodes()
  assert.deepEqual([...codes].sort(), Object.keys(EXPECTED).sort())
  codes.forEach((code, index) => {
    let thrown
    try {
      native._throwErrorExample(index)
    } catch (err) {
      thrown = esm.toAuraError(err)
    }
    assert.ok(thrown instanceof esm.AuraError, code)
    assert.ok(thrown instanceof Error)
    assert.equal(thrown.code, code)
    assert.equal(thrown.constructor.name, EXPECTED[code])
    assert.equal(thrown, esm.toAuraError(thrown), 'mapping is idempotent')
  })
  assert.ok(new esm.InvalidInput('invalid_input', 'x') instanceof esm.AuraError)
  assert.ok(new esm.MissingProjectNameError() instanceof esm.TokenError)
})

test('every core code maps to its class from the HTTP path too (error data: kind, url, status, codes)', () => {
  esm.allErrorCodes().forEach((code, index) => {
    const data = native._errorExample(index)
    assert.equal(data.code, code)
    const err = fromData(data)
    assert.ok(err instanceof esm.AuraError, code)
    assert.equal(err.code, code)
    assert.equal(err.constructor.name, EXPECTED[code])
    assert.equal(esm.toAuraError(err), err)
  })
  const upload = fromData(native._errorExample(esm.allErrorCodes().indexOf('upload_from_url')))
  assert.ok(upload instanceof esm.UploadFromUrlError && upload instanceof esmServer.UploadFromUrlError)
  assert.equal(upload.name, 'UploadFromUrlError')
  assert.deepEqual([upload.kind, upload.url, upload.status], ['fetch', 'https://example.com/x.jpg', 404])
  const remote = fromData(native._errorExample(esm.allErrorCodes().indexOf('remote_error')))
  assert.deepEqual([remote.status, remote.codes], [500, []])
  // Constructed as the SDK's: (message, url, kind, status?); status only when given.
  const sdkShaped = new esm.UploadFromUrlError('m', 'https://x/a.jpg', 'invalid-name')
  assert.deepEqual([sdkShaped.message, sdkShaped.url, sdkShaped.kind, 'status' in sdkShaped, sdkShaped.code], ['m', 'https://x/a.jpg', 'invalid-name', false, 'upload_from_url'])
})

test('real failures carry their code', () => {
  assert.throws(() => esm.StreamKey.fromAny('not a key'), (e) => e instanceof esm.KeyFormatError && e.code === 'invalid_key')
  assert.throws(() => esm.signImagesUrl('https://imagedelivery.net/h/i/w=400', 'k', { now: 1 }), (e) => e.code === 'flexible_variant_not_signable')
  assert.throws(() => new esm.KeyRing().revoke('nope'), (e) => e instanceof esm.KeyNotFound)
  assert.throws(() => esm.parseSize('5tb'), (e) => e instanceof esm.InvalidInput && e.message === 'Invalid size string: "5tb"')
  assert.throws(() => esm.buildServeUrl({ cdnUrl: 1, project: 'p', name: 'n' }), (e) => e instanceof esm.AuraError && e.code === 'invalid_input')
})

test('ESM and CommonJS expose the same API', () => {
  for (const [cjsPath, ns] of [['aura-sign', esm], ['aura-sign/server', esmServer], ['aura-sign/cloudflare', esmCloudflare]]) {
    const cjs = require(cjsPath)
    const named = Object.keys(ns).filter((k) => k !== 'default').sort()
    assert.deepEqual(named, Object.keys(cjs).sort(), cjsPath)
    for (const k of named) assert.equal(ns[k], cjs[k], `${cjsPath} ${k}`)
  }
})

test('ESM and CommonJS expose the same provider classes, for every subpath in package.json exports', async () => {
  const { exports } = require('../package.json')
  const providers = Object.keys(exports).filter((k) => !['.', './server', './cloudflare'].includes(k))
  assert.deepEqual(providers, ['./cloudfront', './mux', './imgix', './akamai', './bunny', './google-cdn'])
  for (const subpath of providers) {
    const name = `aura-sign/${subpath.slice(2)}`
    const [ns, cjs] = [await import(name), require(name)]
    const named = Object.keys(ns).filter((k) => k !== 'default').sort()
    assert.deepEqual(named, Object.keys(cjs).sort(), name)
    for (const k of named) assert.equal(ns[k], cjs[k], `${name} ${k}`)
  }
  const google = require('aura-sign/google-cdn')
  assert.deepEqual(Object.keys(google).sort(), ['CloudCdnSigner', 'CloudCdnVerifier', 'MediaCdnSigner', 'MediaCdnTokenSigner', 'MediaCdnTokenVerifier', 'MediaCdnVerifier'])
})

test('the documented @auraimage/sdk usage works with only the import path changed', async () => {
  // README (auraimage.md §1, §3, §5, §6), imports from 'aura-sign' instead of '@auraimage/sdk'.
  const { AuraImage } = await import('aura-sign')
  const { verifyUploadToken, verifyServeToken, MAX_SERVE_TTL_SEC } = await import('aura-sign/server')
  const vector = load('auraimage.json').cases.find((c) => c.id === 'signed_url-001')
  mock.method(Date, 'now', () => vector.input.now_ms)
  try {
    const aura = new AuraImage({
      secretKey: 'sk_live_abc',
      projectName: 'my-project',
      serveSecret: 'psk_live_0123456789abcdef0123456789abcdef',
      cdnUrl: 'https://cdn.auraimage.ai',
    })
    const url = await aura.getSignedUrl('photo', { expiresIn: 3600 })
    assert.equal(url, vector.output.url)
    const signature = await aura.signUpload({ maxSize: '10mb', allowedTypes: ['image/png'], expiresIn: 600, visibility: 'private' })
    const secrets = { 'my-project': ['sk_live_old', 'sk_live_abc'] }
    const payload = await verifyUploadToken(signature, async (projectName) => secrets[projectName])
    assert.equal(payload.maxSize, 10485760)
    assert.equal(await verifyUploadToken(signature, 'sk_live_wrong'), null)
    const served = await verifyServeToken(url.split('?token=')[1], 'psk_live_0123456789abcdef0123456789abcdef')
    assert.deepEqual(served, JSON.parse(vector.output.payload_json))
    assert.equal(MAX_SERVE_TTL_SEC, 604800)
  } finally {
    mock.restoreAll()
  }
})

test('fake timers move expiry exactly as with the original', async () => {
  mock.timers.enable({ apis: ['Date'], now: 1_700_000_000_000 })
  try {
    const aura = new esm.AuraImage({ secretKey: 'sk', projectName: 'p', serveSecret: 'psk', cdnUrl: 'https://cdn.example' })
    const token = (await aura.getSignedUrl('img', { expiresIn: 60 })).split('?token=')[1]
    assert.notEqual(await esmServer.verifyServeToken(token, 'psk'), null)
    mock.timers.tick(60_000)
    assert.notEqual(await esmServer.verifyServeToken(token, 'psk'), null, 'exp == now is valid')
    mock.timers.tick(1_000)
    assert.equal(await esmServer.verifyServeToken(token, 'psk'), null)
    await assert.rejects(esmServer.checkServeToken(token, 'psk'), (e) => e instanceof esm.TokenExpired)
    const images = esm.signImagesUrl('https://imagedelivery.net/h/i/public', 'key', { expiresIn: 10 })
    mock.timers.tick(11_000)
    assert.throws(() => esm.verifyImagesUrl(images, 'key'), (e) => e.code === 'expired')
  } finally {
    mock.timers.reset()
  }
})

test('sync twins take now and keep the drop-in semantics', () => {
  const aura = new esm.AuraImage({ secretKey: 'sk', projectName: 'p', serveSecret: 'psk', cdnUrl: 'https://cdn.example' })
  assert.deepEqual(aura.getSignedUrls(['a', 'b'], { now: 1 }), [aura.getSignedUrlSync('a', { now: 1 }), aura.getSignedUrlSync('b', { now: 1 })])
  // Drop-in semantics: NaN expiresIn gives the original's "exp":null rather than an error.
  const token = aura.signUploadSync({ expiresIn: NaN, now: 1 })
  assert.match(Buffer.from(token.split('.')[0], 'base64url').toString(), /"exp":null/)
})

test('secrets never appear in inspect output, JSON or messages', () => {
  const secret = 'sk_live_NEVER_PRINT_THIS'
  const aura = new esm.AuraImage({ secretKey: secret, projectName: 'p', serveSecret: secret, cdnUrl: 'https://cdn.example' })
  const generated = esm.generateStreamKey()
  const signer = new esm.StreamSigner(esm.StreamKey.fromAny(generated.pem, { keyId: generated.id }))
  const ring = new esm.KeyRing()
  ring.add('k1', secret, { now: 1 })
  for (const text of [inspect(aura), JSON.stringify(aura), inspect(signer), inspect(ring), inspect(esm.StreamKey.fromAny(generated.jwk))]) {
    assert.ok(!text.includes('NEVER_PRINT') && !text.includes(generated.pem.slice(20, 60)), text)
  }
  try {
    esm.StreamKey.fromAny(generated.pem.slice(0, 200))
    assert.fail('truncated key accepted')
  } catch (err) {
    assert.equal(err.code, 'invalid_key')
    assert.ok(!err.message.includes(generated.pem.slice(20, 60)))
  }
})

test('HTTP credentials and secret results never appear in inspect, JSON, String or format output', () => {
  const token = 'tok-NEVER_PRINT_TOKEN'
  const key = 'key-NEVER_PRINT_KEY'
  const generated = esm.generateStreamKey()
  const pemPart = generated.pem.slice(40, 80)
  const shown = (v) => [
    inspect(v),
    inspect(v, { showHidden: true, depth: Infinity, getters: true }),
    JSON.stringify(v) ?? '',
    String(v),
    `${v}`,
    format('%s %o %O %j', v, v, v, v),
  ]
  const cfToken = new esm.Cloudflare({ accountId: 'a1', apiToken: token, baseUrl: 'http://127.0.0.1:9' })
  const cfLegacy = new esm.Cloudflare({ accountId: 'a1', email: 'ops@example.com', apiKey: key })
  const secret = new esm.Secret(token)
  const created = new esm.CreatedStreamKey({
    id: generated.id,
    created: null,
    pem: new esm.Secret(generated.pem),
    jwk: new esm.Secret(generated.jwk),
    key: esm.StreamKey.fromAny(generated.pem, { keyId: generated.id }),
  })
  const imagesKey = { name: 'prod', value: new esm.Secret(key) }
  const aura = new esm.AuraImage({ secretKey: token, projectName: 'p', cdnUrl: 'http://127.0.0.1:9', fetch: async () => new Response('') })
  for (const v of [cfToken, cfLegacy, secret, created, imagesKey, [imagesKey], { created }, aura]) {
    for (const text of shown(v)) {
      assert.ok(!text.includes('NEVER_PRINT') && !text.includes(pemPart), text)
    }
  }
  assert.match(inspect(cfToken), /auth: api_token/)
  assert.match(inspect(cfLegacy), /auth: legacy/)
  assert.equal(inspect(secret), 'Secret(<redacted>)')
  assert.equal(JSON.stringify(imagesKey), '{"name":"prod","value":"<redacted>"}')
  assert.equal(secret.expose(), token, 'expose() is the one way out')
  assert.equal(created.pem.expose(), generated.pem)
  // A credential that cannot be a header is refused without being echoed.
  assert.throws(
    () => new esm.Cloudflare({ accountId: 'a1', apiToken: 'tok-NEVER_PRINT\n' }),
    (e) => e instanceof esm.InvalidInput && !e.message.includes('NEVER_PRINT'),
  )
  assert.throws(() => new esm.Cloudflare({ apiToken: token }), (e) => e instanceof esm.InvalidInput && /CLOUDFLARE_ACCOUNT_ID/.test(e.message) && !e.message.includes('NEVER'))
})

test('Cloudflare reads CLOUDFLARE_* from the environment: a token wins, else email + key', () => {
  const saved = { ...process.env }
  try {
    Object.assign(process.env, { CLOUDFLARE_ACCOUNT_ID: 'acct1', CLOUDFLARE_API_TOKEN: 'env-token', CLOUDFLARE_EMAIL: 'a@b.c', CLOUDFLARE_API_KEY: 'k' })
    delete process.env.CLOUDFLARE_BASE_URL
    const cf = new esm.Cloudflare()
    assert.equal(cf.accountId, 'acct1')
    assert.equal(cf.baseUrl, 'https://api.cloudflare.com/client/v4')
    assert.match(inspect(cf), /auth: api_token/)
    delete process.env.CLOUDFLARE_API_TOKEN
    process.env.CLOUDFLARE_BASE_URL = 'http://127.0.0.1:4010/'
    const legacy = new esm.Cloudflare()
    assert.match(inspect(legacy), /auth: legacy/)
    assert.equal(legacy.baseUrl, 'http://127.0.0.1:4010')
    delete process.env.CLOUDFLARE_API_KEY
    assert.throws(() => new esm.Cloudflare(), (e) => e instanceof esm.InvalidInput && /CLOUDFLARE_API_KEY is set but|CLOUDFLARE_EMAIL is set but/.test(e.message))
    // Options win over the environment, wholesale.
    assert.match(inspect(new esm.Cloudflare({ apiToken: 't', baseUrl: 'https://example.com' })), /auth: api_token/)
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
    Object.assign(process.env, saved)
  }
})

test('stream verification needs videoId to be named', () => {
  const generated = esm.generateStreamKey()
  const key = esm.StreamKey.fromAny(generated.jwk)
  const token = new esm.StreamSigner(key).sign('v1', { now: 100 })
  assert.throws(() => esm.verifyStreamToken(token, key.publicKey(), { now: 100 }), TypeError)
  assert.equal(esm.verifyStreamToken(token, key.publicKey(), { videoId: null, now: 100 }).sub, 'v1')
  assert.throws(() => esm.verifyStreamToken(token, key, { videoId: 'v2', now: 100 }), (e) => e.code === 'sub_mismatch')
  const hs = esm.JwtKey.hmac('a secret of at least thirty-two bytes!', { kid: 'h' })
  const jwt = esm.jwt.sign({ sub: 'u', exp: 200 }, hs)
  assert.equal(esm.jwt.verify(jwt, hs, { algorithms: ['HS256'], now: 100 }).sub, 'u')
  assert.throws(() => esm.jwt.verify(jwt, hs, { algorithms: ['RS256'], now: 100 }), (e) => e.code === 'alg_not_allowed')
})
