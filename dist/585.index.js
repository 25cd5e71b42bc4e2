export const id = 585;
export const ids = [585];
export const modules = {

/***/ 7691:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ contextMatcher)
/* harmony export */ });
// Globs for `contexts` and `healthy-description`. Unlike path globs, `*` crosses `/`: Flux's contexts are
// `<kind>/<name>/<uid8>`, and `kustomization/*` must match all of them. Only `*` and `?` are special, so a context
// with brackets or braces is matched literally (picomatch would read those as classes/alternations).
/** Returns a whole-string, case-sensitive matcher: `*` = any run of characters (including `/`), `?` = one character. */
function contextMatcher(pattern) {
    let source = '';
    for (const ch of pattern) {
        if (ch === '*')
            source += '[\\s\\S]*';
        else if (ch === '?')
            source += '[\\s\\S]';
        else
            source += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
    }
    // `u` so that `?` consumes one code point, not one UTF-16 half of an emoji.
    const re = new RegExp(`^${source}$`, 'u');
    return value => re.test(value);
}


/***/ }),

/***/ 1585:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  awaitRollout: () => (/* binding */ awaitRollout)
});

;// CONCATENATED MODULE: ./src/wait/revision.ts
// Which commits count for C: C itself and every commit on the branch that contains it (docs/architecture.md, "A descendant counts").
// Flux applies whatever the head is when it fetches, so a later commit D may be the only one that gets a report.
/** C is no longer reachable from the branch: the wait can never succeed, so the poll loop stops at once. */
class RevisionGoneError extends Error {
    fatal = true;
    constructor(message) {
        super(message);
        this.name = 'RevisionGoneError';
    }
}
/**
 * The commits of `compare` (C...head) that contain C, parents before children (so the head is last).
 * A commit that came in through a merge from a side branch that does not contain C is excluded.
 */
function descendantsOf(c, compare) {
    switch (compare.status) {
        case 'identical':
            return [];
        case 'ahead':
            break;
        case 'behind':
        case 'diverged':
            throw new RevisionGoneError(`Commit ${c} is not on the branch any more (the branch is ${compare.status} of it): its history was rewritten.`);
        default:
            throw new Error(`Unexpected compare status '${compare.status}' for ${c}.`);
    }
    // Fixpoint: a commit contains C when one of its parents is C or contains C. Iterating until nothing changes
    // makes the result independent of the list's order.
    const contains = new Set([c]);
    for (let changed = true; changed;) {
        changed = false;
        for (const commit of compare.commits) {
            if (contains.has(commit.sha))
                continue;
            if (commit.parents.some(p => contains.has(p.sha))) {
                contains.add(commit.sha);
                changed = true;
            }
        }
    }
    contains.delete(c);
    // Stable topological order over the kept commits: GitHub lists oldest first, but do not rely on it.
    const kept = compare.commits.filter(k => contains.has(k.sha));
    const seen = new Set();
    const unique = kept.filter(k => !seen.has(k.sha) && seen.add(k.sha));
    const placed = new Set();
    const out = [];
    while (out.length < unique.length) {
        const before = out.length;
        for (const k of unique) {
            if (placed.has(k.sha))
                continue;
            if (k.parents.every(p => placed.has(p.sha) || !contains.has(p.sha))) {
                placed.add(k.sha);
                out.push(k.sha);
            }
        }
        if (out.length === before)
            break; // a cycle cannot happen in git; do not loop forever on bad input
    }
    return out;
}
/** Returns a function that reads `[C, ...commits containing C]`, oldest to newest. */
function createAncestry(opts) {
    let last;
    return async () => {
        const response = await opts.compare(opts.c, opts.branch);
        // Same body (a 304) or same head: the list cannot have changed.
        const key = `${response.status}:${response.commits.at(-1)?.sha ?? opts.c}:${response.commits.length}`;
        if (last && (last.response === response || last.key === key))
            return [...last.commits];
        const commits = [opts.c, ...descendantsOf(opts.c, response)];
        last = { response, key, commits };
        return [...commits];
    };
}

