// The npm package's runner for the conformance run: `aura-sign` as built in
// node/ (or as installed, with AURA_NODE_PACKAGE pointing at the package
// directory), the inputs of cases.py, the outputs as
// {id: {"ok": text} | {"error": code}}.
//
//   node tests/conformance/runner.mjs IN.json OUT.json
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const pkg = process.env.AURA_NODE_PACKAGE ?? path.join(here, '..', '..', 'node')
const require = createRequire(path.join(pkg, 'package.json'))
const aura = require(path.join(pkg, 'lib', 'index.cjs'))
const { signImagesUrl } = require(path.join(pkg, 'lib', 'cloudflare.cjs'))
const { signServeToken } = require(path.join(pkg, 'lib', 'server.cjs'))

const NUM = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 }
const number = (v) => (v !== null && typeof v === 'object' ? NUM[v.$num] : v)

async function run(c) {
  switch (c.op) {
    case 'images_url':
      return signImagesUrl(c.url, c.key, { expiresIn: c.expires_in, now: c.now, mode: 'worker' })
    case 'signed_url': {
      const client = new aura.AuraImage({
        secretKey: c.secret_key ?? '',
        projectName: c.project ?? '',
        ...(c.serve_secret === null ? {} : { serveSecret: c.serve_secret }),
        ...(c.cdn_url === null ? {} : { cdnUrl: c.cdn_url }),
      })
      const options = { now: c.now }
      if (c.expires_in !== null) options.expiresIn = number(c.expires_in)
      if (c.cdn_url_override !== null) options.cdnUrl = c.cdn_url_override
      return client.getSignedUrlSync(c.name, options)
    }
    case 'serve_token':
      return await signServeToken(JSON.parse(c.payload_json), c.secret)
    default:
      throw new Error(`unknown op ${c.op}`)
  }
}

const { cases } = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const out = {}
for (const c of cases) {
  try {
    out[c.id] = { ok: await run(c) }
  } catch (e) {
    if (typeof e?.code !== 'string') throw e
    out[c.id] = { error: e.code }
  }
}
writeFileSync(process.argv[3], JSON.stringify(out))
