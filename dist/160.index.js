export const id = 160;
export const ids = [160];
export const modules = {

/***/ 5084:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BD: () => (/* binding */ createCommitStatusSource)
/* harmony export */ });
/* unused harmony exports STATUS_ROUTE, CHECK_RUNS_ROUTE */
/* harmony import */ var _core_classify_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8193);
// Reads what reporters posted on C and its descendants: commit statuses (Flux's github provider) and check runs
// (other reporters). Every request goes through the caller's conditional GET, so an unchanged commit costs a 304.

const STATUS_ROUTE = 'GET /repos/{owner}/{repo}/commits/{ref}/status';
const CHECK_RUNS_ROUTE = 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs';
function createCommitStatusSource(opts) {
    const maxCommits = opts.maxCommits ?? 20;
    const base = { owner: opts.owner, repo: opts.repo };
    const repo = `${opts.owner}/${opts.repo}`;
    let checksDenied = false;
    const statuses = async (ref) => {
        let body;
        try {
            body = await opts.get(STATUS_ROUTE, { ...base, ref, per_page: 100 });
        }
        catch (e) {
            throw (0,_core_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .classifyGitHubError */ .o)(e, `the commit statuses of ${ref.slice(0, 7)}`, repo, 'statuses: read');
        }
        return statusReports(body, ref);
    };
    const checkRuns = async (ref) => {
        if (checksDenied)
            return [];
        let body;
        try {
            body = await opts.get(CHECK_RUNS_ROUTE, { ...base, ref, per_page: 100 });
        }
        catch (e) {
            if ((0,_core_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .httpStatus */ .nG)(e) === 403 && (0,_core_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .rateLimitWait */ .hD)(e) === undefined) {
                // A token without `checks: read` can still see commit statuses, which is what Flux posts.
                checksDenied = true;
                opts.warn?.(`The token cannot read check runs in ${repo} (403): waiting on commit statuses only. ` +
                    `Give it 'checks: read' to count check runs too.`);
                return [];
            }
            throw (0,_core_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .classifyGitHubError */ .o)(e, `the check runs of ${ref.slice(0, 7)}`, repo, 'checks: read');
        }
        return checkRunReports(body, ref);
    };
    return {
        longPoll: false,
        async read() {
            const ancestry = await opts.evidence.ancestry();
            const { commits } = ancestry;
            const refs = refsToRead(ancestry.base, commits, maxCommits);
            const lists = await Promise.all(refs.flatMap(ref => [statuses(ref), checkRuns(ref)]));
            const reports = lists.flat();
            const superseded = await opts.evidence.superseded(ancestry, reports.map(r => r.commit));
            return { commits, reports, superseded, ...(ancestry.base ? { base: ancestry.base } : {}) };
        }
    };
}
/** B (who follows this branch), C, and the newest commits: Flux reports on what it applied, at or near the head. */
function refsToRead(base, commits, maxCommits) {
    return [...new Set([...(base ? [base] : []), ...commits.slice(0, 1), ...commits.slice(1).slice(-maxCommits)])];
}
/** A combined status's statuses on `ref` as reports. */
function statusReports(body, ref) {
    return (body.statuses ?? []).map(s => ({
        context: s.context,
        state: statusState(s.state),
        description: s.description ?? '',
        commit: ref,
        at: timestamp(s.updated_at ?? s.created_at),
        source: 'status',
        ...(s.target_url ? { url: s.target_url } : {})
    }));
}
/** The check runs on `ref` as reports. */
function checkRunReports(body, ref) {
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


/***/ }),

/***/ 2809:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Xy: () => (/* binding */ PROGRESS_EVERY_MS),
/* harmony export */   gj: () => (/* binding */ waitForRollout)
/* harmony export */ });
/* unused harmony exports LONG_POLL_MAX_MS, MAX_BACKOFF_MS */
/* harmony import */ var _core_rollout_verdict_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4292);
/* harmony import */ var _core_classify_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8193);
/* harmony import */ var _core_duration_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8571);
/* harmony import */ var _core_retry_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7253);
// The wait loop: read the source, judge, log what changed, until healthy (and soaked), failed past the grace,
// superseded, or the budget is spent. Time only comes from the injected clocks and sleep, so tests run a 15-minute
// rollout in milliseconds. No @actions dependency.




