export const id = 683;
export const ids = [683];
export const modules = {

/***/ 8755:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   awaitRollout: () => (/* binding */ awaitRollout)
/* harmony export */ });
/* harmony import */ var _core_budget_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4782);
/* harmony import */ var _core_rollout_evidence_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6273);
/* harmony import */ var _core_rollout_holds_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5679);
/* harmony import */ var _core_charts_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6250);
/* harmony import */ var _commit_status_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5084);
/* harmony import */ var _connector_auth_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7320);
/* harmony import */ var _poll_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7538);
/* harmony import */ var _core_views_rollout_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1727);








async function awaitRollout({ gh, cfg, branch, rt }, written, follow) {
    const at = { owner: cfg.owner, repo: cfg.repo };
    const get = (route, params) => gh.conditionalGet(route, params);
    const evidence = (0,_core_rollout_evidence_js__WEBPACK_IMPORTED_MODULE_0__/* .createEvidence */ .IZ)({
        get,
        ...at,
        c: written.commit,
        branch,
        written: written.values ?? (0,_core_rollout_holds_js__WEBPACK_IMPORTED_MODULE_1__/* .writtenFiles */ .$m)(written.plan.edits, cfg.targets),
        // A pull request's merge commit holds the PR branch as it was at the merge, which a later run may have updated.
        checkC: written.pr !== undefined
    });
    const source = cfg.wait === 'connector'
        ? (await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(942), __webpack_require__.e(766)]).then(__webpack_require__.bind(__webpack_require__, 6766))).createConnectorSource({
            url: cfg.connectorUrl,
            token: (0,_connector_auth_js__WEBPACK_IMPORTED_MODULE_4__/* .connectorBearer */ .d)(cfg),
            credential: (0,_connector_auth_js__WEBPACK_IMPORTED_MODULE_4__/* .credentialName */ .b)(cfg),
            patterns: cfg.contexts,
            evidence,
            charts: (0,_core_charts_js__WEBPACK_IMPORTED_MODULE_2__/* .splitTargets */ .$e)(cfg.targets).charts.map(_core_charts_js__WEBPACK_IMPORTED_MODULE_2__/* .formatChart */ .YW),
            log: rt.log.debug
        })
        : (0,_commit_status_js__WEBPACK_IMPORTED_MODULE_3__/* .createCommitStatusSource */ .BD)({ get, ...at, evidence, warn: rt.log.warning });
    // One budget from the run's start: whatever the merge wait used is gone.
    const budget = rt.budget ?? (0,_core_budget_js__WEBPACK_IMPORTED_MODULE_6__/* .createBudget */ .y)(cfg.timeoutMs, rt.clock, written.landedAt);
    const soak = cfg.soakMs > 0 ? `, then stay healthy for ${cfg.soakMs / 1000}s` : '';
    rt.log.info(`Waiting for ${cfg.contexts.join(', ')} to report ${written.commit.slice(0, 7)} (or a later commit containing it) healthy` +
        ` via ${cfg.wait}${soak}.`);
    let lines = [];
    const res = await (0,_poll_js__WEBPACK_IMPORTED_MODULE_5__/* .waitForRollout */ .gj)({
        source,
        patterns: cfg.contexts,
        healthyDescription: cfg.healthyDescription,
        graceMs: cfg.graceMs,
        timeoutMs: budget.remaining(),
        budgetMs: budget.timeoutMs,
        soakMs: cfg.soakMs,
        intervalMs: cfg.intervalMs,
        quietMs: cfg.quietMs,
        clock: rt.clock,
        reporterClock: budget.githubNow,
        sleep: rt.sleep,
        random: rt.random,
        log: rt.log,
        onState: ({ verdict }, now) => {
            lines = (0,_core_views_rollout_js__WEBPACK_IMPORTED_MODULE_7__/* .contextLines */ .z)(verdict, now, lines);
            follow?.(lines, verdict);
        }
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
    const { startedAt, endedAt } = res;
    return {
        result: res.result,
        appliedRevision: res.appliedRevision,
        message: res.message,
        rows,
        lines,
        startedAt,
        endedAt
    };
}


/***/ }),

