export const id = 755;
export const ids = [755];
export const modules = {

/***/ 8755:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   awaitRollout: () => (/* binding */ awaitRollout)
/* harmony export */ });
/* harmony import */ var _core_budget_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4782);
/* harmony import */ var _core_rollout_evidence_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6273);
/* harmony import */ var _core_rollout_holds_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5679);
/* harmony import */ var _commit_status_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5084);
/* harmony import */ var _poll_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2809);





async function awaitRollout(gh, cfg, branch, written, rt) {
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
        ? (await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(942), __webpack_require__.e(766)]).then(__webpack_require__.bind(__webpack_require__, 6766))).createConnectorSource({
            url: cfg.connectorUrl,
            token: cfg.connectorToken,
            patterns: cfg.contexts,
            evidence,
            log: rt.log.debug
        })
        : (0,_commit_status_js__WEBPACK_IMPORTED_MODULE_2__/* .createCommitStatusSource */ .BD)({ get, ...at, evidence, warn: rt.log.warning });
    // One budget from the run's start: whatever the merge wait used is gone.
    const budget = rt.budget ?? (0,_core_budget_js__WEBPACK_IMPORTED_MODULE_4__/* .createBudget */ .y)(cfg.timeoutMs, rt.clock, written.landedAt);
    const soak = cfg.soakMs > 0 ? `, then stay healthy for ${cfg.soakMs / 1000}s` : '';
    rt.log.info(`Waiting for ${cfg.contexts.join(', ')} to report ${written.commit.slice(0, 7)} (or a later commit containing it) healthy` +
        ` via ${cfg.wait}${soak}.`);
    const res = await (0,_poll_js__WEBPACK_IMPORTED_MODULE_3__/* .waitForRollout */ .gj)({
        source,
        patterns: cfg.contexts,
        healthyDescription: cfg.healthyDescription,
        graceMs: cfg.graceMs,
        timeoutMs: budget.remaining(),
        budgetMs: budget.timeoutMs,
        soakMs: cfg.soakMs,
        intervalMs: cfg.intervalMs,
        clock: rt.clock,
        reporterClock: budget.githubNow,
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
