// AuraImage's HTTP methods against a real `aura edge` on loopback (started
// here, stopped in `after`): upload, setVisibility with signed and bare reads,
// and uploadFromUrl from a node:http source server, success and every
// UploadFromUrlError kind with the SDK's messages (auraimage.md §7, §8).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'

import { AuraImage, AuraError, InvalidInput, RemoteError, UploadFromUrlError } from 'aura-sign'
import { closedPort, fixture, recordingServer, startEdge } from '../testkit/servers.mjs'
import { assertReadmeShows } from '../testkit/helpers.mjs'

/** Every test here is bounded in time (servers are stopped by the hooks). */
const BOUNDED = { timeout: 60_000 }

const PHOTO = readFileSync(fixture('photo.jpg')) // 640 × 480
const PNG = readFileSync(fixture('photo.png')) // 64 × 48

let edge
let source
let aura

/** The source server: an image, a 404, a slow answer, text, and a body without Content-Length. */
function serveSource(rec, res, later) {
  const path = rec.path.split('?')[0]
  const image = (type, body, headers = {}) => {
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, ...headers })
    res.end(body)
  }
  if (path.startsWith('/img/')) return image('image/jpeg', PHOTO)
  if (path === '/logo.png') return image('image/png', PNG)
  if (path === '/missing.jpg') return res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not here')
  if (path === '/notes.txt') return image('text/plain; charset=utf-8', Buffer.from('hello'))
  if (path === '/slow.jpg') return later(5_000, () => image('image/jpeg', PHOTO))
  if (path === '/chunked.jpg') {
    // No Content-Length: only the downloaded size can be checked.
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Transfer-Encoding': 'chunked' })
    res.write(PHOTO.subarray(0, 1000))
    return res.end(PHOTO.subarray(1000))
  }
  res.writeHead(500).end()
}

before(async () => {
  edge = await startEdge()
  source = await recordingServer(serveSource)
  aura = new AuraImage({ secretKey: edge.secrets.upload, projectName: edge.project, serveSecret: edge.secrets.serve, cdnUrl: edge.base })
}, { timeout: 90_000 })

after(async () => {
  await source?.close()
  await edge?.stop()
})

const bare = (name) => `${edge.base}/${edge.project}/${name}`

async function status(url) {
  const res = await fetch(url)
  await res.arrayBuffer()
  return res.status
}

