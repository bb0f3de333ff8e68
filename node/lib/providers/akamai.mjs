// ESM entry: re-exports the CommonJS implementation.
import cjs from './akamai.cjs'
export const { EdgeAuthSigner, EdgeAuthVerifier } = cjs
export default cjs
