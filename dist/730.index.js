export const id = 730;
export const ids = [730];
export const modules = {

/***/ 5084:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BD: () => (/* binding */ createCommitStatusSource)
/* harmony export */ });
/* unused harmony exports STATUS_ROUTE, CHECK_RUNS_ROUTE, COMMITS_ROUTE */
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
    const reportsOn = async (ref) => (await Promise.all([statuses(ref), checkRuns(ref)])).flat();
    // When B carries no report (a commit Flux never saw: a push just before ours, a queue group, a rebase), the
    // nearest first-parent ancestor that does tells who follows this branch. Looked for once; null: none in 100.
    let anchor;
    const walkBack = async (b) => {
        let list;
        try {
            list = await opts.get(COMMITS_ROUTE, { ...base, sha: b, per_page: WALK_BACK_COMMITS });
        }
        catch (e) {
            throw (0,_core_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .classifyGitHubError */ .o)(e, `the commits before ${b.slice(0, 7)}`, repo, 'contents: read');
        }
        const parentOf = new Map(list.map(c => [c.sha, c.parents?.[0]?.sha]));
        for (let sha = parentOf.get(b), n = 0; sha && n < WALK_BACK_COMMITS; sha = parentOf.get(sha), n++) {
            const found = await reportsOn(sha);
            if (found.length > 0)
                return { contexts: [...new Set(found.map(r => r.context))] };
        }
        return null;
    };
    return {
        longPoll: false,
        async read() {
            const ancestry = await opts.evidence.ancestry();
            const { commits } = ancestry;
            const refs = refsToRead(ancestry.base, commits, maxCommits);
            const reports = (await Promise.all(refs.map(reportsOn))).flat();
            const b = ancestry.base;
            let walked = {};
            if (b !== undefined && !reports.some(r => r.commit === b)) {
                if (anchor === undefined)
                    anchor = await walkBack(b);
                walked = anchor ? { baseline: anchor.contexts } : { unanchored: true };
            }
            const superseded = await opts.evidence.superseded(ancestry, reports.map(r => r.commit));
            return { commits, reports, superseded, ...walked, ...(b ? { base: b } : {}) };
        }
    };
}
const COMMITS_ROUTE = 'GET /repos/{owner}/{repo}/commits';
/** How far back the expected set is looked for: one page of the commits list. */
const WALK_BACK_COMMITS = 100;
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

/***/ 7320:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ credentialName),
/* harmony export */   d: () => (/* binding */ connectorBearer)
/* harmony export */ });
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2028);
// The bearer the action shows the connector: `connector-token` when given, else a GitHub Actions OIDC token for
// `connector-audience`, requested from the runner (the job grants `id-token: write`) and renewed before it expires.

/** Renew this long before `exp`, so a long-poll never carries a token that expires while it is held. */
const RENEW_BEFORE_MS = 120_000;
/** The token's `exp` in ms, or 0 when it cannot be read (then it is requested again each time). */
function expiresAt(jwt) {
    try {
        const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
        return typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
    }
    catch {
        return 0;
    }
}
function connectorBearer(cfg, opts = {}) {
    if (!cfg.connectorOidc)
        return async () => cfg.connectorToken;
    const clock = opts.clock ?? Date.now;
    // Loaded only for OIDC runs: @actions/core brings an HTTP client the other runs do not need at start.
    const request = opts.getIDToken ?? (async (audience) => (await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(942), __webpack_require__.e(143)]).then(__webpack_require__.bind(__webpack_require__, 143))).getIDToken(audience));
    let cached;
    return async () => {
        if (cached && clock() < cached.until)
            return cached.token;
        let token;
        try {
            token = await request(cfg.connectorAudience);
        }
        catch (e) {
            throw Object.assign(new Error(`requesting an OIDC token for the connector (audience '${cfg.connectorAudience}') failed: ` +
                `${e instanceof Error ? e.message : String(e)}; does the job grant \`permissions: id-token: write\`?`), { fatal: true });
        }
        // getIDToken masks it already; masking again costs nothing and does not depend on that.
        (0,_runner_js__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq)(token);
        cached = { token, until: expiresAt(token) - RENEW_BEFORE_MS };
        return token;
    };
}
/** Names the credential in errors: which input, or the OIDC token and its audience. */
function credentialName(cfg) {
    return cfg.connectorOidc ? `the OIDC token (audience '${cfg.connectorAudience}')` : 'connector-token';
}


