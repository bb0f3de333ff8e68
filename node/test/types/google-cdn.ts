// Compiled with `tsc --noEmit`: aura-sign/google-cdn's declarations describe the real API.
import {
  CloudCdnSigner,
  CloudCdnVerifier,
  MediaCdnSigner,
  MediaCdnVerifier,
  MediaCdnTokenSigner,
  MediaCdnTokenVerifier,
  type GoogleCdnGrant,
  type GoogleCdnSigned,
  type MediaCdnTokenGrant,
} from 'aura-sign/google-cdn'
import { Secret } from 'aura-sign'

export function googleCdn(key: string, seed: string): Array<GoogleCdnGrant | MediaCdnTokenGrant> {
  const cloud = new CloudCdnSigner('my-key', new Secret(key))
  const url: string = cloud.signUrl('https://cdn.example.com/a.mp4', { expiresIn: 3600 })
  const prefixed: GoogleCdnSigned = cloud.signUrlPrefixDetails('https://cdn.example.com/v/a.mp4', 'https://cdn.example.com/v/', { expires: new Date(), now: 1 })
  const cookie: string = cloud.signCookie('https://cdn.example.com/v/', { expires: 1_800_000_000 })
  const cdn = new CloudCdnVerifier({ 'my-key': key }).addKey('old-key', key)
  const grants: GoogleCdnGrant[] = [cdn.verifyUrl(url), cdn.verifyUrl(prefixed.value, { now: 1 }), cdn.verifyCookie(cookie, 'https://cdn.example.com/v/a.mp4')]

  const media = new MediaCdnSigner('media-key', seed)
  const keyset: Uint8Array = media.publicKey()
  const edge = new MediaCdnVerifier([media, { keyName: 'other', publicKey: keyset }])
  grants.push(edge.verifyPathComponent(media.signPathComponent('https://m.example.com/tv/', 'index.m3u8', { expiresIn: 60 })))
  grants.push(new MediaCdnVerifier({ 'media-key': keyset }).verifyCookie(media.signCookie('https://m.example.com/', { expiresIn: 60 }), 'https://m.example.com/a'))

  const tokens = new MediaCdnTokenSigner(seed, { algorithm: 'ed25519' })
  const publicKey: Uint8Array | null = tokens.publicKey()
  const token: string = tokens.sign({ pathGlobs: '/tv/*', starts: 1, expiresIn: 60, headers: [{ name: 'X-A', value: 'b' }], ipRanges: '192.0.2.0/24' })
  const hmac = new MediaCdnTokenSigner(new Secret(key), { algorithm: 'sha256' }).signDetails({ fullPath: '/a', sessionId: 's', data: 'd', headers: { 'X-A': 'b' } })
  const verifier = new MediaCdnTokenVerifier({ publicKeys: [tokens, media], hmacKeys: key })
  const granted: MediaCdnTokenGrant = verifier.verify(token, { path: '/tv/a.ts', headers: { 'x-a': ['b'], other: undefined }, viewerIp: '192.0.2.1', now: 2 })
  void [publicKey, hmac.stringToSign, granted.headerNames]
  return [...grants, verifier.addHmacKey(key).addPublicKey(new Uint8Array(32)).verify(hmac.value, { path: '/a' })]
}
