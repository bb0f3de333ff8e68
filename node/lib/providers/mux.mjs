// ESM entry: re-exports the CommonJS implementation.
import cjs from './mux.cjs'
export const { MuxSigner, MuxPublicKey, MuxVerifier } = cjs
export default cjs
