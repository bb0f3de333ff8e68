// Every Cloudflare operation against Prism (the mock server Cloudflare's own
// SDKs test with; cloudflare.md §7) serving Cloudflare's OpenAPI document with
// request validation on: a request that breaks the document is answered 4xx
// with an `sl-violations` header. Every answer here is recorded through the
// injected fetch and must be 2xx without that header; deliberately wrong raw
// requests must be refused, proving the validation is on. Prism keeps no
// state: it answers the document's examples. Also the README's two flows.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'

import {
  Cloudflare,
  CreatedStreamKey,
  InvalidInput,
  InvalidResponse,
  KeyNotFound,
  RemoteError,
  Secret,
  StreamSigner,
  signImagesUrl,
  verifyImagesUrl,
  verifyStreamToken,
} from 'aura-sign'
import { startPrism } from '../testkit/servers.mjs'
import { assertReadmeShows } from '../testkit/helpers.mjs'

/** Every test here is bounded in time (servers are stopped by the hooks). */
const BOUNDED = { timeout: 60_000 }

const ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353'
const UID = 'ea95132c15732412d22c1476fa83f27a'
/** The document's example answers. */
const EXAMPLE_KEY_ID = '023e105f4ecef8ad9ca31a8372d0c353'
const EXAMPLE_IMAGES_KEY = 'Oix0bbNaT8Rge9PuyxUBrjI6zrgnsyJ5='

let prism
const answers = []

/** fetch that records each answer's status and `sl-violations`. */
const recordingFetch = async (url, init) => {
  const res = await fetch(url, init)
  answers.push({ method: init.method, url, status: res.status, violations: res.headers.get('sl-violations') })
  return res
}

before(async () => {
  prism = await startPrism()
}, { timeout: 90_000 })
after(async () => {
  await prism?.stop()
})

const clients = () => [
  ['bearer', new Cloudflare({ accountId: ACCOUNT, apiToken: 'prism-test-token', baseUrl: prism.base, fetch: recordingFetch, timeout: 20_000 })],
  [
    'legacy',
    new Cloudflare({ accountId: ACCOUNT, email: 'ops@example.com', apiKey: '0123456789abcdef0123456789abcdef01234', baseUrl: prism.base, fetch: recordingFetch }),
  ],
]

/** Every answer since `from` was 2xx and passed validation. */
function allValid(from, what) {
  const seen = answers.slice(from)
  assert.ok(seen.length > 0, what)
  for (const a of seen) {
    assert.equal(a.violations, null, `${what}: Prism refused ${a.method} ${a.url}: ${a.violations}`)
    assert.equal(a.status, 200, `${what}: ${a.method} ${a.url}`)
  }
  return seen
}