describe('upload and setVisibility against aura edge', BOUNDED, () => {
  test('upload → private (signed 200, bare 403) → public (bare 200)', async () => {
    const result = await aura.upload(PHOTO, { name: 'hero', filename: 'photo.jpg', contentType: 'image/jpeg' })
    assert.equal(result.name, 'hero')
    assert.equal(result.width, 640)
    assert.equal(result.height, 480)
    assert.equal(result.visibility, 'public')
    assert.equal(await status(bare('hero')), 200)

    assert.deepEqual(await aura.setVisibility('hero', 'private'), { visibility: 'private' })
    assert.equal(await status(bare('hero')), 403)
    const signed = await aura.getSignedUrl('hero', { expiresIn: 600 })
    assert.ok(signed.startsWith(`${bare('hero')}?token=`), signed)
    const res = await fetch(signed)
    assert.equal(res.status, 200)
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), PHOTO)

    assert.deepEqual(await aura.setVisibility('hero', 'public'), { visibility: 'public' })
    assert.equal(await status(bare('hero')), 200)
  })

  test('upload takes a File (name and type from it), private from the start', async () => {
    const file = new File([PNG], 'logo-file.png', { type: 'image/png' })
    const result = await aura.upload(file, { visibility: 'private' })
    assert.equal(result.name, 'logo-file', 'the edge names it after the file')
    assert.equal(result.visibility, 'private')
    assert.equal(result.width, 64)
    assert.equal(await status(bare('logo-file')), 403)
    assert.equal(await status(await aura.getSignedUrl('logo-file')), 200)
  })

  test('an ArrayBuffer, and the refusals: 409 without overwrite, a missing image, a bad visibility', async () => {
    const ab = PNG.buffer.slice(PNG.byteOffset, PNG.byteOffset + PNG.byteLength)
    assert.equal((await aura.upload(ab, { name: 'twice', filename: 'x.png' })).name, 'twice')
    await assert.rejects(aura.upload(ab, { name: 'twice', filename: 'x.png' }), (e) => {
      assert.ok(e instanceof RemoteError, e)
      assert.equal(e.status, 409)
      assert.equal(e.message, 'Upload failed (409): Image already exists')
      return true
    })
    assert.equal((await aura.upload(ab, { name: 'twice', filename: 'x.png', overwrite: true })).name, 'twice')

    await assert.rejects(aura.setVisibility('no-such-image', 'private'), (e) => {
      assert.ok(e instanceof RemoteError, e)
      assert.equal(e.status, 404)
      assert.match(e.message, /^AuraImage\.setVisibility failed \(404\): /)
      return true
    })
    await assert.rejects(aura.setVisibility('hero', 'secret'), (e) => {
      assert.ok(e instanceof InvalidInput)
      assert.equal(e.message, "AuraImage.setVisibility: visibility must be 'public' or 'private'")
      return true
    })
    await assert.rejects(aura.upload('not bytes'), InvalidInput)
  })

  test('requests go through the injected fetch', async () => {
    const seen = []
    const recorded = new AuraImage({
      secretKey: edge.secrets.upload,
      projectName: edge.project,
      cdnUrl: edge.base,
      fetch: (url, init) => {
        seen.push({ url, init })
        return fetch(url, init)
      },
    })
    assert.deepEqual(await recorded.setVisibility('hero', 'public'), { visibility: 'public' })
    assert.equal(seen.length, 1)
    assert.equal(seen[0].url, `${edge.base}/v1/images/gallery/hero`)
    assert.equal(seen[0].init.method, 'PATCH')
    const headers = new Map(seen[0].init.headers)
    assert.equal(headers.get('Content-Type'), 'application/json')
    assert.match(headers.get('X-Aura-Signature'), /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
    assert.equal(Buffer.from(seen[0].init.body).toString(), '{"visibility":"public"}')

    const result = await recorded.upload(PNG, { name: 'via-fetch', filename: 'a.png', contentType: 'image/png' })
    assert.equal(result.name, 'via-fetch')
    const up = seen[1]
    assert.equal(up.url, `${edge.base}/v1/upload`)
    assert.equal(up.init.method, 'POST')
    assert.match(new Map(up.init.headers).get('Content-Type'), /^multipart\/form-data; boundary=aura-[0-9a-f]{32}$/)
  })
})

test('the README example, against the edge (the README shows exactly these lines)', BOUNDED, async () => {
  assertReadmeShows(import.meta.url, 'auraimage')
  const [secretKey, projectName, serveSecret, cdnUrl] = [edge.secrets.upload, edge.project, edge.secrets.serve, edge.base]
  const readFile = async () => PHOTO // the README reads hero.jpg
  const imageUrl = `${source.base}/img/readme.jpg`
  // README: auraimage
  const aura = new AuraImage({ secretKey, projectName, serveSecret, cdnUrl })
  const uploaded = await aura.upload(await readFile('hero.jpg'), { name: 'blog-hero', visibility: 'private' })
  const signedUrl = await aura.getSignedUrl(uploaded.name, { expiresIn: 600 })
  await aura.setVisibility(uploaded.name, 'public')
  try {
    await aura.uploadFromUrl(imageUrl, { maxSize: '5mb', timeout: 10_000 })
  } catch (err) {
    if (!(err instanceof UploadFromUrlError)) throw err
    console.error(err.kind, err.url, err.status, err.message)
  }
  // end README
  assert.equal(uploaded.name, 'blog-hero')
  assert.equal(await status(signedUrl), 200)
  assert.equal(await status(bare('blog-hero')), 200)
  assert.equal(await status(bare('readme')), 200)
})