/** Longest hold asked of a long-polling source (keeps proxies and the connector's own cap happy). */
const LONG_POLL_MAX_MS = 25_000;
/** Progress lines ("still pending, time left") at most this often. */
const PROGRESS_EVERY_MS = 30_000;
/** Ceiling of the error backoff. */
const MAX_BACKOFF_MS = 60_000;
async function waitForRollout(opts) {
    if (opts.patterns.length === 0)
        throw new Error('No context patterns to wait for.');
    const { source, clock } = opts;
    const reporterNow = opts.reporterClock ?? clock;
    const random = opts.random ?? Math.random;
    const budgetMs = opts.budgetMs ?? opts.timeoutMs;
    const startedAt = clock();
    const deadline = startedAt + opts.timeoutMs;
    const loop = {
        opts,
        reporterNow,
        soakMs: opts.soakMs ?? 0,
        deadline,
        verdict: (0,_core_rollout_verdict_js__WEBPACK_IMPORTED_MODULE_0__/* .judge */ .S4)({ commits: [], reports: [] }, { ...judgeOptions(opts), now: reporterNow() }),
        soak: undefined,
        lastProgressAt: startedAt,
        backoffMs: 0,
        lastError: undefined,
        tick: 0,
        seen: new Map(),
        warned: new Set(),
        firstHealthyAt: {}
    };
    const done = ({ result, message }) => ({
        result,
        ...(result === 'healthy' && loop.verdict.appliedRevision ? { appliedRevision: loop.verdict.appliedRevision } : {}),
        message,
        verdict: loop.verdict,
        startedAt,
        endedAt: clock(),
        firstHealthyAt: loop.firstHealthyAt
    });
    for (;;) {
        loop.tick++;
        const before = clock();
        let pauseMs;
        try {
            const ending = await readAndJudge(loop, before);
            if (ending)
                return done(ending);
        }
        catch (error) {
            const handled = onReadError(loop, error);
            if ('result' in handled)
                return done(handled);
            pauseMs = handled.pauseMs;
        }
        const now = clock();
        if (now >= deadline)
            return done({ result: 'timed-out', message: timeoutMessage(loop, budgetMs) });
        if (now - loop.lastProgressAt >= PROGRESS_EVERY_MS) {
            loop.lastProgressAt = now;
            opts.log.info(progressLine(loop.verdict, loop.soak, deadline - now, reporterNow()));
        }
        const idleMs = source.longPoll ? 0 : opts.intervalMs;
        const pause = nextPause(pauseMs, loop.backoffMs, idleMs, loop.soak, reporterNow(), random);
        // Never sleep past the deadline: the next read then happens at the deadline and is the last one.
        if (pause > 0)
            await opts.sleep(Math.max(0, Math.min(pause, deadline - now)));
    }
}
function judgeOptions(opts) {
    return { patterns: opts.patterns, healthyDescription: opts.healthyDescription, graceMs: opts.graceMs };
}
/** One read of the source and its judgement; the ending when it decides the wait. Throws what the read throws. */
async function readAndJudge(loop, before) {
    const { source, log, clock } = loop.opts;
    const snapshot = await source.read(source.longPoll ? Math.max(0, Math.min(loop.deadline - before, LONG_POLL_MAX_MS, nextEventIn(loop))) : 0);
    loop.backoffMs = 0;
    const now = loop.reporterNow();
    loop.verdict = (0,_core_rollout_verdict_js__WEBPACK_IMPORTED_MODULE_0__/* .judge */ .S4)(snapshot, {
        ...judgeOptions(loop.opts),
        now,
        failingSince: loop.verdict.failingSince,
        strict: loop.soak !== undefined
    });
    logChanges(loop, loop.verdict.contexts, clock());
    log.debug(`wait tick ${loop.tick}: ${snapshot.reports.length} report(s) on ${snapshot.commits.length} commit(s); ` +
        loop.verdict.patterns.map(p => `${p.pattern}=${p.status}`).join(', '));
    return settle(loop, now);
}
/** What the new verdict means for the wait: an ending, or undefined to keep watching (starting the soak if due). */
function settle(loop, now) {
    const { verdict, soak, soakMs } = loop;
    if (verdict.status === 'failed') {
        const during = soak ? `During the soak (healthy since ${(0,_core_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a)(now - soak.since)} ago): ` : '';
        return { result: 'failed', message: during + (0,_core_rollout_verdict_js__WEBPACK_IMPORTED_MODULE_0__/* .renderFailure */ .zt)(verdict) };
    }
    if (verdict.status === 'superseded')
        return { result: 'superseded', message: (0,_core_rollout_verdict_js__WEBPACK_IMPORTED_MODULE_0__/* .renderSuperseded */ .Lp)(verdict) };
    if (verdict.status !== 'healthy')
        return undefined;
    if (soakMs <= 0)
        return { result: 'healthy', message: (0,_core_rollout_verdict_js__WEBPACK_IMPORTED_MODULE_0__/* .renderHealthy */ .ex)(verdict) };
    if (soak === undefined) {
        loop.soak = { since: now, until: now + soakMs };
        loop.lastProgressAt = loop.opts.clock();
        loop.opts.log.info(`Healthy; soaking for ${(0,_core_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a)(soakMs)}: watching the same contexts until the window ends.`);
    }
    else if (now >= soak.until) {
        return {
            result: 'healthy',
            message: `${(0,_core_rollout_verdict_js__WEBPACK_IMPORTED_MODULE_0__/* .renderHealthy */ .ex)(verdict)}\nStayed healthy through the soak (${(0,_core_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a)(soakMs)}).`
        };
    }
    return undefined;
}
/**
 * A failed read: fatal errors end the wait; a rate limit pauses for as long as it asks (or ends the wait when that
 * is past the deadline); anything else is warned about once and backs off.
 */