/***/ }),

/***/ 7538:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Xy: () => (/* binding */ PROGRESS_EVERY_MS),
  gj: () => (/* binding */ waitForRollout)
});

// UNUSED EXPORTS: LONG_POLL_MAX_MS, MAX_BACKOFF_MS

// EXTERNAL MODULE: ./src/core/rollout/verdict.ts
var rollout_verdict = __webpack_require__(4292);
// EXTERNAL MODULE: ./src/core/duration.ts
var duration = __webpack_require__(8571);
// EXTERNAL MODULE: ./src/core/rollout/source-evidence.ts
var source_evidence = __webpack_require__(4808);
;// CONCATENATED MODULE: ./src/core/rollout/decision.ts
// The one place that decides when a rollout ends. A pure step function: (rules, state, observation, time) -> the
// next state, whose `status` is the verdict. The action's wait (both modes), the source stage's evidence and the
// connector's watches all drive it; none of them decides on its own that a rollout is over.
//
// - `judge` (verdict.ts) reads one snapshot: expected sets, the report that counts per context, failure-grace,
//   superseded. The step adds what spans snapshots: the grace clock carried from one judgement to the next, the soak,
//   the budget, and what a failed read means.
// - Ended states (healthy, soaked, failed, superseded, timed-out) absorb every later observation.
// - `memory` is the part worth keeping across a restart (plain JSON): the connector stores it with the watch.