;// CONCATENATED MODULE: ./src/wait/commit-status.ts
// Reads what reporters posted on C and its descendants: commit statuses (Flux's github provider) and check runs
// (other reporters). Every request goes through the caller's conditional GET, so an unchanged commit costs a 304.
const STATUS_ROUTE = 'GET /repos/{owner}/{repo}/commits/{ref}/status';
const CHECK_RUNS_ROUTE = 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs';
function createCommitStatusSource(opts) {
    const maxCommits = opts.maxCommits ?? 20;
    const base = { owner: opts.owner, repo: opts.repo };
    const statuses = async (ref) => {
        const body = await opts.get(STATUS_ROUTE, { ...base, ref, per_page: 100 });
        return (body.statuses ?? []).map(s => ({
            context: s.context,
            state: statusState(s.state),
            description: s.description ?? '',
            commit: ref,
            at: timestamp(s.updated_at ?? s.created_at),
            source: 'status',
            ...(s.target_url ? { url: s.target_url } : {})
        }));
    };
    const checkRuns = async (ref) => {
        const body = await opts.get(CHECK_RUNS_ROUTE, { ...base, ref, per_page: 100 });
        return (body.check_runs ?? []).map(run => {
            const url = run.html_url ?? run.details_url;
            return {
                context: run.name,
                state: checkRunState(run.status, run.conclusion),
                description: run.output?.title || run.output?.summary || run.conclusion || run.status || '',
                commit: ref,
                at: timestamp(run.completed_at ?? run.started_at),
                source: 'check-run',
                ...(url ? { url } : {})
            };
        });
    };
    return {
        longPoll: false,
        async read() {
            const commits = await opts.ancestry();
            const c = commits[0];
            // C plus the newest commits: Flux reports on what it applied, which is at or near the head.
            const refs = [...new Set([...(c === undefined ? [] : [c]), ...commits.slice(1).slice(-maxCommits)])];
            const lists = await Promise.all(refs.flatMap(ref => [statuses(ref), checkRuns(ref)]));
            return { commits, reports: lists.flat() };
        }
    };
}
/** Commit status states; `error` is GitHub's other failing state. */
function statusState(state) {
    if (state === 'success')
        return 'success';
    if (state === 'failure' || state === 'error')
        return 'failure';
    return 'pending';
}
/** Check runs (docs/architecture.md, "What healthy means"), including action_required (the run cannot finish without a person). */
function checkRunState(status, conclusion) {
    if (status && status !== 'completed')
        return 'pending';
    switch (conclusion) {
        case 'success':
            return 'success';
        case 'failure':
        case 'timed_out':
        case 'cancelled':
        case 'action_required':
            return 'failure';
        default:
            return 'pending'; // neutral, skipped, stale, or not finished
    }
}
function timestamp(iso) {
    const t = iso ? Date.parse(iso) : NaN;
    return Number.isNaN(t) ? 0 : t;
}

// EXTERNAL MODULE: ./src/wait/glob.ts
var glob = __webpack_require__(7691);
// EXTERNAL MODULE: ./src/duration.ts
var duration = __webpack_require__(7607);
;// CONCATENATED MODULE: ./src/wait/verdict.ts
// The wait's judgement, pure: a Snapshot plus the time -> healthy / failed / superseded / pending, per pattern and
// overall. No I/O and no clock reads, so every rule is tested directly; the connector reuses it for handed-off waits.
//
// The rules (docs/architecture.md, "The rules of the wait", explains them):
// - Expected set: a pattern expects every context it matches that reported on B (C's first parent), that is listed
//   in the snapshot's baseline, or that reports on C or a descendant of C. Those follow this branch.
// - For one context, the report that counts is the newest on C or a descendant that still holds the written values
//   (newest commit first, then the newest timestamp).
// - A pattern is healthy when its expected set is not empty and every context in it counts a healthy report. One
//   failing context starts the failure-grace (from the failing report's own timestamp); one silent context keeps it
//   pending. Past the grace the pattern has failed, even when other patterns are healthy.
// - Superseded: a context whose newest report is on a descendant that no longer holds the written values, and that
//   has no healthy report on a commit that does (in `strict` mode, used while soaking: whatever it had before).


