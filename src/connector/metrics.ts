// Prometheus metrics in a dedicated Registry (never prom-client's global one), so several servers can live in one
// process (tests) and nothing else in the bundle can add to them.
import {Counter, Gauge, Histogram, Registry, collectDefaultMetrics} from 'prom-client'

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
}

export function createMetrics(opts: {processMetrics?: boolean} = {}): ConnectorMetrics {
  const registry = new Registry()
  if (opts.processMetrics) collectDefaultMetrics({register: registry, prefix: 'connector_'})
  const registers = [registry]
  return {
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
      help: 'Time to answer every waiting read after a change (server side).',
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