/***/ 8193:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dm: () => (/* binding */ isTransientStatus),
/* harmony export */   SJ: () => (/* binding */ notImplemented),
/* harmony export */   Uz: () => (/* binding */ isNoAnswer),
/* harmony export */   X5: () => (/* binding */ endpointOf),
/* harmony export */   fT: () => (/* binding */ NOT_IMPLEMENTED),
/* harmony export */   hD: () => (/* reexport safe */ _http_error_js__WEBPACK_IMPORTED_MODULE_0__.hD),
/* harmony export */   nG: () => (/* reexport safe */ _http_error_js__WEBPACK_IMPORTED_MODULE_0__.c2),
/* harmony export */   o: () => (/* binding */ classifyGitHubError),
/* harmony export */   uf: () => (/* binding */ WaitError)
/* harmony export */ });
/* harmony import */ var _http_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(988);
// What an error while waiting means: give up now (a permission, a wrong URL), wait for a rate limit's reset, or retry
// (5xx, network). Pure: reads the status and headers octokit-style errors carry; no @actions dependency.


/**
 * Whether the same request may succeed when asked again: a 5xx or 408. Not a 501: the server lacks the endpoint (an
 * older GitHub Enterprise Server), and asking again meets the same answer.
 */
function isTransientStatus(status) {
    return status === 408 || (status >= 500 && status !== NOT_IMPLEMENTED);
}
const NOT_IMPLEMENTED = 501;
/**
 * No HTTP answer arrived: the connection was reset or refused, or the request's deadline passed. Octokit reports
 * these as a 500 without a response (a timeout as an AbortError or TimeoutError). A write sent this way may have been
 * applied.
 */
function isNoAnswer(e) {
    const err = e;
    if (err?.name === 'TimeoutError' || err?.name === 'AbortError')
        return true;
    return (0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .statusOf */ .c2)(e) === 500 && err?.response === undefined;
}
/** `METHOD /path` of the request an octokit error belongs to (no host, no query), for messages; '' when unknown. */
function endpointOf(e) {
    const req = e?.request;
    if (typeof req?.method !== 'string' || typeof req.url !== 'string')
        return '';
    const path = req.url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\?.*$/, '');
    return `${req.method} ${path}`;
}
/** The message for a 501: which endpoint this GitHub lacks. */
function notImplemented(e, doing) {
    const endpoint = endpointOf(e) || 'the endpoint';
    return (`GitHub answered 501 (not implemented) for ${endpoint} while ${doing}: this GitHub (an older GitHub Enterprise ` +
        `Server?) lacks that endpoint (${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}).`);
}
class WaitError extends Error {
    kind;
    retryInMs;
    constructor(message, kind, 
    /** rate-limit: how long until GitHub lifts it (ms from the answer), when the answer says. */
    retryInMs) {
        super(message);
        this.kind = kind;
        this.retryInMs = retryInMs;
        this.name = 'WaitError';
    }
    /** The poll loop stops at once on errors that say `fatal`. */
    get fatal() {
        return this.kind === 'fatal';
    }
}
/** Classifies a failed GitHub read made while waiting, naming what was read, where, and the permission it needs. */
function classifyGitHubError(e, what, repo, permission) {
    if (e instanceof WaitError)
        return e;
    const status = (0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .statusOf */ .c2)(e);
    const wait = (0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .rateLimitWait */ .hD)(e);
    if (wait !== undefined) {
        return new WaitError(`GitHub's rate limit stopped reading ${what} in ${repo} (${status} ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)})`, 'rate-limit', wait);
    }
    switch (status) {
        case 401:
            return new WaitError(`GitHub rejected the token while reading ${what} in ${repo} (401 ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}): check the 'token' input; it may be expired or revoked.`, 'fatal');
        case 403:
            return new WaitError(`The token may not read ${what} in ${repo} (403 ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}): it needs '${permission}' on ${repo}.`, 'fatal');
        case 404:
            return new WaitError(`GitHub answered 404 reading ${what} in ${repo}: check 'repository' and 'branch', and that the token can see ${repo} ('${permission}').`, 'fatal');
        case undefined:
            return new WaitError(`Reading ${what} in ${repo} failed: ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}`, 'transient');
        case NOT_IMPLEMENTED:
            return new WaitError(notImplemented(e, `reading ${what} in ${repo}`), 'fatal');
        default:
            if (isTransientStatus(status)) {
                return new WaitError(`GitHub answered ${status} reading ${what} in ${repo}: ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}`, 'transient');
            }
            return new WaitError(`GitHub answered ${status} reading ${what} in ${repo}: ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}`, 'fatal');
    }
}