function judge(snapshot, opts) {
    const index = new Map();
    snapshot.commits.forEach((sha, i) => {
        if (!index.has(sha))
            index.set(sha, i);
    });
    const superseded = snapshot.superseded ?? new Map();
    const healthyDescription = (0,glob/* contextMatcher */.g)(opts.healthyDescription);
    const rank = (r) => index.get(r.commit) ?? -1;
    // Per context: the newest report on C or any descendant, and the newest on a commit that still holds the values.
    const newestAny = new Map();
    const counting = new Map();
    const known = new Set(snapshot.baseline ?? []);
    for (const report of snapshot.reports) {
        if (snapshot.base !== undefined && report.commit === snapshot.base)
            known.add(report.context);
        const i = index.get(report.commit);
        if (i === undefined)
            continue;
        known.add(report.context);
        keepNewest(newestAny, report, i);
        if (!superseded.has(report.commit))
            keepNewest(counting, report, i);
    }
    function keepNewest(map, report, i) {
        const held = map.get(report.context);
        if (held === undefined || newerOrSame(report, i, held, rank(held)))
            map.set(report.context, report);
    }
    const healthOf = (r) => {
        if (r.state === 'failure')
            return 'failing';
        if (r.state !== 'success')
            return 'pending';
        // Flux <= 2.7 posts `success` for "dependency not ready": only the configured description means healthy.
        if (r.source === 'status' && !healthyDescription(r.description))
            return 'pending';
        return 'healthy';
    };
    const failingSince = new Map();
    const rowOf = (context) => {
        const report = counting.get(context);
        const newest = newestAny.get(context);
        const base = { context, ...(report ? { report } : {}), ...(newest ? { newest } : {}) };
        const by = newest ? superseded.get(newest.commit) : undefined;
        const health = report ? healthOf(report) : 'pending';
        if (by && (opts.strict || health !== 'healthy'))
            return { ...base, health: 'superseded', supersededBy: by };
        if (health === 'failing' && report) {
            const since = Math.min(report.at, opts.failingSince?.get(context) ?? report.at);
            failingSince.set(context, since);
            return { ...base, health, failingSince: since };
        }
        return { ...base, health };
    };
    const rows = new Map();
    const newest = (a, b) => (newerOrSame(b, rank(b), a, rank(a)) ? b : a);
    const patterns = opts.patterns.map(pattern => {
        const matches = (0,glob/* contextMatcher */.g)(pattern);
        const mine = [];
        for (const context of [...known].sort(compareStrings)) {
            if (!matches(context))
                continue;
            let row = rows.get(context);
            if (!row)
                rows.set(context, (row = rowOf(context)));
            mine.push(row);
        }
        const contexts = mine.map(r => r.context);
        const waitingOn = mine.filter(r => r.health !== 'healthy');
        const reports = (rs) => rs.flatMap(r => (r.report ? [r.report] : []));
        const failing = mine.filter(r => r.health === 'failing');
        const first = failing.reduce((a, b) => (a === undefined || b.failingSince < a.failingSince ? b : a), undefined);
        const failed = first !== undefined && opts.now - first.failingSince > opts.graceMs;
        if (failed && first?.report) {
            return { pattern, status: 'failed', report: first.report, failingSince: first.failingSince, contexts, waitingOn };
        }
        const gone = mine.find(r => r.health === 'superseded');
        if (gone) {
            const verdict = { pattern, status: 'superseded', contexts, waitingOn };
            if (gone.newest)
                verdict.report = gone.newest;
            if (gone.supersededBy)
                verdict.supersededBy = gone.supersededBy;
            return verdict;
        }
        if (mine.length > 0 && waitingOn.length === 0) {
            return { pattern, status: 'healthy', report: reports(mine).reduce(newest), contexts, waitingOn };
        }
        if (first?.report) {
            return { pattern, status: 'failing', report: first.report, failingSince: first.failingSince, contexts, waitingOn };
        }
        const seen = reports(mine);
        return {
            pattern,
            status: 'pending',
            ...(seen.length > 0 ? { report: seen.reduce(newest) } : {}),
            contexts,
            waitingOn
        };
    });
    const contexts = [...rows.values()].sort((a, b) => compareStrings(a.context, b.context));
    const base = { patterns, contexts, now: opts.now, failingSince };
    if (patterns.some(p => p.status === 'failed'))
        return { status: 'failed', ...base };
    if (patterns.some(p => p.status === 'superseded'))
        return { status: 'superseded', ...base };
    if (patterns.every(p => p.status === 'healthy')) {
        let applied;
        for (const row of contexts)
            if (row.report && (!applied || rank(row.report) > rank(applied)))
                applied = row.report;
        return { status: 'healthy', ...(applied ? { appliedRevision: applied.commit } : {}), ...base };
    }
    return { status: 'pending', ...base };
}
/** Whether `a` (at commit index ia) supersedes `b`: later commit, then later `at`; a tie goes to `a` (later in input). */
function newerOrSame(a, ia, b, ib) {
    if (ia !== ib)
        return ia > ib;
    return a.at >= b.at;
}
function compareStrings(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
// ---- messages ----
function shortSha(sha) {
    return sha.slice(0, 7);
}
/** One report as a person reads it: `kustomization/apps/5c1e4a7b: failure on 731f7ea "health check failed"`. */
function describeReport(r) {
    const description = r.description ? ` "${r.description}"` : '';
    return `${r.context}: ${r.state} on ${shortSha(r.commit)}${description}`;
}
/** What a superseding commit holds: `abc1234 set apps/podinfo.yaml:12 to 6.16.0 (this run wrote 6.15.0)`. */
function describeSupersession(s) {
    const where = s.line !== undefined ? `${s.file}:${s.line}` : s.file;
    const wrote = s.wrote !== undefined ? ` (this run wrote ${s.wrote})` : '';
    return `${shortSha(s.commit)} no longer holds the written values: ${where} has ${s.value}${wrote}`;
}
/** The failure message: each failed pattern with the failing context, Flux's description, commit and duration. */
function renderFailure(v) {
    const lines = v.patterns
        .filter(p => p.status === 'failed' && p.report)
        .map(p => {
        const r = p.report;
        const since = p.failingSince ?? r.at;
        const description = r.description || 'no description';
        const url = r.url ? ` (${r.url})` : '';
        return (`${r.context} (pattern '${p.pattern}') has been failing on ${shortSha(r.commit)} for ` +
            `${(0,duration/* formatDuration */.a)(v.now - since)}, past the failure-grace: ${description}${url}`);
    });
    return lines.length === 1
        ? `Flux reported a failure: ${lines[0]}`
        : ['Flux reported failures:', ...lines].join('\n- ');
}
/** The superseded message: which commit changed the written values, to what, and which context applied it. */
function renderSuperseded(v) {
    const lines = v.patterns
        .filter(p => p.status === 'superseded')
        .map(p => {
        const by = p.supersededBy ? describeSupersession(p.supersededBy) : 'a later commit changed the written values';
        const applied = p.report ? `; ${describeReport(p.report)}` : '';
        return `pattern '${p.pattern}': ${by}${applied}`;
    });
    return ['A later commit superseded this change before it was reported healthy:', ...lines].join('\n- ');
}
/** One expected context that is not healthy yet. */
function describeWaiting(row, now) {
    if (!row.report)
        return `${row.context}: no report on this commit or a later one yet`;
    if (row.health === 'failing') {
        return `${describeReport(row.report)}, failing for ${(0,duration/* formatDuration */.a)(now - (row.failingSince ?? row.report.at))}`;
    }
    return describeReport(row.report);
}
/** What a pattern is waiting on, for the timeout message and the progress lines. */
function describePending(p, now) {
    if (p.contexts.length === 0)
        return `${p.pattern}: no report yet`;
    return `${p.pattern}: ${p.waitingOn.map(r => describeWaiting(r, now)).join('; ')}`;
}
/** The timeout message: every pattern not yet healthy, with what each expected context last said. */
function renderTimeout(v, timeoutMs, what = 'waiting for Flux') {
    const waiting = v.patterns.filter(p => p.status !== 'healthy').map(p => describePending(p, v.now));
    return [`Timed out after ${(0,duration/* formatDuration */.a)(timeoutMs)} ${what}; still not healthy:`, ...waiting].join('\n- ');
}
/** The success message: the applied revision and what reported healthy. */
function renderHealthy(v) {
    const reports = v.contexts.flatMap(r => (r.report ? [describeReport(r.report)] : []));
    const at = v.appliedRevision ? ` at ${shortSha(v.appliedRevision)}` : '';
    return [`Flux reports the revision applied and healthy${at}:`, ...reports].join('\n- ');
}

;// CONCATENATED MODULE: ./src/wait/poll.ts
// The wait loop: read the source, judge, log what changed, until healthy, failed past the grace, or the timeout.
// Time only comes from the injected clock and sleep, so tests run a 15-minute rollout in milliseconds.


/** Longest hold asked of a long-polling source (keeps proxies and the connector's own cap happy). */
const LONG_POLL_MAX_MS = 25_000;
/** Progress lines ("still pending, time left") at most this often. */
const PROGRESS_EVERY_MS = 30_000;
/** Ceiling of the error backoff. */
const MAX_BACKOFF_MS = 60_000;
async function waitForRollout(opts) {
    if (opts.patterns.length === 0)
        throw new Error('No context patterns to wait for.');
    const { source, log, clock } = opts;
    const random = opts.random ?? Math.random;
    const judgeAt = (snapshot, now) => judge(snapshot, { patterns: opts.patterns, healthyDescription: opts.healthyDescription, graceMs: opts.graceMs, now });
    const startedAt = clock();
    const deadline = startedAt + opts.timeoutMs;
    const firstHealthyAt = {};
    const seen = new Map(); // context -> last logged state key
    const warned = new Set();
    let verdict = judgeAt({ commits: [], reports: [] }, startedAt);
    let lastProgressAt = startedAt;
    let backoffMs = 0; // 0 = the last read succeeded
    let tick = 0;
    const done = (result, message) => ({
        result,
        ...(result === 'healthy' && verdict.appliedRevision ? { appliedRevision: verdict.appliedRevision } : {}),
        message,
        verdict,
        startedAt,
        endedAt: clock(),
        firstHealthyAt
    });
    for (;;) {
        tick++;
        const before = clock();
        try {
            const snapshot = await source.read(source.longPoll ? Math.max(0, Math.min(holdUntil() - before, LONG_POLL_MAX_MS)) : 0);
            backoffMs = 0;
            const now = clock();
            verdict = judgeAt(snapshot, now);
            logChanges(verdict.contexts, now);
            log.debug(`wait tick ${tick}: ${snapshot.reports.length} report(s) on ${snapshot.commits.length} commit(s); ` +
                verdict.patterns.map(p => `${p.pattern}=${p.status}`).join(', '));
            if (verdict.status === 'healthy')
                return done('healthy', renderHealthy(verdict));
            if (verdict.status === 'failed')
                return done('failed', renderFailure(verdict));
        }
        catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            if (isFatal(error))
                return done('failed', message);
            if (!warned.has(message)) {
                warned.add(message);
                log.warning(`Reading the rollout's reports failed (retrying until the timeout): ${message}`);
            }
            log.debug(`wait tick ${tick}: read failed: ${message}`);
            backoffMs = Math.min(Math.max(backoffMs, opts.intervalMs) * 2, Math.max(MAX_BACKOFF_MS, opts.intervalMs));
        }
        const now = clock();
        if (now >= deadline)
            return done('timed-out', renderTimeout(verdict, opts.timeoutMs));
        if (now - lastProgressAt >= PROGRESS_EVERY_MS) {
            lastProgressAt = now;
            const pending = verdict.patterns.filter(p => p.status !== 'healthy').map(p => describePending(p, now));
            log.info(`Waiting for ${pending.join('; ')} (${(0,duration/* formatDuration */.a)(deadline - now)} left)`);
        }
        // A long-polling source waits inside read(); sleep only after an error, so a down connector is not hammered.
        const pause = backoffMs > 0 ? backoffMs : source.longPoll ? 0 : opts.intervalMs;
        if (pause > 0) {
            const jittered = Math.round(pause * (0.9 + 0.2 * random()));
            // Never sleep past the deadline: the next read then happens at the deadline and is the last one.
            await opts.sleep(Math.max(0, Math.min(jittered, deadline - now)));
        }
    }
    /**
     * When a long poll must be answered even if nothing changes: the deadline, or the moment a failing pattern passes
     * its grace (the verdict turns failed then without any new report, and must not wait for the hold to run out).
     */
    function holdUntil() {
        let until = deadline;
        for (const p of verdict.patterns) {
            if (p.status === 'failing' && p.failingSince !== undefined)
                until = Math.min(until, p.failingSince + opts.graceMs + 1);
        }
        return until;
    }
    function logChanges(rows, now) {
        for (const row of rows) {
            if (!row.report)
                continue;
            const key = `${row.health}|${row.report.state}|${row.report.commit}|${row.report.description}`;
            if (seen.get(row.context) === key)
                continue;
            seen.set(row.context, key);
            const label = row.health === 'pending' && row.report.state === 'success' ? ' (not healthy yet)' : '';
            log.info(`${describeReport(row.report)}${label}`);
            if (row.health === 'healthy' && firstHealthyAt[row.context] === undefined)
                firstHealthyAt[row.context] = now;
        }
    }
}
/** An error that means waiting longer cannot help, e.g. C is no longer on the branch (revision.ts). */
function isFatal(error) {
    return typeof error === 'object' && error !== null && error.fatal === true;
}

