// Starts the bundled connector (dist/connector/index.js) as its own process on 127.0.0.1, as a platform team would.
import {spawn, type ChildProcess} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {childEnv} from './child-env.js'
import {NODE24, ROOT} from './run-action.js'

export interface ConnectorProcess {
  url: string
  child: ChildProcess
  dataDir: string
  output(): string
  /** SIGKILL: no shutdown code runs (a crash, an OOM kill); the data dir is kept for a restart. */
  kill(): Promise<void>
  stop(): Promise<void>
}

export async function spawnConnector(opts: {
  hmacKeys: string[]
  readTokens: string[]
  /** More CONNECTOR_* variables (handoff: watch tokens, the GitHub App). */
  env?: Record<string, string>
  /** Reuse a data dir (a restart); default a fresh one. */
  dataDir?: string
  /** Listen on this port (a restart keeps its address); default any free port. */
  port?: number
}): Promise<ConnectorProcess> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'gitops-promote-connector-'))
  const child = spawn(NODE24, [join(ROOT, 'dist', 'connector', 'index.js')], {
    env: childEnv({
      CONNECTOR_HOST: '127.0.0.1',
      CONNECTOR_PORT: String(opts.port ?? 0),
      CONNECTOR_HMAC_KEYS: opts.hmacKeys.join(','),
      CONNECTOR_READ_TOKENS: opts.readTokens.join(','),
      CONNECTOR_DATA_DIR: dataDir,
      ...opts.env
    }),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const {url, output} = await untilListening(child)
  return {
    url,
    child,
    dataDir,
    output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise(r => child.once('exit', r))
        child.kill('SIGKILL')
        await exited
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise(r => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dataDir, {recursive: true, force: true})
    }
  }
}

export interface Listening {
  url: string
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string
  exited: Promise<number | null>
}

/** Waits for the connector's `listening on <url>` line; rejects when it exits first or after `timeoutMs`. */
export function untilListening(child: ChildProcess, timeoutMs = 20_000): Promise<Listening> {
  let out = ''
  const exited = new Promise<number | null>(res => child.on('exit', code => res(code)))
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`connector did not start:\n${out}`)), timeoutMs)
    const onData = (d: Buffer): void => {
      out += d.toString()
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        res({url: m[1] as string, output: () => out, exited})
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    void exited.then(code => {
      clearTimeout(timer)
      rej(new Error(`connector exited with ${code}:\n${out}`))
    })
  })
}
