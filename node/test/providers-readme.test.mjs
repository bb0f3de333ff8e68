// The README's "More CDNs" snippets, run: each block between `// README:`
// and `// end README` is shown line for line by node/README.md.
import assert from 'node:assert/strict'
import { test, mock } from 'node:test'
import { getSignedUrl } from '@aws-sdk/cloudfront-signer'
import Mux from '@mux/mux-node'
import ImgixClient from '@imgix/js-core'
import EdgeAuth from 'akamai-edgeauth'

import { CloudFrontSigner, CloudFrontVerifier } from 'aura-sign/cloudfront'
import { MuxSigner, MuxVerifier } from 'aura-sign/mux'
import { ImgixClient as AuraImgix, ImgixVerifier } from 'aura-sign/imgix'
import { EdgeAuthSigner, EdgeAuthVerifier } from 'aura-sign/akamai'
import { createHmac } from 'node:crypto'
import { CloudCdnSigner, CloudCdnVerifier, MediaCdnSigner, MediaCdnVerifier, MediaCdnTokenSigner, MediaCdnTokenVerifier } from 'aura-sign/google-cdn'
import { assertReadmeShows, load } from '../testkit/helpers.mjs'

const pem = load('cloudfront.json').keys.rsa[0].pkcs1_pem // a TEST KEY
const url = 'https://d111111abcdef8.cloudfront.net/image.jpg'

test('README: CloudFront', () => {
  mock.method(Date, 'now', () => Date.parse('2026-01-01T00:00:00Z'))
  try {
    // README: cloudfront
    const before = getSignedUrl({ url, keyPairId: 'K2JCJMDEHXQW5F', privateKey: pem, dateLessThan: '2026-01-08T00:00:00Z' })
    const cloudfront = new CloudFrontSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: pem, style: 'aws-js' })
    const after = cloudfront.getSignedUrl({ url, dateLessThan: '2026-01-08T00:00:00Z' })
    const cookies = cloudfront.getSignedCookies({ url, dateLessThan: '2026-01-08T00:00:00Z' })
    new CloudFrontVerifier(cloudfront).verifyUrl(after) // { keyPairId, policy, dateLessThan, … } or a typed error
    // end README
    assert.equal(after, before)
    assert.equal(cookies['CloudFront-Expires'], 1767830400)
  } finally {
    mock.restoreAll()
  }
  assertReadmeShows(import.meta.url, 'cloudfront')
})

test('README: Mux', async () => {
  const keyId = 'TESTKEYAmuxSigningKeyId00000000000000000AAA'
  const keySecret = Buffer.from(pem).toString('base64')
  const playbackId = 'qxb01i6T202018GFS02vp9RIe01icTcDCjVzQpmaB00CUisJ4'
  // One clock for both signers (each reads Date.now: a second may pass between them).
  mock.method(Date, 'now', () => Date.parse('2026-01-01T00:00:00.500Z'))
  try {
    // README: mux
    const mux = new Mux({ jwtSigningKey: keyId, jwtPrivateKey: keySecret })
    const token = await mux.jwt.signPlaybackId(playbackId, { type: 'video', expiration: '7d' })
    const muxSigner = new MuxSigner({ keyId, keySecret })
    const muxToken = muxSigner.signPlaybackId(playbackId, { type: 'video', expiration: '7d' })
    const tokens = muxSigner.signPlaybackId(playbackId, { type: ['video', ['thumbnail', { time: 5 }]] })
    new MuxVerifier(muxSigner).verifyPlayback(muxToken, playbackId, { type: 'video' })
    // end README
    assert.equal(muxToken, token)
    assert.deepEqual(Object.keys(tokens), ['playback-token', 'thumbnail-token'])
  } finally {
    mock.restoreAll()
  }
  assertReadmeShows(import.meta.url, 'mux')
})

test('README: imgix', () => {
  // README: imgix
  const imgix = new ImgixClient({ domain: 'demo.imgix.net', secureURLToken: 'FOO123bar', includeLibraryParam: false })
  imgix.buildURL('/users/1.png', { w: 400 })
  const auraImgix = new AuraImgix({ domain: 'demo.imgix.net', secureURLToken: 'FOO123bar' })
  const signed = auraImgix.buildURL('/users/1.png', { w: 400 })
  auraImgix.buildSrcSet('/users/1.png', { w: 400 })
  new ImgixVerifier('FOO123bar').verify(signed) // { pathAndQuery, expires }
  // end README
  assert.equal(signed, imgix.buildURL('/users/1.png', { w: 400 }))
  assert.equal(auraImgix.buildSrcSet('/users/1.png', { w: 400 }), imgix.buildSrcSet('/users/1.png', { w: 400 }))
  assertReadmeShows(import.meta.url, 'imgix')
})