describe('uploadFromUrl against aura edge', BOUNDED, () => {
  const src = (path) => `${source.base}${path}`

  async function refused(promise, { kind, url, status, message }) {
    await assert.rejects(promise, (e) => {
      assert.ok(e instanceof UploadFromUrlError, e)
      assert.ok(e instanceof AuraError && e instanceof Error)
      assert.equal(e.name, 'UploadFromUrlError')
      assert.equal(e.code, 'upload_from_url')
      assert.equal(e.kind, kind)
      assert.equal(e.url, url)
      assert.equal(e.status, status)
      assert.equal('status' in e, status !== undefined, 'status only when the SDK sets it')
      if (message instanceof RegExp) assert.match(e.message, message)
      else assert.equal(e.message, message)
      return true
    })
  }

  test('success: the name from the URL, the source fetched once', async () => {
    const before = source.requests.length
    const result = await aura.uploadFromUrl(src('/img/cat.jpg'), { visibility: 'private' })
    assert.equal(result.name, 'cat', 'the extension is kept in the token; the edge strips it')
    assert.equal(result.width, 640)
    assert.equal(result.visibility, 'private')
    assert.equal(source.requests.length - before, 1)
    assert.equal(source.requests.at(-1).method, 'GET')
    assert.equal(source.requests.at(-1).path, '/img/cat.jpg')
    assert.equal(await status(bare('cat')), 403)
    assert.equal(await status(await aura.getSignedUrl('cat')), 200)
    const named = await aura.uploadFromUrl(src('/logo.png?v=2'), { name: 'brand', maxSize: '1mb' })
    assert.equal(named.name, 'brand')
    assert.equal(named.width, 64)
  })

  test('invalid-name: nothing to derive a name from, nothing fetched', async () => {
    const before = source.requests.length
    const url = src('/')
    await refused(aura.uploadFromUrl(url), { kind: 'invalid-name', url, message: `Could not derive image name from URL: ${url}. Provide a name explicitly.` })
    await refused(aura.uploadFromUrl(src('/img/a.jpg'), { name: '' }), {
      kind: 'invalid-name',
      url: src('/img/a.jpg'),
      message: `Could not derive image name from URL: ${src('/img/a.jpg')}. Provide a name explicitly.`,
    })
    assert.equal(source.requests.length, before)
  })

  test('fetch: a 404 carries the status', async () => {
    const url = src('/missing.jpg')
    await refused(aura.uploadFromUrl(url), { kind: 'fetch', url, status: 404, message: `Remote server returned 404 for: ${url}` })
  })

  test('fetch: connection refused (not retried: the SDK fetches once)', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/a.jpg`
    let attempts = 0
    const counting = new AuraImage({
      secretKey: edge.secrets.upload,
      projectName: edge.project,
      cdnUrl: edge.base,
      fetch: (u, init) => (attempts++, fetch(u, init)),
    })
    await refused(counting.uploadFromUrl(url), { kind: 'fetch', url, message: 'Failed to fetch URL: fetch failed' })
    assert.equal(attempts, 1)
    await assert.rejects(aura.uploadFromUrl(url), (e) => e.cause instanceof Error && e.cause.cause?.code === 'ECONNREFUSED')
  })

  test('fetch: slower than the timeout option', async () => {
    const url = src('/slow.jpg')
    const started = Date.now()
    await refused(aura.uploadFromUrl(url, { timeout: 200 }), { kind: 'fetch', url, message: `Fetch timed out after 200ms: ${url}` })
    assert.ok(Date.now() - started < 3_000)
  })

  test('content-type: not an image', async () => {
    const url = src('/notes.txt')
    await refused(aura.uploadFromUrl(url), { kind: 'content-type', url, message: `Expected image Content-Type, got "text/plain; charset=utf-8" for: ${url}` })
  })

  test('size: by Content-Length, and by the bytes downloaded', async () => {
    let url = src('/img/big.jpg')
    await refused(aura.uploadFromUrl(url, { maxSize: 1000 }), {
      kind: 'size',
      url,
      message: `Content-Length ${PHOTO.length} exceeds max size 1000 bytes for: ${url}`,
    })
    url = src('/chunked.jpg')
    await refused(aura.uploadFromUrl(url, { maxSize: '1kb' }), {
      kind: 'size',
      url,
      message: `Downloaded size ${PHOTO.length} exceeds max size 1024 bytes for: ${url}`,
    })
  })

  test('upload: refused with 409 when the name exists and overwrite is not set', async () => {
    const url = src('/img/dup.jpg')
    assert.equal((await aura.uploadFromUrl(url)).name, 'dup')
    await refused(aura.uploadFromUrl(url), { kind: 'upload', url, status: 409, message: 'Upload failed (409): Image already exists' })
    assert.equal((await aura.uploadFromUrl(url, { overwrite: true })).name, 'dup')
  })

  test('no cdnUrl: the SDK plain error, before anything is fetched', async () => {
    const noCdn = new AuraImage({ secretKey: 'sk', projectName: 'p' })
    await assert.rejects(noCdn.uploadFromUrl(src('/img/x.jpg')), (e) => {
      assert.ok(e instanceof InvalidInput)
      assert.equal(e.message, 'AuraImage.uploadFromUrl: cdnUrl is required (set it on the AuraImage constructor)')
      return true
    })
  })
})
