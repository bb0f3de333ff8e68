// Hostile inputs at the boundary: numbers napi would coerce (NaN → 0, 1.5 → 1,
// 2^80 saturated then wrapped), lone surrogates napi would replace with U+FFFD,
// and verifiers given no usable secret. Each is a typed error, never other bytes.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import {
  AuraImage, AuraError, InvalidInput, buildServeUrl, buildBlurhashUrl, parseSetVisibilityResponse, signImagesUrl,
  verifyImagesUrl, StreamKey, StreamSigner, StreamUrls, verifyStreamToken, generateStreamKey, jwt, JwtKey, KeyRing,
  Cloudflare, UploadFromUrlError,
} from 'aura-sign'
import { signUploadToken, signServeToken, verifyUploadToken, verifyServeToken, checkUploadToken, checkServeToken } from 'aura-sign/server'

const HOSTILE = [NaN, Infinity, -Infinity, 1e308, -1e308, 2 ** 80, 2 ** 63, -(2 ** 63), 2 ** 53, -(2 ** 53), 1.5, -0.5, 1700000000.25]
const invalid = (e) => e instanceof InvalidInput && e instanceof AuraError && e.code === 'invalid_input'
const uriError = (e) => e instanceof URIError && e.message === 'URI malformed'
const payload = (token) => Buffer.from(token.split('.')[0], 'base64url').toString()
const urlPayload = (url) => payload(url.split('?token=')[1])

const aura = () => new AuraImage({ secretKey: 'sk', projectName: 'p', serveSecret: 'psk', cdnUrl: 'https://cdn.example' })
const streamKey = StreamKey.fromAny(generateStreamKey({ keyId: 'k1' }).jwk)
const hs = JwtKey.hmac('a secret of at least thirty-two bytes!', { kid: 'h' })

test('now: NaN, ±Infinity, 1e308, 2^80, 2^63, ±2^53, fractions are invalid_input everywhere', () => {
  const a = aura()
  const stream = new StreamSigner(streamKey)
  const streamToken = stream.sign('v', { now: 100 })
  const images = signImagesUrl('https://imagedelivery.net/h/i/public', 'key', { now: 100 })
  const jwtToken = jwt.sign({ sub: 'u', exp: 200 }, hs)
  const calls = {
    getSignedUrlSync: (now) => a.getSignedUrlSync('a', { now }),
    getSignedUrls: (now) => a.getSignedUrls(['a'], { now }),
    signUploadSync: (now) => a.signUploadSync({ now }),
    visibilityRequest: (now) => a.visibilityRequest('a', 'private', { now }),
    signImagesUrl: (now) => signImagesUrl('https://imagedelivery.net/h/i/public', 'key', { now }),
    verifyImagesUrl: (now) => verifyImagesUrl(images, 'key', { now }),
    'StreamSigner.sign': (now) => stream.sign('v', { now }),
    'StreamSigner.signMany': (now) => stream.signMany(['v'], { now }),
    verifyStreamToken: (now) => verifyStreamToken(streamToken, streamKey, { videoId: 'v', now }),
    'jwt.verify': (now) => jwt.verify(jwtToken, hs, { algorithms: ['HS256'], now }),
    'KeyRing.add': (now) => new KeyRing().add('k', 'secret', { now }),
  }
  for (const [name, fn] of Object.entries(calls)) {
    for (const now of [...HOSTILE, '1700000000', 1700000000n, true]) {
      assert.throws(() => fn(now), invalid, `${name} now=${String(now)}`)
    }
    fn(100) // and a valid clock still works
  }
  assert.throws(() => a.getSignedUrlSync('a', { now: NaN }), (e) => invalid(e) && /^now must be an integer number of Unix seconds/.test(e.message))
})