function onReadError(loop, error) {
    const { log, clock, intervalMs } = loop.opts;
    const message = error instanceof Error ? error.message : String(error);
    loop.lastError = message;
    if (isFatal(error))
        return { result: 'failed', message };
    let pauseMs;
    if (error instanceof _core_classify_js__WEBPACK_IMPORTED_MODULE_1__/* .WaitError */ .uf && error.kind === 'rate-limit') {
        const waitMs = error.retryInMs ?? MAX_BACKOFF_MS;
        const left = loop.deadline - clock();
        if (waitMs > left) {
            return {
                result: 'timed-out',
                message: `${message}. It lifts in ${(0,_core_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a)(waitMs)}, after the timeout (${(0,_core_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a)(left)} left).`
            };
        }
        log.warning(`${message}. Waiting ${(0,_core_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a)(waitMs)} for it to lift.`);
        pauseMs = waitMs;
    }
    else {
        if (!loop.warned.has(message)) {
            loop.warned.add(message);
            log.warning(`Reading the rollout's reports failed (retrying until the timeout): ${message}`);
        }
        loop.backoffMs = Math.min(Math.max(loop.backoffMs, intervalMs) * 2, Math.max(MAX_BACKOFF_MS, intervalMs));
    }
    log.debug(`wait tick ${loop.tick}: read failed: ${message}`);
    return { pauseMs };
}
/** The timeout message, with the last read error when there was one. */
function timeoutMessage(loop, budgetMs) {
    const { soak } = loop;
    const message = soak
        ? `Timed out after ${(0,_core_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a)(budgetMs)} during the soak: healthy for ` +
            `${(0,_core_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a)(loop.reporterNow() - soak.since)} of the ${(0,_core_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a)(loop.soakMs)} asked.`
        : (0,_core_rollout_verdict_js__WEBPACK_IMPORTED_MODULE_0__/* .renderTimeout */ .GW)(loop.verdict, budgetMs);
    return loop.lastError ? `${message}\nLast error while reading the reports: ${loop.lastError}` : message;
}
/** How long until the verdict can change without a new report: a grace running out, or the soak window ending. */
function nextEventIn(loop) {
    const now = loop.reporterNow();
    let next = Infinity;
    for (const p of loop.verdict.patterns) {
        if (p.status === 'failing' && p.failingSince !== undefined)
            next = Math.min(next, p.failingSince + loop.opts.graceMs - now + 1);
    }
    if (loop.soak)
        next = Math.min(next, loop.soak.until - now);
    return Math.max(0, next);
}
/** Logs each context whose report changed since the last read, and notes when each first turned healthy. */
function logChanges(loop, rows, now) {
    for (const row of rows) {
        if (!row.report)
            continue;
        const key = `${row.health}|${row.report.state}|${row.report.commit}|${row.report.description}`;
        if (loop.seen.get(row.context) === key)
            continue;
        loop.seen.set(row.context, key);
        const label = row.health === 'pending' && row.report.state === 'success' ? ' (not healthy yet)' : '';
        loop.opts.log.info(`${(0,_core_rollout_verdict_js__WEBPACK_IMPORTED_MODULE_0__/* .describeReport */ .As)(row.report)}${label}`);
        if (row.health === 'healthy' && loop.firstHealthyAt[row.context] === undefined)
            loop.firstHealthyAt[row.context] = now;
    }
}
/** The periodic "still waiting" line: what is pending (or how much of the soak is left) and the time left. */
function progressLine(verdict, soak, leftMs, reporterNow) {
    if (soak && verdict.status === 'healthy') {
        const left = Math.max(0, soak.until - reporterNow);
        return `Soaking: healthy, ${(0,_core_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a)(left)} of the soak left (${(0,_core_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a)(leftMs)} of the timeout).`;
    }
    const pending = verdict.patterns.filter(p => p.status !== 'healthy').map(p => (0,_core_rollout_verdict_js__WEBPACK_IMPORTED_MODULE_0__/* .describePending */ .nI)(p, reporterNow));
    const soaking = soak ? ` during the soak, ${(0,_core_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a)(Math.max(0, soak.until - reporterNow))} of it left` : '';
    return `Waiting for ${pending.join('; ')} (${(0,_core_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a)(leftMs)} left${soaking})`;
}
/**
 * The pause before the next read: what a rate limit asked for (exact), else the error backoff or the interval
 * (jittered). A long-polling source waits inside read(), so `idleMs` is 0 for it and only errors pause it: a down
 * connector is not hammered. While soaking, wake when the window ends rather than an interval later.
 */