;// CONCATENATED MODULE: ./src/wait/run.ts



async function awaitRollout(gh, cfg, branch, written, rt) {
    const at = { owner: cfg.owner, repo: cfg.repo };
    const ancestry = createAncestry({
        c: written.commit,
        branch,
        compare: (base, head) => gh.conditionalGet('GET /repos/{owner}/{repo}/compare/{basehead}', {
            ...at,
            basehead: `${base}...${head}`,
            per_page: 100
        })
    });
    const source = cfg.wait === 'connector'
        ? (await __webpack_require__.e(/* import() */ 374).then(__webpack_require__.bind(__webpack_require__, 5374))).createConnectorSource({
            url: cfg.connectorUrl,
            token: cfg.connectorToken,
            patterns: cfg.contexts,
            ancestry,
            log: rt.log.debug
        })
        : createCommitStatusSource({ get: (route, params) => gh.conditionalGet(route, params), ...at, ancestry });
    // The budget counts from the moment the change reached the branch (docs/architecture.md, "One budget").
    const timeoutMs = Math.max(0, cfg.timeoutMs - (rt.clock() - written.landedAt));
    rt.log.info(`Waiting for ${cfg.contexts.join(', ')} to report ${written.commit.slice(0, 7)} (or a later commit containing it) healthy` +
        ` via ${cfg.wait}.`);
    const res = await waitForRollout({
        source,
        patterns: cfg.contexts,
        healthyDescription: cfg.healthyDescription,
        graceMs: cfg.graceMs,
        timeoutMs,
        intervalMs: cfg.intervalMs,
        clock: rt.clock,
        sleep: rt.sleep,
        random: rt.random,
        log: rt.log
    });
    const rows = res.verdict.patterns.map(p => ({
        pattern: p.pattern,
        context: p.report?.context ?? '',
        state: p.status,
        commit: p.report?.commit ?? '',
        description: p.report?.description ?? 'no report yet',
        timeToHealthyMs: p.report && res.firstHealthyAt[p.report.context] !== undefined
            ? res.firstHealthyAt[p.report.context] - written.landedAt
            : undefined
    }));
    return { result: res.result, appliedRevision: res.appliedRevision, message: res.message, rows };
}


/***/ })

};
