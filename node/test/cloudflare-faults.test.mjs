// The Cloudflare calls against a scripted node:http server on loopback: rate
// limits (Retry-After in seconds and as an HTTP date), 5xx on a GET (retried)
// and on a POST (never repeated), answers slower than the timeout, a refused
// connection, malformed JSON and success:false envelopes. Every test asserts
// the method, path, headers and body of every request and the number of
// attempts. Waits go through an injected sleep that records them, so the
// suite stays fast; the retry decisions are the core's.
import assert from 'node:assert/strict'
import { afterEach, describe, mock, test } from 'node:test'

import { Cloudflare, InvalidResponse, RemoteError, generateStreamKey } from 'aura-sign'
import { closedPort, scriptedServer } from '../testkit/servers.mjs'

/** Every test here is bounded in time (servers are stopped by the hooks). */
const BOUNDED = { timeout: 60_000 }

const ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353'
const TOKEN = 'tok-SECRET-MARK'
const KID = '5213cfa121f70b8c1380686ffc371ba3'
const UID = 'ea95132c15732412d22c1476fa83f27a'
/** RFC 9110's example date, 784111777. */
const HTTP_DATE = 'Sun, 06 Nov 1994 08:49:37 GMT'
const HTTP_DATE_UNIX = 784_111_777

const ok = (result) => JSON.stringify({ success: true, errors: [], messages: [], result })
const failure = (code, message) => JSON.stringify({ success: false, errors: [{ code, message }], messages: [], result: null })
const reply = (status, body, extra = {}) => ({ status, body, ...extra })
const keysJson = (...names) => ok({ keys: names.map((name) => ({ name, value: `value-of-${name}` })) })
const createdKeyJson = () => {
  const k = generateStreamKey({ keyId: KID })
  return ok({ created: '2014-01-02T02:20:00Z', id: KID, jwk: k.jwk, pem: k.pem })
}
const path = (rest) => `/accounts/${ACCOUNT}/${rest}`

let server
afterEach(async () => {
  mock.restoreAll()
  await server?.close()
  server = undefined
})

/** A client of `server` whose sleeps are recorded (and cut to 0). */
function client(options = {}) {
  const sleeps = []
  const cf = new Cloudflare({
    accountId: ACCOUNT,
    apiToken: TOKEN,
    baseUrl: server.base,
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    random: () => 0.5, // the retry jitter, fixed: every backoff is known
    ...options,
  })
  return { cf, sleeps }
}

// What Node's fetch (undici) adds to every request.
const TRANSPORT_HEADERS = new Set(['host', 'connection', 'accept', 'accept-language', 'sec-fetch-mode', 'user-agent', 'accept-encoding', 'content-length'])
const BEARER = ['authorization', `Bearer ${TOKEN}`]
const JSON_TYPE = ['content-type', 'application/json']

/** Method, path and body exactly; each named header exactly; no other header but the transport's. */
function assertRequest(rec, method, p, headers, body = '') {
  assert.equal(rec.method, method)
  assert.equal(rec.path, p)
  assert.equal(rec.body.toString(), body, `${method} ${p}: body`)
  for (const [k, v] of headers) assert.equal(rec.headers[k], v, `${method} ${p}: header ${k}`)
  for (const k of Object.keys(rec.headers)) {
    assert.ok(TRANSPORT_HEADERS.has(k) || headers.some(([n]) => n === k), `${method} ${p}: unexpected header ${k}`)
  }
  if (body !== '') assert.equal(rec.headers['content-length'], String(Buffer.byteLength(body)))
}

function assertRemote(err, status, message, codes) {
  assert.ok(err instanceof RemoteError, err)
  assert.equal(err.code, 'remote_error')
  assert.equal(err.status, status)
  assert.equal(err.message, message)
  assert.deepEqual(err.codes, codes)
  assert.ok(!err.message.includes('SECRET') && !String(err.stack).includes('SECRET'))
  return true
}