function nextPause(askedMs, backoffMs, idleMs, soak, reporterNow, random) {
    if (askedMs !== undefined)
        return askedMs;
    let pause = backoffMs > 0 ? backoffMs : idleMs;
    if (soak) {
        const toEnd = soak.until - reporterNow;
        if (toEnd > 0 && toEnd < pause)
            pause = toEnd;
    }
    return pause > 0 ? (0,_core_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .jittered */ .et)(pause, 0.1, random) : 0;
}
/** An error that means waiting longer cannot help: a permission, a wrong URL, C no longer on the branch. */
function isFatal(error) {
    return typeof error === 'object' && error !== null && error.fatal === true;
}


/***/ }),

/***/ 6085:
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

/***/ 6273:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  IZ: () => (/* binding */ createEvidence)
});

// UNUSED EXPORTS: COMPARE_ROUTE, CONTENTS_ROUTE

// EXTERNAL MODULE: ./src/core/rollout/holds.ts
var holds = __webpack_require__(5679);
// EXTERNAL MODULE: ./src/core/classify.ts
var classify = __webpack_require__(8193);
;// CONCATENATED MODULE: ./src/core/rollout/revision.ts
// Which commits count for C: C itself and every commit on the branch that contains it (docs/architecture.md, "A descendant counts").
// Flux applies whatever the head is when it fetches, so a later commit D may be the only one that gets a report.
/** Commits per compare page (GitHub's maximum with pagination). */
const COMPARE_PAGE_SIZE = 100;
/** GitHub lists at most this many files in a compare; a full list may have been cut. */
const COMPARE_MAX_FILES = 300;
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
/**
 * Returns a function that reads C's ancestry at any depth: page 1 of the compare (which carries the total and the
 * files), then every further page. Unchanged pages cost a 304 each.
 */
