export const id = 755;
export const ids = [755];
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








async function awaitRollout(gh, cfg, branch, written, rt, follow) {
    const at = { owner: cfg.owner, repo: cfg.repo };
    const get = (route, params) => gh.conditionalGet(route, params);
    const evidence = (0,_core_rollout_evidence_js__WEBPACK_IMPORTED_MODULE_0__/* .createEvidence */ .IZ)({
        get,
        ...at,
        c: written.commit,
        branch,
        written: (0,_core_rollout_holds_js__WEBPACK_IMPORTED_MODULE_1__/* .writtenFiles */ .$)(written.plan.edits, cfg.targets)
    });
    const source = cfg.wait === 'connector'
        ? (await __webpack_require__.e(/* import() */ 766).then(__webpack_require__.bind(__webpack_require__, 6766))).createConnectorSource({
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
        onVerdict: (verdict, now) => {
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
