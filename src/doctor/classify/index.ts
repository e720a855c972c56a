/** Pure classifiers: Kubernetes objects and messages -> findings. Shared by `doctor` and `wait`. */

export * from "./messages.js";
export { classifyNode } from "./node.js";
export { classifyPod, isUnhealthyPod, type PodClassifyContext } from "./pod.js";
export type * from "./types.js";
