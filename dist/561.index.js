export const id = 561;
export const ids = [561];
export const modules = {

/***/ 3561:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createDeployment: () => (/* binding */ createDeployment),
/* harmony export */   setDeploymentState: () => (/* binding */ setDeploymentState)
/* harmony export */ });
async function createDeployment(gh, args) {
    const [owner = '', repo = ''] = args.repository.split('/');
    const res = await gh.octokit.rest.repos.createDeployment({
        owner,
        repo,
        ref: args.sha,
        environment: args.environment,
        description: args.description.slice(0, 140),
        auto_merge: false,
        // The commit's own checks were the job's business; the deployment records the rollout, not a gate.
        required_contexts: []
    });
    if (!('id' in res.data))
        throw new Error(`GitHub did not create the deployment: ${res.data.message ?? res.status}`);
    return { id: res.data.id, owner, repo };
}
async function setDeploymentState(gh, d, state, description, logUrl) {
    await gh.octokit.rest.repos.createDeploymentStatus({
        owner: d.owner,
        repo: d.repo,
        deployment_id: d.id,
        state,
        description: description.slice(0, 140),
        ...(logUrl ? { log_url: logUrl } : {})
    });
}


/***/ })

};