describe('rate limits', BOUNDED, () => {
  test('a POST is retried after 429 with Retry-After in seconds', async () => {
    server = await scriptedServer([reply(429, failure(10000, 'Rate limited'), { headers: { 'Retry-After': '1' } }), reply(200, createdKeyJson())])
    const { cf, sleeps } = client()
    const created = await cf.createStreamKey()
    assert.equal(created.id, KID)
    assert.deepEqual(sleeps, [1000], 'Retry-After: 1 honoured')
    assert.equal(server.requests.length, 2, 'attempts')
    for (const r of server.requests) assertRequest(r, 'POST', path('stream/keys'), [BEARER, JSON_TYPE], '{}')
  })

  test('a GET is retried after 429 with Retry-After as an HTTP date (the clock read from Date.now)', async () => {
    server = await scriptedServer([reply(429, failure(10000, 'Rate limited'), { headers: { 'Retry-After': HTTP_DATE } }), reply(200, keysJson('default'))])
    mock.method(Date, 'now', () => (HTTP_DATE_UNIX - 1) * 1000)
    const { cf, sleeps } = client()
    const keys = await cf.listImagesKeys()
    assert.deepEqual(sleeps, [1000], 'waited until the date')
    assert.equal(keys[0].value.expose(), 'value-of-default')
    assert.equal(server.requests.length, 2)
    for (const r of server.requests) assertRequest(r, 'GET', path('images/v1/keys'), [BEARER])
  })

  test('a persistent 429 gives up after three attempts', async () => {
    const limited = reply(429, failure(10000, 'Rate limited'), { headers: { 'Retry-After': '0' } })
    server = await scriptedServer([limited, limited, limited])
    const { cf, sleeps } = client()
    await assert.rejects(cf.streamToken(UID), (e) => assertRemote(e, 429, '10000: Rate limited', [10000]))
    assert.deepEqual(sleeps, [], 'Retry-After: 0: sent again at once (no sleep)')
    assert.equal(server.requests.length, 3)
    for (const r of server.requests) assertRequest(r, 'POST', path(`stream/${UID}/token`), [BEARER, JSON_TYPE], '{}')
  })
})

describe('server errors', BOUNDED, () => {
  test('a GET answered 500 then 200 is retried', async () => {
    server = await scriptedServer([
      reply(500, '<html>internal error</html>', { headers: { 'Content-Type': 'text/html' } }),
      reply(200, ok([{ id: 'a1', created: '2014-01-02T02:20:00Z' }])),
    ])
    const { cf, sleeps } = client()
    assert.deepEqual(await cf.listStreamKeys(), [{ id: 'a1', created: '2014-01-02T02:20:00Z', keyId: null }])
    assert.equal(sleeps.length, 1)
    assert.ok(sleeps[0] >= 0 && sleeps[0] <= 500, `backoff ${sleeps[0]} ms (jittered, base 500)`)
    assert.equal(server.requests.length, 2)
    for (const r of server.requests) assertRequest(r, 'GET', path('stream/keys'), [BEARER])
  })

  test('a POST that failed with 500 is not repeated (exactly one request)', async () => {
    server = await scriptedServer([reply(500, failure(10002, 'Internal error')), reply(200, createdKeyJson())])
    const { cf, sleeps } = client()
    await assert.rejects(cf.createStreamKey(), (e) => assertRemote(e, 500, '10002: Internal error', [10002]))
    assert.deepEqual(sleeps, [])
    assert.equal(server.requests.length, 1, 'a second POST could leave a second key behind')
    assertRequest(server.requests[0], 'POST', path('stream/keys'), [BEARER, JSON_TYPE], '{}')
  })

  test('other POSTs and the PATCH are not repeated after 5xx', async () => {
    server = await scriptedServer([reply(500, 'oops'), reply(502, 'bad gateway'), reply(503, '')])
    const { cf } = client()
    await assert.rejects(cf.setVideoRequireSignedUrls(UID, true), (e) => assertRemote(e, 500, 'HTTP 500', []))
    await assert.rejects(cf.streamToken(UID), (e) => assertRemote(e, 502, 'HTTP 502', []))
    await assert.rejects(cf.setImageRequireSignedUrls('img1', true), (e) => assertRemote(e, 503, 'HTTP 503', []))
    const [a, b, c] = server.requests
    assert.equal(server.requests.length, 3, 'one attempt each')
    assertRequest(a, 'POST', path(`stream/${UID}`), [BEARER, JSON_TYPE], `{"uid":"${UID}","requireSignedURLs":true}`)
    assertRequest(b, 'POST', path(`stream/${UID}/token`), [BEARER, JSON_TYPE], '{}')
    assertRequest(c, 'PATCH', path('images/v1/img1'), [BEARER, JSON_TYPE], '{"requireSignedURLs":true}')
  })

  test('a rotation PUT is retried after 500 (idempotent), after its list', async () => {
    server = await scriptedServer([reply(200, keysJson('default', 'prod')), reply(500, 'oops'), reply(200, keysJson('default', 'prod'))])
    const { cf } = client()
    assert.equal((await cf.rotateImagesKey('prod')).value.expose(), 'value-of-prod')
    assert.equal(server.requests.length, 3, 'list + two PUTs')
    assertRequest(server.requests[0], 'GET', path('images/v1/keys'), [BEARER])
    for (const r of server.requests.slice(1)) {
      assertRequest(r, 'PUT', path('images/v1/keys/prod'), [BEARER])
      assert.equal(r.headers['content-type'], undefined, 'no body, no Content-Type')
    }
  })
})