test('now: -0 is 0, negative and ±(2^53 - 1) sign without wrapping', () => {
  const a = aura()
  assert.equal(a.getSignedUrlSync('a', { now: -0 }), a.getSignedUrlSync('a', { now: 0 }))
  assert.equal(a.signUploadSync({ now: -0 }), a.signUploadSync({ now: 0 }))
  assert.equal(urlPayload(a.getSignedUrlSync('a', { now: -3600 })), '{"p":"p","f":"a","exp":0}')
  // An exp past 2^53 has no exact JS value (the SDK's double would round): refused, never wrapped.
  assert.throws(() => a.getSignedUrlSync('a', { now: Number.MAX_SAFE_INTEGER }), { code: 'invalid_input' })
  const bottom = JSON.parse(urlPayload(a.getSignedUrlSync('a', { now: -Number.MAX_SAFE_INTEGER })))
  assert.ok(bottom.exp < -Number.MAX_SAFE_INTEGER + 604800 && bottom.exp > -Number.MAX_SAFE_INTEGER, 'no wrap at the bottom')
})

test('other second counts: Images expiresIn, Stream expiresIn / notBefore, leeway', () => {
  const url = 'https://imagedelivery.net/h/i/public'
  const stream = new StreamSigner(streamKey)
  const token = stream.sign('v', { now: 100 })
  for (const v of HOSTILE) {
    assert.throws(() => signImagesUrl(url, 'key', { expiresIn: v, now: 1 }), invalid, `images expiresIn ${v}`)
    assert.throws(() => stream.sign('v', { expiresIn: v, now: 1 }), invalid, `stream expiresIn ${v}`)
    assert.throws(() => stream.sign('v', { notBefore: v, now: 1 }), invalid, `stream notBefore ${v}`)
    assert.throws(() => verifyStreamToken(token, streamKey, { videoId: 'v', now: 100, leeway: v }), invalid, `stream leeway ${v}`)
    assert.throws(() => jwt.verify(jwt.sign({ exp: 200 }, hs), hs, { algorithms: ['HS256'], now: 100, leeway: v }), invalid, `jwt leeway ${v}`)
  }
  assert.match(signImagesUrl(url, 'key', { expiresIn: 60, now: 1 }), /\?exp=61&sig=/)
  assert.match(payload(token.split('.').slice(1).join('.')), /"exp":3700/)
})

test('whole-number arguments that would wrap as u32: thumbnail height, response status', () => {
  const urls = new StreamUrls()
  for (const h of [NaN, -1, 1.5, 2 ** 32 + 240, Infinity]) {
    assert.throws(() => urls.thumbnail('tok', 'jpg', null, h), invalid, `height ${h}`)
  }
  assert.match(urls.thumbnail('tok', 'jpg', null, 240), /height=240$/)
  assert.throws(() => urls.thumbnail('tok', 'png'), invalid)
  assert.throws(() => new StreamUrls('Not a code!'), invalid)
  assert.throws(() => parseSetVisibilityResponse(2 ** 32 + 200, '{"visibility":"private"}'), invalid)
  assert.throws(() => parseSetVisibilityResponse(NaN, '{}'), invalid)
  assert.equal(parseSetVisibilityResponse(200, '{"visibility":"private"}'), 'private')
})

test('lone surrogates: URIError where @auraimage/sdk encodes a name, as the original', async () => {
  const a = aura()
  for (const name of ['a\ud800b', 'a\udc00', '\udbff', 'dir/x\ud83d']) {
    assert.throws(() => a.getSignedUrlSync(name, { now: 1 }), uriError, name)
    await assert.rejects(a.getSignedUrl(name), uriError, name)
    assert.throws(() => a.getSignedUrls(['ok', name], { now: 1 }), uriError, name)
    assert.throws(() => a.visibilityRequest(name, 'private', { now: 1 }), uriError, name)
    assert.throws(() => buildServeUrl({ cdnUrl: 'https://cdn.example', project: 'p', name }), uriError, name)
    assert.throws(() => buildServeUrl({ cdnUrl: 'https://cdn.example', project: name, name: 'n' }), uriError, name)
    assert.throws(() => buildServeUrl({ cdnUrl: 'https://cdn.example', project: 'p', name: 'n', v: name }), uriError, name)
    assert.throws(() => buildBlurhashUrl({ cdnUrl: 'https://cdn.example', project: 'p', name }), uriError, name)
  }
  // A surrogate pair is text: signed as UTF-8.
  assert.match(a.getSignedUrlSync('a\ud83d\ude00b', { now: 1 }), /\/p\/a%F0%9F%98%80b\?token=/)
  // The original's earlier checks still come first (serveSecret before encodeURIComponent).
  const noServe = new AuraImage({ secretKey: 'sk', projectName: 'p', cdnUrl: 'https://cdn.example' })
  assert.throws(() => noServe.getSignedUrlSync('a\ud800', { now: 1 }), (e) => invalid(e) && /serveSecret is required/.test(e.message))
  assert.throws(() => buildServeUrl({ cdnUrl: 'https://cdn.example', project: 'p', name: 'a\ud800', width: 1.5 }), (e) => invalid(e) && /width/.test(e.message))
  // setVisibility encodes the project too.
  const badProject = new AuraImage({ secretKey: 'sk', projectName: 'p\ud800', serveSecret: 'psk', cdnUrl: 'https://cdn.example' })
  assert.throws(() => badProject.visibilityRequest('n', 'private', { now: 1 }), uriError)
})