/***/ }),

/***/ 988:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bD: () => (/* binding */ messageOf),
/* harmony export */   c2: () => (/* binding */ statusOf),
/* harmony export */   hD: () => (/* binding */ rateLimitWait)
/* harmony export */ });
// What a failed GitHub request says: its status, GitHub's message, and whether it is a spent rate limit. Pure and
// free of @actions imports, so the connector's bundle can use it too.
/** HTTP status of an octokit error, if it has one. */
function statusOf(e) {
    const status = e?.status;
    return typeof status === 'number' ? status : undefined;
}
/** The message GitHub put in the error body, e.g. "Pull Request is not mergeable". */
function messageOf(e) {
    const m = e?.response?.data?.message;
    if (typeof m === 'string')
        return m;
    return e instanceof Error ? e.message : String(e);
}
/**
 * How long a rate-limited answer asks to wait (ms), or undefined when it is not a rate limit. Primary limits say
 * `x-ratelimit-remaining: 0` and a reset time in epoch seconds, compared with the answer's own `Date` (GitHub's
 * clock, so a skewed runner does not matter); secondary limits say `retry-after` or nothing (then one minute). An answer without a `Date` (GitHub always
 * sends one) waits the minute too: the runner's clock is never compared with GitHub's reset.
 */
function rateLimitWait(e) {
    const status = statusOf(e);
    if (status !== 403 && status !== 429)
        return undefined;
    const headers = e.response?.headers ?? {};
    const header = (name) => {
        const v = headers[name];
        return v === undefined ? undefined : String(v);
    };
    const retryAfter = Number(header('retry-after'));
    if (header('retry-after') !== undefined && Number.isFinite(retryAfter))
        return Math.max(0, retryAfter * 1000);
    if (header('x-ratelimit-remaining') === '0') {
        const reset = Number(header('x-ratelimit-reset')) * 1000;
        const date = Date.parse(header('date') ?? '');
        if (Number.isFinite(reset) && Number.isFinite(date))
            return Math.max(0, reset - date) + 1000;
        return 60_000;
    }
    if (status === 429 || /rate limit/i.test(messageOf(e)))
        return 60_000;
    return undefined;
}


/***/ }),

/***/ 1727:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ stateKey),
/* harmony export */   z: () => (/* binding */ contextLines)
/* harmony export */ });
/** The contexts as the newest verdict shows them, keeping first-seen and settled times from the earlier ones. */
function contextLines(verdict, now, previous = []) {
    const before = new Map(previous.map(l => [l.context, l]));
    const failedPatterns = verdict.patterns.filter(p => p.status === 'failed');
    return verdict.contexts.map(row => {
        const old = before.get(row.context);
        const failed = row.health === 'failing' && failedPatterns.some(p => p.contexts.includes(row.context));
        const state = failed ? 'failed' : row.health;
        const report = row.report ?? row.newest;
        const line = { context: row.context, state };
        if (report) {
            line.commit = report.commit;
            line.description = report.description;
            line.reportedAt = report.at;
        }
        const firstSeenAt = old?.firstSeenAt ?? (report ? now : undefined);
        if (firstSeenAt !== undefined)
            line.firstSeenAt = firstSeenAt;
        const settledAt = old?.settledAt ?? (state === 'healthy' || state === 'failed' ? now : undefined);
        if (settledAt !== undefined)
            line.settledAt = settledAt;
        return line;
    });
}
/** What decides whether a PR comment edit is a state change (written at once) or a detail (throttled). */
function stateKey(verdict, lines) {
    return [verdict, ...lines.map(l => `${l.context}=${l.state}`)].join('\n');
}


/***/ })

};
