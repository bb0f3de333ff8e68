// Processes and loopback servers for the HTTP suites: a real `aura edge`, Prism
// serving Cloudflare's OpenAPI document, and scripted node:http servers.
// Everything listens on 127.0.0.1, every wait is bounded, and every process
// is stopped by the suite's `after` hook, or killed when the test process exits.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('../../', import.meta.url))
export const fixture = (name) => join(root, 'crates/aura-edge/tests/fixtures', name)

const live = new Set()
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL')
})

function track(child) {
  live.add(child)
  child.on('exit', () => live.delete(child))
  return child
}

/** Collects a child's output and resolves with the first match of `pattern`. */
function watch(child, stream, pattern, timeoutMs, what) {
  let text = ''
  let settle
  const found = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs} ms:\n${text}`)), timeoutMs)
    settle = (err, value) => {
      clearTimeout(timer)
      settle = () => {}
      if (err) reject(err)
      else resolve(value)
    }
    child.on('exit', (code, signal) => settle(new Error(`${what} exited (${code ?? signal}) before it was ready:\n${text}`)))
    child.on('error', (err) => settle(err))
  })
  // Always drained (Prism logs every request; a full pipe would stall it).
  stream.setEncoding('utf8')
  stream.on('data', (chunk) => {
    text = (text + chunk).slice(-64 * 1024)
    const m = text.match(pattern)
    if (m) settle(null, m)
  })
  return { found, logs: () => text }
}

async function stop(child, timeoutMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  await exited
  clearTimeout(timer)
}

/** A port nothing listens on (bound, then released): connections are refused. */
export async function closedPort() {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

const hex = () => Array.from(globalThis.crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('')

/**
 * `aura edge` ($AURA_BIN, else target/release/aura) on a local store in a
 * temp directory, on a free loopback port (it prints its address), with one
 * project `gallery`.
 */
export async function startEdge() {
  const bin = process.env.AURA_BIN || join(root, 'target/release/aura')
  const dir = mkdtempSync(join(tmpdir(), 'aura-node-edge-'))
  const secrets = { upload: `sk_live_MARKUPLOAD${hex()}`, serve: `psk_live_MARKSERVE${hex()}` }
  const config = join(dir, 'aura.toml')
  writeFileSync(
    config,
    `listen = "127.0.0.1:0"\n\n[storage]\nkind = "local"\npath = ${JSON.stringify(join(dir, 'data'))}\n\n` +
      `[[projects]]\nname = "gallery"\nsecret_keys = [${JSON.stringify(secrets.upload)}]\nserve_secrets = [${JSON.stringify(secrets.serve)}]\n`,
  )
  const child = track(
    spawn(bin, ['edge', '--config', config], { env: { ...process.env, RUST_LOG: 'info,tower_http=debug', NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] }),
  )
  const out = watch(child, child.stderr, /listening on http:\/\/(\S+)/, 20_000, `aura edge (${bin})`)
  try {
    const [, addr] = await out.found
    return {
      base: `http://${addr}`,
      project: 'gallery',
      secrets,
      logs: out.logs,
      async stop() {
        await stop(child)
        // Evidence for a failure seen once (every call answered 403 with no
        // `message`): the edge's own log, each response with its status.
        // scripts/test-node.sh and pack-node.sh set the directory and print
        // these files when a test fails.
        if (process.env.AURA_EDGE_LOG_DIR) writeFileSync(join(process.env.AURA_EDGE_LOG_DIR, `edge-${process.pid}-${addr.replace(/\W/g, '_')}.log`), out.logs())
        rmSync(dir, { recursive: true, force: true })
      },
    }
  } catch (err) {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
}

/** `prism mock --errors` over tests/reference/cloudflare-openapi-subset.json ($AURA_PRISM, else scripts/prism.sh installs it). */
export async function startPrism() {
  const bin = process.env.AURA_PRISM || execFileSync('bash', [join(root, 'scripts/prism.sh')], { encoding: 'utf8' }).trim()
  const port = await closedPort()
  const spec = join(root, 'tests/reference/cloudflare-openapi-subset.json')
  const child = track(spawn(bin, ['mock', '--errors', '-h', '127.0.0.1', '-p', String(port), spec], { stdio: ['ignore', 'pipe', 'pipe'] }))
  child.stderr.resume()
  const out = watch(child, child.stdout, /Prism is listening/, 60_000, `Prism (${bin})`)
  try {
    await out.found
  } catch (err) {
    child.kill('SIGKILL')
    throw err
  }
  return { base: `http://127.0.0.1:${port}`, logs: out.logs, stop: () => stop(child) }
}

async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${server.address().port}`
}

/**
 * A node:http server answering `handler(req, body, res)`; records every
 * request ({method, path, headers (lower-case names), body}).
 */
export async function recordingServer(handler) {
  const requests = []
  const timers = new Set()
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const rec = { method: req.method, path: req.url, headers: req.headers, body: Buffer.concat(chunks) }
      requests.push(rec)
      handler(rec, res, (ms, fn) => {
        const t = setTimeout(() => {
          timers.delete(t)
          if (!res.destroyed) fn()
        }, ms)
        timers.add(t)
      })
    })
  })
  const base = await listen(server)
  return {
    base,
    requests,
    async close() {
      for (const t of timers) clearTimeout(t)
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

/**
 * Answers the scripted replies in order ({status, body, headers?, delayMs?});
 * past the script, 599. One request per connection.
 */
export async function scriptedServer(script) {
  const queue = [...script]
  return recordingServer((rec, res, later) => {
    const r = queue.shift() ?? { status: 599, body: 'unscripted request' }
    const send = () => {
      const body = Buffer.from(r.body ?? '')
      res.writeHead(r.status, { 'Content-Type': 'application/json', ...r.headers, 'Content-Length': body.length, Connection: 'close' })
      res.end(body)
    }
    if (r.delayMs) later(r.delayMs, send)
    else send()
  })
}