/** The quiet interval's floor, and its value for a handed-off watch that names none. */
const DEFAULT_QUIET_MS = 10_000;
const ENDED = new Set(['healthy', 'soaked', 'failed', 'superseded', 'timed-out']);
function isEnded(status) {
    return ENDED.has(status);
}
/** The state before any report: pending, with `memory` from an earlier run of the same watch when there is one. */
function startRollout(rules, now, memory = {}) {
    const snapshot = { commits: [], reports: [] };
    return { status: 'pending', reason: '', verdict: judgeWith(rules, snapshot, now, memory), snapshot, memory };
}
function stepRollout(rules, state, obs, time) {
    if (isEnded(state.status))
        return state;
    if (obs.kind === 'unreadable')
        return unreadable(rules, state, obs, time);
    const snapshot = obs.kind === 'reports' ? obs.snapshot : state.snapshot;
    const verdict = judgeWith(rules, snapshot, time.now, state.memory);
    const failingSince = Object.fromEntries(verdict.failingSince);
    const next = {
        ...state,
        snapshot,
        verdict,
        memory: { ...state.memory, failingSince },
        ...(obs.kind === 'reports' ? { lastError: undefined } : {})
    };
    const settled = rules.mode === 'watch' ? settleWatch(rules, next, time) : settleEvidence(rules, next, time);
    if (isEnded(settled.status) || time.leftMs > 0)
        return settled;
    return { ...settled, status: 'timed-out', reason: timeoutReason(rules, settled, time.now) };
}
/** How long until the state can change without a new report: a grace running out, or the soak window ending. */
function nextChangeInMs(rules, state, now) {
    let next = Infinity;
    for (const p of state.verdict.patterns) {
        if (p.status === 'failing' && p.failingSince !== undefined)
            next = Math.min(next, p.failingSince + rules.graceMs - now + 1);
    }
    // The soak's end matters only while it is ahead: once the window has passed, a pending rollout (a later commit
    // being applied) changes only with a new report, so a long-poll may hold its whole time.
    const soakEnd = state.status === 'soaking' ? (state.memory.healthySince ?? -Infinity) + rules.soakMs : -Infinity;
    if (soakEnd > now)
        next = Math.min(next, soakEnd - now);
    const quiet = state.snapshot.unanchored ? state.memory.quiet : undefined;
    if (quiet && quiet.since + rules.quietMs > now)
        next = Math.min(next, quiet.since + rules.quietMs - now);
    return Math.max(0, next);
}
/** The outcome a caller reports: `soaked` is a healthy rollout that also stayed healthy through its soak. */
function resultOf(status) {
    if (status === 'healthy' || status === 'soaked')
        return 'healthy';
    if (status === 'failed' || status === 'superseded' || status === 'timed-out')
        return status;
    return undefined;
}
function judgeWith(rules, snapshot, now, memory) {
    const soaking = rules.mode === 'watch' && rules.soakMs > 0 && memory.healthySince !== undefined;
    return (0,rollout_verdict/* judge */.S4)(snapshot, {
        patterns: [...rules.patterns],
        healthyDescription: rules.healthyDescription,
        graceMs: rules.graceMs,
        now,
        failingSince: new Map(Object.entries(memory.failingSince ?? {})),
        // While soaking, a newest report on a superseding commit ends the rollout even when it was healthy before.
        strict: soaking
    });
}
function settleWatch(rules, s, time) {
    const { verdict } = s;
    const since = s.memory.healthySince;
    if (verdict.status === 'failed') {
        const during = since !== undefined ? `During the soak (healthy since ${(0,duration/* formatDuration */.a)(time.now - since)} ago): ` : '';
        return { ...s, status: 'failed', reason: during + (0,rollout_verdict/* renderFailure */.zt)(verdict) };
    }
    if (verdict.status === 'superseded')
        return { ...s, status: 'superseded', reason: (0,rollout_verdict/* renderSuperseded */.Lp)(verdict) };
    const pendingStatus = since !== undefined ? 'soaking' : 'pending';
    if (verdict.status !== 'healthy')
        return { ...s, status: pendingStatus };
    const held = quietHold(rules, s, time.now);
    if (held)
        return { ...held, status: pendingStatus };
    const applied = verdict.appliedRevision ? { appliedRevision: verdict.appliedRevision } : {};
    if (rules.soakMs <= 0)
        return { ...s, ...applied, status: 'healthy', reason: (0,rollout_verdict/* renderHealthy */.ex)(verdict) };
    if (since === undefined)
        return { ...s, status: 'soaking', memory: { ...s.memory, healthySince: time.now } };
    if (time.now - since < rules.soakMs)
        return { ...s, status: 'soaking' };
    return {
        ...s,
        ...applied,
        status: 'soaked',
        reason: `${(0,rollout_verdict/* renderHealthy */.ex)(verdict)}\nStayed healthy through the soak (${(0,duration/* formatDuration */.a)(rules.soakMs)}).`
    };
}
/** A source stage: healthy since when its own reports say, for at least `soakMs` (from-soak). */
function settleEvidence(rules, s, time) {
    const { verdict } = s;
    const reading = (0,source_evidence/* soakReading */.l)(s.snapshot, verdict, rules.healthyDescription);
    const withRows = { ...s, evidence: reading.rows };
    // The source no longer runs these references, whatever its reports say (Flux may not have applied the head yet).
    const head = s.snapshot.commits.at(-1);
    const moved = head !== undefined ? s.snapshot.superseded?.get(head) : undefined;
    if (moved) {
        const reason = `The source branch's head has moved on: ${(0,rollout_verdict/* describeSupersession */.vt)(moved)}.`;
        return { ...withRows, status: 'superseded', reason };
    }
    if (verdict.status === 'failed')
        return { ...withRows, status: 'failed', reason: (0,rollout_verdict/* renderFailure */.zt)(verdict) };
    if (verdict.status === 'superseded')
        return { ...withRows, status: 'superseded', reason: (0,rollout_verdict/* renderSuperseded */.Lp)(verdict) };
    if (verdict.status !== 'healthy')
        return { ...withRows, status: 'pending' };
    if (reading.stale)
        return staleEvidence(rules, withRows, reading.stale, time.now);
    const held = quietHold(rules, withRows, time.now);
    if (held)
        return { ...held, status: 'pending' };
    const since = reading.since ?? time.now;
    const healthyFor = time.now - since;
    const memory = { ...s.memory, healthySince: since };
    const applied = verdict.appliedRevision ? { appliedRevision: verdict.appliedRevision } : {};
    if (healthyFor >= rules.soakMs) {
        const reason = `healthy for ${(0,duration/* formatDuration */.a)(healthyFor)}${rules.soakMs > 0 ? ` (from-soak ${(0,duration/* formatDuration */.a)(rules.soakMs)})` : ''}`;
        return { ...withRows, ...applied, memory, status: rules.soakMs > 0 ? 'soaked' : 'healthy', reason };
    }
    const soakLeft = rules.soakMs - healthyFor;
    if (soakLeft > time.leftMs) {
        return {
            ...withRows,
            ...applied,
            memory,
            status: 'timed-out',
            reason: `healthy for ${(0,duration/* formatDuration */.a)(healthyFor)}; the soak needs ${(0,duration/* formatDuration */.a)(soakLeft)} more than the ${(0,duration/* formatDuration */.a)(Math.max(0, time.leftMs))} left`
        };
    }
    return { ...withRows, ...applied, memory, status: 'soaking' };
}
/**
 * The verdict's reports (on the newest commits) are healthy, but a context's newest report in time is not: a failure
 * on a commit that still holds the references counts like any failure (failed past the grace from its own
 * timestamp); anything else waits for a newer report.
 */
