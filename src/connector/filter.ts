// Pure: the read filter of GET /api/v1/objects. Each field may be given several times (`kind=A&kind=B`); an object
// matches when, for every field given, it equals one of that field's values exactly.
import type {ConnectorObject} from './events.js'

export const FILTER_FIELDS = ['cluster', 'kind', 'namespace', 'name', 'commit'] as const
export type FilterField = (typeof FILTER_FIELDS)[number]

/** Field -> accepted values, sorted; only fields that were given. */
export type ObjectFilter = Partial<Record<FilterField, string[]>>

export type FilterParse = {ok: true; filter: ObjectFilter; key: string} | {ok: false; error: string}

const MAX_VALUES = 64
const MAX_VALUE_LENGTH = 256

/** Reads the filter fields out of a query; `other` lists the other parameters the endpoint accepts. */
export function parseFilter(params: URLSearchParams, other: readonly string[]): FilterParse {
  const filter: ObjectFilter = {}
  for (const key of new Set(params.keys())) {
    if (other.includes(key)) continue
    if (!(FILTER_FIELDS as readonly string[]).includes(key)) {
      return {
        ok: false,
        error: `unknown query parameter '${key.slice(0, 32)}' (known: ${[...other, ...FILTER_FIELDS].join(', ')})`
      }
    }
    const values = params.getAll(key)
    if (values.length > MAX_VALUES) return {ok: false, error: `${key} is given more than ${MAX_VALUES} times`}
    if (values.some(v => v.length > MAX_VALUE_LENGTH)) {
      return {ok: false, error: `${key} is longer than ${MAX_VALUE_LENGTH} characters`}
    }
    // Commits are served in lower case; accept either case.
    const normalised = key === 'commit' ? values.map(v => v.toLowerCase()) : values
    filter[key as FilterField] = [...new Set(normalised)].sort()
  }
  return {ok: true, filter, key: filterKey(filter)}
}

/** The same string for the same filter, whatever the order of the query: the cache key of a serialised answer. */
export function filterKey(filter: ObjectFilter): string {
  return JSON.stringify(FILTER_FIELDS.map(f => filter[f] ?? null))
}

export function isEmptyFilter(filter: ObjectFilter): boolean {
  return FILTER_FIELDS.every(f => filter[f] === undefined)
}

export function matchesFilter(o: ConnectorObject, filter: ObjectFilter): boolean {
  for (const f of FILTER_FIELDS) {
    const accepted = filter[f]
    if (accepted === undefined) continue
    const value = o[f]
    if (value === null || !accepted.includes(value)) return false
  }
  return true
}

export function applyFilter(objects: readonly ConnectorObject[], filter: ObjectFilter): readonly ConnectorObject[] {
  return isEmptyFilter(filter) ? objects : objects.filter(o => matchesFilter(o, filter))
}
