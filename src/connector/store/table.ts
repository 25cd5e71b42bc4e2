// Pure: the state both stores keep in memory (the file store as its state, PostgreSQL as a cache of the database),
// with the rule that decides what an event does to it.
import {objectKey, sameObject, supersedes} from '../events.js'
import type {ConnectorObject, ParsedEvent} from '../events.js'
import type {AppendOutcome} from './types.js'

/** One object: its public state, the time of the event it came from, and when anything was last heard of it. */
export interface KeptObject {
  object: ConnectorObject
  /** The event's own timestamp, ms since epoch (orders events). */
  time: number
  /** Arrival of the latest event about the object, stale ones included, ms since epoch (drives retention). */
  heard: number
}

/** What an event does to the stored state of its object: the outcome and the object as it is afterwards. */
export function decide(
  current: KeptObject | undefined,
  event: ParsedEvent,
  heard: number
): {result: AppendOutcome; next: KeptObject} {
  if (current && !supersedes(current, event)) return {result: 'stale', next: {...current, heard}}
  if (current && sameObject(current.object, event.object)) return {result: 'unchanged', next: {...current, heard}}
  return {result: 'changed', next: {object: event.object, time: event.time, heard}}
}

export class ObjectTable {
  private readonly byKey = new Map<string, KeptObject>()
  private sortedCache: ConnectorObject[] | null = null
  private versionValue = 0

  get version(): number {
    return this.versionValue
  }

  get size(): number {
    return this.byKey.size
  }

  get(key: string): KeptObject | undefined {
    return this.byKey.get(key)
  }

  /** Objects sorted by cluster, kind, namespace, name; the same array until the next change. */
  sorted(): ConnectorObject[] {
    if (!this.sortedCache) {
      this.sortedCache = [...this.byKey.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, s]) => s.object)
    }
    return this.sortedCache
  }

  entries(): KeptObject[] {
    return [...this.byKey.values()]
  }

  /** Applies one event; a change bumps the version by one. */
  apply(event: ParsedEvent, heard: number): AppendOutcome {
    const key = objectKey(event.object)
    const {result, next} = decide(this.byKey.get(key), event, heard)
    this.byKey.set(key, next)
    if (result === 'changed') {
      this.versionValue++
      this.sortedCache = null
    }
    return result
  }

  countHeardBefore(cutoff: number): number {
    let n = 0
    for (const k of this.byKey.values()) if (k.heard < cutoff) n++
    return n
  }

  /** Drops objects last heard of before `cutoff`; a pass that drops any is one change (one version). */
  prune(cutoff: number): number {
    let n = 0
    for (const [key, k] of this.byKey) {
      if (k.heard < cutoff) {
        this.byKey.delete(key)
        n++
      }
    }
    if (n > 0) {
      this.versionValue++
      this.sortedCache = null
    }
    return n
  }

  /** Replaces everything (a snapshot, or a full read of the database). */
  load(version: number, objects: KeptObject[]): void {
    this.byKey.clear()
    for (const k of objects) this.byKey.set(objectKey(k.object), k)
    this.versionValue = version
    this.sortedCache = null
  }

  /** Takes changed objects read from elsewhere (the database) and moves to `version`. */
  merge(version: number, objects: KeptObject[]): void {
    for (const k of objects) this.byKey.set(objectKey(k.object), k)
    if (objects.length > 0) this.sortedCache = null
    this.versionValue = version
  }
}