test('lone surrogates: invalid_input where the original only JSON-stringifies or copies the string', async () => {
  const a = aura()
  for (const bad of ['a\ud800b', '\udfff']) {
    for (const options of [{ name: bad }, { projectName: bad }, { visibility: bad }, { allowedTypes: ['image/png', bad] }]) {
      assert.throws(() => a.signUploadSync({ ...options, now: 1 }), invalid, JSON.stringify(options))
      await assert.rejects(a.signUpload(options), invalid)
    }
    assert.throws(() => a.getSignedUrlSync('n', { now: 1, cdnUrl: `https://cdn${bad}` }), invalid)
    assert.throws(() => buildServeUrl({ cdnUrl: `https://cdn${bad}`, project: 'p', name: 'n' }), invalid)
    assert.throws(() => buildServeUrl({ cdnUrl: 'https://cdn.example', project: 'p', name: 'n', fit: bad }), invalid)
    assert.throws(() => buildServeUrl({ cdnUrl: 'https://cdn.example', project: 'p', name: 'n', format: bad }), invalid)
    assert.throws(() => buildBlurhashUrl({ cdnUrl: `https://cdn${bad}`, project: 'p', name: 'n' }), invalid)
    // The project is signed (p) and copied raw into the URL.
    const badProject = new AuraImage({ secretKey: 'sk', projectName: `p${bad}`, serveSecret: 'psk', cdnUrl: 'https://cdn.example' })
    assert.throws(() => badProject.getSignedUrlSync('n', { now: 1 }), invalid)
    assert.throws(() => badProject.signUploadSync({ now: 1 }), invalid)
    assert.match(payload(badProject.signUploadSync({ projectName: 'q', now: 1 })), /"projectName":"q"/) // overridden: fine
    // aura-sign/server: any string or key of the payload.
    for (const p of [{ f: bad }, { [bad]: 1 }, { a: [1, { b: bad }] }]) {
      await assert.rejects(signUploadToken(p, 'sk'), invalid)
      await assert.rejects(signServeToken(p, 'psk'), invalid)
    }
    // Cloudflare: URLs to sign, video ids, access rules, claims, key ids.
    assert.throws(() => signImagesUrl(`https://imagedelivery.net/h/i${bad}/public`, 'key', { now: 1 }), invalid)
    const stream = new StreamSigner(streamKey)
    assert.throws(() => stream.sign(`v${bad}`, { now: 1 }), invalid)
    assert.throws(() => stream.signMany(['v', `v${bad}`], { now: 1 }), invalid)
    assert.throws(() => stream.sign('v', { now: 1, accessRules: [{ type: 'ip.geoip.country', action: 'allow', country: [bad] }] }), invalid)
    assert.throws(() => new StreamSigner(streamKey, { keyId: bad }), invalid)
    assert.throws(() => jwt.sign({ sub: bad }, hs), invalid)
    assert.throws(() => jwt.sign({ sub: 'u' }, hs, { headers: { x: bad } }), invalid)
    assert.throws(() => JwtKey.hmac('a secret of at least thirty-two bytes!', { kid: bad }), invalid)
    assert.throws(() => generateStreamKey({ keyId: bad }), invalid)
    await assert.rejects(checkServeToken('x.y', 'psk', { project: 'p', name: bad }), invalid)
  }
})