function createAncestry(opts) {
    let last;
    return async () => {
        const first = await opts.compare(opts.c, opts.branch, 1);
        const total = first.total_commits ?? first.commits.length;
        const pages = [first];
        for (let page = 2; (page - 1) * COMPARE_PAGE_SIZE < total; page++) {
            const next = await opts.compare(opts.c, opts.branch, page);
            if (next.commits.length === 0)
                break;
            pages.push(next);
        }
        const all = { status: first.status, commits: pages.flatMap(p => p.commits) };
        // Same status, head and length: the list cannot have changed.
        const key = `${all.status}:${all.commits.at(-1)?.sha ?? opts.c}:${all.commits.length}`;
        if (last && last.key === key)
            return copy(last.result);
        const files = first.files ?? [];
        const touched = files.length >= COMPARE_MAX_FILES
            ? 'all'
            : new Set(files.flatMap(f => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename])));
        const base = first.base_commit?.sha === opts.c ? first.base_commit.parents[0]?.sha : undefined;
        const result = { commits: [opts.c, ...descendantsOf(opts.c, all)], touched, ...(base ? { base } : {}) };
        last = { key, result };
        return copy(result);
    };
}
function copy(a) {
    return { ...a, commits: [...a.commits] };
}

;// CONCATENATED MODULE: ./src/core/rollout/evidence.ts
// The wait's reads of the gitops repo, through one conditional GET: C's ancestry at any depth (with B and the files
// touched after C), whether a descendant still holds the written values, and whether a commit is in the branch's
// history. No @actions dependency: the connector finishes handed-off waits with the same code.



const COMPARE_ROUTE = 'GET /repos/{owner}/{repo}/compare/{basehead}';
const CONTENTS_ROUTE = 'GET /repos/{owner}/{repo}/contents/{path}';
function createEvidence(opts) {
    const at = { owner: opts.owner, repo: opts.repo };
    const repo = `${opts.owner}/${opts.repo}`;
    const read = async (what, permission, route, params) => {
        try {
            return await opts.get(route, { ...at, ...params });
        }
        catch (e) {
            throw (0,classify/* classifyGitHubError */.o)(e, what, repo, permission);
        }
    };
    const ancestry = createAncestry({
        c: opts.c,
        branch: opts.branch,
        compare: (base, head, page) => read(`the commits after ${opts.c.slice(0, 7)} on '${head}'`, 'contents: read', COMPARE_ROUTE, {
            basehead: `${base}...${head}`,
            per_page: COMPARE_PAGE_SIZE,
            page
        })
    });
    const checked = new Map();
    const history = new Map();
    return {
        ancestry,
        async superseded(anc, commits) {
            const out = new Map();
            const paths = opts.written.map(w => w.path).filter(p => anc.touched === 'all' || anc.touched.has(p));
            if (paths.length === 0)
                return out;
            const descendants = new Set(anc.commits.slice(1));
            for (const sha of new Set(commits)) {
                if (!descendants.has(sha))
                    continue;
                let verdict = checked.get(sha);
                if (verdict === undefined) {
                    const files = new Map();
                    for (const path of paths)
                        files.set(path, await readFileAt(opts, path, sha));
                    verdict = (0,holds/* checkHolds */.n)(sha, files, opts.written) ?? null;
                    checked.set(sha, verdict);
                }
                if (verdict)
                    out.set(sha, verdict);
            }
            return out;
        },
        async inHistory(sha) {
            if (sha === opts.c)
                return true;
            let known = history.get(sha);
            if (known === undefined) {
                known = await isAncestorOfC(opts, sha);
                history.set(sha, known);
            }
            return known;
        }
    };
}
/** A file's text at `ref`; undefined when it is not a file there (deleted, or a directory). */
async function readFileAt(opts, path, ref) {
    try {
        const body = await opts.get(CONTENTS_ROUTE, {
            owner: opts.owner,
            repo: opts.repo,
            path,
            ref
        });
        if (Array.isArray(body) || body.type !== 'file')
            return undefined;
        return Buffer.from(body.content ?? '', body.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
    }
    catch (e) {
        if ((0,classify/* httpStatus */.nG)(e) === 404)
            return undefined; // deleted there
        throw (0,classify/* classifyGitHubError */.o)(e, `${path} at ${ref.slice(0, 7)}`, `${opts.owner}/${opts.repo}`, 'contents: read');
    }
}
/** Whether `sha` is C or an ancestor of it, by comparing the two. */
async function isAncestorOfC(opts, sha) {
    try {
        const res = await opts.get(COMPARE_ROUTE, {
            owner: opts.owner,
            repo: opts.repo,
            basehead: `${sha}...${opts.c}`,
            per_page: 1
        });
        return res.status === 'ahead' || res.status === 'identical';
    }
    catch (e) {
        // A commit this repo does not have (another repo's, or garbage) is simply not in the history.
        if ((0,classify/* httpStatus */.nG)(e) !== 404 && (0,classify/* httpStatus */.nG)(e) !== 422)
            throw (0,classify/* classifyGitHubError */.o)(e, `commit ${sha.slice(0, 7)}`, `${opts.owner}/${opts.repo}`, 'contents: read');
        return false;
    }
}


/***/ }),