describe('transport failures', BOUNDED, () => {
  test('a GET slower than the timeout is retried', async () => {
    const video = ok({ uid: UID, requireSignedURLs: true })
    server = await scriptedServer([reply(200, video, { delayMs: 3_000 }), reply(200, video)])
    const { cf } = client({ timeout: 300 })
    const started = Date.now()
    assert.equal((await cf.videoDetails(UID)).requireSignedUrls, true)
    assert.ok(Date.now() - started < 2_500)
    assert.equal(server.requests.length, 2)
    for (const r of server.requests) assertRequest(r, 'GET', path(`stream/${UID}`), [BEARER])
  })

  test('a POST slower than the timeout is not repeated', async () => {
    server = await scriptedServer([reply(200, createdKeyJson(), { delayMs: 3_000 }), reply(200, createdKeyJson())])
    const { cf, sleeps } = client({ timeout: 300 })
    const started = Date.now()
    await assert.rejects(cf.createStreamKey(), (e) => {
      assert.ok(e instanceof RemoteError)
      assert.equal(e.status, 0, 'no answer')
      assert.match(e.message, /^POST http:\/\/127\.0\.0\.1:\d+\/accounts\/\w+\/stream\/keys failed after 1 attempt\(s\): timed out$/)
      assert.equal(e.cause?.name, 'TimeoutError')
      return true
    })
    assert.ok(Date.now() - started < 2_500)
    assert.deepEqual(sleeps, [])
    assert.equal(server.requests.length, 1)
    assertRequest(server.requests[0], 'POST', path('stream/keys'), [BEARER, JSON_TYPE], '{}')
  })

  test('a refused connection was never sent: even a POST is tried again, three times in all', async () => {
    const port = await closedPort()
    const attempts = []
    const cf = new Cloudflare({
      accountId: ACCOUNT,
      apiToken: TOKEN,
      baseUrl: `http://127.0.0.1:${port}`,
      sleep: async () => {},
      fetch: (url, init) => (attempts.push([init.method, url]), fetch(url, init)),
    })
    await assert.rejects(cf.createStreamKey(), (e) => {
      assert.ok(e instanceof RemoteError)
      assert.equal(e.status, 0)
      assert.match(e.message, /failed after 3 attempt\(s\): fetch failed$/)
      assert.equal(e.cause?.cause?.code, 'ECONNREFUSED')
      return true
    })
    assert.deepEqual(attempts, Array(3).fill(['POST', `http://127.0.0.1:${port}${path('stream/keys')}`]))
  })
})