test('lone surrogates in secrets sign as the original (TextEncoder writes U+FFFD too)', async () => {
  assert.equal(await signServeToken({ a: 1 }, 's\ud800'), await signServeToken({ a: 1 }, 's\ufffd'))
})

test('cyclic payloads are refused, not walked forever', async () => {
  const cyclic = { a: 1 }
  cyclic.self = cyclic
  cyclic.again = cyclic
  await assert.rejects(signUploadToken(cyclic, 'sk'), (e) => e instanceof AuraError)
})

test('verifiers given no usable secret throw invalid_input (a misconfiguration, not a bad token)', async () => {
  const a = aura()
  const upload = a.signUploadSync({ now: Math.floor(Date.now() / 1000) })
  const serve = a.getSignedUrlSync('n').split('?token=')[1]
  for (const secret of ['', [], [''], ['', '']]) {
    const what = JSON.stringify(secret)
    await assert.rejects(verifyUploadToken(upload, secret), invalid, `verifyUploadToken ${what}`)
    await assert.rejects(verifyServeToken(serve, secret), invalid, `verifyServeToken ${what}`)
    await assert.rejects(checkUploadToken(upload, secret), invalid, `checkUploadToken ${what}`)
    await assert.rejects(checkServeToken(serve, secret), invalid, `checkServeToken ${what}`)
    await assert.rejects(verifyServeToken('garbage', secret), invalid, `before the token is read ${what}`)
  }
  // Still null: refusals, and a resolver that knows no secret for the project (as the original).
  assert.equal(await verifyUploadToken(upload, 'wrong'), null)
  assert.equal(await verifyServeToken('garbage', 'psk'), null)
  assert.equal(await verifyUploadToken(upload, async () => []), null)
  assert.deepEqual((await verifyUploadToken(upload, ['', 'sk'])).projectName, 'p')
})

test('the HTTP methods refuse bad input before anything is sent', async () => {
  let sent = 0
  const fetch = async () => {
    sent++
    return new Response('{}', { status: 200 })
  }
  const http = new AuraImage({ secretKey: 'sk', projectName: 'p', cdnUrl: 'https://cdn.example', fetch })
  await assert.rejects(http.setVisibility('a\ud800b', 'private'), uriError)
  await assert.rejects(http.setVisibility('a', 'hidden'), invalid)
  for (const timeout of [-1, 1.5, NaN, 2 ** 31]) await assert.rejects(http.uploadFromUrl('https://x.example/a.jpg', { timeout }), invalid)
  await assert.rejects(http.uploadFromUrl('https://x.example/a.jpg', { maxSize: '5tb' }), invalid)
  await assert.rejects(http.uploadFromUrl('https://x.example/a.jpg', { name: 'a\ud800' }), invalid)
  for (const bad of ['file:///etc/passwd.png', 'ftp://x.example/a.png']) {
    await assert.rejects(http.uploadFromUrl(bad), (e) => e instanceof UploadFromUrlError && e.kind === 'fetch' && e.url === bad)
  }
  await assert.rejects(http.upload(new Uint8Array([1]), { filename: 'a"b.jpg' }), invalid)
  await assert.rejects(http.upload(null), invalid)
  const cf = new Cloudflare({ accountId: 'acct1', apiToken: 't', fetch })
  await assert.rejects(cf.videoDetails('a'.repeat(33)), invalid)
  await assert.rejects(cf.imageDetails(1), invalid)
  await assert.rejects(cf.createImagesKey('no spaces'), invalid)
  await assert.rejects(cf.streamToken('v1', { exp: 1.5 }), invalid)
  await assert.rejects(cf.streamToken('v1', { accessRules: [{ type: 'ip.geoip.country', action: 'allow', country: ['\ud800'] }] }), invalid)
  await assert.rejects(cf.streamToken('v1', { signingKey: { id: 'k1' } }), invalid)
  assert.throws(() => new Cloudflare({ accountId: '../x', apiToken: 't' }), invalid)
  assert.throws(() => new Cloudflare({ accountId: 'a', apiToken: 't', baseUrl: 'ftp://x' }), invalid)
  assert.equal(sent, 0)
})