function staleEvidence(rules, s, stale, now) {
    const failures = stale.filter(r => r.state === 'failure');
    const first = failures.reduce((a, b) => (a === undefined || b.at < a.at ? b : a), undefined);
    if (first === undefined || now - first.at <= rules.graceMs)
        return { ...s, status: 'pending' };
    const failed = new Set(failures.map(r => r.context));
    const evidence = s.evidence?.map(row => (failed.has(row.context) ? { ...row, state: 'failed' } : row));
    const lines = failures.map(r => `${(0,rollout_verdict/* describeReport */.As)(r)}, failing for ${(0,duration/* formatDuration */.a)(now - r.at)}, past the failure-grace`);
    const reason = 'Flux reported a failure after a healthy report on a newer commit: ' +
        (lines.length === 1 ? lines[0] : ['', ...lines].join('\n- '));
    return { ...s, ...(evidence ? { evidence } : {}), status: 'failed', reason };
}
/**
 * Nothing before C says who follows this branch, so a healthy verdict may only mean the fastest context answered:
 * hold it until the expected set has stayed the same for `quietMs`. Undefined: nothing to hold.
 */
function quietHold(rules, s, now) {
    if (!s.snapshot.unanchored || rules.quietMs <= 0)
        return undefined;
    const contexts = s.verdict.contexts.map(c => c.context);
    const quiet = s.memory.quiet;
    const same = quiet !== undefined && quiet.contexts.join('\n') === contexts.join('\n');
    if (same && now - quiet.since >= rules.quietMs)
        return undefined;
    return same ? s : { ...s, memory: { ...s.memory, quiet: { since: now, contexts } } };
}
function unreadable(rules, s, obs, time) {
    if (obs.fatal)
        return { ...s, status: 'failed', reason: obs.message };
    if (obs.retryInMs !== undefined && obs.retryInMs > time.leftMs) {
        const left = (0,duration/* formatDuration */.a)(Math.max(0, time.leftMs));
        return {
            ...s,
            status: 'timed-out',
            reason: `${obs.message}. It lifts in ${(0,duration/* formatDuration */.a)(obs.retryInMs)}, after the timeout (${left} left).`
        };
    }
    const next = { ...s, lastError: obs.message };
    if (time.leftMs > 0)
        return next;
    return { ...next, status: 'timed-out', reason: timeoutReason(rules, next, time.now) };
}
function timeoutReason(rules, s, now) {
    const since = s.memory.healthySince;
    const message = s.status === 'soaking' && since !== undefined
        ? `Timed out ${rules.budgetText} during the soak: healthy for ${(0,duration/* formatDuration */.a)(now - since)} of the ` +
            `${(0,duration/* formatDuration */.a)(rules.soakMs)} asked.`
        : s.verdict.status === 'healthy' && s.snapshot.unanchored
            ? `Timed out ${rules.budgetText} in the quiet interval: ${s.verdict.contexts.map(c => c.context).join(', ')} ` +
                `reported healthy, but no commit before this change carries a report, so other contexts may still appear.`
            : (0,rollout_verdict/* renderTimeout */.GW)(s.verdict, rules.budgetText);
    return s.lastError ? `${message}\nLast error while reading the reports: ${s.lastError}` : message;
}