describe('undocumented bodies and success:false envelopes', BOUNDED, () => {
  test('malformed JSON on a 200 is invalid_response, not retried', async () => {
    server = await scriptedServer([reply(200, '{"success":true,"result":{"keys":['), reply(200, 'null'), reply(200, ok({ keys: [{ name: 'default' }] }))])
    const { cf } = client()
    for (let i = 0; i < 3; i++) await assert.rejects(cf.listImagesKeys(), (e) => e instanceof InvalidResponse && e.code === 'invalid_response')
    assert.equal(server.requests.length, 3, 'one attempt each')
    for (const r of server.requests) assertRequest(r, 'GET', path('images/v1/keys'), [BEARER])
  })

  test('malformed JSON on an error status is a remote_error', async () => {
    server = await scriptedServer([reply(404, '{"success":false,"errors":[{')])
    const { cf } = client()
    await assert.rejects(cf.revokeStreamKey(KID), (e) => assertRemote(e, 404, 'HTTP 404', []))
    assert.equal(server.requests.length, 1)
    assertRequest(server.requests[0], 'DELETE', path(`stream/keys/${KID}`), [BEARER])
  })

  test('5403 (Images not enabled): ensure stops at the list', async () => {
    server = await scriptedServer([reply(403, failure(5403, 'Images access not enabled'))])
    const { cf } = client()
    await assert.rejects(cf.ensureSigningKey('prod'), (e) => assertRemote(e, 403, '5403: Images access not enabled', [5403]))
    assert.equal(server.requests.length, 1)
    assertRequest(server.requests[0], 'GET', path('images/v1/keys'), [BEARER])
  })

  test('5404 (key not found): an error for delete, already gone for a removal', async () => {
    server = await scriptedServer([
      reply(404, failure(5404, 'Key not found')),
      reply(200, keysJson('default', 'prod')),
      reply(404, failure(5404, 'Key not found')),
    ])
    const { cf } = client()
    await assert.rejects(cf.deleteImagesKey('prod'), (e) => assertRemote(e, 404, '5404: Key not found', [5404]))
    assert.deepEqual(await cf.removeSigningKey('prod'), { outcome: 'already-gone' }, 'listed, then gone in between')
    const [del, list, del2] = server.requests
    assert.equal(server.requests.length, 3)
    assertRequest(del, 'DELETE', path('images/v1/keys/prod'), [BEARER])
    assertRequest(list, 'GET', path('images/v1/keys'), [BEARER])
    assertRequest(del2, 'DELETE', path('images/v1/keys/prod'), [BEARER])
  })

  test('10000 (authentication error) with the legacy scheme: its headers, no retry', async () => {
    server = await scriptedServer([reply(403, failure(10000, 'Authentication error'))])
    const { cf } = client({ apiToken: undefined, email: 'ops@example.com', apiKey: 'key-SECRET-MARK' })
    await assert.rejects(cf.videoDetails(UID), (e) => assertRemote(e, 403, '10000: Authentication error', [10000]))
    assert.equal(server.requests.length, 1)
    assertRequest(server.requests[0], 'GET', path(`stream/${UID}`), [
      ['x-auth-email', 'ops@example.com'],
      ['x-auth-key', 'key-SECRET-MARK'],
    ])
    assert.equal(server.requests[0].headers.authorization, undefined)
  })
})

describe('the host is replaceable as users test', BOUNDED, () => {
  test('without a fetch option, globalThis.fetch is looked up per call (msw, nock, MockAgent patch it)', async () => {
    const seen = []
    const cf = new Cloudflare({ accountId: ACCOUNT, apiToken: TOKEN, baseUrl: 'https://api.example.test/client/v4' })
    mock.method(globalThis, 'fetch', async (url, init) => {
      seen.push([init.method, url, new Map(init.headers).get('Authorization')])
      return new Response(keysJson('default'), { status: 200, headers: { 'Content-Type': 'application/json' } })
    })
    assert.equal((await cf.listImagesKeys())[0].name, 'default')
    assert.deepEqual(seen, [['GET', `https://api.example.test/client/v4${path('images/v1/keys')}`, `Bearer ${TOKEN}`]])
  })

  test('the default sleep is setTimeout, so fake timers move a Retry-After wait', async () => {
    server = await scriptedServer([reply(429, failure(10000, 'Rate limited'), { headers: { 'Retry-After': '30' } }), reply(200, keysJson('default'))])
    const cf = new Cloudflare({ accountId: ACCOUNT, apiToken: TOKEN, baseUrl: server.base })
    mock.timers.enable({ apis: ['setTimeout'] })
    try {
      const pending = cf.listImagesKeys()
      // Wait (on real macrotasks) until the first answer arrived and the 30 s sleep is scheduled.
      while (server.requests.length < 1) await new Promise((resolve) => setImmediate(resolve))
      for (let i = 0; i < 50 && server.requests.length < 2; i++) {
        mock.timers.tick(30_000)
        await new Promise((resolve) => setImmediate(resolve))
      }
      assert.equal((await pending)[0].name, 'default')
      assert.equal(server.requests.length, 2)
    } finally {
      mock.timers.reset()
    }
  })
})