/***/ 5679:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ writtenFiles),
/* harmony export */   n: () => (/* binding */ checkHolds)
/* harmony export */ });
/* harmony import */ var _bump_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(656);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
// Whether a later commit still holds the values a change wrote, by re-running the bump engine on its files: a commit
// holds them when bumping its copy of each file to the same targets would change nothing. Pure: the caller reads
// the files (only those touched after the change).


/** The written files of a bump plan's edits, with the targets that changed each. */
function writtenFiles(edits, targets) {
    return edits.map(e => {
        const lines = new Set(e.changes.map(c => c.target));
        return { path: e.path, targets: targets.filter(t => lines.has(t.line)) };
    });
}
/**
 * Checks `commit`'s copies of written files (path -> text; `undefined` = the file is gone there). Files not in
 * `files` are taken to be unchanged since the change. Returns undefined when every value is still the written one,
 * else the first difference: which file, the line, what it holds and what was written.
 */
function checkHolds(commit, files, written) {
    for (const w of written) {
        if (!files.has(w.path))
            continue;
        const text = files.get(w.path);
        if (text === undefined)
            return { commit, file: w.path, value: 'nothing: the file was deleted' };
        for (const target of w.targets) {
            let plan;
            try {
                plan = (0,_bump_index_js__WEBPACK_IMPORTED_MODULE_0__/* .planBump */ .m3)(new Map([[w.path, text]]), [target]);
            }
            catch (e) {
                if (!(e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BumpError */ .nr))
                    throw e;
                return { commit, file: w.path, value: `no reference that '${target.line}' sets any more` };
            }
            const change = plan.edits[0]?.changes[0];
            if (change)
                return { commit, file: w.path, line: change.line, value: change.from, wrote: change.to };
        }
    }
    return undefined;
}


/***/ }),

