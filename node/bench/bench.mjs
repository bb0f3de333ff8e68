// `npm run bench`: aura-sign beside its peers, same inputs (bench/corpus.json),
// one run; prints medians and ratios (peer time / aura time: higher is faster).
import { createHmac, createPrivateKey, createPublicKey, webcrypto } from 'node:crypto'
import { readFileSync } from 'node:fs'
import jsonwebtoken from 'jsonwebtoken'
import { SignJWT, importPKCS8 } from 'jose'

import { AuraImage, signImagesUrl, StreamKey, StreamSigner } from 'aura-sign'

const corpus = JSON.parse(readFileSync(new URL('../../bench/corpus.json', import.meta.url), 'utf8'))
const { auraimage: a, images: im, stream: st, now } = corpus
const subtle = webcrypto.subtle
const enc = new TextEncoder()

const b64url = (bytes) => Buffer.from(bytes).toString('base64url')

// @auraimage/sdk's algorithm on WebCrypto, as the original runs it (key imported per call).
async function webcryptoSignedUrl(name) {
  const key = await subtle.importKey('raw', enc.encode(a.serve_secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const p64 = b64url(enc.encode(JSON.stringify({ p: a.project, f: name, exp: now + 3600 })))
  const sig = b64url(new Uint8Array(await subtle.sign('HMAC', key, enc.encode(p64))))
  return `${a.cdn_url}/${a.project}/${name.split('/').map(encodeURIComponent).join('/')}?token=${p64}.${sig}`
}

function nodeCryptoSignedUrl(name) {
  const p64 = b64url(JSON.stringify({ p: a.project, f: name, exp: now + 3600 }))
  const sig = createHmac('sha256', a.serve_secret).update(p64).digest('base64url')
  return `${a.cdn_url}/${a.project}/${name.split('/').map(encodeURIComponent).join('/')}?token=${p64}.${sig}`
}

function nodeCryptoUploadToken(u) {
  const size = { kb: 1024, mb: 1048576, gb: 1073741824 }[u.max_size.slice(-2)] * Number(u.max_size.slice(0, -2))
  const payload = { projectName: a.project, maxSize: size, allowedTypes: u.allowed_types, iat: now, exp: now + u.expires_in, visibility: u.visibility, name: u.name }
  const p64 = b64url(JSON.stringify(payload))
  return `${p64}.${createHmac('sha256', a.secret_key).update(p64).digest('base64url')}`
}

// The seed 001 Worker's logic (WebCrypto, key imported per request).
async function workerImagesUrl(input) {
  const url = new URL(input)
  const key = await subtle.importKey('raw', enc.encode(im.key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  url.searchParams.set('exp', now + im.expires_in)
  const mac = await subtle.sign('HMAC', key, enc.encode(url.pathname + '?' + url.searchParams.toString()))
  url.searchParams.set('sig', Buffer.from(mac).toString('hex'))
  return url.href
}

async function measure(fn, { batches = 7, minMs = 150 } = {}) {
  let n = 1
  for (;;) {
    const t = performance.now()
    for (let i = 0; i < n; i++) await fn()
    if (performance.now() - t > minMs / 4 || n > 1e6) break
    n *= 2
  }
  const times = []
  for (let b = 0; b < batches; b++) {
    const t = performance.now()
    for (let i = 0; i < n; i++) await fn()
    times.push(((performance.now() - t) * 1e6) / n)
  }
  times.sort((x, y) => x - y)
  return times[Math.floor(times.length / 2)]
}

const fmt = (ns) => (ns > 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns > 1e3 ? `${(ns / 1e3).toFixed(2)} us` : `${ns.toFixed(0)} ns`)
const rows = []
async function compare(group, ours, peers, goal) {
  const oursNs = await measure(ours[1])
  for (const [name, fn] of peers) {
    const peerNs = await measure(fn)
    const ratio = peerNs / oursNs
    const verdict = goal === undefined || name !== peers[0][0] ? '' : ratio >= goal ? ' meets goal' : ` BELOW goal ${goal}x`
    rows.push(`${group.padEnd(22)} ${ours[0].padEnd(16)} ${fmt(oursNs).padStart(10)}  vs ${name.padEnd(26)} ${fmt(peerNs).padStart(10)}  ${ratio.toFixed(2)}x${verdict}`)
  }
}

const aura = new AuraImage({ secretKey: a.secret_key, projectName: a.project, serveSecret: a.serve_secret, cdnUrl: a.cdn_url })
const nowMs = now * 1000
Date.now = () => nowMs // same clock for every implementation
if ((await aura.getSignedUrl(a.name)) !== (await webcryptoSignedUrl(a.name)) || nodeCryptoSignedUrl(a.name) !== (await webcryptoSignedUrl(a.name))) {
  throw new Error('peers disagree with aura-sign on the signed URL')
}
if (signImagesUrl(im.url, im.key, { expiresIn: im.expires_in, mode: 'worker' }) !== (await workerImagesUrl(im.url))) {
  throw new Error('peers disagree with aura-sign on the Images URL')
}

await compare('getSignedUrl (async)', ['aura drop-in', () => aura.getSignedUrl(a.name)], [['@auraimage/sdk on WebCrypto', () => webcryptoSignedUrl(a.name)]], 10)
await compare('getSignedUrl (sync)', ['aura sync', () => aura.getSignedUrlSync(a.name, { now })], [['node:crypto port', () => nodeCryptoSignedUrl(a.name)]], 3)
const upload = { maxSize: a.upload.max_size, allowedTypes: a.upload.allowed_types, expiresIn: a.upload.expires_in, visibility: a.upload.visibility, name: a.upload.name, now }
if (aura.signUploadSync(upload) !== nodeCryptoUploadToken(a.upload)) throw new Error('peers disagree with aura-sign on the upload token')
await compare('signUpload (sync)', ['aura sync', () => aura.signUploadSync(upload)], [['node:crypto port', () => nodeCryptoUploadToken(a.upload)]], 3)
await compare('signImagesUrl', ['aura', () => signImagesUrl(im.url, im.key, { expiresIn: im.expires_in, now })], [['docs Worker (WebCrypto)', () => workerImagesUrl(im.url)]])

const keyObject = createPrivateKey(st.key_pkcs8_pem)
const joseKey = await importPKCS8(st.key_pkcs8_pem, 'RS256')
const signer = new StreamSigner(StreamKey.fromAny(st.key_pkcs8_pem, { keyId: st.key_id }))
const claims = { sub: st.video_id, kid: st.key_id, exp: now + 3600 }
// Interop: jsonwebtoken verifies aura's token with the public key.
jsonwebtoken.verify(signer.sign(st.video_id, { now }), createPublicKey(keyObject), { algorithms: ['RS256'], clockTimestamp: now })
await compare('Stream token', ['aura', () => signer.sign(st.video_id, { now })], [
  ['jsonwebtoken + KeyObject', () => jsonwebtoken.sign(claims, keyObject, { algorithm: 'RS256', keyid: st.key_id, noTimestamp: true })],
  ['jose + KeyObject', () => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: st.key_id }).sign(joseKey)],
], 1.1)

const names = Array.from({ length: corpus.batch.signed_urls }, (_, i) => `img/${i}`)
await compare('getSignedUrls 10k', ['aura batch', () => aura.getSignedUrls(names, { now })], [['loop of getSignedUrlSync', () => names.map((n) => aura.getSignedUrlSync(n, { now }))]], 2)
const ids = Array.from({ length: corpus.batch.stream_tokens }, (_, i) => i.toString(16).padStart(32, '0'))
await compare('signMany 1000', ['aura signMany', () => signer.signMany(ids, { now })], [['jsonwebtoken loop', () => ids.map((sub) => jsonwebtoken.sign({ sub, kid: st.key_id, exp: now + 3600 }, keyObject, { algorithm: 'RS256', keyid: st.key_id, noTimestamp: true }))]], 2)

console.log('== ratios (peer time / aura time; higher is faster) ==')
console.log(rows.join('\n'))