describe('Cloudflare against Prism (request validation on)', BOUNDED, () => {
  test('every operation, with an API token and with the legacy email + key', async () => {
    for (const [scheme, cf] of clients()) {
      const from = answers.length
      const keys = await cf.listImagesKeys()
      assert.equal(keys.length, 1)
      assert.equal(keys[0].name, 'default')
      assert.ok(keys[0].value instanceof Secret)
      assert.equal(keys[0].value.expose(), EXAMPLE_IMAGES_KEY)

      const ensured = await cf.ensureSigningKey('default', { adopt: true, delete: false })
      assert.equal(ensured.action, 'adopted')
      assert.equal(ensured.key.value.expose(), EXAMPLE_IMAGES_KEY)
      await assert.rejects(cf.ensureSigningKey('default'), (e) => e instanceof InvalidInput && /rotate/.test(e.message), 'a live key is not rotated silently')
      await assert.rejects(cf.createImagesKey('default'), InvalidInput)
      assert.equal((await cf.rotateImagesKey('default')).value.expose(), EXAMPLE_IMAGES_KEY)
      await assert.rejects(cf.rotateImagesKey('missing'), KeyNotFound)
      // The PUT passes validation; Prism's stateless answer lists only the
      // example key, so the created key is not in it.
      await assert.rejects(cf.createImagesKey('signing2'), InvalidResponse)
      assert.equal((await cf.deleteImagesKey('signing2')).length, 1)
      assert.deepEqual(await cf.removeSigningKey('default', { delete: false }), { outcome: 'kept' })
      const removed = await cf.removeSigningKey('default')
      assert.equal(removed.outcome, 'deleted')
      assert.equal(removed.remaining[0].name, 'default')
      assert.deepEqual(await cf.removeSigningKey('missing'), { outcome: 'already-gone' })

      const image = await cf.imageDetails('img1')
      assert.equal(image.filename, 'logo.png')
      assert.equal(typeof image.requireSignedUrls, 'boolean')
      assert.equal(image.raw.filename, 'logo.png')
      for (const require of [true, false]) assert.equal((await cf.setImageRequireSignedUrls('img1', require)).id, 'string', "the document's example id")

      const created = await cf.createStreamKey()
      assert.ok(created instanceof CreatedStreamKey)
      assert.equal(created.id, EXAMPLE_KEY_ID)
      assert.ok(created.pem instanceof Secret && created.jwk instanceof Secret)
      const listed = await cf.listStreamKeys()
      assert.deepEqual(listed[0], { id: EXAMPLE_KEY_ID, created: '2014-01-02T02:20:00Z', keyId: 'e9db990a82666dd571c77f944a5c5c8d' })
      assert.equal(await cf.revokeStreamKey(created.id), 'ok')

      const video = await cf.videoDetails(UID)
      assert.equal(video.uid, UID)
      assert.equal(video.state, 'pendingupload')
      for (const require of [true, false]) assert.equal((await cf.setVideoRequireSignedUrls(UID, require)).uid, UID)
      const token = await cf.streamToken(UID)
      assert.ok(token instanceof Secret)
      assert.ok(token.expose().startsWith('eyJhbGciOiJSUzI1NiIsImtpZCI6ImU5ZGI5OTBh'), "the document's example token")
      const full = await cf.streamToken(UID, {
        signingKey: created,
        exp: 1_537_460_365,
        nbf: 1_537_453_165,
        downloadable: true,
        accessRules: [
          { type: 'ip.geoip.country', action: 'block', country: ['US', 'MX'] },
          { type: 'ip.src', action: 'allow', ip: ['93.184.216.0/24', '2400:cb00::/32'] },
          { type: 'any', action: 'block' },
        ],
        original: true,
      })
      assert.equal(full.expose().split('.').length, 3)
      // 13 key calls (list-then-act where the core sequences), 3 image, 3 Stream key, 3 video, 2 token.
      assert.equal(allValid(from, scheme).length, 24, scheme)
    }
  })

  test('the created key loads straight into a StreamSigner whose tokens verify', async () => {
    const [[, cf]] = clients()
    const created = await cf.createStreamKey()
    const signer = new StreamSigner(created)
    assert.equal(signer.keyId, EXAMPLE_KEY_ID)
    const token = signer.sign(UID, { now: 1_700_000_000 })
    assert.equal(verifyStreamToken(token, created.key, { videoId: UID, now: 1_700_000_010 }).sub, UID)
    assert.equal(created.signer({ style: 'go-jose' }).keyId, EXAMPLE_KEY_ID)
  })

  test('validation is on: requests that break the document are refused', async () => {
    const keysUrl = `${prism.base}/accounts/${ACCOUNT}/images/v1/keys`
    const raw = async (url, init) => {
      const res = await fetch(url, init)
      await res.arrayBuffer()
      return { status: res.status, violations: res.headers.get('sl-violations') ?? '' }
    }
    let r = await raw(keysUrl, { method: 'GET' })
    assert.equal(r.status, 401)
    assert.match(r.violations, /security/)
    r = await raw(`${prism.base}/accounts/${ACCOUNT}/stream/${'a'.repeat(33)}`, { headers: { Authorization: 'Bearer t' } })
    assert.equal(r.status, 422)
    assert.match(r.violations, /maxLength/)
    r = await raw(`${prism.base}/accounts/${ACCOUNT}/stream/${UID}`, {
      method: 'POST',
      headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' },
      body: JSON.stringify({ uid: UID, requireSignedURLs: 'true' }),
    })
    assert.equal(r.status, 422)
    assert.match(r.violations, /boolean/)
    // Through the client, a refusal is a RemoteError with the status (the core reads it).
    const cf = new Cloudflare({
      accountId: ACCOUNT,
      apiToken: 't',
      baseUrl: prism.base,
      fetch: (url, init) => fetch(url, { ...init, headers: [...init.headers, ['Prefer', 'code=404']] }),
    })
    await assert.rejects(cf.listStreamKeys(), (e) => e instanceof RemoteError && e.status === 404)
    // Ids the document refuses never leave: the core checks them first.
    await assert.rejects(clients()[0][1].videoDetails('a'.repeat(33)), InvalidInput)
  })
})

describe('README flows against Prism (the README shows exactly these lines)', BOUNDED, () => {
  // The README's `new Cloudflare()` reads CLOUDFLARE_*; here they point at Prism.
  const env = () => ({ CLOUDFLARE_ACCOUNT_ID: ACCOUNT, CLOUDFLARE_API_TOKEN: 'prism-test-token', CLOUDFLARE_BASE_URL: prism.base })
  async function withEnv(fn) {
    const saved = { ...process.env }
    Object.assign(process.env, env())
    try {
      return await fn()
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
      Object.assign(process.env, saved)
    }
  }

  test('seed 000: ensure an Images signing key → require signed URLs → sign → verify', async () => {
    assertReadmeShows(import.meta.url, 'seed 000')
    const [imageId, accountHash] = ['img1', 'MTt4OTd0b0w5aj']
    await withEnv(async () => {
      // README: seed 000
      const cf = new Cloudflare()
      const { key } = await cf.ensureSigningKey('default', { adopt: true, delete: false })
      const image = await cf.setImageRequireSignedUrls(imageId, true)
      const url = signImagesUrl(`https://imagedelivery.net/${accountHash}/${image.id}/public`, key.value, { expiresIn: 3600 })
      const exp = verifyImagesUrl(url, key.value)
      // end README
      assert.equal(key.value.expose(), EXAMPLE_IMAGES_KEY)
      assert.ok(exp > Date.now() / 1000)
      assert.match(url, /^https:\/\/imagedelivery\.net\/MTt4OTd0b0w5aj\/string\/public\?exp=\d+&sig=[0-9a-f]{64}$/)
    })
  })

  test('seed 003: create a Stream key → require signed URLs → sign → verify → revoke', async () => {
    assertReadmeShows(import.meta.url, 'seed 003')
    const videoUid = UID
    await withEnv(async () => {
      // README: seed 003
      const cf = new Cloudflare()
      const created = await cf.createStreamKey()
      await cf.setVideoRequireSignedUrls(videoUid, true)
      const token = new StreamSigner(created).sign(videoUid, { expiresIn: 3600, downloadable: false })
      const claims = verifyStreamToken(token, created.key.publicKey(), { videoId: videoUid })
      await cf.revokeStreamKey(created.id)
      // end README
      assert.equal(claims.sub, videoUid)
      assert.equal(claims.kid, created.id)
    })
  })
})
