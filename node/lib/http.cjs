'use strict'
// The host loop for the core's HTTP exchanges (aura_core::exchange), the
// shape of aura-client's Transport::drive: send what the core hands out with
// `fetch`, wait when it says, report each answer or failure back. No rule
// lives here: retries, statuses, parsing and the order of requests are the
// core's. Only Web APIs (fetch, AbortSignal.timeout, setTimeout,
// crypto.getRandomValues), so the loop also runs outside Node (Workers).
//
// `fetch` is looked up at call time (globalThis.fetch unless one is
// injected), so msw, nock, undici's MockAgent and fake timers all see it.

const { fromData, InternalError } = require('./errors.cjs')
const { nowSeconds } = require('./clock.cjs')

/** The default sleep: setTimeout looked up at call time (fake timers move it). */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** A multipart boundary from the platform's CSPRNG: letters, digits and '-'. */
function boundary() {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16))
  return `aura-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

// Connection failures that mean the request never left (undici's `cause.code`).
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT'])

/** not_sent (no connection was made) | timed_out | lost (it may have reached the server). */
function failureOf(err, signal) {
  if (signal?.aborted || err?.name === 'TimeoutError') return 'timed_out'
  return NOT_SENT.has(err?.cause?.code ?? err?.code) ? 'not_sent' : 'lost'
}

/** One attempt: the whole response read, within `timeoutMs` when given. */
async function attempt(fetchFn, r, signal) {
  const init = { method: r.method, headers: r.headers, body: r.body ?? undefined, signal }
  const res = await (fetchFn ? fetchFn(r.url, init) : globalThis.fetch(r.url, init))
  const body = new Uint8Array(await res.arrayBuffer())
  return { status: res.status, headers: [...res.headers], body }
}

/**
 * Runs a native exchange to its end and returns its answer, or throws the
 * error the core reports (as its AuraError class; the transport's error as
 * `cause`). `host`: { fetch?, sleep, timeout? (ms, when the core sets none),
 * random? (the retry jitter in [0, 1), default Math.random) }.
 * `check` runs once, after the core accepted the operation, before any send.
 */
async function drive(exchange, host, check) {
  let step = exchange.start()
  const random = host.random ?? Math.random
  let cause
  for (;;) {
    if (step.error) throw fromData(step.error, cause === undefined ? undefined : { cause })
    if (step.answer) return step.answer
    const out = step.request
    if (check) check()
    check = undefined
    if (out.delayMs > 0) await host.sleep(out.delayMs)
    const timeoutMs = out.timeoutMs ?? host.timeout
    const signal = timeoutMs === undefined || timeoutMs === null ? undefined : AbortSignal.timeout(timeoutMs)
    let got
    cause = undefined
    try {
      got = await attempt(host.fetch, out, signal)
    } catch (err) {
      cause = err
    }
    step = got
      ? exchange.receive(got.status, got.headers, got.body, nowSeconds(), random())
      : exchange.fail(failureOf(cause, signal), String(cause?.message ?? cause), nowSeconds(), random())
  }
}

/** The answer's fields, after checking it is the kind the operation gives. */
function expect(answer, kind) {
  if (answer.kind !== kind) throw new InternalError('internal', `internal error (please report): expected a ${kind} answer, got ${answer.kind}`)
  return answer
}

module.exports = { drive, expect, sleep, boundary }
