// ESM entry: re-exports the CommonJS implementation (one implementation, both module systems).
import cjs from './server.cjs'
export const { MAX_SERVE_TTL_SEC, MissingProjectNameError, UploadFromUrlError, signUploadToken, signServeToken, verifyUploadToken, verifyServeToken, checkUploadToken, checkServeToken } = cjs
export default cjs