/***/ 4292:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   As: () => (/* binding */ describeReport),
/* harmony export */   Fu: () => (/* binding */ shortSha),
/* harmony export */   GW: () => (/* binding */ renderTimeout),
/* harmony export */   Lp: () => (/* binding */ renderSuperseded),
/* harmony export */   S4: () => (/* binding */ judge),
/* harmony export */   Xb: () => (/* binding */ reportHealth),
/* harmony export */   ex: () => (/* binding */ renderHealthy),
/* harmony export */   nI: () => (/* binding */ describePending),
/* harmony export */   zt: () => (/* binding */ renderFailure)
/* harmony export */ });
/* unused harmony exports describeSupersession, describeWaiting */
/* harmony import */ var _glob_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6085);
/* harmony import */ var _duration_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8571);
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
    const healthyDescription = (0,_glob_js__WEBPACK_IMPORTED_MODULE_1__/* .contextMatcher */ .g)(opts.healthyDescription);
    const rank = (r) => index.get(r.commit) ?? -1;
    const latest = latestReports(snapshot, index, superseded, rank);
    const failingSince = new Map();
    const rowOf = (context) => contextRow(context, latest, superseded, healthyDescription, opts, failingSince);
    const known = [...latest.known].sort(compareStrings);
    const rows = new Map();
    const patterns = opts.patterns.map(pattern => {
        const matches = (0,_glob_js__WEBPACK_IMPORTED_MODULE_1__/* .contextMatcher */ .g)(pattern);
        const mine = [];
        for (const context of known) {
            if (!matches(context))
                continue;
            let row = rows.get(context);
            if (!row)
                rows.set(context, (row = rowOf(context)));
            mine.push(row);
        }
        return judgePattern(pattern, mine, opts, rank);
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
function latestReports(snapshot, index, superseded, rank) {
    const newestAny = new Map();
    const counting = new Map();
    const known = new Set(snapshot.baseline ?? []);
    const keepNewest = (map, report, i) => {
        const held = map.get(report.context);
        if (held === undefined || newerOrSame(report, i, held, rank(held)))
            map.set(report.context, report);
    };
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
    return { newestAny, counting, known };
}
/** How one expected context stands; records a failing context's streak start in `failingSince`. */
function contextRow(context, latest, superseded, healthyDescription, opts, failingSince) {
    const report = latest.counting.get(context);
    const newest = latest.newestAny.get(context);
    const base = { context, ...(report ? { report } : {}), ...(newest ? { newest } : {}) };
    const by = newest ? superseded.get(newest.commit) : undefined;
    const health = report ? reportHealth(report, healthyDescription) : 'pending';
    if (by && (opts.strict || health !== 'healthy'))
        return { ...base, health: 'superseded', supersededBy: by };
    if (health === 'failing' && report) {
        const since = Math.min(report.at, opts.failingSince?.get(context) ?? report.at);
        failingSince.set(context, since);
        return { ...base, health, failingSince: since };
    }
    return { ...base, health };
}
/** One pattern's status from its expected contexts: failed, then superseded, healthy, failing, pending. */
function judgePattern(pattern, mine, opts, rank) {
    const newest = (a, b) => (newerOrSame(b, rank(b), a, rank(a)) ? b : a);
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
}
/** How one report reads on its own: healthy, failing or pending. */
function reportHealth(r, healthyDescription) {
    if (r.state === 'failure')
        return 'failing';
    if (r.state !== 'success')
        return 'pending';
    // Flux <= 2.7 posts `success` for "dependency not ready": only the configured description means healthy.
    if (r.source === 'status' && !healthyDescription(r.description))
        return 'pending';
    return 'healthy';
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
            `${(0,_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a)(v.now - since)}, past the failure-grace: ${description}${url}`);
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
        return `${describeReport(row.report)}, failing for ${(0,_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a)(now - (row.failingSince ?? row.report.at))}`;
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
    return [`Timed out after ${(0,_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a)(timeoutMs)} ${what}; still not healthy:`, ...waiting].join('\n- ');
}
/** The success message: the applied revision and what reported healthy. */
function renderHealthy(v) {
    const reports = v.contexts.flatMap(r => (r.report ? [describeReport(r.report)] : []));
    const at = v.appliedRevision ? ` at ${shortSha(v.appliedRevision)}` : '';
    return [`Flux reports the revision applied and healthy${at}:`, ...reports].join('\n- ');
}


/***/ })

};
