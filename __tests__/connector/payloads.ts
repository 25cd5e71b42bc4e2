// Byte-exact copies of bodies notification-controller POSTs to a generic-hmac Provider, with the X-Signature
// each gets under key `flux-test-hmac-key` (HMAC-SHA256 of the
// raw body, as notification-controller signs it; recorded with the payloads, not computed by our code).

export const FLUX_TEST_KEY = 'flux-test-hmac-key'
/** For connector processes, which refuse keys shorter than 32 characters (the recorded signatures use the one above). */
export const PROCESS_HMAC_KEY = 'flux-test-hmac-key-for-processes-0123456789'

export const PAYLOADS: Record<string, {body: string; signature: string}> = {
  'helmrelease-upgrade-succeeded': {
    body: '{"involvedObject":{"kind":"HelmRelease","namespace":"podinfo","name":"podinfo","uid":"1c6f3a52-9d7e-4b1a-8e2f-3a4b5c6d7e8f","apiVersion":"helm.toolkit.fluxcd.io/v2","resourceVersion":"4815170"},"severity":"info","timestamp":"2026-08-07T10:15:33Z","message":"Helm upgrade succeeded for release podinfo/podinfo.v3 with chart podinfo@6.9.2","reason":"UpgradeSucceeded","metadata":{"app-version":"6.9.2","cluster":"staging","revision":"6.9.2"},"reportingController":"helm-controller","reportingInstance":"helm-controller-5f9c8d7b6-q4w2z"}',
    signature: 'sha256=7669f1340a2b07064e118e33e94b5a3f0c3450b72f0038cad747395655655d10'
  },
  'kustomization-dependency-not-ready': {
    body: '{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps","uid":"7d0cdc51-ddcf-4743-b223-83ca5c699632","apiVersion":"kustomize.toolkit.fluxcd.io/v1","resourceVersion":"4815158"},"severity":"info","timestamp":"2026-08-07T10:14:50Z","message":"Dependencies do not meet ready condition, retrying in 30s","reason":"DependencyNotReady","metadata":{"cluster":"staging","revision":"main@sha1:731f7eaddfb6af01cb2173e18f0f75b0ba780ef1"},"reportingController":"kustomize-controller","reportingInstance":"kustomize-controller-7c7b47f5f-8bhrp"}',
    signature: 'sha256=0d31721057fbf55f0a60c82f7135fb394d07075385ecb89033dcf57cfa00de49'
  },
  'kustomization-healthcheck-failed': {
    body: '{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps","uid":"7d0cdc51-ddcf-4743-b223-83ca5c699632","apiVersion":"kustomize.toolkit.fluxcd.io/v1","resourceVersion":"4815201"},"severity":"error","timestamp":"2026-08-07T10:20:22Z","message":"health check failed after 5m0.011872401s: timeout waiting for: [Deployment/podinfo/podinfo status: \'InProgress\']","reason":"HealthCheckFailed","metadata":{"cluster":"staging","revision":"main@sha1:731f7eaddfb6af01cb2173e18f0f75b0ba780ef1"},"reportingController":"kustomize-controller","reportingInstance":"kustomize-controller-7c7b47f5f-8bhrp"}',
    signature: 'sha256=dbe38906087bf48dd9ccfec81c71889ebd8fa19941dce2cf6169a26406fd31f1'
  },
  'kustomization-healthcheck-passed': {
    body: '{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps","uid":"7d0cdc51-ddcf-4743-b223-83ca5c699632","apiVersion":"kustomize.toolkit.fluxcd.io/v1","resourceVersion":"4815162"},"severity":"info","timestamp":"2026-08-07T10:15:40Z","message":"Health check passed in 18.254891003s","reason":"Progressing","metadata":{"cluster":"staging","revision":"main@sha1:731f7eaddfb6af01cb2173e18f0f75b0ba780ef1"},"reportingController":"kustomize-controller","reportingInstance":"kustomize-controller-7c7b47f5f-8bhrp"}',
    signature: 'sha256=42010fd5dc919282f89e0ffc0f2196ec65612f15f58c52dea03429afa6ec2390'
  },
  'kustomization-progressing': {
    body: '{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps","uid":"7d0cdc51-ddcf-4743-b223-83ca5c699632","apiVersion":"kustomize.toolkit.fluxcd.io/v1","resourceVersion":"4815160"},"severity":"info","timestamp":"2026-08-07T10:15:21Z","message":"Deployment/podinfo/podinfo configured","reason":"Progressing","metadata":{"cluster":"staging","revision":"main@sha1:731f7eaddfb6af01cb2173e18f0f75b0ba780ef1"},"reportingController":"kustomize-controller","reportingInstance":"kustomize-controller-7c7b47f5f-8bhrp"}',
    signature: 'sha256=a17ca17471a0b84374fe7e905945fe462bf401e9d267e34fa9a35496423bbca5'
  },
  'kustomization-succeeded-externalartifact': {
    body: '{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps","uid":"7d0cdc51-ddcf-4743-b223-83ca5c699632","apiVersion":"kustomize.toolkit.fluxcd.io/v1","resourceVersion":"4815163"},"severity":"info","timestamp":"2026-08-07T10:15:40Z","message":"Reconciliation finished in 2.41367229s, next run in 1h0m0s","reason":"ReconciliationSucceeded","metadata":{"cluster":"staging","commit_status":"update","originRevision":"main@sha1:731f7eaddfb6af01cb2173e18f0f75b0ba780ef1","revision":"latest@sha256:5b7a9e8c2f1d3b4a6c8e0f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c"},"reportingController":"kustomize-controller","reportingInstance":"kustomize-controller-7c7b47f5f-8bhrp"}',
    signature: 'sha256=d75da7f059b7b6941e6b62fe7d23fb6545815bdce300057f53a4204877a25251'
  },
  'kustomization-succeeded': {
    body: '{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps","uid":"7d0cdc51-ddcf-4743-b223-83ca5c699632","apiVersion":"kustomize.toolkit.fluxcd.io/v1","resourceVersion":"4815163"},"severity":"info","timestamp":"2026-08-07T10:15:40Z","message":"Reconciliation finished in 19.316470832s, next run in 10m0s","reason":"ReconciliationSucceeded","metadata":{"cluster":"staging","commit_status":"update","revision":"main@sha1:731f7eaddfb6af01cb2173e18f0f75b0ba780ef1"},"reportingController":"kustomize-controller","reportingInstance":"kustomize-controller-7c7b47f5f-8bhrp"}',
    signature: 'sha256=56670a6c29e881e59355f9598132b0322e26ed40be2840160fafe9736701c4a8'
  },
  'raw-controller-event-kustomization-succeeded': {
    body: '{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps","uid":"7d0cdc51-ddcf-4743-b223-83ca5c699632","apiVersion":"kustomize.toolkit.fluxcd.io/v1","resourceVersion":"4815163"},"severity":"info","timestamp":"2026-08-07T10:15:40Z","message":"Reconciliation finished in 19.316470832s, next run in 10m0s","reason":"ReconciliationSucceeded","metadata":{"kustomize.toolkit.fluxcd.io/commit_status":"update","kustomize.toolkit.fluxcd.io/revision":"main@sha1:731f7eaddfb6af01cb2173e18f0f75b0ba780ef1"},"reportingController":"kustomize-controller","reportingInstance":"kustomize-controller-7c7b47f5f-8bhrp"}',
    signature: 'sha256=1442a3171a56af481ec85fcabc6fcf0edd4a839162bafb42a45920355bc35f33'
  }
}