// EXTERNAL MODULE: ./src/core/classify.ts
var classify = __webpack_require__(8193);
// EXTERNAL MODULE: ./src/core/retry.ts
var retry = __webpack_require__(7253);
;// CONCATENATED MODULE: ./src/action/wait/poll.ts
// The wait loop: read the source, hand each read to the rollout decision (src/core/rollout/decision.ts), log what
// changed, sleep, until the decision says the rollout ended. Time only comes from the injected clocks and sleep, so
// tests run a 15-minute rollout in milliseconds. The loop decides nothing itself. No @actions dependency.





/** Longest hold asked of a long-polling source (keeps proxies and the connector's own cap happy). */
const LONG_POLL_MAX_MS = 25_000;
/** Progress lines ("still pending, time left") at most this often. */
const PROGRESS_EVERY_MS = 30_000;
/** Key of the one-time log line for a snapshot that nothing anchors. */
const UNANCHORED = 'unanchored';
/** Ceiling of the error backoff. */
const MAX_BACKOFF_MS = 60_000;
async function waitForRollout(opts) {
    if (opts.patterns.length === 0)
        throw new Error('No context patterns to wait for.');
    const { source, clock } = opts;
    const reporterNow = opts.reporterClock ?? clock;
    const random = opts.random ?? Math.random;
    const startedAt = clock();
    const rules = {
        patterns: opts.patterns,
        healthyDescription: opts.healthyDescription,
        graceMs: opts.graceMs,
        mode: opts.mode ?? 'watch',
        soakMs: opts.soakMs ?? 0,
        quietMs: opts.quietMs ?? opts.intervalMs,
        budgetText: `after ${(0,duration/* formatDuration */.a)(opts.budgetMs ?? opts.timeoutMs)}`
    };
    const loop = {
        opts,
        rules,
        reporterNow,
        deadline: startedAt + opts.timeoutMs,
        state: startRollout(rules, reporterNow()),
        lastProgressAt: startedAt,
        backoffMs: 0,
        tick: 0,
        seen: new Map(),
        warned: new Set(),
        firstHealthyAt: {}
    };
    for (;;) {
        loop.tick++;
        const pauseMs = await readAndStep(loop);
        const { state } = loop;
        const result = resultOf(state.status);
        if (result) {
            return {
                result,
                ...(result === 'healthy' && state.appliedRevision ? { appliedRevision: state.appliedRevision } : {}),
                message: state.reason,
                verdict: state.verdict,
                state,
                startedAt,
                endedAt: clock(),
                firstHealthyAt: loop.firstHealthyAt
            };
        }
        const now = clock();
        if (now - loop.lastProgressAt >= PROGRESS_EVERY_MS) {
            loop.lastProgressAt = now;
            opts.log.info(progressLine(loop, loop.deadline - now));
        }
        const idleMs = source.longPoll ? 0 : opts.intervalMs;
        const pause = nextPause(pauseMs, { backoffMs: loop.backoffMs, idleMs, soakEndsIn: soakEndsInMs(loop) }, random);
        // Never sleep past the deadline: the next read then happens at the deadline and is the last one.
        if (pause > 0)
            await opts.sleep(Math.max(0, Math.min(pause, loop.deadline - now)));
    }
}
/** One read and its step; a failed read is an observation too. Returns the pause a rate limit asked for. */
async function readAndStep(loop) {
    const { source, log, clock } = loop.opts;
    const before = clock();
    let obs;
    let pauseMs;
    try {
        const hold = Math.min(loop.deadline - before, LONG_POLL_MAX_MS, nextChangeInMs(loop.rules, loop.state, loop.reporterNow()));
        const snapshot = await source.read(source.longPoll ? Math.max(0, hold) : 0);
        loop.backoffMs = 0;
        obs = { kind: 'reports', snapshot };
    }
    catch (error) {
        ;
        ({ obs, pauseMs } = onReadError(loop, error));
    }
    const wasSoaking = loop.state.status === 'soaking';
    loop.state = stepRollout(loop.rules, loop.state, obs, { now: loop.reporterNow(), leftMs: loop.deadline - clock() });
    if (obs.kind === 'reports') {
        logChanges(loop, loop.state.verdict.contexts, clock());
        if (obs.snapshot.unanchored && !loop.warned.has(UNANCHORED)) {
            loop.warned.add(UNANCHORED);
            log.info(`No commit before this change carries a report (the 100 before it were looked at), so nobody is known to ` +
                `follow this branch: once healthy, waiting ${(0,duration/* formatDuration */.a)(loop.rules.quietMs)} more for other contexts to appear.`);
        }
    }
    if (!wasSoaking && loop.state.status === 'soaking' && loop.rules.mode === 'watch') {
        loop.lastProgressAt = clock();
        log.info(`Healthy; soaking for ${(0,duration/* formatDuration */.a)(loop.rules.soakMs)}: watching the same contexts until the window ends.`);
    }
    if (obs.kind === 'reports') {
        log.debug(`wait tick ${loop.tick}: ${obs.snapshot.reports.length} report(s) on ${obs.snapshot.commits.length} commit(s); ` +
            loop.state.verdict.patterns.map(p => `${p.pattern}=${p.status}`).join(', '));
    }
    loop.opts.onState?.(loop.state, clock());
    return pauseMs;
}
/** A failed read as an observation: warned about once and backed off, or (rate limit) paused for as asked. */
function onReadError(loop, error) {
    const { log, intervalMs, clock } = loop.opts;
    const message = error instanceof Error ? error.message : String(error);
    log.debug(`wait tick ${loop.tick}: read failed: ${message}`);
    if (isFatal(error))
        return { obs: { kind: 'unreadable', message, fatal: true } };
    if (error instanceof classify/* WaitError */.uf && error.kind === 'rate-limit') {
        const waitMs = error.retryInMs ?? MAX_BACKOFF_MS;
        if (waitMs <= loop.deadline - clock())
            log.warning(`${message}. Waiting ${(0,duration/* formatDuration */.a)(waitMs)} for it to lift.`);
        return { obs: { kind: 'unreadable', message, retryInMs: waitMs }, pauseMs: waitMs };
    }
    if (!loop.warned.has(message)) {
        loop.warned.add(message);
        log.warning(`Reading the rollout's reports failed (retrying until the timeout): ${message}`);
    }
    loop.backoffMs = Math.min(Math.max(loop.backoffMs, intervalMs) * 2, Math.max(MAX_BACKOFF_MS, intervalMs));
    return { obs: { kind: 'unreadable', message } };
}
/** While soaking (watch mode): how long until the window ends, on the reporters' clock. */
function soakEndsInMs(loop) {
    const since = loop.state.memory.healthySince;
    if (loop.state.status !== 'soaking' || since === undefined)
        return undefined;
    return since + loop.rules.soakMs - loop.reporterNow();
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
        loop.opts.log.info(`${(0,rollout_verdict/* describeReport */.As)(row.report)}${label}`);
        if (row.health === 'healthy' && loop.firstHealthyAt[row.context] === undefined)
            loop.firstHealthyAt[row.context] = now;
    }
}
/** The periodic "still waiting" line: what is pending (or how much of the soak is left) and the time left. */
function progressLine(loop, leftMs) {
    const { verdict } = loop.state;
    const reporterNow = loop.reporterNow();
    const soakLeft = soakEndsInMs(loop);
    if (soakLeft !== undefined && verdict.status === 'healthy') {
        return `Soaking: healthy, ${(0,duration/* formatDuration */.a)(Math.max(0, soakLeft))} of the soak left (${(0,duration/* formatDuration */.a)(leftMs)} of the timeout).`;
    }
    const pending = verdict.patterns.filter(p => p.status !== 'healthy').map(p => (0,rollout_verdict/* describePending */.nI)(p, reporterNow));
    const soaking = soakLeft !== undefined ? ` during the soak, ${(0,duration/* formatDuration */.a)(Math.max(0, soakLeft))} of it left` : '';
    return `Waiting for ${pending.join('; ')} (${(0,duration/* formatDuration */.a)(leftMs)} left${soaking})`;
}
/**
 * The pause before the next read: what a rate limit asked for (exact), else the error backoff or the interval
 * (jittered). A long-polling source waits inside read(), so `idleMs` is 0 for it and only errors pause it: a down
 * connector is not hammered. While soaking, wake when the window ends rather than an interval later.
 */
