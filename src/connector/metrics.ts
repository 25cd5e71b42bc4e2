// Prometheus metrics in a dedicated Registry (never prom-client's global one), so several servers can live in one
// process (tests) and nothing else in the bundle can add to them.
import {Counter, Gauge, Histogram, Registry, collectDefaultMetrics} from 'prom-client'
import type {ConnectorObject} from './events.js'

const OBJECT_LABELS = ['cluster', 'kind', 'namespace', 'name'] as const

export interface ConnectorMetrics {
  registry: Registry
  /** Stored events, by what they did to the state: changed, unchanged (duplicates, repeats) or stale (older). */
  eventsReceived: Counter<'result'>
  eventsRejected: Counter<'reason'>
  fsyncSeconds: Histogram
  waiters: Gauge
  wakeSeconds: Histogram
  objects: Gauge
  version: Gauge
  compactions: Counter
  /**
   * Where the per-object and per-cluster series come from: read at every scrape, so they always equal the current
   * objects (a pruned object's series are gone at the next scrape).
   */
  watchObjects(source: () => readonly ConnectorObject[]): void
}

/** The event's own timestamp, in seconds (what Prometheus compares with `time()`). */
function eventSeconds(o: ConnectorObject): number {
  return Date.parse(o.updatedAt) / 1000
}

export function createMetrics(opts: {processMetrics?: boolean} = {}): ConnectorMetrics {
  const registry = new Registry()
  if (opts.processMetrics) collectDefaultMetrics({register: registry, prefix: 'connector_'})
  const registers = [registry]
  let objects: () => readonly ConnectorObject[] = () => []
  registerObjectGauges(registers, () => objects())
  return {
    watchObjects(source) {
      objects = source
    },
    registry,
    eventsReceived: new Counter({
      name: 'connector_events_received_total',
      help: 'Flux events stored, by effect on the state (changed, unchanged, stale).',
      labelNames: ['result'],
      registers
    }),
    eventsRejected: new Counter({
      name: 'connector_events_rejected_total',
      help: 'Flux event requests rejected, by reason.',
      labelNames: ['reason'],
      registers
    }),
    fsyncSeconds: new Histogram({
      name: 'connector_store_fsync_seconds',
      help: 'Latency of fsync on the event log (one per group commit).',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers
    }),
    waiters: new Gauge({name: 'connector_waiters', help: 'Long-poll reads currently waiting.', registers}),
    wakeSeconds: new Histogram({
      name: 'connector_wake_seconds',
      help: 'Time from a change to the last waiting read answer written to its socket (server side).',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers
    }),
    objects: new Gauge({name: 'connector_objects', help: 'Flux objects in the state.', registers}),
    version: new Gauge({name: 'connector_state_version', help: 'Current state version.', registers}),
    compactions: new Counter({
      name: 'connector_compactions_total',
      help: 'Event log compactions into a snapshot.',
      registers
    })
  }
}

/** The per-object and per-cluster gauges: each rebuilds itself from the objects when scraped. */
function registerObjectGauges(registers: Registry[], objects: () => readonly ConnectorObject[]): void {
  const labels = (o: ConnectorObject) => ({cluster: o.cluster, kind: o.kind, namespace: o.namespace, name: o.name})
  // Each gauge rebuilds itself from the objects when scraped; prom-client awaits collect() before reading values.
  const perObject = (name: string, help: string, value: (o: ConnectorObject) => number): Gauge =>
    new Gauge({
      name,
      help,
      labelNames: OBJECT_LABELS,
      registers,
      collect() {
        this.reset()
        for (const o of objects()) this.set(labels(o), value(o))
      }
    })
  perObject('gitops_promote_flux_object_healthy', 'Whether the Flux object is healthy (1) or not (0).', o =>
    o.state === 'healthy' ? 1 : 0
  )
  perObject('gitops_promote_flux_object_failed', 'Whether the Flux object failed (1) or not (0).', o =>
    o.state === 'failed' ? 1 : 0
  )
  perObject(
    'gitops_promote_flux_object_last_event_timestamp_seconds',
    "Timestamp of the event behind the object's state (the controller's own emission time).",
    eventSeconds
  )
  new Gauge({
    name: 'gitops_promote_flux_cluster_last_event_timestamp_seconds',
    help: "Timestamp of the newest event behind any of the cluster's objects.",
    labelNames: ['cluster'],
    registers,
    collect() {
      this.reset()
      const newest = new Map<string, number>()
      for (const o of objects()) newest.set(o.cluster, Math.max(newest.get(o.cluster) ?? 0, eventSeconds(o)))
      for (const [cluster, seconds] of newest) this.set({cluster}, seconds)
    }
  })
}
