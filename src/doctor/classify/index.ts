/** Pure classifiers: Kubernetes objects and messages -> findings. Shared by `doctor` and `wait`. */

export { type CauseFacts, linkCauses } from "./causes.js";
export { type ClusterData, concludeDiagnosis, diagnoseCluster, judgePod, TooNew } from "./cluster.js";
export * from "./messages.js";
export { classifyNode } from "./node.js";
export { classifyPod, isCniPod, isUnhealthyPod, type PodClassifyContext, tooNewToJudge } from "./pod.js";
export type * from "./types.js";
export { classifyDaemonSet, classifyDeployment, type WorkloadLike } from "./workload.js";
