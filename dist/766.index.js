export const id = 766;
export const ids = [766];
export const modules = {

/***/ 6766:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createConnectorSource: () => (/* binding */ createConnectorSource)
});

// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(4942);
;// CONCATENATED MODULE: ./src/core/connector-query.ts
// Pure: the read filter the action can ask of the connector for its context patterns, so a connector with many
// objects sends only the ones that can match. A context is `cluster/kind/namespace/name`; kind, namespace and name
// never contain `/` (Kubernetes forbids it), only the cluster may. So the last segments of a pattern, when free of
// wildcards, pin those fields whatever a `*` before them matches; the cluster is pinned only by a pattern without
// any wildcard. The server filter is a superset: the patterns are still matched on every object received.
const hasWildcard = (s) => s.includes('*') || s.includes('?');
/** The fields one pattern pins, or an empty object. */
function pinnedFields(pattern) {
    const segs = pattern.split('/');
    const pinned = {};
    const tail = ['name', 'namespace', 'kind'];
    for (const [i, field] of tail.entries()) {
        // Segment i from the end; it pins the field only when it and every later segment are literal and there is a
        // segment before it (the text must be preceded by `/`).
        const at = segs.length - 1 - i;
        if (at < 1 || hasWildcard(segs[at]))
            break;
        pinned[field] = segs[at];
    }
    if (segs.length >= 4 && !hasWildcard(pattern))
        pinned.cluster = segs.slice(0, segs.length - 3).join('/');
    return pinned;
}
/**
 * The query string (with a leading `&`, or empty) for the patterns: a field is asked for only when every pattern
 * pins it, with each pattern's value as an alternative.
 */
function filterQuery(patterns) {
    if (patterns.length === 0)
        return '';
    const pins = patterns.map(pinnedFields);
    const params = new URLSearchParams();
    for (const field of ['cluster', 'kind', 'namespace', 'name']) {
        const values = pins.map(p => p[field]);
        if (values.some(v => v === undefined || v === ''))
            continue;
        for (const v of [...new Set(values)].sort())
            params.append(field, v);
    }
    const text = params.toString();
    return text === '' ? '' : `&${text}`;
}

// EXTERNAL MODULE: ./src/core/glob.ts
var glob = __webpack_require__(6085);
;// CONCATENATED MODULE: ./src/core/connector-api.ts
/** The connector's object, as GET /api/v1/objects serves it (the type is shared; no connector code is bundled). */
/**
 * Nobody is known to follow the branch: no object named a commit of its history when the wait began (`baseline`)
 * and none reports on B. The decision then holds a healthy verdict for one quiet interval.
 */
function unanchored(baseline, reports, base) {
    return baseline.length === 0 && !reports.some(r => r.commit === base);
}
const STATES = { healthy: 'success', failed: 'failure', progressing: 'pending' };
function isWireObject(o) {
    if (typeof o !== 'object' || o === null)
        return false;
    const r = o;
    return (['cluster', 'kind', 'namespace', 'name', 'state', 'reason', 'message', 'updatedAt'].every(k => typeof r[k] === 'string') &&
        (r.commit === null || typeof r.commit === 'string'));
}
function objectToReport(o) {
    if (!o.commit)
        return null;
    const state = STATES[o.state];
    if (!state)
        return null;
    const at = Date.parse(o.updatedAt);
    return {
        context: `${o.cluster}/${o.kind}/${o.namespace}/${o.name}`,
        state,
        description: o.message ? `${o.reason}: ${o.message}` : o.reason,
        commit: o.commit,
        at: Number.isFinite(at) ? at : 0,
        source: 'connector'
    };
}
const COMMIT_REVISION_RE = /(?:^|@)sha1:[0-9a-f]{40}$|^[0-9a-f]{40}$/;
/**
 * A HelmRelease counts for a rollout that wrote chart versions only once helm-controller runs one of them: its
 * revision is the chart version (`6.5.0`, or `6.5.0+<digest>` for an OCI chart), and a healthy HelmRelease at
 * another version is still the old release, so it is turned into `progressing`. A revision that names a commit,
 * or none, and every other kind are left as they are. `charts`: the written `<chart>=<version>[@digest]` lines.
 */
function countChartVersion(o, charts) {
    if (o.kind !== 'HelmRelease' || o.state !== 'healthy' || charts.length === 0)
        return o;
    const revision = o.revision;
    if (typeof revision !== 'string' || revision === '' || COMMIT_REVISION_RE.test(revision))
        return o;
    const versions = charts.map(line => line.slice(line.indexOf('=') + 1).split('@')[0]);
    if (versions.some(v => revision === v || revision.startsWith(`${v}+`)))
        return o;
    return {
        ...o,
        state: 'progressing',
        reason: 'ChartVersionPending',
        message: `runs chart version ${revision}; waiting for ${versions.join(' or ')}`
    };
}

;// CONCATENATED MODULE: ./src/action/wait/connector-source.ts
// The action's side of the connector: a ReportSource that long-polls GET /api/v1/objects and turns every Flux
// object that names a Git commit into a Report with context `cluster/Kind/namespace/name`.




