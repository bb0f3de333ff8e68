// `node bench/providers.mjs` (not part of npm test): our signers beside each
// vendor's own npm package on the same inputs (bench/corpus.json
// "providers"), in one run; prints medians and ratios (ops/s ours ÷ theirs:
// above 1 we are faster). Each vendor is called as its docs show: the AWS
// signer and mux-node parse the key on every call (that is their API), ours
// parse it once per signer. Outputs are checked equal before timing.
import { readFileSync } from 'node:fs'
import assert from 'node:assert/strict'
import { getSignedUrl } from '@aws-sdk/cloudfront-signer'
import Mux from '@mux/mux-node'
import ImgixClient from '@imgix/js-core'
import EdgeAuth from 'akamai-edgeauth'

import { CloudFrontSigner } from 'aura-sign/cloudfront'
import { MuxSigner } from 'aura-sign/mux'
import { ImgixClient as AuraImgix } from 'aura-sign/imgix'
import { EdgeAuthSigner } from 'aura-sign/akamai'

const corpus = JSON.parse(readFileSync(new URL('../../bench/corpus.json', import.meta.url), 'utf8'))
const { now, stream, providers: p } = corpus
const nowMs = now * 1000
Date.now = () => nowMs // the same clock for every implementation

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
async function compare(provider, ours, theirs) {
  const oursNs = await measure(ours[1])
  const theirsNs = await measure(theirs[1])
  const ratio = theirsNs / oursNs // ops/s ours ÷ ops/s theirs
  rows.push({ provider, ours: ours[0], oursNs, theirs: theirs[0], theirsNs, ratio })
}

// ---- CloudFront: canned-policy signed URL, SHA-1 (the AWS default), key pair from the corpus
const cf = p.cloudfront
const expires = new Date((now + cf.expires_in) * 1000)
const cfSigner = new CloudFrontSigner({ keyPairId: cf.key_pair_id, privateKey: stream.key_pkcs8_pem, style: 'aws-js' })
const awsUrl = () => getSignedUrl({ url: cf.url, keyPairId: cf.key_pair_id, privateKey: stream.key_pkcs8_pem, dateLessThan: expires })
const auraUrl = () => cfSigner.getSignedUrl({ url: cf.url, dateLessThan: expires })
assert.equal(auraUrl(), awsUrl())

// ---- Mux: signPlaybackId, the dashboard's base64 key
const mx = p.mux
const keySecret = Buffer.from(stream.key_pkcs8_pem).toString('base64')
const mux = new Mux({ tokenId: 'bench', tokenSecret: 'bench', jwtSigningKey: mx.key_id, jwtPrivateKey: keySecret })
const muxSigner = new MuxSigner({ keyId: mx.key_id, keySecret })
const theirsMux = () => mux.jwt.signPlaybackId(mx.playback_id, { type: mx.type, expiration: mx.expiration })
const oursMux = () => muxSigner.signPlaybackId(mx.playback_id, { type: mx.type, expiration: mx.expiration })
assert.equal(oursMux(), await theirsMux())

// ---- imgix: buildURL with a secure URL token
const ix = p.imgix
const imgix = new ImgixClient({ domain: ix.domain, secureURLToken: ix.token, includeLibraryParam: false })
const auraImgix = new AuraImgix({ domain: ix.domain, secureURLToken: ix.token })
assert.equal(auraImgix.buildURL(ix.path, ix.params), imgix.buildURL(ix.path, ix.params))

// ---- Akamai: generateURLToken, window from now
const ak = p.akamai
const edgeAuth = new EdgeAuth({ key: ak.key, windowSeconds: ak.end_in, escapeEarly: false })
const akSigner = new EdgeAuthSigner(ak.key)
const oursAk = () => akSigner.urlToken(ak.url, { windowSeconds: ak.end_in })
assert.equal(oursAk(), edgeAuth.generateURLToken(ak.url))

await compare('cloudfront', ['getSignedUrl', auraUrl], ['@aws-sdk/cloudfront-signer 3.1166.0', awsUrl])
await compare('mux', ['signPlaybackId', oursMux], ['@mux/mux-node 15.3.0 (async)', theirsMux])
await compare('imgix', ['buildURL', () => auraImgix.buildURL(ix.path, ix.params)], ['@imgix/js-core 3.8.0', () => imgix.buildURL(ix.path, ix.params)])
await compare('akamai', ['urlToken', oursAk], ['akamai-edgeauth 0.2.0', () => edgeAuth.generateURLToken(ak.url)])

console.log(`node ${process.version}; medians of 7 batches; ratio = ops/s ours ÷ ops/s theirs (> 1: ours faster)`)
for (const r of rows) {
  console.log(`${r.provider.padEnd(11)} ${r.ours.padEnd(15)} ${fmt(r.oursNs).padStart(10)}  vs ${r.theirs.padEnd(38)} ${fmt(r.theirsNs).padStart(10)}  ${r.ratio.toFixed(2)}x`)
}