function nextPause(askedMs, { backoffMs, idleMs, soakEndsIn }, random) {
    if (askedMs !== undefined)
        return askedMs;
    let pause = backoffMs > 0 ? backoffMs : idleMs;
    if (soakEndsIn !== undefined && soakEndsIn > 0 && soakEndsIn < pause)
        pause = soakEndsIn;
    return pause > 0 ? (0,retry/* jittered */.et)(pause, 0.1, random) : 0;
}
/** An error that means waiting longer cannot help: a permission, a wrong URL, C no longer on the branch. */
function isFatal(error) {
    return typeof error === 'object' && error !== null && error.fatal === true;
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
            const all = opts.written.map(w => w.path);
            const paths = all.filter(p => anc.touched === 'all' || anc.touched.has(p));
            const descendants = new Set(anc.commits.slice(1));
            for (const sha of new Set(commits)) {
                // C is read whole (every written file); a descendant only for the files touched after C.
                const own = sha === opts.c && opts.checkC === true;
                if (!own && (!descendants.has(sha) || paths.length === 0))
                    continue;
                let verdict = checked.get(sha);
                if (verdict === undefined) {
                    const files = new Map();
                    for (const path of own ? all : paths)
                        files.set(path, await readFileAt(opts, path, sha));
                    verdict = (0,holds/* checkHolds */.n0)(sha, files, opts.written) ?? null;
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

/***/ 4808:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ literalPrefixes),
/* harmony export */   l: () => (/* binding */ soakReading)
/* harmony export */ });
/* harmony import */ var _glob_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6085);
/* harmony import */ var _verdict_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4292);
// The source stage's evidence, pure: which path prefixes to ask the commits API about, since when the source has been
// healthy, and the evidence rows people read. No I/O, no clock reads.