/** Longest hold asked of the connector per read; it caps holds at 60 s itself, proxies often at less. */
const MAX_HOLD_MS = 25_000;
/** Beyond the hold, how long a read may take before the socket is given up. */
const SOCKET_SLACK_MS = 15_000;
function fatal(message) {
    // `fatal` tells the wait loop that retrying cannot help (poll.ts isFatal).
    return Object.assign(new Error(message), { fatal: true });
}
/**
 * Errors: a connector that cannot be reached, times out, or answers 5xx makes read() throw an Error saying the
 * connector at <url> is unreachable. That is transient by design: the wait loop catches it, backs off, and reads
 * again until its own timeout, so a connector restart (Recreate rollout, node drain) costs a few retries, not the
 * run. A 401/403 (wrong token) or a body that is not the connector's is thrown as fatal: waiting cannot fix it.
 * After an error the next read asks again with the last version seen, so nothing is missed: the connector answers
 * at once when its version has moved on meanwhile.
 */
function createConnectorSource(opts) {
    const base = opts.url.replace(/\/+$/, '');
    const http = opts.http ??
        new lib/* HttpClient */.Qq('gitops-promote', [], {
            allowRetries: false,
            keepAlive: false,
            socketTimeout: MAX_HOLD_MS + SOCKET_SLACK_MS
        });
    const log = opts.log ?? (() => undefined);
    const matchers = (opts.patterns ?? []).map(p => (0,glob/* contextMatcher */.gs)(p));
    // Ask the connector only for objects the patterns can match.
    const filter = filterQuery(opts.patterns ?? []);
    const credential = opts.credential ?? 'connector-token';
    let version;
    let failing = false;
    /** Objects that followed this branch when the wait started: their newest state named a commit of its history. */
    let baseline;
    return {
        longPoll: true,
        async read(maxWaitMs) {
            let state;
            try {
                const token = typeof opts.token === 'string' ? opts.token : await opts.token();
                state = await fetchState(http, { base, credential }, token, objectsQuery(version, maxWaitMs, filter));
            }
            catch (err) {
                failing = true;
                throw err;
            }
            if (failing)
                log(`connector at ${base} reachable again`);
            failing = false;
            if (state.version !== version)
                log(`connector state version ${state.version}: ${state.objects.length} objects`);
            version = state.version;
            const reports = wantedReports(state.objects, matchers, opts.charts ?? []);
            const ancestry = await opts.evidence.ancestry();
            if (baseline === undefined) {
                // The first answer is the state at the start: who was on this branch's history then is expected.
                const found = await followingBranch(reports, ancestry.commits, opts.evidence);
                baseline = found;
                if (found.length > 0)
                    log(`following this branch at the start: ${found.join(', ')}`);
            }
            const superseded = await opts.evidence.superseded(ancestry, reports.map(r => r.commit));
            return {
                commits: ancestry.commits,
                reports,
                superseded,
                baseline,
                unanchored: unanchored(baseline, reports, ancestry.base),
                ...(ancestry.base ? { base: ancestry.base } : {})
            };
        }
    };
}
/** The query string (with its `?`, or empty): a hold from the last version seen, then the pattern filter. */
function objectsQuery(version, maxWaitMs, filter) {
    const hold = Math.max(0, Math.min(MAX_HOLD_MS, Math.floor(maxWaitMs)));
    const wait = version === undefined ? '' : `&since=${version}&wait=${hold}ms`;
    const query = `${wait}${filter}`;
    return query === '' ? '' : `?${query.slice(1)}`;
}
async function fetchState(http, at, token, query) {
    const { base } = at;
    const url = `${base}/api/v1/objects${query}`;
    let status;
    let text;
    try {
        const res = await http.get(url, { authorization: `Bearer ${token}`, accept: 'application/json' });
        status = res.message.statusCode ?? 0;
        text = await res.readBody();
    }
    catch (err) {
        throw new Error(`the connector at ${base} is unreachable: ${err instanceof Error ? err.message : String(err)}`);
    }
    return parseState(at, url, status, text);
}
/** The connector's answer, or the error it means: transient for 5xx/429/no answer, fatal otherwise. */
function parseState(at, url, status, text) {
    const { base } = at;
    if (status === 401 || status === 403) {
        throw fatal(`the connector at ${base} rejected ${at.credential} (HTTP ${status}): ${text.slice(0, 200)}`);
    }
    if (status >= 500 || status === 429 || status === 0) {
        throw new Error(`the connector at ${base} is unreachable: HTTP ${status}`);
    }
    if (status === 404) {
        throw fatal(`the connector at ${base} answered 404 for ${url.split('?')[0]}: check 'connector-url'`);
    }
    if (status !== 200)
        throw fatal(`the connector at ${base} answered HTTP ${status}: ${text.slice(0, 200)}`);
    let body;
    try {
        body = JSON.parse(text);
    }
    catch {
        throw fatal(`the connector at ${base} answered something that is not JSON: ${text.slice(0, 200)}`);
    }
    const b = body;
    if (typeof b.version !== 'number' || !Array.isArray(b.objects)) {
        throw fatal(`the connector at ${base} answered JSON without version/objects; is the URL right?`);
    }
    return { version: b.version, objects: b.objects };
}
/** The objects that name a commit and match a pattern (any, when there are none), as reports. */
function wantedReports(objects, matchers, charts) {
    const reports = [];
    for (const o of objects) {
        if (!isWireObject(o))
            continue;
        const report = objectToReport(countChartVersion(o, charts));
        if (report && (matchers.length === 0 || matchers.some(m => m(report.context))))
            reports.push(report);
    }
    return reports;
}
/** Contexts whose report is on a commit of the branch's history other than C's ancestry. */
async function followingBranch(reports, ancestry, evidence) {
    const inAncestry = new Set(ancestry);
    const found = [];
    for (const r of reports) {
        if (!inAncestry.has(r.commit) && (await evidence.inHistory(r.commit)))
            found.push(r.context);
    }
    return found;
}


/***/ })

};
