// ESM entry: re-exports the CommonJS implementation (one implementation, both module systems).
import cjs from './cloudflare.cjs'
export const { Cloudflare, CreatedStreamKey, Secret, signImagesUrl, signImagesUrlDebug, verifyImagesUrl, StreamKey, StreamPublicKey, StreamSigner, StreamUrls, verifyStreamToken, evaluateAccessRules, JwtKey, jwt, generateSecret, generateKeyId, generateStreamKey, exportStreamKey, KeyRing } = cjs
export default cjs