/**
 * The literal folder/file prefixes of `from-paths` patterns, for the commits API's `path` filter (which takes no
 * globs): `apps/*\/staging` -> `apps`, `clusters/staging/**` -> `clusters/staging`. A pattern with no literal part
 * (or `.`) means the whole repo: `['']`. Prefixes below another one are dropped (the shorter one sees their commits
 * too), so the number of requests is the number of distinct roots, whatever the repo's size. `!` exclusions are
 * ignored here: a commit that only touched an excluded file makes I newer than it need be, which only asks for
 * fresher evidence, never less.
 */
function literalPrefixes(patterns) {
    const prefixes = new Set();
    for (const raw of patterns) {
        let p = raw.trim();
        if (p === '' || p.startsWith('#') || p.startsWith('!'))
            continue;
        while (p.startsWith('./'))
            p = p.slice(2);
        p = p.replace(/^\/+/, '').replace(/\/+$/, '');
        if (p === '.')
            p = '';
        const literal = [];
        for (const segment of p.split('/')) {
            if (segment === '' || /[*?[\]{}()!+@]/.test(segment))
                break;
            literal.push(segment);
        }
        prefixes.add(literal.join('/'));
    }
    const sorted = [...prefixes].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    const kept = [];
    for (const p of sorted) {
        if (kept.some(k => k === '' || p === k || p.startsWith(`${k}/`)))
            continue;
        kept.push(p);
    }
    return kept;
}
/**
 * Since when the source has been healthy at its references. Per context: walk its reports on I and its descendants,
 * newest first in time (then commit order), back to the first one that is not healthy at the references; the oldest
 * healthy report of that run is when the context became healthy. Flux posts a new success on every commit it
 * applies, so taking the newest report would restart the soak on every unrelated commit; a failing report, a pending
 * one, or any report on a commit that no longer holds the references (it ran other values then) ends the run. Time,
 * not commit order, because a failure on any commit that holds the references counts: one reported after a newer
 * commit's success is newer evidence. The source is healthy since the latest of those moments over the contexts that
 * made the verdict healthy.
 */