test('README: Akamai', () => {
  mock.method(Date, 'now', () => 1_700_000_000_000)
  const hexKey = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
  // README: akamai
  const ea = new EdgeAuth({ key: hexKey, windowSeconds: 300, escapeEarly: false })
  ea.generateURLToken('/videos/intro.m3u8')
  const edge = new EdgeAuthSigner(hexKey)
  const edgeToken = edge.urlToken('/videos/intro.m3u8', { windowSeconds: 300 })
  const aclToken = edge.aclToken(['/videos/*'], { windowSeconds: 300 })
  new EdgeAuthVerifier(hexKey).verifyAcl(aclToken, '/videos/intro.m3u8')
  // end README
  assert.equal(edgeToken.split('~')[0], ea.generateURLToken('/videos/intro.m3u8').split('~')[0])
  assert.match(edgeToken, /^exp=\d+~hmac=[0-9a-f]{64}$/)
  assert.equal(edgeToken, ea.generateURLToken('/videos/intro.m3u8'))
  mock.restoreAll()
  assertReadmeShows(import.meta.url, 'akamai')
})

test('README: Bunny', async () => {
  const { BunnySigner, BunnyVerifier } = await import('aura-sign/bunny')
  const [url, securityKey, userIp] = ['https://token-tester.b-cdn.net/300kb.jpg', 'SecurityKey', '198.51.100.7']
  // README: bunny
  const bunny = new BunnySigner(securityKey)
  const bunnyUrl = bunny.signUrl(url, { style: 'node', expirationTime: 3600, userIp, countriesAllowed: 'DE' })
  new BunnyVerifier(securityKey).verify(bunnyUrl, { viewerIp: userIp, viewerCountry: 'DE' })
  // end README
  assert.match(bunnyUrl, /^https:\/\/token-tester\.b-cdn\.net\/300kb\.jpg\?token=HS256-1-[\w-]+&token_countries=DE&expires=\d+$/)
  assertReadmeShows(import.meta.url, 'bunny')
})

test('README: Google Cloud CDN and Media CDN', () => {
  mock.method(Date, 'now', () => Date.parse('2026-01-01T00:00:00Z'))
  try {
    const url = 'https://cdn.example.com/videos/intro.m3u8'
    const expires = 1767830400
    const base64Key = 'nZtRohdNF9m3cKM24IcK4w==' // Google's sample key
    const base64Seed = 'vQWlLOQaqCxgT_UiJGpR5W8s0M9C3X5MuX5Coe99Axo=' // a TEST KEY
    // README: google-cdn
    const toSign = `${url}?Expires=${expires}&KeyName=my-key`
    const before = `${toSign}&Signature=${createHmac('sha1', Buffer.from(base64Key, 'base64')).update(toSign).digest('base64').replaceAll('+', '-').replaceAll('/', '_')}`
    const cloudCdn = new CloudCdnSigner('my-key', base64Key)
    const signedUrl = cloudCdn.signUrl(url, { expires }) // or { expiresIn: 3600 }; expires may be a Date
    const cookie = cloudCdn.signCookie('https://cdn.example.com/videos/', { expiresIn: 3600 }) // 'Cloud-CDN-Cookie=…'
    new CloudCdnVerifier({ 'my-key': base64Key }).verifyUrl(signedUrl) // { keyName, expires, urlPrefix } or a typed error
    const mediaCdn = new MediaCdnSigner('media-key', base64Seed)
    const mediaUrl = mediaCdn.signUrlPrefix(url, 'https://cdn.example.com/videos/', { expiresIn: 3600 })
    new MediaCdnVerifier(mediaCdn).verifyUrl(mediaUrl)
    const tokens = new MediaCdnTokenSigner(base64Seed, { algorithm: 'ed25519' }) // or 'sha1' / 'sha256' with an HMAC key
    const token = tokens.sign({ pathGlobs: '/videos/*', expiresIn: 3600 })
    new MediaCdnTokenVerifier({ publicKeys: tokens }).verify(token, { path: '/videos/intro.m3u8' })
    // end README
    assert.equal(signedUrl, before)
    assert.match(cookie, /^Cloud-CDN-Cookie=URLPrefix=[\w-]+=*:Expires=1767229200:KeyName=my-key:Signature=[\w-]{27}=$/)
    assert.equal(new CloudCdnVerifier({ 'my-key': base64Key }).verifyCookie(cookie, url).urlPrefix, 'https://cdn.example.com/videos/')
    assert.equal(new MediaCdnVerifier(mediaCdn).verifyUrl(mediaUrl).urlPrefix, 'https://cdn.example.com/videos/')
    assert.match(token, /^PathGlobs=\/videos\/\*~Expires=1767229200~Signature=[\w-]{86}$/)
  } finally {
    mock.restoreAll()
  }
  assertReadmeShows(import.meta.url, 'google-cdn')
})