function soakReading(snapshot, verdict, healthyDescription) {
    const index = new Map();
    snapshot.commits.forEach((sha, i) => {
        if (!index.has(sha))
            index.set(sha, i);
    });
    const superseded = snapshot.superseded;
    const describe = (0,_glob_js__WEBPACK_IMPORTED_MODULE_1__/* .contextMatcher */ .gs)(healthyDescription);
    const byContext = new Map();
    for (const r of snapshot.reports) {
        if (!index.has(r.commit))
            continue;
        byContext.set(r.context, [...(byContext.get(r.context) ?? []), r]);
    }
    const healthyAtReferences = (r) => !superseded?.has(r.commit) && (0,_verdict_js__WEBPACK_IMPORTED_MODULE_0__/* .reportHealth */ .Xb)(r, describe) === 'healthy';
    const sinceOf = (context) => {
        const reports = [...(byContext.get(context) ?? [])].sort((a, b) => b.at - a.at || (index.get(b.commit) ?? 0) - (index.get(a.commit) ?? 0));
        let since;
        for (const r of reports) {
            if (!healthyAtReferences(r))
                break;
            since = r.at;
        }
        return { ...(since !== undefined ? { since } : {}), ...(reports[0] ? { newest: reports[0] } : {}) };
    };
    const rows = [];
    const stale = [];
    for (const p of verdict.patterns) {
        // The pattern's expected set: every context it waits for.
        const contexts = verdict.contexts.filter(c => p.contexts.includes(c.context));
        if (contexts.length === 0) {
            rows.push({
                pattern: p.pattern,
                context: '',
                state: p.status,
                commit: '',
                description: 'no report yet'
            });
            continue;
        }
        for (const c of contexts) {
            const run = c.health === 'healthy' ? sinceOf(c.context) : {};
            const healthySince = run.since;
            const late = c.health === 'healthy' && healthySince === undefined ? run.newest : undefined;
            if (late && !stale.includes(late))
                stale.push(late);
            const state = late
                ? lateState(late, describe)
                : c.health === 'failing'
                    ? p.status === 'failed'
                        ? 'failed'
                        : 'failing'
                    : c.health;
            const shown = late ?? c.report ?? c.newest;
            rows.push({
                pattern: p.pattern,
                context: c.context,
                state,
                commit: shown?.commit ?? '',
                description: shown?.description ?? 'no report on I or a later commit yet',
                ...(healthySince !== undefined ? { healthySince } : {})
            });
        }
    }
    if (verdict.status !== 'healthy')
        return { rows };
    if (stale.length > 0)
        return { rows, stale };
    // Every expected context is healthy now; the source has been healthy since the last of them became so.
    const healthy = rows.filter(r => r.state === 'healthy' && r.healthySince !== undefined);
    const since = healthy.length > 0 ? Math.max(...healthy.map(r => r.healthySince)) : undefined;
    return since === undefined ? { rows } : { since, rows };
}
/** How a context reads whose newest report is not healthy at the references (the decision applies the grace). */
function lateState(r, describe) {
    const health = (0,_verdict_js__WEBPACK_IMPORTED_MODULE_0__/* .reportHealth */ .Xb)(r, describe);
    return health === 'healthy' ? 'superseded' : health;
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
/* harmony export */   vt: () => (/* binding */ describeSupersession),
/* harmony export */   zt: () => (/* binding */ renderFailure)
/* harmony export */ });
/* unused harmony export describeWaiting */
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
    const healthyDescription = (0,_glob_js__WEBPACK_IMPORTED_MODULE_1__/* .contextMatcher */ .gs)(opts.healthyDescription);
    const rank = (r) => index.get(r.commit) ?? -1;
    const latest = latestReports(snapshot, index, superseded, rank);
    const failingSince = new Map();
    const rowOf = (context) => contextRow(context, { latest, superseded }, { healthyDescription, opts }, failingSince);
    const known = [...latest.known].sort(compareStrings);
    const rows = new Map();
    const patterns = opts.patterns.map(pattern => {
        const matches = (0,_glob_js__WEBPACK_IMPORTED_MODULE_1__/* .contextMatcher */ .gs)(pattern);
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
function contextRow(context, { latest, superseded }, { healthyDescription, opts }, failingSince) {
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
function renderTimeout(v, budget, what = 'waiting for Flux') {
    const waiting = v.patterns.filter(p => p.status !== 'healthy').map(p => describePending(p, v.now));
    const when = typeof budget === 'number' ? `after ${(0,_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a)(budget)}` : budget;
    return [`Timed out ${when} ${what}; still not healthy:`, ...waiting].join('\n- ');
}
/** The success message: the applied revision and what reported healthy. */
function renderHealthy(v) {
    const reports = v.contexts.flatMap(r => (r.report ? [describeReport(r.report)] : []));
    const at = v.appliedRevision ? ` at ${shortSha(v.appliedRevision)}` : '';
    return [`Flux reports the revision applied and healthy${at}:`, ...reports].join('\n- ');
}


/***/ })

};
